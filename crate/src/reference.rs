//! The book's training step, written plainly: start reading here.
//!
//! This is chapter 8 of *Grokking Deep Learning* as dense loops in numpy's order, one
//! function per layer, forward and backward side by side. It is slow (it multiplies
//! every pixel, even the ~81% that are 0) and it is the oracle: the fast paths
//! (`network`, `kernels`, `held`, `trainer`) are tested against it bit for bit.
//!
//! The book's numpy loop for one example (a batch is the same with `batch` rows):
//!
//! ```text
//! layer_0 = images[i:i+1]                                  # (1, 784)
//! layer_1 = relu(np.dot(layer_0, weights_0_1))             # (1, hidden)
//! dropout_mask = np.random.randint(2, size=layer_1.shape)
//! layer_1 *= dropout_mask * 2
//! layer_2 = np.dot(layer_1, weights_1_2)                   # (1, 10)
//! error += np.sum((labels[i:i+1] - layer_2) ** 2)
//! correct_cnt += int(np.argmax(layer_2) == np.argmax(labels[i:i+1]))
//! layer_2_delta = (labels[i:i+1] - layer_2)
//! layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
//! layer_1_delta *= dropout_mask
//! weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
//! weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
//! ```
//!
//! Two things the book does that look like slips are kept, because its printed tables
//! depend on them: `relu2deriv(x) = x >= 0` is applied to `layer_1` *after* the ReLU,
//! so it is always 1 (only dropout gates the hidden delta); and the printed batch code
//! indents the updates into the per-example loop (`UpdateRule::BookRepeated`).
//!
//! Options beyond the book (`Config::true_derivative`, `biases`, `softmax`, `shuffle`,
//! `augment`, `decay`; all off in the book's runs) are spelled out here too: the true
//! derivative `(l1 > 0)` in `hidden_backward`, `+ b1` and `+ b2` in the forward
//! functions and `bias_update`, `softmax`, the pass's `order` and augmented copies in
//! `batch_input`, the pass's rate in `begin_pass`.
//!
//! Every sum starts at 0.0 and adds its terms in index order, every product is rounded
//! before it is added (no fused multiply-add), and `alpha * (x * d)` is rounded in that
//! order: that is what makes the fast paths' results the same bits. They skip the zero
//! pixels, whose terms are `+ 0 * w`, which changes no finite sum or weight.
//!
//! ```
//! use reglab::reference::Reference;
//! use reglab::basics::UpdateRule;
//! use reglab::{Config, Dataset, Trainer};
//!
//! let mut pixels = vec![0u8; 2 * 784];
//! pixels[784 + 400..784 + 410].fill(255);
//! let data = Dataset::from_parts(pixels, vec![0, 1]).unwrap();
//! let config = Config { train_size: 2, hidden: 8, ..Config::default() };
//! let mut plain = Reference::new(&config, UpdateRule::Averaged);
//! let mut fast = Trainer::new(config, &data).unwrap();
//! assert_eq!(plain.run_iteration(&data), fast.run_iteration());
//! assert_eq!(plain.w12, fast.network().w12());
//! ```

// Index loops on purpose: `for b in 0..batch` reads like the math it spells out.
#![allow(clippy::needless_range_loop)]

use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1};

use crate::augment;
use crate::basics::{
    argmax, draw_weights, dropout_mask, in_order, numpy_sum, one_hot, relu, relu_true_deriv,
    softmax, IterationStats, UpdateRule, OUTPUTS,
};
use crate::config::Config;
use crate::dataset::{intensity, Dataset};
use crate::idx::PIXELS;
use crate::mt19937::Mt19937;

/// A training run, the book's way: the weights, numpy's random stream, and the error
/// and hit count of the iteration so far.
pub struct Reference {
    /// (784, hidden): `weights_0_1`.
    pub w01: Array2<f64>,
    /// (hidden, 10): `weights_1_2`.
    pub w12: Array2<f64>,
    /// The run's settings (`hidden`, `alpha`, `batch`, `keep`, `train_size` are used).
    pub config: Config,
    /// How a batch updates the weights.
    pub rule: UpdateRule,
    /// numpy's `np.random` after `np.random.seed(config.seed)` and the weights' draws.
    pub rng: Mt19937,
    /// Sum of the squared errors so far in this iteration.
    pub error: f64,
    /// Examples whose largest output was the label, so far in this iteration.
    pub correct: usize,
    /// Iterations finished.
    pub iteration: usize,
    /// (batch, hidden): the last step's hidden activations, after dropout.
    pub l1: Array2<f64>,
    /// (batch, hidden): the last step's dropout mask, 1 kept and 0 dropped.
    pub mask: Array2<f64>,
    /// (batch, 10): the last step's outputs.
    pub l2: Array2<f64>,
    /// (hidden): `b1`, with `config.biases` (else zeros, unused).
    pub b1: Array1<f64>,
    /// (10): `b2`, with `config.biases` (else zeros, unused).
    pub b2: Array1<f64>,
    /// The pass's learning rate, `alpha / (1 + decay * j)`.
    pub alpha: f64,
    /// With `config.shuffle`, the pass's order of the training images.
    pub order: Vec<u32>,
    /// The augmentation stream (`augment::stream`).
    pub augment_rng: Mt19937,
}

impl Reference {
    /// The book's start: `np.random.seed(seed)`, then
    /// `weights_0_1 = 0.2 * np.random.random((784, hidden)) - 0.1` and the same for
    /// `weights_1_2` (hidden, 10), each drawn row by row.
    pub fn new(config: &Config, rule: UpdateRule) -> Self {
        let (hidden, batch) = (config.hidden, config.batch);
        let mut rng = Mt19937::new(config.seed);
        let (w01, w12) = draw_weights(hidden, &mut rng);
        Reference {
            w01,
            w12,
            config: config.clone(),
            rule,
            rng,
            error: 0.0,
            correct: 0,
            iteration: 0,
            l1: Array2::zeros((batch, hidden)),
            mask: Array2::ones((batch, hidden)),
            l2: Array2::zeros((batch, OUTPUTS)),
            b1: Array1::zeros(hidden),
            b2: Array1::zeros(OUTPUTS),
            alpha: config.alpha,
            order: Vec::new(),
            augment_rng: augment::stream(config.seed),
        }
    }

    /// The start of a pass: its rate, and with `shuffle`
    /// `order = np.random.permutation(train_size)`, drawn before the pass's masks.
    pub fn begin_pass(&mut self) {
        self.alpha = self.config.alpha_at(self.iteration);
        if self.config.shuffle {
            self.rng
                .permutation(&mut self.order, self.config.train_size);
        }
    }

    /// Step `step`'s batch of the pass: (batch, 784) inputs, the book's
    /// `images[batch_start:batch_end]` (through `order` with `shuffle`; each replaced
    /// by an augmented copy with `augment`), and their labels.
    pub fn batch_input(&mut self, data: &Dataset, step: usize) -> (Array2<f64>, Vec<u8>) {
        let batch = self.config.batch;
        let examples: Vec<usize> = (0..batch)
            .map(|b| in_order(&self.order, step * batch + b))
            .collect();
        let mut l0 = Array2::from_shape_fn((batch, PIXELS), |(b, p)| {
            intensity(data.image(examples[b])[p])
        });
        if self.config.augment > 0.0 {
            for mut row in l0.rows_mut() {
                let image = row.to_vec();
                let out = row.as_slice_mut().expect("row");
                augment::augment(&image, self.config.augment, &mut self.augment_rng, out);
            }
        }
        (l0, examples.iter().map(|&i| data.label(i)).collect())
    }

    /// `b1` and `b2` when the network has biases.
    pub fn biases(&self) -> Option<(&Array1<f64>, &Array1<f64>)> {
        self.config.biases.then_some((&self.b1, &self.b2))
    }

    /// One pass over the first `config.train_size` images of `data`, batch by batch.
    ///
    /// Panics if `data` has fewer images.
    pub fn run_iteration(&mut self, data: &Dataset) -> IterationStats {
        let (batch, n) = (self.config.batch, self.config.train_size);
        self.begin_pass();
        for step in 0..n / batch {
            // (batch, 784): the book's `images[batch_start:batch_end]`, pixels / 255.
            let (l0, labels) = self.batch_input(data, step);
            self.step(&l0, &labels);
        }
        let stats = IterationStats {
            iteration: self.iteration,
            error: self.error / n as f64,
            accuracy: self.correct as f64 / n as f64,
        };
        self.error = 0.0;
        self.correct = 0;
        self.iteration += 1;
        stats
    }

    /// One step on a batch: `l0` (batch, 784) of inputs in [0, 1], `labels` (batch).
    /// A batch of one is the book's per-example SGD.
    pub fn step(&mut self, l0: &Array2<f64>, labels: &[u8]) {
        let batch = labels.len();
        let (hidden, alpha, keep) = (self.config.hidden, self.alpha, self.config.keep);
        let true_derivative = self.config.true_derivative;

        // Forward, example by example (the mask's draws come in this order).
        let mut l1 = Array2::zeros((batch, hidden)); // (batch, hidden)
        let mut mask = Array2::ones((batch, hidden)); // (batch, hidden)
        let mut l2 = Array2::zeros((batch, OUTPUTS)); // (batch, 10)
        let biases = self.config.biases.then_some((&self.b1, &self.b2));
        let (b1, b2) = (biases.map(|b| b.0), biases.map(|b| b.1));
        for b in 0..batch {
            hidden_forward(l1.row_mut(b), l0.row(b), &self.w01, b1);
            if keep < 1.0 {
                dropout_forward(l1.row_mut(b), mask.row_mut(b), keep, &mut self.rng);
            }
            output_forward(l2.row_mut(b), l1.row(b), &self.w12, b2);
            if self.config.softmax {
                softmax(l2.row_mut(b).as_slice_mut().expect("row"));
            }
        }

        // Error and hits: `np.sum((labels - layer_2) ** 2)` over the whole batch.
        let mut d2 = Array2::zeros((batch, OUTPUTS)); // (batch, 10)
        for b in 0..batch {
            output_backward(d2.row_mut(b), l2.row(b), labels[b], 1.0);
        }
        let squared: Vec<f64> = d2.iter().map(|d| d * d).collect();
        self.error += numpy_sum(&squared);
        for b in 0..batch {
            let l2 = l2.row(b);
            self.correct += (argmax(l2.as_slice().expect("row")) == labels[b] as usize) as usize;
        }

        // Backward: the output delta is averaged over the batch.
        for b in 0..batch {
            output_backward(d2.row_mut(b), l2.row(b), labels[b], batch as f64);
        }
        let mut d1 = Array2::zeros((batch, hidden)); // (batch, hidden)
        match self.rule {
            UpdateRule::Averaged => {
                for b in 0..batch {
                    let (d2, l1, mask) = (d2.row(b), l1.row(b), mask.row(b));
                    hidden_backward(d1.row_mut(b), d2, &self.w12, l1, mask, true_derivative);
                }
                update(&mut self.w12, alpha, &l1, &d2);
            }
            UpdateRule::BookRepeated => {
                // The book's `batch` hidden deltas, one per w12 of the inner loop, and
                // its `batch` w01 updates: by linearity their sum is one update whose
                // deltas see the sum of those w12s. The fast path and this one apply
                // that sum (the book's rounding differs; its printed table does not).
                let mut w12_sum = Array2::zeros((hidden, OUTPUTS)); // (hidden, 10)
                for _ in 0..batch {
                    w12_sum += &self.w12;
                    update(&mut self.w12, alpha, &l1, &d2);
                }
                for b in 0..batch {
                    let (d2, l1, mask) = (d2.row(b), l1.row(b), mask.row(b));
                    hidden_backward(d1.row_mut(b), d2, &w12_sum, l1, mask, true_derivative);
                }
            }
        }
        update(&mut self.w01, alpha, l0, &d1);
        if self.config.biases {
            bias_update(&mut self.b2, alpha, &d2);
            bias_update(&mut self.b1, alpha, &d1);
        }
        (self.l1, self.mask, self.l2) = (l1, mask, l2);
    }
}

/// The book's `relu2deriv(output) = output >= 0`, given the ReLU's *output*: always 1.
/// (`relu` and the true derivative, `relu_true_deriv`, are in `basics`, shared with the
/// fast path.)
fn relu2deriv(output: f64) -> f64 {
    (output >= 0.0) as u8 as f64
}

/// `l1 = relu(l0 . w01 + b1)` (no `+ b1` without biases): l0 (784), w01 (784, hidden),
/// b1 (hidden) -> l1 (hidden).
pub(crate) fn hidden_forward(
    mut l1: ArrayViewMut1<'_, f64>,
    l0: ArrayView1<'_, f64>,
    w01: &Array2<f64>,
    b1: Option<&Array1<f64>>,
) {
    for h in 0..l1.len() {
        let mut sum = 0.0;
        for p in 0..PIXELS {
            sum += l0[p] * w01[[p, h]];
        }
        if let Some(b1) = b1 {
            sum += b1[h];
        }
        l1[h] = relu(sum);
    }
}

/// `mask = np.random.randint(2, size=hidden)` for keep 1/2 (one bit a draw), else
/// `np.random.random(hidden) < keep`; then `l1 *= mask * (1 / keep)` (the book's
/// `layer_1 *= dropout_mask * 2`). l1, mask (hidden).
fn dropout_forward(
    mut l1: ArrayViewMut1<'_, f64>,
    mut mask: ArrayViewMut1<'_, f64>,
    keep: f64,
    rng: &mut Mt19937,
) {
    dropout_mask(rng, keep, mask.as_slice_mut().expect("row"));
    for h in 0..l1.len() {
        l1[h] *= mask[h] * (1.0 / keep);
    }
}

/// `l2 = l1 . w12 + b2` (no `+ b2` without biases): l1 (hidden), w12 (hidden, 10),
/// b2 (10) -> l2 (10).
pub(crate) fn output_forward(
    mut l2: ArrayViewMut1<'_, f64>,
    l1: ArrayView1<'_, f64>,
    w12: &Array2<f64>,
    b2: Option<&Array1<f64>>,
) {
    for k in 0..OUTPUTS {
        let mut sum = 0.0;
        for h in 0..l1.len() {
            sum += l1[h] * w12[[h, k]];
        }
        if let Some(b2) = b2 {
            sum += b2[k];
        }
        l2[k] = sum;
    }
}

/// `d2 = (one_hot(label) - l2) / batch`: l2 (10) -> d2 (10). The squared error's
/// gradient with respect to l2 is `-2 * d2`; the book folds the 2 into alpha.
fn output_backward(mut d2: ArrayViewMut1<'_, f64>, l2: ArrayView1<'_, f64>, label: u8, batch: f64) {
    for k in 0..OUTPUTS {
        d2[k] = (one_hot(label, k) - l2[k]) / batch;
    }
}

/// `d1 = d2 . w12^T * relu2deriv(l1) * mask`: d2 (10), w12 (hidden, 10), l1 and mask
/// (hidden) -> d1 (hidden). With `true_derivative`, `(l1 > 0)` instead of the book's
/// `relu2deriv`.
fn hidden_backward(
    mut d1: ArrayViewMut1<'_, f64>,
    d2: ArrayView1<'_, f64>,
    w12: &Array2<f64>,
    l1: ArrayView1<'_, f64>,
    mask: ArrayView1<'_, f64>,
    true_derivative: bool,
) {
    for h in 0..d1.len() {
        let mut sum = 0.0;
        for k in 0..OUTPUTS {
            sum += d2[k] * w12[[h, k]];
        }
        let deriv = if true_derivative {
            relu_true_deriv(l1[h])
        } else {
            relu2deriv(l1[h])
        };
        d1[h] = sum * deriv * mask[h];
    }
}

/// `b += alpha * d.sum(axis=0)`: d (batch, n), b (n); numpy adds the rows in order,
/// starting from the first.
fn bias_update(b: &mut Array1<f64>, alpha: f64, d: &Array2<f64>) {
    for c in 0..b.len() {
        let mut sum = d[[0, c]];
        for r in 1..d.nrows() {
            sum += d[[r, c]];
        }
        b[c] += alpha * sum;
    }
}

/// `w += alpha * input^T . d`: input (batch, rows), d (batch, cols), w (rows, cols).
/// For one example that is `w[r, c] += alpha * (input[r] * d[c])`. The fast path's
/// `update_w12` and `update_w01` (one example) and `update_w12_batch` and
/// `update_w01_batch` (a batch's summed gradient) are this.
fn update(w: &mut Array2<f64>, alpha: f64, input: &Array2<f64>, d: &Array2<f64>) {
    let (rows, cols) = w.dim();
    for r in 0..rows {
        for c in 0..cols {
            let mut sum = 0.0;
            for b in 0..input.nrows() {
                sum += input[[b, r]] * d[[b, c]];
            }
            w[[r, c]] += alpha * sum;
        }
    }
}

#[cfg(test)]
mod agrees;
