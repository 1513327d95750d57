//! One settings struct for a training run, with the book's defaults and runs.
//!
//! Below the settings table: `settings` describes and checks these fields row by row
//! (`Config::validate`, `Config::problems`, `Config::beyond_book` live there), and
//! nothing here knows the table.

/// Settings of a training run. `Config::default()` is the book's overfitting run.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Hidden units (book: 40 plain, 100 dropout and batch). 1..=1024.
    pub hidden: usize,
    /// Learning rate (book: 0.005, 0.001 for batches). Finite and > 0, at most 10.
    pub alpha: f64,
    /// Passes over the training images (book: 350 plain, 300 dropout). 1..=100,000.
    pub iterations: usize,
    /// Examples per weight update; 1 is per-example SGD. Full batches only, as the book.
    pub batch: usize,
    /// Probability that dropout keeps a hidden unit; kept activations are scaled by
    /// 1/keep. 1 turns dropout off; the book uses 0.5. In (0, 1].
    pub keep: f64,
    /// Seed of numpy's legacy generator (`np.random.seed`), which the book sets to 1.
    pub seed: u32,
    /// Training images, taken from the start of the training file (book: 1,000).
    pub train_size: usize,
    /// Evaluate on the test set every this many iterations (book: 10), and after the last.
    pub test_every: usize,
    /// Validation images for early stopping, taken right after the training slice of the
    /// training file (never from the test set); 0 turns early stopping off.
    pub validation: usize,
    /// Early stopping: iterations without a better validation accuracy before stopping.
    pub patience: usize,
    /// Gate the hidden deltas by the true ReLU derivative (`hidden > 0`) instead of the
    /// book's `relu2deriv` of the post-ReLU layer, which is always 1. Off: the book.
    pub true_derivative: bool,
    /// A bias on every hidden unit and every output, trained like the weights. Off: the
    /// book's network has none.
    pub biases: bool,
    /// Softmax outputs trained with cross-entropy (the book's chapter 9) instead of
    /// linear outputs and squared error. Errors are still reported as the squared error
    /// of the outputs (here, the probabilities).
    pub softmax: bool,
    /// A fresh seeded shuffle of the training order at the start of every pass (numpy's
    /// `np.random.permutation`, from the run's stream). Off: the file's order.
    pub shuffle: bool,
    /// Data augmentation strength in [0, 1]: every training example is a randomly
    /// shifted, rotated, scaled, sheared and thickened copy (`augment`); 0 is off.
    pub augment: f64,
    /// Learning-rate decay: pass `j` uses `alpha / (1 + decay * j)`; 0 is off.
    pub decay: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hidden: 40,
            alpha: 0.005,
            iterations: 350,
            batch: 1,
            keep: 1.0,
            seed: 1,
            train_size: 1000,
            test_every: 10,
            validation: 0,
            patience: 10,
            true_derivative: false,
            biases: false,
            softmax: false,
            shuffle: false,
            augment: 0.0,
            decay: 0.0,
        }
    }
}

impl Config {
    /// The book's dropout run: hidden 100, 300 iterations, keep 1/2.
    pub fn book_dropout() -> Self {
        Config {
            hidden: 100,
            iterations: 300,
            keep: 0.5,
            ..Config::default()
        }
    }

    /// The book's batch run: hidden 100, batch 100, alpha 0.001, 300 iterations, dropout.
    pub fn book_batch() -> Self {
        Config {
            alpha: 0.001,
            batch: 100,
            ..Config::book_dropout()
        }
    }

    /// The drawing model (`scripts/drawing-model`): 784-128-10 on all 60,000 training
    /// images with every option beyond the book on, reaching 0.98 on the test set.
    pub fn drawing() -> Self {
        Config {
            hidden: 128,
            alpha: 0.02,
            iterations: 20,
            train_size: 60_000,
            test_every: 1,
            true_derivative: true,
            biases: true,
            softmax: true,
            shuffle: true,
            augment: 1.0,
            decay: 0.2,
            ..Config::default()
        }
    }

    /// The learning rate of pass `iteration` (0-based): `alpha / (1 + decay * j)`, and
    /// exactly `alpha` without decay.
    pub fn alpha_at(&self, iteration: usize) -> f64 {
        if self.decay > 0.0 {
            self.alpha / (1.0 + self.decay * iteration as f64)
        } else {
            self.alpha
        }
    }

    /// True when dropout is on.
    pub fn dropout(&self) -> bool {
        self.keep < 1.0
    }
}
