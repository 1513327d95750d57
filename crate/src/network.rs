//! The book's chapter-8 network: 784 inputs -> ReLU hidden layer -> 10 linear outputs,
//! no biases, squared error. Forward and backward side by side; `d` names a delta.
//!
//! The book's `relu2deriv(x) = x >= 0` is applied to the hidden layer *after* the ReLU,
//! where every value is >= 0, so the hidden delta is never gated by the ReLU, only by
//! the dropout mask. The printed tables depend on that, so it is kept here.

use ndarray::{s, Array2, ArrayView2};

use crate::dataset::SparseImage;
use crate::idx::PIXELS;
use crate::kernels::{axpy, dot, scaled_outer_row, sparse_dot, sparse_outer_update};
use crate::mt19937::Mt19937;

/// Number of outputs, one per digit.
pub const OUTPUTS: usize = 10;

/// Hidden widths are padded to a multiple of this inside `w01`, so the kernels' column
/// tiles are always full; the padding columns stay exactly zero.
pub const PAD: usize = 8;

/// The two weight matrices.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Shape (784, padded hidden): row `p` holds pixel `p`'s weights to every hidden
    /// unit, then zeros up to a multiple of `PAD`. `w01()` is the unpadded view.
    w01: Array2<f64>,
    /// Shape (hidden, 10).
    pub w12: Array2<f64>,
}

impl Network {
    /// Weights uniform in [-0.1, 0.1) as the book's `0.2 * np.random.random(shape) - 0.1`,
    /// `w01` drawn first, row-major, then `w12`.
    ///
    /// Panics if `hidden` is 0 or above `MAX_HIDDEN` (`Config::validate` checks it).
    pub fn init(hidden: usize, rng: &mut Mt19937) -> Self {
        let mut draw =
            |rows, cols| Array2::from_shape_simple_fn((rows, cols), || 0.2 * rng.next_f64() - 0.1);
        let w01 = draw(PIXELS, hidden);
        let w12 = draw(hidden, OUTPUTS);
        Self::from_weights(w01, w12)
    }

    /// A network with the given weights, `w01` of shape (784, hidden) and `w12` of
    /// shape (hidden, 10).
    ///
    /// Panics if the shapes disagree or hidden is 0 or above `MAX_HIDDEN`.
    pub fn from_weights(w01: Array2<f64>, w12: Array2<f64>) -> Self {
        let hidden = w12.nrows();
        assert!(
            (1..=crate::config::MAX_HIDDEN).contains(&hidden),
            "hidden size {hidden}"
        );
        assert_eq!(w01.dim(), (PIXELS, hidden), "w01 shape");
        assert_eq!(w12.ncols(), OUTPUTS, "w12 shape");
        let mut padded = Array2::zeros((PIXELS, hidden.div_ceil(PAD) * PAD));
        padded.slice_mut(s![.., ..hidden]).assign(&w01);
        Network { w01: padded, w12 }
    }

    /// Both matrices flattened row-major, `w01` then `w12`: the form weights travel in
    /// between threads and in model files.
    pub fn to_flat(&self) -> Vec<f64> {
        self.w01().iter().chain(self.w12.iter()).copied().collect()
    }

    /// The inverse of `to_flat`; `None` if `flat` does not hold 794 * hidden numbers or
    /// hidden is outside 1..=`MAX_HIDDEN`.
    pub fn from_flat(hidden: usize, flat: &[f64]) -> Option<Self> {
        if !(1..=crate::config::MAX_HIDDEN).contains(&hidden)
            || flat.len() != (PIXELS + OUTPUTS) * hidden
        {
            return None;
        }
        let (w01, w12) = flat.split_at(PIXELS * hidden);
        let w01 = Array2::from_shape_vec((PIXELS, hidden), w01.to_vec()).ok()?;
        let w12 = Array2::from_shape_vec((hidden, OUTPUTS), w12.to_vec()).ok()?;
        Some(Self::from_weights(w01, w12))
    }

    /// `w01`, shape (784, hidden).
    pub fn w01(&self) -> ArrayView2<'_, f64> {
        self.w01.slice(s![.., ..self.hidden()])
    }

    /// Row `p` of `w01` (pixel `p`'s weights), length hidden.
    pub fn w01_row_mut(&mut self, p: usize) -> &mut [f64] {
        let hidden = self.hidden();
        let width = self.w01.ncols();
        &mut self.w01.as_slice_mut().expect("standard layout")[p * width..p * width + hidden]
    }

    /// Number of hidden units.
    pub fn hidden(&self) -> usize {
        self.w12.nrows()
    }

    /// Hidden width rounded up to `PAD`: the length of the hidden-layer buffers that
    /// `forward_hidden` and `update_w01` take (their tails stay 0).
    pub fn padded_hidden(&self) -> usize {
        self.w01.ncols()
    }

    /// `l1 = relu(x . w01)`; `l1` has length `padded_hidden()`.
    #[inline(always)]
    pub fn forward_hidden(&self, x: SparseImage<'_>, l1: &mut [f64]) {
        sparse_dot(x, self.w01.as_slice().expect("standard layout"), l1);
        for h in l1.iter_mut() {
            // (x >= 0) * x, as the book: negative values become -0.0 like numpy's.
            *h *= (*h >= 0.0) as u8 as f64;
        }
    }

    /// `l2 = l1 . w12`; `l2` has length 10 (entries of `l1` past `hidden()` are unused).
    #[inline(always)]
    pub fn forward_output(&self, l1: &[f64], l2: &mut [f64]) {
        l2.fill(0.0);
        for (&a, row) in l1.iter().zip(self.w12.rows()) {
            axpy(a, row.as_slice().expect("standard layout"), l2);
        }
    }

    /// `d1 = d2 . w12^T` (the book's relu2deriv of the post-ReLU layer is always 1).
    #[inline(always)]
    pub fn backward_hidden(&self, d2: &[f64], d1: &mut [f64]) {
        hidden_deltas(&self.w12, d2, d1);
    }

    /// `w12 += alpha * outer(l1, d2)`.
    #[inline(always)]
    pub fn update_w12(&mut self, alpha: f64, l1: &[f64], d2: &[f64]) {
        for (&a, mut row) in l1.iter().zip(self.w12.rows_mut()) {
            scaled_outer_row(alpha, a, d2, row.as_slice_mut().expect("standard layout"));
        }
    }

    /// `w01 += alpha * outer(x, d1)`, visiting only the non-zero pixels of `x`
    /// (a zero pixel's row would get `+= alpha * 0`, which changes nothing). `d1` has
    /// length `padded_hidden()` with zeros after the first `hidden()`.
    #[inline(always)]
    pub fn update_w01(&mut self, alpha: f64, x: SparseImage<'_>, d1: &[f64]) {
        sparse_outer_update(
            alpha,
            x,
            d1,
            self.w01.as_slice_mut().expect("standard layout"),
        );
    }
}

/// `d1 = d2 . w12^T` for a given `w12` of shape (hidden, 10).
#[inline(always)]
pub fn hidden_deltas(w12: &Array2<f64>, d2: &[f64], d1: &mut [f64]) {
    for (d, row) in d1.iter_mut().zip(w12.rows()) {
        *d = dot(d2, row.as_slice().expect("standard layout"));
    }
}
