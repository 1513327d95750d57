//! Updates of `w01` rows held back until the row is next read.
//!
//! The book updates a pixel's row of `w01` right after each example that has the pixel
//! lit, then reads the row again in the forward pass of the next example that has it.
//! Done that way, every example walks its ~150 rows twice (forward, then update), and
//! at 40 hidden units those rows fill the L1 cache, so the second walk fetches most of
//! them again. Holding each row's update until its next read lets that forward pass
//! apply it as it loads the row: one walk per example. Training alone for the book's
//! plain run went from 0.64 s to 0.54 s, and for the dropout run from 1.50 s to 1.12 s
//! (the trainer does this on x86-64 only; see `HOLD_W01_UPDATES`).
//!
//! A row has at most one held update: the one from the last example that lit its
//! pixel, since the forward pass of any later example with the pixel applies it. Each
//! weight gets the same `w + alpha * (x * d)` as the book, in the same order, so the
//! weights are bit for bit the same; `Network::settle` applies what is still held
//! before anybody looks at them.

use ndarray::Array2;

use crate::idx::PIXELS;
use crate::kernels::HeldRows;
use crate::network::aligned_zeros;

/// Marks a row with nothing held.
pub(crate) const NONE: u32 = u32::MAX;

/// Bytes of hidden deltas kept at most; a full ring is settled and starts over.
const RING_BYTES: usize = 2 << 20;

/// The held updates: for each pixel, the example slot whose deltas it waits for and its
/// input value in that example; and the ring of those examples' hidden deltas.
pub struct HeldUpdates {
    /// Per pixel: ring slot of the held update, or `NONE`.
    pub(crate) slot: Vec<u32>,
    /// Per pixel: the input value the held update multiplies the deltas by.
    pub(crate) value: Vec<f64>,
    /// (slots, padded hidden): the hidden deltas of recent examples, rows on cache lines.
    pub(crate) deltas: Array2<f64>,
    /// The next free slot.
    next: usize,
    /// The run's learning rate, which every held update is scaled by.
    pub(crate) alpha: f64,
}

impl HeldUpdates {
    /// Room for the updates, scaled by `alpha`, of a network whose hidden layer is
    /// `width` wide (padded).
    pub fn new(width: usize, alpha: f64) -> Self {
        let slots = (RING_BYTES / (width * std::mem::size_of::<f64>())).clamp(16, 1024);
        HeldUpdates {
            slot: vec![NONE; PIXELS],
            value: vec![0.0; PIXELS],
            deltas: aligned_zeros((slots, width)),
            next: 0,
            alpha,
        }
    }

    /// Holds nothing and has no room: for runs that update `w01` at once.
    pub fn none() -> Self {
        HeldUpdates {
            slot: Vec::new(),
            value: Vec::new(),
            deltas: Array2::zeros((0, 0)),
            next: 0,
            alpha: 0.0,
        }
    }

    /// True when the ring has no slot for another example: settle first.
    pub fn is_full(&self) -> bool {
        self.next == self.deltas.nrows()
    }

    /// The held updates as the forward-pass kernel reads and marks them: the example
    /// it reads will hold its update in the next free slot.
    ///
    /// Panics if the ring is full.
    pub(crate) fn rows(&mut self) -> HeldRows<'_> {
        assert!(!self.is_full(), "no free slot: settle first");
        HeldRows {
            alpha: self.alpha,
            slot: &mut self.slot,
            value: &mut self.value,
            deltas: self.deltas.as_slice().expect("standard layout"),
            next: self.next as u32,
        }
    }

    /// The next free slot's hidden deltas, to be filled for the example just read.
    pub fn next_deltas(&mut self) -> &mut [f64] {
        let next = self.next;
        self.deltas
            .row_mut(next)
            .into_slice()
            .expect("standard layout")
    }

    /// Takes the next free slot: its deltas are in, and the rows of its example point
    /// at it.
    pub fn commit(&mut self) {
        self.next += 1;
    }

    /// Drops every held update and empties the ring (after applying them, or when the
    /// weights are replaced).
    pub fn clear(&mut self) {
        self.slot.fill(NONE);
        self.next = 0;
    }

    /// True when nothing can be held: no slot was taken since the ring was emptied.
    pub fn is_empty(&self) -> bool {
        self.next == 0
    }
}
