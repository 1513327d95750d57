//! The book's chapter-8 network, fast: 784 inputs -> ReLU hidden layer -> 10 linear
//! outputs, squared error (biases and softmax are options beyond the book, below). Forward and backward side by side; `d` names a
//! delta. `crate::reference` is the same network in plain loops, and the tests hold
//! these layouts and kernels to it bit for bit.
//!
//! The book's `relu2deriv(x) = x >= 0` is applied to the hidden layer *after* the ReLU,
//! where every value is >= 0, so the hidden delta is never gated by the ReLU, only by
//! the dropout mask. The printed tables depend on that, so it is kept here.
//!
//! Beyond the book, a network may have biases (`b1` added before the ReLU, `b2` to the
//! outputs) and softmax outputs (`with_options`); without them not even a `+ 0.0` is
//! done, so the book's runs are the same bits and the same speed. The true ReLU
//! derivative is a training choice and lives in the trainer.
//!
//! Each step is named as its plain version in `crate::reference` (`hidden_forward`,
//! `output_forward`, `output_backward`, `hidden_backward`, `bias_update`); the weight
//! updates are the reference's `update` of `w12` or `w01`, per example
//! (`update_w12`, `update_w01`) or of a batch's summed gradient (`update_w12_batch`).
//!
//! This sits above `kernels` and below `held` (which schedules `w01` updates through
//! `hidden_forward_settling` and `settle`) and `trainer`.

use ndarray::{s, Array2, ArrayView2};

use crate::basics::{draw_weights, one_hot, relu, softmax, MAX_HIDDEN, OUTPUTS};
use crate::dataset::SparseImage;
use crate::idx::PIXELS;
use crate::kernels::{
    add_scaled, axpy, dot, settle_rows, sparse_dot, sparse_dot_settling, sparse_outer_update,
    HeldRows,
};
use crate::mt19937::Mt19937;

/// Hidden widths are padded to a multiple of this inside `w01`, so the kernels' column
/// tiles are always full; the padding columns stay exactly zero.
pub(crate) const PAD: usize = 8;

/// The two weight matrices, and the biases when the network has them.
#[derive(Debug, PartialEq)]
pub struct Network {
    /// Shape (784, padded hidden): row `p` holds pixel `p`'s weights to every hidden
    /// unit, then zeros up to a multiple of `PAD`. `w01()` is the unpadded view.
    /// Starts on a cache line, so every row does (see `aligned_zeros`).
    w01: Array2<f64>,
    /// Shape (hidden, 10).
    w12: Array2<f64>,
    /// `w12` transposed and padded, shape (10, padded hidden): the hidden deltas read it
    /// a whole row at a time. Always equal to `w12` element for element.
    w21: Array2<f64>,
    /// Whether `w12` holds a -0.0, the one value that adding +0.0 changes (to +0.0).
    /// Drawn or trained weights never do (see `add_outer`); given ones might.
    w12_negative_zero: bool,
    /// Hidden biases, `padded_hidden()` long (zeros past `hidden()`); all zero and
    /// unused unless `biases`.
    b1: Vec<f64>,
    /// Output biases; zero and unused unless `biases`.
    b2: [f64; OUTPUTS],
    /// Whether the layers add their biases (not the book's network).
    biases: bool,
    /// Whether the outputs are a softmax of `l1 . w12 (+ b2)` (not the book's network).
    softmax: bool,
}

impl Clone for Network {
    /// A derived clone would lose `w01`'s cache-line alignment.
    fn clone(&self) -> Self {
        let mut w01 = aligned_zeros(self.w01.dim());
        w01.assign(&self.w01);
        let mut w21 = aligned_zeros(self.w21.dim());
        w21.assign(&self.w21);
        Network {
            w01,
            w12: self.w12.clone(),
            w21,
            w12_negative_zero: self.w12_negative_zero,
            b1: self.b1.clone(),
            b2: self.b2,
            biases: self.biases,
            softmax: self.softmax,
        }
    }
}

/// Zeros whose first element starts a 64-byte cache line. Rows a multiple of 8 wide then
/// start on one too, and a 64-byte vector load never straddles two lines (a straddling
/// load is two loads, and `w01`'s loads are most of the training time).
pub(crate) fn aligned_zeros((rows, cols): (usize, usize)) -> Array2<f64> {
    const LINE: usize = 64 / std::mem::size_of::<f64>();
    let buffer = ndarray::Array1::<f64>::zeros(rows * cols + LINE - 1);
    let skip = buffer.as_ptr().align_offset(64).min(LINE - 1);
    buffer
        .slice_move(s![skip..skip + rows * cols])
        .into_shape_with_order((rows, cols))
        .expect("contiguous")
}

impl Network {
    /// Weights uniform in [-0.1, 0.1) as the book's `0.2 * np.random.random(shape) - 0.1`,
    /// `w01` drawn first, row-major, then `w12`.
    ///
    /// Panics if `hidden` is 0 or above `MAX_HIDDEN` (`Config::validate` checks it).
    pub fn init(hidden: usize, rng: &mut Mt19937) -> Self {
        let (w01, w12) = draw_weights(hidden, rng);
        Self::from_weights(w01, w12)
    }

    /// A network with the given weights, `w01` of shape (784, hidden) and `w12` of
    /// shape (hidden, 10).
    ///
    /// Panics if the shapes disagree or hidden is 0 or above `MAX_HIDDEN`.
    pub fn from_weights(w01: Array2<f64>, w12: Array2<f64>) -> Self {
        let hidden = w12.nrows();
        assert!((1..=MAX_HIDDEN).contains(&hidden), "hidden size {hidden}");
        assert_eq!(w01.dim(), (PIXELS, hidden), "w01 shape");
        assert_eq!(w12.ncols(), OUTPUTS, "w12 shape");
        let width = hidden.div_ceil(PAD) * PAD;
        let mut padded = aligned_zeros((PIXELS, width));
        padded.slice_mut(s![.., ..hidden]).assign(&w01);
        let mut w21 = aligned_zeros((OUTPUTS, width));
        w21.slice_mut(s![.., ..hidden]).assign(&w12.t());
        let w12_negative_zero = w12.iter().any(|w| *w == 0.0 && w.is_sign_negative());
        Network {
            w01: padded,
            w12,
            w21,
            w12_negative_zero,
            b1: vec![0.0; width],
            b2: [0.0; OUTPUTS],
            biases: false,
            softmax: false,
        }
    }

    /// This network with biases (starting at 0, or `b1` of length hidden and `b2` when
    /// given) and/or softmax outputs: the options beyond the book.
    ///
    /// Panics if `b1` is given and not `hidden()` long.
    pub fn with_options(
        mut self,
        biases: Option<(&[f64], &[f64; OUTPUTS])>,
        softmax: bool,
    ) -> Self {
        self.biases = biases.is_some();
        self.softmax = softmax;
        self.b1.fill(0.0);
        self.b2 = [0.0; OUTPUTS];
        if let Some((b1, b2)) = biases {
            assert_eq!(b1.len(), self.hidden(), "b1 length");
            self.b1[..b1.len()].copy_from_slice(b1);
            self.b2 = *b2;
        }
        self
    }

    /// Whether the layers add biases.
    pub fn has_biases(&self) -> bool {
        self.biases
    }

    /// Whether the outputs are a softmax.
    pub fn has_softmax(&self) -> bool {
        self.softmax
    }

    /// The hidden biases, length hidden (zeros without biases).
    pub fn b1(&self) -> &[f64] {
        &self.b1[..self.hidden()]
    }

    /// The output biases (zeros without biases).
    pub fn b2(&self) -> &[f64; OUTPUTS] {
        &self.b2
    }

    /// Both matrices flattened row-major, `w01` then `w12`: the form weights travel in
    /// between threads. A network with biases or softmax appends `b1`, `b2` and a 1
    /// (softmax) or 0: `794 * hidden + hidden + 11` numbers.
    pub fn to_flat(&self) -> Vec<f64> {
        let mut flat: Vec<f64> = self.w01().iter().chain(self.w12.iter()).copied().collect();
        if self.biases || self.softmax {
            flat.extend(self.b1());
            flat.extend(self.b2);
            flat.push(self.softmax as u8 as f64);
        }
        flat
    }

    /// The inverse of `to_flat`; `None` if `flat` does not hold 794 * hidden numbers
    /// (or 795 * hidden + 11) or hidden is outside 1..=`MAX_HIDDEN`.
    pub fn from_flat(hidden: usize, flat: &[f64]) -> Option<Self> {
        let plain = (PIXELS + OUTPUTS) * hidden;
        let extended = plain + hidden + OUTPUTS + 1;
        if !(1..=MAX_HIDDEN).contains(&hidden) || (flat.len() != plain && flat.len() != extended) {
            return None;
        }
        let (w01, rest) = flat.split_at(PIXELS * hidden);
        let (w12, rest) = rest.split_at(OUTPUTS * hidden);
        let w01 = Array2::from_shape_vec((PIXELS, hidden), w01.to_vec()).ok()?;
        let w12 = Array2::from_shape_vec((hidden, OUTPUTS), w12.to_vec()).ok()?;
        let net = Self::from_weights(w01, w12);
        if rest.is_empty() {
            return Some(net);
        }
        let (b1, rest) = rest.split_at(hidden);
        let b2: &[f64; OUTPUTS] = rest[..OUTPUTS].try_into().ok()?;
        let biases = (b1.iter().chain(b2).any(|&b| b != 0.0)).then_some((b1, b2));
        Some(net.with_options(biases, rest[OUTPUTS] == 1.0))
    }

    /// `w01`, shape (784, hidden).
    pub fn w01(&self) -> ArrayView2<'_, f64> {
        self.w01.slice(s![.., ..self.hidden()])
    }

    /// Row `p` of `w01` (pixel `p`'s weights), length hidden.
    pub(crate) fn w01_row_mut(&mut self, p: usize) -> &mut [f64] {
        let hidden = self.hidden();
        let width = self.w01.ncols();
        &mut self.w01.as_slice_mut().expect("standard layout")[p * width..p * width + hidden]
    }

    /// `w12`, shape (hidden, 10).
    pub fn w12(&self) -> ArrayView2<'_, f64> {
        self.w12.view()
    }

    /// Number of hidden units.
    pub fn hidden(&self) -> usize {
        self.w12.nrows()
    }

    /// Hidden width rounded up to `PAD`: the length of the hidden-layer buffers that
    /// `hidden_forward` and the held updates take (their tails stay 0).
    pub(crate) fn padded_hidden(&self) -> usize {
        self.w01.ncols()
    }

    /// `l1 = relu(x . w01)`; `l1` has length `padded_hidden()`.
    #[inline(always)]
    pub(crate) fn hidden_forward(&self, x: SparseImage<'_>, l1: &mut [f64]) {
        let w01 = self.w01.as_slice().expect("standard layout");
        sparse_dot(x.index, x.value, w01, l1);
        self.add_b1(l1);
        relu_all(l1);
    }

    /// `l1 += b1` before the ReLU, with biases; nothing (not even `+ 0.0`) without.
    #[inline(always)]
    fn add_b1(&self, l1: &mut [f64]) {
        if self.biases {
            for (a, &b) in l1.iter_mut().zip(&self.b1) {
                *a += b;
            }
        }
    }

    /// `hidden_forward` in a run that holds `w01` updates back (see `held`): the rows of
    /// `x` get their held updates as they are read, then wait for `x`'s own, whose
    /// deltas go into `held`'s next slot.
    #[inline(always)]
    pub(crate) fn hidden_forward_settling(
        &mut self,
        x: SparseImage<'_>,
        held: &mut HeldRows<'_>,
        l1: &mut [f64],
    ) {
        let w01 = self.w01.as_slice_mut().expect("standard layout");
        sparse_dot_settling(x.index, x.value, held, w01, l1);
        self.add_b1(l1);
        relu_all(l1);
    }

    /// Applies every update `held` holds to `w01` (deltas `padded_hidden()` wide).
    pub(crate) fn settle(&mut self, held: &HeldRows<'_>) {
        let width = self.padded_hidden();
        settle_rows(
            held,
            self.w01.as_slice_mut().expect("standard layout"),
            width,
        );
    }

    /// `l2 = l1 . w12` (`+ b2`, then softmax, with those options); `l2` has length 10
    /// (entries of `l1` past `hidden()` are unused).
    #[inline(always)]
    pub(crate) fn output_forward(&self, l1: &[f64], l2: &mut [f64]) {
        l2.fill(0.0);
        add_outputs(&self.w12, l1, l2);
        if self.biases {
            for (a, &b) in l2.iter_mut().zip(&self.b2) {
                *a += b;
            }
        }
        if self.softmax {
            softmax(l2);
        }
    }

    /// `b2 += alpha * d2` and `b1 += alpha * d1` (`d1` `padded_hidden()` long): the
    /// bias updates of one step, whose deltas are already summed over its batch.
    #[inline(always)]
    pub(crate) fn bias_update(&mut self, alpha: f64, d1: &[f64], d2: &[f64]) {
        for (b, &d) in self.b2.iter_mut().zip(d2) {
            *b += alpha * d;
        }
        let hidden = self.hidden();
        for (b, &d) in self.b1[..hidden].iter_mut().zip(d1) {
            *b += alpha * d;
        }
    }

    /// `d1 = d2 . w12^T` (the book's relu2deriv of the post-ReLU layer is always 1;
    /// the trainer gates by the true derivative and the mask); `d1` has length
    /// `padded_hidden()`. Each `d1[h]` sums over the outputs in order, as a dot product
    /// would, but a whole row of `w21` at a time.
    #[inline(always)]
    pub(crate) fn hidden_backward(&self, d2: &[f64], d1: &mut [f64]) {
        d1.fill(0.0);
        for (&d, row) in d2.iter().zip(self.w21.rows()) {
            axpy(d, row.as_slice().expect("standard layout"), d1);
        }
    }

    /// `w12 += alpha * outer(l1, d2)`; `l1` has length `padded_hidden()` with zeros
    /// after the first `hidden()`.
    #[inline(always)]
    pub(crate) fn update_w12(&mut self, alpha: f64, l1: &[f64], d2: &[f64]) {
        let skip_silent = !self.w12_negative_zero && d2.iter().all(|d| d.is_finite());
        add_outer(&mut self.w12, alpha, l1, d2, skip_silent);
        for (&d, mut row) in d2.iter().zip(self.w21.rows_mut()) {
            // Each element gets the same `alpha * (l1 * d2)` as in `w12`, so they agree.
            let row = row.as_slice_mut().expect("standard layout");
            for (w, &a) in row.iter_mut().zip(l1) {
                *w += alpha * (a * d);
            }
        }
    }

    /// `w12 += alpha * dw12` for a batch's gradient of shape (hidden, 10).
    pub(crate) fn update_w12_batch(&mut self, alpha: f64, dw12: &Array2<f64>) {
        let dw12_slice = dw12.as_slice().expect("standard layout");
        add_scaled(alpha, dw12_slice, self.w12.as_slice_mut().expect("std"));
        let hidden = self.hidden();
        self.w21
            .slice_mut(s![.., ..hidden])
            .zip_mut_with(&dw12.t(), |w, &g| *w += alpha * g);
    }

    /// `w01 += alpha * outer(x, d1)` at once, visiting only the non-zero pixels of `x`
    /// (a zero pixel's row would get `+= alpha * 0`, which changes nothing). `d1` has
    /// length `padded_hidden()` with zeros after the first `hidden()`.
    #[inline(always)]
    pub(crate) fn update_w01(&mut self, alpha: f64, x: SparseImage<'_>, d1: &[f64]) {
        let w01 = self.w01.as_slice_mut().expect("standard layout");
        sparse_outer_update(alpha, x.index, x.value, d1, w01);
    }
}

/// `relu` of every unit, in place.
#[inline(always)]
fn relu_all(l1: &mut [f64]) {
    for h in l1.iter_mut() {
        *h = relu(*h);
    }
}

/// `d2 = one_hot(label) - l2`: l2 (10) -> d2 (10), the output delta before a batch's
/// averaging (the squared error's gradient is `-2 * d2`; the book folds the 2 into
/// alpha).
#[inline(always)]
pub(crate) fn output_backward(d2: &mut [f64], l2: &[f64], label: u8) {
    for (k, (d, &y)) in d2.iter_mut().zip(l2).enumerate() {
        *d = one_hot(label, k) - y;
    }
}

/// `l2 += l1 . w12` for `w12` of shape (units, 10), unit by unit in order.
#[inline(always)]
fn add_outputs(w12: &Array2<f64>, l1: &[f64], l2: &mut [f64]) {
    // The ten sums stay in registers across the units rather than round-tripping
    // through memory at each one.
    let mut sums: [f64; OUTPUTS] = (&*l2).try_into().expect("ten outputs");
    let rows = w12
        .as_slice()
        .expect("standard layout")
        .chunks_exact(OUTPUTS);
    for (&a, row) in l1.iter().zip(rows) {
        for (sum, &w) in sums.iter_mut().zip(row) {
            *sum += a * w;
        }
    }
    l2.copy_from_slice(&sums);
}

/// Units gathered by `live_units` at a time: a small array, cheap to clear, where one
/// for every possible unit (2 KB) cost a clear and a copy per example.
const LIVE_CHUNK: usize = 64;

/// The indices of the non-zero entries of `l1` (at most `LIVE_CHUNK`) and their count,
/// gathered without a branch per unit (whose pattern the CPU could not predict).
#[inline(always)]
fn live_units(l1: &[f64]) -> ([u8; LIVE_CHUNK], usize) {
    let mut live = [0u8; LIVE_CHUNK];
    let mut count = 0;
    for (j, &a) in l1.iter().enumerate() {
        live[count] = j as u8;
        count += (a != 0.0) as usize;
    }
    (live, count)
}

/// `w12 += alpha * outer(l1, d2)` for `w12` of shape (units, 10).
///
/// With `skip_silent`, rows of units whose activation is 0 (cut by the ReLU or dropped,
/// most of them under dropout) are left alone: they would get `alpha * (0 * d2)`, a
/// zero, which leaves every weight as it is but -0.0, and only when `d2` is finite (else
/// `0 * inf` is NaN). A sum that lands exactly on zero is +0.0, so updates never make a
/// -0.0: the caller checks there is none to begin with and that `d2` is finite.
#[inline(always)]
fn add_outer(w12: &mut Array2<f64>, alpha: f64, l1: &[f64], d2: &[f64], skip_silent: bool) {
    let w = w12.as_slice_mut().expect("standard layout");
    // Rows of a known ten: one vector of eight and one of two, where a row of unknown
    // length went element by element.
    let d2: &[f64; OUTPUTS] = d2.try_into().expect("ten deltas");
    let update = |a: f64, row: &mut [f64]| {
        let row: &mut [f64; OUTPUTS] = row.try_into().expect("a row of ten");
        for (w, &d) in row.iter_mut().zip(d2) {
            *w += alpha * (a * d);
        }
    };
    if !skip_silent {
        for (&a, row) in l1.iter().zip(w.chunks_exact_mut(OUTPUTS)) {
            update(a, row);
        }
        return;
    }
    let units = l1.len().min(w.len() / OUTPUTS);
    for (c, chunk) in l1[..units].chunks(LIVE_CHUNK).enumerate() {
        let (live, count) = live_units(chunk);
        for &j in &live[..count] {
            let j = c * LIVE_CHUNK + j as usize;
            update(l1[j], &mut w[j * OUTPUTS..(j + 1) * OUTPUTS]);
        }
    }
}

/// `hidden_backward` through a given `w12` of shape (hidden, 10) (a batch's deltas see
/// the `w12` before its update, or the book's sum of them).
#[inline(always)]
pub(crate) fn hidden_backward_through(w12: &Array2<f64>, d2: &[f64], d1: &mut [f64]) {
    for (d, row) in d1.iter_mut().zip(w12.rows()) {
        *d = dot(d2, row.as_slice().expect("standard layout"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the book's `w12 += alpha * l1.T.dot(d2)` gives, element by element.
    fn numpy_update(w12: &Array2<f64>, alpha: f64, l1: &[f64], d2: &[f64]) -> Array2<f64> {
        let mut out = w12.clone();
        for ((j, k), w) in out.indexed_iter_mut() {
            *w += alpha * (l1[j] * d2[k]);
        }
        out
    }

    fn bits(a: ArrayView2<'_, f64>) -> Vec<u64> {
        a.iter().map(|v| v.to_bits()).collect()
    }

    #[test]
    fn silent_units_are_skipped_without_changing_a_bit() {
        let mut net = Network::init(24, &mut Mt19937::new(4));
        let mut rng = Mt19937::new(5);
        // Half the units silent, some as -0.0 (what the ReLU gives a negative sum).
        let l1: Vec<f64> = (0..24)
            .map(|j| match j % 4 {
                0 => 0.0,
                1 => -0.0,
                _ => rng.next_f64(),
            })
            .collect();
        let d2: Vec<f64> = (0..OUTPUTS).map(|_| rng.next_f64() - 0.5).collect();
        let expected = numpy_update(&net.w12, 0.005, &l1, &d2);
        net.update_w12(0.005, &l1, &d2);
        assert_eq!(bits(net.w12()), bits(expected.view()));
        assert_eq!(bits(net.w21.slice(s![.., ..24]).t()), bits(expected.view()));
    }

    #[test]
    fn a_negative_zero_weight_turns_positive_as_in_numpy() {
        let mut w12 = Array2::from_elem((8, OUTPUTS), 0.05);
        w12[[2, 3]] = -0.0;
        let mut net = Network::from_weights(Array2::zeros((PIXELS, 8)), w12);
        let l1 = [0.0; 8];
        let d2 = [0.25; OUTPUTS];
        net.update_w12(0.005, &l1, &d2);
        // -0.0 + 0.005 * (0.0 * 0.25) is -0.0 + 0.0, which is +0.0.
        assert!(net.w12()[[2, 3]] == 0.0 && net.w12()[[2, 3]].is_sign_positive());
        assert!(net.w21[[3, 2]].is_sign_positive());
    }

    #[test]
    fn outputs_sum_units_in_order_and_zero_times_infinity_is_nan() {
        let mut rng = Mt19937::new(8);
        let net = Network::init(16, &mut rng);
        let l1: Vec<f64> = (0..16)
            .map(|j| if j % 3 == 0 { rng.next_f64() } else { 0.0 })
            .collect();
        let mut expected = [0.0; OUTPUTS];
        for (j, &a) in l1.iter().enumerate() {
            for (k, e) in expected.iter_mut().enumerate() {
                *e += a * net.w12()[[j, k]];
            }
        }
        let mut got = [0.0; OUTPUTS];
        net.output_forward(&l1, &mut got);
        assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits));

        // An infinite weight of a silent unit: numpy's 0 * inf makes that output NaN.
        let mut w12 = net.w12().to_owned();
        w12[[1, 6]] = f64::INFINITY;
        let broken = Network::from_weights(net.w01().to_owned(), w12);
        broken.output_forward(&l1, &mut got);
        assert!(got[6].is_nan());
        assert!(got[5].is_finite());
    }

    #[test]
    fn a_non_finite_delta_updates_every_row() {
        let mut net = Network::init(8, &mut Mt19937::new(6));
        let l1 = [0.0; 8];
        let mut d2 = [0.1; OUTPUTS];
        d2[4] = f64::INFINITY;
        net.update_w12(0.005, &l1, &d2);
        // 0 * inf is NaN, so numpy puts NaN in that column of every row.
        assert!(net.w12().column(4).iter().all(|w| w.is_nan()));
    }
}
