//! The book's chapter-8 network: 784 inputs -> ReLU hidden layer -> 10 linear outputs,
//! no biases, squared error. Forward and backward side by side; `d` names a delta.
//!
//! The book's `relu2deriv(x) = x >= 0` is applied to the hidden layer *after* the ReLU,
//! where every value is >= 0, so the hidden delta is never gated by the ReLU, only by
//! the dropout mask. The printed tables depend on that, so it is kept here.

use ndarray::Array2;

use crate::dataset::SparseImage;
use crate::idx::PIXELS;
use crate::kernels::{axpy, dot, scaled_outer_row};
use crate::mt19937::Mt19937;

/// Number of outputs, one per digit.
pub const OUTPUTS: usize = 10;

/// The two weight matrices.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Shape (784, hidden): row `p` holds pixel `p`'s weights to every hidden unit.
    pub w01: Array2<f64>,
    /// Shape (hidden, 10).
    pub w12: Array2<f64>,
}

impl Network {
    /// Weights uniform in [-0.1, 0.1) as the book's `0.2 * np.random.random(shape) - 0.1`,
    /// `w01` drawn first, row-major, then `w12`.
    pub fn init(hidden: usize, rng: &mut Mt19937) -> Self {
        let mut draw =
            |rows, cols| Array2::from_shape_simple_fn((rows, cols), || 0.2 * rng.next_f64() - 0.1);
        let w01 = draw(PIXELS, hidden);
        let w12 = draw(hidden, OUTPUTS);
        Network { w01, w12 }
    }

    /// Number of hidden units.
    pub fn hidden(&self) -> usize {
        self.w12.nrows()
    }

    /// `l1 = relu(x . w01)`; `l1` has length hidden.
    pub fn forward_hidden(&self, x: SparseImage<'_>, l1: &mut [f64]) {
        l1.fill(0.0);
        let w01 = self.w01.as_slice().expect("standard layout");
        let hidden = l1.len();
        for (&p, &v) in x.index.iter().zip(x.value) {
            let p = p as usize;
            axpy(v, &w01[p * hidden..(p + 1) * hidden], l1);
        }
        for h in l1.iter_mut() {
            // (x >= 0) * x, as the book: negative values become -0.0 like numpy's.
            *h *= (*h >= 0.0) as u8 as f64;
        }
    }

    /// `l2 = l1 . w12`; `l2` has length 10.
    pub fn forward_output(&self, l1: &[f64], l2: &mut [f64]) {
        l2.fill(0.0);
        for (&a, row) in l1.iter().zip(self.w12.rows()) {
            axpy(a, row.as_slice().expect("standard layout"), l2);
        }
    }

    /// `d1 = d2 . w12^T` (the book's relu2deriv of the post-ReLU layer is always 1).
    pub fn backward_hidden(&self, d2: &[f64], d1: &mut [f64]) {
        hidden_deltas(&self.w12, d2, d1);
    }

    /// `w12 += alpha * outer(l1, d2)`.
    pub fn update_w12(&mut self, alpha: f64, l1: &[f64], d2: &[f64]) {
        for (&a, mut row) in l1.iter().zip(self.w12.rows_mut()) {
            scaled_outer_row(alpha, a, d2, row.as_slice_mut().expect("standard layout"));
        }
    }

    /// `w01 += alpha * outer(x, d1)`, visiting only the non-zero pixels of `x`
    /// (a zero pixel's row would get `+= alpha * 0`, which changes nothing).
    pub fn update_w01(&mut self, alpha: f64, x: SparseImage<'_>, d1: &[f64]) {
        let hidden = d1.len();
        let w01 = self.w01.as_slice_mut().expect("standard layout");
        for (&p, &v) in x.index.iter().zip(x.value) {
            let p = p as usize;
            scaled_outer_row(alpha, v, d1, &mut w01[p * hidden..(p + 1) * hidden]);
        }
    }
}

/// `d1 = d2 . w12^T` for a given `w12` of shape (hidden, 10).
pub fn hidden_deltas(w12: &Array2<f64>, d2: &[f64], d1: &mut [f64]) {
    for (d, row) in d1.iter_mut().zip(w12.rows()) {
        *d = dot(d2, row.as_slice().expect("standard layout"));
    }
}
