//! Updates of `w01` rows held back until the row is next read.
//!
//! The book updates a pixel's row of `w01` right after each example that has the pixel
//! lit, then reads the row again in the forward pass of the next example that has it.
//! Done that way, every example walks its ~150 rows twice (forward, then update), and
//! at 40 hidden units those rows fill the L1 cache, so the second walk fetches most of
//! them again. Holding each row's update until its next read lets that forward pass
//! apply it as it loads the row: one walk per example. That pays on x86-64, where the
//! trainer does it, and not in wasm (see `trainer::HOLD_W01_UPDATES`).
//!
//! A row has at most one held update: the one from the last example that lit its
//! pixel, since the forward pass of any later example with the pixel applies it. Each
//! weight gets the same `w + alpha * (x * d)` as the book, in the same order, so the
//! weights are bit for bit the same; `settle` applies what is still held before
//! anybody looks at them.
//!
//! This is the schedule only: the arithmetic is the kernels' (`kernels::HeldRows`),
//! reached through the network. It sits above `network` and below `trainer`.

use ndarray::Array2;

use crate::dataset::SparseImage;
use crate::idx::PIXELS;
use crate::kernels::HeldRows;
use crate::network::{aligned_zeros, Network};

/// Bytes of hidden deltas kept at most; a full ring is settled and starts over.
const RING_BYTES: usize = 2 << 20;

/// The held updates: for each pixel, the example slot whose deltas it waits for and its
/// input value in that example; and the ring of those examples' hidden deltas.
pub(crate) struct HeldUpdates {
    /// (784): ring slot of each pixel's held update, or `HeldRows::NONE`.
    slot: Vec<u32>,
    /// (784): the input value each held update multiplies its deltas by.
    value: Vec<f64>,
    /// (slots, padded hidden): the hidden deltas of recent examples, rows on cache lines.
    deltas: Array2<f64>,
    /// The next free slot.
    next: usize,
    /// The run's learning rate, which every held update is scaled by.
    alpha: f64,
}

impl HeldUpdates {
    /// Room for the updates, scaled by `alpha`, of a network whose hidden layer is
    /// `width` wide (padded).
    pub fn new(width: usize, alpha: f64) -> Self {
        let slots = (RING_BYTES / (width * std::mem::size_of::<f64>())).clamp(16, 1024);
        HeldUpdates {
            slot: vec![HeldRows::NONE; PIXELS],
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

    /// Sets the rate later held updates are scaled by. Settle first: the held ones
    /// were scaled by the old one.
    pub fn set_alpha(&mut self, alpha: f64) {
        assert!(self.is_empty(), "set_alpha with updates held: settle first");
        self.alpha = alpha;
    }

    /// True when the ring has no slot for another example: settle first.
    pub fn is_full(&self) -> bool {
        self.next == self.deltas.nrows()
    }

    /// True when nothing can be held: no slot was taken since the ring was emptied.
    pub fn is_empty(&self) -> bool {
        self.next == 0
    }

    /// `l1 = relu(x . w01)`, applying the held updates of the rows of `x` as they are
    /// read; `x`'s own update is held next, its deltas to be written to `next_deltas()`.
    ///
    /// Panics if the ring is full (`settle` first).
    #[inline(always)]
    pub fn hidden_forward(&mut self, net: &mut Network, x: SparseImage<'_>, l1: &mut [f64]) {
        assert!(!self.is_full(), "no free slot: settle first");
        net.hidden_forward_settling(x, &mut self.rows(), l1);
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

    /// Applies every update still held to `net`'s `w01`, which empties the ring.
    pub fn settle(&mut self, net: &mut Network) {
        if self.is_empty() {
            return;
        }
        net.settle(&self.rows());
        self.clear();
    }

    /// Drops every held update and empties the ring (after applying them, or when the
    /// weights are replaced).
    pub fn clear(&mut self) {
        self.slot.fill(HeldRows::NONE);
        self.next = 0;
    }

    /// The held updates as the kernels read and mark them: the example read next will
    /// hold its update in the next free slot.
    #[inline(always)]
    fn rows(&mut self) -> HeldRows<'_> {
        HeldRows {
            alpha: self.alpha,
            slot: &mut self.slot,
            value: &mut self.value,
            deltas: self.deltas.as_slice().expect("standard layout"),
            next: self.next as u32,
        }
    }
}
