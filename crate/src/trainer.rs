//! A training run as a state machine: one `step` is one example (batch 1) or one
//! batch, so a caller (the command line, the page's worker) can run a whole iteration,
//! a chunk, or a single step and look at what the network just did.
//!
//! Each step is `crate::reference`'s step, made fast: sparse inputs, padded and
//! transposed weights (`network`), `w01` updates held back (`held`); its parts carry
//! the reference's names (`hidden_forward`, `dropout_forward`, `output_forward`,
//! `output_backward`, `hidden_backward`, `bias_update`). The top of the training
//! code: it uses all of those, and none of them uses it.

use ndarray::Array2;

use crate::augment;
use crate::basics::{
    argmax, dropout_mask, in_order, numpy_sum, relu_true_deriv, IterationStats, UpdateRule, OUTPUTS,
};
use crate::config::Config;
use crate::dataset::{Dataset, SparseImage, SparseImages};
use crate::error::Error;
use crate::held::HeldUpdates;
use crate::idx::PIXELS;
use crate::kernels::{add_scaled, axpy, simd_dispatch};
use crate::mt19937::Mt19937;
use crate::network::{hidden_backward_through, output_backward, Network};

/// Whether per-example steps hold `w01` updates back (see `held`). It pays on x86-64,
/// where a row is a few wide vectors and the fused loop fits the registers: one walk
/// over the rows instead of two. In wasm, with sixteen 2-lane registers, the fused loop
/// spills, and updating at once is faster.
const HOLD_W01_UPDATES: bool = !cfg!(target_arch = "wasm32");

/// The trainer: network, random stream, position in the data and scratch buffers.
pub struct Trainer {
    config: Config,
    rule: UpdateRule,
    net: Network,
    rng: Mt19937,
    train: SparseImages,
    iteration: usize,
    cursor: usize,
    error: f64,
    correct: usize,
    scratch: Scratch,
    /// Whether per-example steps hold `w01` updates back (`HOLD_W01_UPDATES`).
    hold_updates: bool,
    /// `w01` updates of per-example steps not applied yet (see `held`).
    held: HeldUpdates,
    /// The learning rate of this pass (`Config::alpha_at`).
    alpha: f64,
    /// With `shuffle`, this pass's order of the training images; else empty.
    order: Vec<u32>,
    /// With `augment`, the current step's augmented copies; else inactive.
    copies: Copies,
}

/// The augmented copies of one step's examples, sparse, and their random stream.
struct Copies {
    active: bool,
    rng: Mt19937,
    /// (784) the example being copied, dense, and its copy.
    dense: Vec<f64>,
    copy: Vec<f64>,
    /// Copy `row` is `index[starts[row]..starts[row + 1]]` (and `value`).
    starts: Vec<usize>,
    index: Vec<u16>,
    value: Vec<f64>,
}

impl Copies {
    fn new(config: &Config) -> Self {
        Copies {
            active: config.augment > 0.0,
            rng: augment::stream(config.seed),
            dense: vec![0.0; PIXELS],
            copy: vec![0.0; PIXELS],
            starts: vec![0],
            index: Vec::new(),
            value: Vec::new(),
        }
    }

    /// Copy of the step's example `row`.
    #[inline(always)]
    fn get(&self, row: usize) -> SparseImage<'_> {
        let range = self.starts[row]..self.starts[row + 1];
        SparseImage {
            index: &self.index[range.clone()],
            value: &self.value[range],
        }
    }

    /// Adds a copy of `x` at `strength`.
    fn push(&mut self, x: SparseImage<'_>, strength: f64) {
        self.dense.fill(0.0);
        for (&p, &v) in x.index.iter().zip(x.value) {
            self.dense[p as usize] = v;
        }
        augment::augment(&self.dense, strength, &mut self.rng, &mut self.copy);
        for (p, &v) in self.copy.iter().enumerate() {
            if v != 0.0 {
                self.index.push(p as u16);
                self.value.push(v);
            }
        }
        self.starts.push(self.index.len());
    }

    fn clear(&mut self) {
        self.starts.truncate(1);
        self.index.clear();
        self.value.clear();
    }
}

/// Example `start + row` of the pass: through the shuffled `order` if there is one,
/// and its augmented copy if `copies` is active. Fields, not `&Trainer`, so callers
/// can borrow the network mutably beside it.
#[inline(always)]
fn example<'a>(
    train: &'a SparseImages,
    order: &[u32],
    copies: &'a Copies,
    start: usize,
    row: usize,
) -> (SparseImage<'a>, u8) {
    let (x, label) = train.get(in_order(order, start + row));
    if copies.active {
        (copies.get(row), label)
    } else {
        (x, label)
    }
}

/// Buffers reused by every step; rows are examples of the current batch.
struct Scratch {
    /// (batch, hidden): hidden activations after ReLU and dropout.
    l1: Array2<f64>,
    /// (batch, hidden): 1 where dropout kept the unit, 0 where it dropped it.
    mask: Array2<f64>,
    /// (batch, 10): outputs.
    l2: Array2<f64>,
    /// (batch, 10): output deltas, `label - l2` (divided by the batch size).
    d2: Array2<f64>,
    /// (batch, hidden): hidden deltas.
    d1: Array2<f64>,
    /// (batch * 10): squared errors, summed as numpy does.
    squared: Vec<f64>,
    /// (hidden, 10) gradient of `w12` over a batch, and the `w12` the hidden deltas use
    /// (the one before the update, or for the book's rule the sum of its `batch` w12s).
    dw12: Array2<f64>,
    w12_for_deltas: Array2<f64>,
    /// (784, hidden) gradient of `w01` over a batch; only `touched` rows are non-zero.
    dw01: Array2<f64>,
    touched: Vec<bool>,
}

impl Scratch {
    /// Hidden-layer buffers are `padded` wide (see `Network::padded_hidden`).
    fn new(batch: usize, hidden: usize, padded: usize) -> Self {
        Scratch {
            l1: Array2::zeros((batch, padded)),
            mask: Array2::ones((batch, padded)),
            l2: Array2::zeros((batch, OUTPUTS)),
            d2: Array2::zeros((batch, OUTPUTS)),
            d1: Array2::zeros((batch, padded)),
            squared: vec![0.0; batch * OUTPUTS],
            dw12: Array2::zeros((hidden, OUTPUTS)),
            w12_for_deltas: Array2::zeros((hidden, OUTPUTS)),
            dw01: Array2::zeros((PIXELS, hidden)),
            touched: vec![false; PIXELS],
        }
    }
}

impl Trainer {
    /// A fresh run on the first `config.train_size` images of `train`.
    pub fn new(config: Config, train: &Dataset) -> Result<Self, Error> {
        Self::with_rule(config, train, UpdateRule::Averaged)
    }

    pub(crate) fn with_rule(
        config: Config,
        train: &Dataset,
        rule: UpdateRule,
    ) -> Result<Self, Error> {
        config.validate(train.len())?;
        let mut rng = Mt19937::new(config.seed);
        let mut net = Network::init(config.hidden, &mut rng);
        if config.biases || config.softmax {
            let (b1, b2) = (vec![0.0; config.hidden], [0.0; OUTPUTS]);
            let biases = config.biases.then_some((&b1[..], &b2));
            net = net.with_options(biases, config.softmax);
        }
        let train = SparseImages::new(&train.slice(0, config.train_size));
        let scratch = Scratch::new(config.batch, config.hidden, net.padded_hidden());
        let held = if HOLD_W01_UPDATES && config.batch == 1 {
            HeldUpdates::new(net.padded_hidden(), config.alpha)
        } else {
            HeldUpdates::none()
        };
        let copies = Copies::new(&config);
        Ok(Trainer {
            alpha: config.alpha,
            order: Vec::new(),
            copies,
            config,
            rule,
            net,
            rng,
            train,
            iteration: 0,
            cursor: 0,
            error: 0.0,
            correct: 0,
            scratch,
            hold_updates: HOLD_W01_UPDATES,
            held,
        })
    }

    /// Tests only: hold `w01` updates back or not, where the target lets it hold back.
    #[cfg(test)]
    pub(crate) fn hold_updates(&mut self, hold: bool) {
        self.hold_updates = hold && self.config.batch == 1;
    }

    /// The run's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The network as it is now (with every held-back update applied).
    pub fn network(&mut self) -> &Network {
        self.held.settle(&mut self.net);
        &self.net
    }

    /// Replaces the weights, e.g. with the best ones early stopping kept. The run goes on
    /// from there.
    ///
    /// Panics if the hidden size differs from the run's.
    pub fn restore(&mut self, network: Network) {
        assert_eq!(network.hidden(), self.config.hidden, "restore: hidden size");
        self.net = network;
        self.held.clear();
    }

    /// Iterations finished so far.
    pub fn iteration(&self) -> usize {
        self.iteration
    }

    /// True when all `config.iterations` are done.
    pub fn finished(&self) -> bool {
        self.iteration >= self.config.iterations
    }

    /// Steps in one iteration: images per pass divided by the batch size.
    pub fn steps_per_iteration(&self) -> usize {
        self.config.train_size / self.config.batch
    }

    /// Index (into the training images) of the first example of the step just taken
    /// (through the pass's shuffled order, with `shuffle`).
    pub fn last_example(&self) -> usize {
        let step = self
            .cursor
            .checked_sub(1)
            .unwrap_or(self.steps_per_iteration() - 1);
        in_order(&self.order, step * self.config.batch)
    }

    /// Hidden activations (after dropout) of the last step's first example.
    pub fn last_hidden(&self) -> &[f64] {
        &self.scratch.l1.row(0).to_slice().expect("standard layout")[..self.config.hidden]
    }

    /// Dropout mask (1 kept, 0 dropped) of the last step's first example.
    pub fn last_mask(&self) -> &[f64] {
        &self
            .scratch
            .mask
            .row(0)
            .to_slice()
            .expect("standard layout")[..self.config.hidden]
    }

    /// Outputs of the last step's first example.
    pub fn last_output(&self) -> &[f64] {
        self.scratch.l2.row(0).to_slice().expect("standard layout")
    }

    /// One step: one example, or one batch. Returns the iteration's figures when the
    /// step ends a pass over the training images.
    ///
    /// Panics if the run is already finished.
    pub fn step(&mut self) -> Option<IterationStats> {
        assert!(!self.finished(), "step() after the last iteration");
        if self.cursor == 0 && self.config.beyond_book() {
            self.start_pass();
        }
        let start = self.cursor * self.config.batch;
        if self.copies.active {
            self.copy_examples(start);
        }
        step_simd(self, start);
        self.cursor += 1;
        if self.cursor < self.steps_per_iteration() {
            return None;
        }
        let n = self.train.len() as f64;
        let stats = IterationStats {
            iteration: self.iteration,
            error: self.error / n,
            accuracy: self.correct as f64 / n,
        };
        self.iteration += 1;
        self.cursor = 0;
        self.error = 0.0;
        self.correct = 0;
        Some(stats)
    }

    /// Runs the steps left in the current iteration and returns its figures.
    ///
    /// Panics if the run is already finished.
    pub fn run_iteration(&mut self) -> IterationStats {
        loop {
            if let Some(stats) = self.step() {
                return stats;
            }
        }
    }

    /// A pass's rate and order: `alpha / (1 + decay * j)`, and with `shuffle` numpy's
    /// `np.random.permutation(n)` from the run's stream, before the pass's masks.
    fn start_pass(&mut self) {
        let alpha = self.config.alpha_at(self.iteration);
        if alpha != self.alpha {
            self.held.settle(&mut self.net);
            self.held.set_alpha(alpha);
            self.alpha = alpha;
        }
        if self.config.shuffle {
            self.rng.permutation(&mut self.order, self.train.len());
        }
    }

    /// Augmented copies of the step's examples, in order.
    fn copy_examples(&mut self, start: usize) {
        self.copies.clear();
        for row in 0..self.config.batch {
            let i = in_order(&self.order, start + row);
            self.copies.push(self.train.get(i).0, self.config.augment);
        }
    }

    /// `d1 *= relu_true_deriv(l1)`, when asked for (the book's `relu2deriv` is 1).
    #[inline(always)]
    fn true_deriv_gate(true_derivative: bool, l1: &[f64], d1: &mut [f64]) {
        if true_derivative {
            for (d, &a) in d1.iter_mut().zip(l1) {
                *d *= relu_true_deriv(a);
            }
        }
    }

    /// Draws one mask row and applies it to `l1` with the 1/keep scaling; nothing is
    /// drawn without dropout.
    #[inline(always)]
    fn dropout_forward(&mut self, row: usize) {
        if !self.config.dropout() {
            return;
        }
        let hidden = self.config.hidden;
        let l1 = &mut self.scratch.l1.row_mut(row).into_slice().expect("row")[..hidden];
        let mask = &mut self.scratch.mask.row_mut(row).into_slice().expect("row")[..hidden];
        dropout_mask(&mut self.rng, self.config.keep, mask);
        apply_mask(self.config.keep, mask, l1);
    }

    /// Forward pass of example `start + row` into scratch row `row`; adds its error and
    /// hit. `settling` per-example steps hold w01 updates back and apply the ones they
    /// meet (see `held`); batch steps update w01 at once.
    #[inline(always)]
    fn forward(&mut self, start: usize, row: usize, settling: bool) {
        let (x, label) = example(&self.train, &self.order, &self.copies, start, row);
        let s = &mut self.scratch;
        let l1 = s.l1.row_mut(row).into_slice().expect("standard layout");
        if settling {
            self.held.hidden_forward(&mut self.net, x, l1);
        } else {
            self.net.hidden_forward(x, l1);
        }
        self.dropout_forward(row);
        let s = &mut self.scratch;
        let l1 = s.l1.row(row);
        let mut l2 = s.l2.row_mut(row);
        self.net
            .output_forward(l1.to_slice().expect("row"), l2.as_slice_mut().expect("row"));
        let mut d2 = s.d2.row_mut(row);
        output_backward(
            d2.as_slice_mut().expect("row"),
            l2.as_slice().expect("row"),
            label,
        );
        for (sq, &d) in s.squared[row * OUTPUTS..(row + 1) * OUTPUTS]
            .iter_mut()
            .zip(d2.iter())
        {
            *sq = d * d;
        }
        self.correct += (argmax(l2.as_slice().expect("row")) == label as usize) as usize;
    }

    #[inline(always)]
    fn example_step(&mut self, i: usize) {
        // A constant where holding back does not pay, so that code is left out there.
        let hold = HOLD_W01_UPDATES && self.hold_updates;
        if hold && self.held.is_full() {
            self.held.settle(&mut self.net);
        }
        self.forward(i, 0, hold);
        self.error += numpy_sum(&self.scratch.squared);
        let s = &mut self.scratch;
        let (l1, d2) = (s.l1.as_slice().expect("row"), s.d2.as_slice().expect("row"));
        // A held update's deltas go straight to their slot.
        let d1 = if hold {
            self.held.next_deltas()
        } else {
            s.d1.as_slice_mut().expect("row")
        };
        self.net.hidden_backward(d2, d1);
        Self::true_deriv_gate(self.config.true_derivative, l1, d1);
        if self.config.dropout() {
            for (d, &m) in d1.iter_mut().zip(s.mask.as_slice().expect("row")) {
                *d *= m;
            }
        }
        let alpha = self.alpha;
        self.net.update_w12(alpha, l1, d2);
        if self.config.biases {
            self.net.bias_update(alpha, d1, d2);
        }
        if hold {
            self.held.commit();
        } else {
            let x = example(&self.train, &self.order, &self.copies, i, 0).0;
            self.net.update_w01(alpha, x, d1);
        }
    }

    #[inline(always)]
    fn batch_step(&mut self, start: usize) {
        let batch = self.config.batch;
        for row in 0..batch {
            self.forward(start, row, false);
        }
        self.error += numpy_sum(&self.scratch.squared);
        let s = &mut self.scratch;
        s.d2.mapv_inplace(|d| d / batch as f64);
        // dw12 = l1^T . d2, summed over the batch in order.
        s.dw12.fill(0.0);
        for (l1, d2) in s.l1.rows().into_iter().zip(s.d2.rows()) {
            for (&a, mut row) in l1.iter().zip(s.dw12.rows_mut()) {
                axpy(
                    a,
                    d2.as_slice().expect("row"),
                    row.as_slice_mut().expect("row"),
                );
            }
        }
        // The book's rule applies the w12 update `batch` times, and each of its hidden
        // deltas uses the w12 of that moment; their sum is d2 . (sum of those w12s)^T.
        let alpha = self.alpha;
        if self.rule == UpdateRule::Averaged {
            s.w12_for_deltas.assign(&self.net.w12());
            self.net.update_w12_batch(alpha, &s.dw12);
        } else {
            s.w12_for_deltas.fill(0.0);
            for _ in 0..batch {
                s.w12_for_deltas += &self.net.w12();
                self.net.update_w12_batch(alpha, &s.dw12);
            }
        }
        for row in 0..batch {
            let mut d1 = s.d1.row_mut(row);
            hidden_backward_through(
                &s.w12_for_deltas,
                s.d2.row(row).to_slice().expect("row"),
                d1.as_slice_mut().expect("row"),
            );
            let l1 = s.l1.row(row);
            Self::true_deriv_gate(
                self.config.true_derivative,
                l1.as_slice().expect("row"),
                d1.as_slice_mut().expect("row"),
            );
            d1 *= &s.mask.row(row);
        }
        if self.config.biases {
            // numpy's `d.sum(axis=0)`: the rows added in order, from the first.
            let (d1_sum, d2_sum) = (column_sums(&s.d1), column_sums(&s.d2));
            self.net.bias_update(alpha, &d1_sum, &d2_sum);
        }
        self.update_w01_batch(start);
    }

    /// w01 += alpha * (l0^T . d1), accumulated over the batch's non-zero pixels only.
    #[inline(always)]
    fn update_w01_batch(&mut self, start: usize) {
        let s = &mut self.scratch;
        let hidden = self.config.hidden;
        let dw01 = s.dw01.as_slice_mut().expect("std");
        for row in 0..self.config.batch {
            let (x, _) = example(&self.train, &self.order, &self.copies, start, row);
            let d1 = s.d1.row(row);
            let d1 = d1.to_slice().expect("row");
            for (&p, &v) in x.index.iter().zip(x.value) {
                let p = p as usize;
                s.touched[p] = true;
                axpy(v, d1, &mut dw01[p * hidden..(p + 1) * hidden]);
            }
        }
        for p in 0..PIXELS {
            if std::mem::take(&mut s.touched[p]) {
                let row = &mut dw01[p * hidden..(p + 1) * hidden];
                add_scaled(self.alpha, row, self.net.w01_row_mut(p));
                row.fill(0.0);
            }
        }
    }
}

/// Sums of the columns of `d` (rows, cols): row 0, then each later row added in order.
fn column_sums(d: &Array2<f64>) -> Vec<f64> {
    let mut sum = d.row(0).to_vec();
    for row in d.rows().into_iter().skip(1) {
        for (s, &v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
    sum
}

/// `l1 *= mask * (1 / keep)`, the book's `layer_1 *= dropout_mask * 2`.
#[inline(always)]
fn apply_mask(keep: f64, mask: &[f64], l1: &mut [f64]) {
    let scale = 1.0 / keep;
    for (a, &m) in l1.iter_mut().zip(mask) {
        *a *= if m == 1.0 { scale } else { 0.0 };
    }
}

simd_dispatch!(fn step_simd = step_body, (trainer: &mut Trainer, start: usize) -> ());

#[inline(always)]
fn step_body(trainer: &mut Trainer, start: usize) {
    if trainer.config.batch == 1 {
        trainer.example_step(start);
    } else {
        trainer.batch_step(start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::predict;

    /// `count` random sparse images with random labels.
    fn synthetic(count: usize) -> Dataset {
        let mut rng = Mt19937::new(42);
        let pixels = (0..count * PIXELS)
            .map(|_| {
                if rng.next_f64() < 0.2 {
                    (rng.next_u32() % 256) as u8
                } else {
                    0
                }
            })
            .collect();
        let labels = (0..count).map(|_| (rng.next_u32() % 10) as u8).collect();
        Dataset::from_parts(pixels, labels).unwrap()
    }

    fn config(keep: f64) -> Config {
        Config {
            hidden: 20,
            train_size: 50,
            iterations: 3,
            keep,
            ..Config::default()
        }
    }

    #[test]
    fn dropout_keeps_the_expected_share_of_units() {
        let data = synthetic(50);
        for keep in [0.5, 0.8, 0.2] {
            let mut trainer = Trainer::new(
                Config {
                    iterations: 20,
                    ..config(keep)
                },
                &data,
            )
            .unwrap();
            let (mut kept, mut seen, mut distinct_masks) = (0.0, 0.0, 0);
            let mut previous = Vec::new();
            while !trainer.finished() {
                trainer.step();
                let mask = trainer.last_mask().to_vec();
                assert!(mask.iter().all(|&m| m == 0.0 || m == 1.0));
                kept += mask.iter().sum::<f64>();
                seen += mask.len() as f64;
                distinct_masks += (mask != previous) as usize;
                previous = mask;
            }
            let share = kept / seen;
            // 20,000 draws: the share is within 0.015 of keep with overwhelming odds.
            assert!((share - keep).abs() < 0.015, "keep {keep}: kept {share}");
            assert!(
                distinct_masks > 900,
                "a new mask each step: {distinct_masks} of 1000"
            );
        }
    }

    #[test]
    fn kept_units_are_scaled_by_one_over_keep_and_dropped_ones_are_zero() {
        let data = synthetic(50);
        let keep = 0.8;
        let mut trainer = Trainer::new(config(keep), &data).unwrap();
        let sparse = SparseImages::new(&data);
        for i in 0..10 {
            let before = predict(trainer.network(), sparse.get(i).0);
            trainer.step();
            let (mask, hidden) = (trainer.last_mask(), trainer.last_hidden());
            for h in 0..20 {
                let expected = if mask[h] == 1.0 {
                    before.hidden[h] * (1.0 / keep)
                } else {
                    0.0
                };
                assert_eq!(hidden[h], expected, "example {i}, unit {h}");
            }
        }
    }

    #[test]
    fn no_dropout_draws_no_mask() {
        let data = synthetic(50);
        let mut trainer = Trainer::new(config(1.0), &data).unwrap();
        trainer.run_iteration();
        assert!(trainer.last_mask().iter().all(|&m| m == 1.0));
        // The run's stream is where the weights' draws left it: no mask took a number.
        let mut untouched = Mt19937::new(config(1.0).seed);
        Network::init(20, &mut untouched);
        let next: Vec<u32> = (0..4).map(|_| trainer.rng.next_u32()).collect();
        let expected: Vec<u32> = (0..4).map(|_| untouched.next_u32()).collect();
        assert_eq!(next, expected);
        // And with dropout the same check fails, so it can tell.
        let mut dropout = Trainer::new(config(0.5), &data).unwrap();
        dropout.run_iteration();
        let mut untouched = Mt19937::new(1);
        Network::init(20, &mut untouched);
        assert_ne!(dropout.rng.next_u32(), untouched.next_u32());
    }
}
