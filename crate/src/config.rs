//! One settings struct for a training run, with the book's defaults, validated once.

use crate::error::Error;
use crate::settings::{Setting, SETTINGS};

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

/// Largest hidden layer allowed: bigger ones gain nothing on MNIST and are slow in a page.
pub const MAX_HIDDEN: usize = 1024;
/// Most iterations allowed in one run.
pub const MAX_ITERATIONS: usize = 100_000;
/// Largest learning rate allowed; far beyond any rate that converges here.
pub const MAX_ALPHA: f64 = 10.0;
/// Most images a setting can ask for: MNIST's and Fashion-MNIST's training files hold
/// 60,000 (the data's own count is checked too).
pub const MAX_IMAGES: usize = 60_000;

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

    /// True when any option beyond the book is on (the book's runs have none).
    pub fn beyond_book(&self) -> bool {
        self.true_derivative
            || self.biases
            || self.softmax
            || self.shuffle
            || self.augment > 0.0
            || self.decay > 0.0
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

    /// Checks every setting against its range; `available` is the number of training
    /// images there are. The error names the first bad setting and what it must be.
    pub fn validate(&self, available: usize) -> Result<(), Error> {
        match self.problems(available).first() {
            Some(problem) => Err(Error::Config(problem.to_string())),
            None => Ok(()),
        }
    }

    /// Every setting that is out of its range, in table order: each on its own
    /// (`settings::SETTINGS`), then those that depend on the data and on each other.
    pub fn problems(&self, available: usize) -> Vec<Problem> {
        let mut problems: Vec<Problem> = SETTINGS
            .iter()
            .filter(|s| !s.accepts((s.get)(self)))
            .map(|s| Problem::new(s, self, s.range()))
            .collect();
        let mut check = |name: &str, fits: bool, must_be: String| {
            let setting = crate::settings::by_name(name).expect("a setting");
            if !fits && !problems.iter().any(|p| p.setting.name == name) {
                problems.push(Problem::new(setting, self, must_be));
            }
        };
        let (train, validation) = (self.train_size, self.validation);
        check(
            "trainSize",
            train <= available,
            format!("a whole number from 1 to {available} (the training images there are)"),
        );
        let left = available.saturating_sub(train);
        check(
            "validation",
            validation <= left,
            format!(
                "a whole number from 0 to {left} (the training images after the training slice)"
            ),
        );
        check(
            "batch",
            self.batch <= train.max(1),
            format!("a whole number from 1 to the training images ({train})"),
        );
        problems
    }
}

/// A setting out of range: which, and what it must be.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The setting's row.
    pub setting: &'static Setting,
    /// What it must be, e.g. "a whole number from 1 to 1024".
    pub must_be: String,
    /// The value it has.
    pub value: f64,
}

impl Problem {
    fn new(setting: &'static Setting, config: &Config, must_be: String) -> Self {
        Problem {
            setting,
            must_be,
            value: (setting.get)(config),
        }
    }
}

impl std::fmt::Display for Problem {
    /// `train-size must be a whole number from 1 to 60000, got 70000`: named by its flag,
    /// which is also how the command line spells it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} must be {}, got {}",
            self.setting.flag, self.must_be, self.value
        )
    }
}

impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
