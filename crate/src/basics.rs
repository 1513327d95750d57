//! What the plain reference and the fast path share, so that each is written once: the
//! network's sizes and limits, the numpy operations whose order decides the bits
//! (`numpy_sum`, `argmax`, `softmax`), the book's weight draws and dropout mask, and the
//! small types both report in.
//!
//! A leaf: it uses only numpy's random stream and the image size, and everything
//! else may use it. Anything added here must mean the same in both paths.

use ndarray::Array2;

use crate::idx::PIXELS;
use crate::mt19937::Mt19937;

/// Number of outputs, one per digit.
pub const OUTPUTS: usize = 10;

/// Largest hidden layer allowed: bigger ones gain nothing on MNIST and are slow in a page.
pub const MAX_HIDDEN: usize = 1024;
/// Most iterations allowed in one run.
pub const MAX_ITERATIONS: usize = 100_000;
/// Largest learning rate allowed; far beyond any rate that converges here.
pub const MAX_ALPHA: f64 = 10.0;
/// Most images a setting can ask for: MNIST's and Fashion-MNIST's training files hold
/// 60,000 (the data's own count is checked too).
pub const MAX_IMAGES: usize = 60_000;

/// How a batch turns into weight updates (`crate::reference` spells both out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateRule {
    /// One averaged update per batch: what the book's text describes and the app teaches.
    Averaged,
    /// The book's printed batch code, whose updates are indented inside the per-example
    /// loop: `batch` updates of the same averaged `w12` gradient, and `batch` `w01`
    /// updates whose hidden deltas each see the `w12` of that moment (applied as their
    /// sum, one update). Only `book batch` uses it, to reprint the book's table.
    BookRepeated,
}

/// Training figures of one finished pass over the training images.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IterationStats {
    /// 0-based iteration number, as the book prints it.
    pub iteration: usize,
    /// Sum of squared errors over the pass divided by the number of images.
    pub error: f64,
    /// Fraction of images whose largest output was the label, during training.
    pub accuracy: f64,
}

/// The book's start after `np.random.seed(seed)`: `weights_0_1 = 0.2 *
/// np.random.random((784, hidden)) - 0.1`, then `weights_1_2` (hidden, 10) the same way,
/// each drawn row by row from `rng`.
pub(crate) fn draw_weights(hidden: usize, rng: &mut Mt19937) -> (Array2<f64>, Array2<f64>) {
    let mut draw =
        |rows, cols| Array2::from_shape_simple_fn((rows, cols), || 0.2 * rng.next_f64() - 0.1);
    let w01 = draw(PIXELS, hidden);
    let w12 = draw(hidden, OUTPUTS);
    (w01, w12)
}

/// A dropout mask, 1 for a kept unit and 0 for a dropped one, one draw a unit: numpy's
/// `randint(2)` for keep 1/2 (the book's, one bit a draw), else `random() < keep`.
#[inline(always)]
pub(crate) fn dropout_mask(rng: &mut Mt19937, keep: f64, mask: &mut [f64]) {
    for m in mask {
        let kept = if keep == 0.5 {
            rng.next_bit()
        } else {
            rng.next_f64() < keep
        };
        *m = kept as u8 as f64;
    }
}

/// Example `i` of a pass: `order[i]` when the pass is shuffled, else `i` itself (an
/// unshuffled pass has an empty order).
#[inline(always)]
pub(crate) fn in_order(order: &[u32], i: usize) -> usize {
    order.get(i).map_or(i, |&i| i as usize)
}

/// `relu(x) = (x >= 0) * x`: negatives become -0.0, as in numpy.
#[inline(always)]
pub(crate) fn relu(x: f64) -> f64 {
    (x >= 0.0) as u8 as f64 * x
}

/// The true derivative of the ReLU, given its output: 1 where the unit was on. (The
/// book's `relu2deriv`, `output >= 0`, is always 1 there.)
#[inline(always)]
pub(crate) fn relu_true_deriv(output: f64) -> f64 {
    (output > 0.0) as u8 as f64
}

/// Output `k` of the one-hot label: 1 for the label's digit, else 0.
#[inline(always)]
pub(crate) fn one_hot(label: u8, k: usize) -> f64 {
    (k == label as usize) as u8 as f64
}

/// `p = exp(z - max z) / sum`, in place, the sum taken in index order from 0; `exp` is
/// the platform's (glibc natively, as Python's `math.exp`). With cross-entropy the
/// loss's gradient with respect to z is `p - one_hot(label)`, so the output delta
/// keeps its form.
#[inline(always)]
pub(crate) fn softmax(z: &mut [f64]) {
    let top = z.iter().fold(z[0], |m, &v| if v > m { v } else { m });
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - top).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// numpy's `np.sum` of a contiguous float64 array: pairwise summation with eight
/// accumulators per block of at most 128, as numpy's add-reduce loop does.
#[inline]
pub(crate) fn numpy_sum(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 8 {
        return x.iter().fold(-0.0, |acc, &v| acc + v);
    }
    if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&x[..8]);
        let blocks = n - n % 8;
        for chunk in x[8..blocks].chunks_exact(8) {
            for (acc, &v) in r.iter_mut().zip(chunk) {
                *acc += v;
            }
        }
        let mut sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &x[blocks..] {
            sum += v;
        }
        return sum;
    }
    let mut half = n / 2;
    half -= half % 8;
    numpy_sum(&x[..half]) + numpy_sum(&x[half..])
}

/// numpy's `argmax`: the first index of the largest value (a NaN counts as largest).
#[inline]
pub(crate) fn argmax(x: &[f64]) -> usize {
    // The best value stays in a register: re-reading `x[best]` made each comparison
    // wait for a load whose address the previous one decided.
    let (mut best, mut top) = (0, x.first().copied().unwrap_or(f64::NAN));
    for (i, &v) in x.iter().enumerate() {
        if v.is_nan() {
            return i;
        }
        if v > top {
            best = i;
            top = v;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_sum_orders_like_numpy() {
        // Values whose sum depends on order: numpy 2.4 prints 6.0 for
        // `np.sum(np.array([1e16, 1, -1e16, 1, 1, 1, 1, 1, 1, 1.0]))`, a left fold 7.0.
        let x = [1e16, 1.0, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(numpy_sum(&x), 6.0);
        let left: f64 = x.iter().sum();
        assert_ne!(numpy_sum(&x), left);
    }

    /// `rng = np.random.RandomState(5); a = rng.random(1000) * 1e3; a[::7] *= -1e13;
    /// np.sum(a)` prints -7.110875599722929e+17 (split into blocks above 128).
    #[test]
    fn long_sums_split_like_numpy() {
        let mut rng = Mt19937::new(5);
        let mut a: Vec<f64> = (0..1000).map(|_| rng.next_f64() * 1e3).collect();
        for v in a.iter_mut().step_by(7) {
            *v *= -1e13;
        }
        assert_eq!(numpy_sum(&a), -7.110875599722929e17);
    }

    #[test]
    fn argmax_takes_first_maximum() {
        assert_eq!(argmax(&[0.1, 0.9, 0.9, 0.2]), 1);
        assert_eq!(argmax(&[0.1, f64::NAN, 0.9]), 1);
    }

    #[test]
    fn a_shuffled_pass_reads_through_its_order() {
        assert_eq!(in_order(&[], 3), 3);
        assert_eq!(in_order(&[2, 0, 1], 0), 2);
    }
}
