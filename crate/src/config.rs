//! One settings struct for a training run, with the book's defaults, validated once.

use crate::error::Error;

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
        }
    }
}

/// Largest hidden layer allowed: bigger ones gain nothing on MNIST and are slow in a page.
pub const MAX_HIDDEN: usize = 1024;
/// Most iterations allowed in one run.
pub const MAX_ITERATIONS: usize = 100_000;
/// Largest learning rate allowed; far beyond any rate that converges here.
pub const MAX_ALPHA: f64 = 10.0;

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

    /// True when dropout is on.
    pub fn dropout(&self) -> bool {
        self.keep < 1.0
    }

    /// Checks every setting against its range; `available` is the number of training
    /// images there are. The message names the setting and what to do.
    pub fn validate(&self, available: usize) -> Result<(), Error> {
        let fail = |message: String| Err(Error::Config(message));
        if !(1..=MAX_HIDDEN).contains(&self.hidden) {
            return fail(format!(
                "hidden must be 1 to {MAX_HIDDEN}, got {}",
                self.hidden
            ));
        }
        if !(self.alpha > 0.0 && self.alpha <= MAX_ALPHA) {
            return fail(format!(
                "alpha must be above 0 and at most {MAX_ALPHA}, got {}",
                self.alpha
            ));
        }
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return fail(format!(
                "iterations must be 1 to {MAX_ITERATIONS}, got {}",
                self.iterations
            ));
        }
        if !(self.keep > 0.0 && self.keep <= 1.0) {
            return fail(format!(
                "keep must be above 0 and at most 1 (1 = no dropout), got {}",
                self.keep
            ));
        }
        if self.train_size == 0 || self.train_size > available {
            return fail(format!(
                "train size must be 1 to {available}, got {}",
                self.train_size
            ));
        }
        if self.validation > available - self.train_size {
            return fail(format!(
                "validation must be 0 to {} (the training images after the training slice), got {}",
                available - self.train_size,
                self.validation
            ));
        }
        if self.patience == 0 {
            return fail("patience must be at least 1".into());
        }
        if self.batch == 0 || self.batch > self.train_size {
            return fail(format!(
                "batch must be 1 to the train size ({}), got {}",
                self.train_size, self.batch
            ));
        }
        if self.test_every == 0 {
            return fail("test-every must be at least 1".into());
        }
        Ok(())
    }
}
