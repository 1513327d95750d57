//! The one table of training settings: name, kind, default, limits and help.
//!
//! Everything that lists settings is built from `SETTINGS`: the command line's flags and
//! `--help`, the page's URL keys, its form and its checks (through the bindings),
//! `Config::problems`, model files (`model`), a run's description (`describe`) and
//! name (`mode_name`). Adding a setting is its field in `Config`, one row here, its
//! use in the reference and the trainer, and its numpy fixture.
//!
//! Above `config`: the rows read and write its fields, and it knows nothing of them.

use crate::basics::{MAX_ALPHA, MAX_HIDDEN, MAX_IMAGES, MAX_ITERATIONS, OUTPUTS};
use crate::config::Config;
use crate::error::Error;
use crate::idx::PIXELS;

/// What values a setting takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A whole number.
    Int,
    /// Any finite number.
    Float,
    /// Off (0) or on (1).
    Switch,
}

/// One row of the table. Values travel as `f64` (every integer setting fits exactly).
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// The name in links and in the page's API (`trainSize`).
    pub name: &'static str,
    /// The command-line flag without its dashes (`train-size`).
    pub flag: &'static str,
    /// The label of the page's field (`Training images`).
    pub label: &'static str,
    /// One line of help, for `--help` and the field's description.
    pub help: &'static str,
    /// Whole numbers or any number.
    pub kind: Kind,
    /// The smallest allowed value (excluded when `min_exclusive`).
    pub min: f64,
    /// Whether `min` itself is refused (a learning rate of 0 learns nothing).
    pub min_exclusive: bool,
    /// The largest allowed value (settings that depend on the data or on each other
    /// have further checks in `Config::problems`).
    pub max: f64,
    /// Reads the setting from a config.
    pub get: fn(&Config) -> f64,
    /// Writes a value already checked against the row's kind and limits.
    pub set: fn(&mut Config, f64),
    /// True for the options beyond the book's chapter 8 (forms show them apart).
    pub beyond_book: bool,
    /// How a run's description says it (`describe`), `None` when the config leaves
    /// it unsaid (off, or said by another row).
    pub says: fn(&Config) -> Option<String>,
    /// Its name in a run's name when it is on (`mode_name`); empty for the rows the
    /// name does not list.
    pub short: &'static str,
    /// Whether a model file keeps it (`model`): true for what the weights were trained
    /// with, false for the run's schedule (iterations, test passes, early stopping).
    pub kept: bool,
}

impl Setting {
    /// The default value, from `Config::default()`.
    pub fn default_value(&self) -> f64 {
        (self.get)(&Config::default())
    }

    /// Whether `value` is of the row's kind and within its limits (on their own; see
    /// `Config::problems` for the checks across settings).
    pub fn accepts(&self, value: f64) -> bool {
        let whole = self.kind == Kind::Float || value.fract() == 0.0;
        let above = if self.min_exclusive {
            value > self.min
        } else {
            value >= self.min
        };
        value.is_finite() && whole && above && value <= self.max
    }

    /// What the row accepts, in words: "a whole number from 1 to 1024".
    pub fn range(&self) -> String {
        let kind = match self.kind {
            Kind::Int => "a whole number",
            Kind::Float => "a number",
            Kind::Switch => return "0 (off) or 1 (on)".into(),
        };
        let above = if self.min_exclusive {
            format!("above {}", self.min)
        } else {
            format!("from {}", self.min)
        };
        let to = if self.min_exclusive {
            "and at most"
        } else {
            "to"
        };
        format!("{kind} {above} {to} {}", self.max)
    }
}

/// `usize` settings read and written as `f64`.
macro_rules! whole {
    ($field:ident) => {
        (
            |c: &Config| c.$field as f64,
            |c: &mut Config, v: f64| c.$field = v as usize,
        )
    };
}

/// `bool` settings read and written as 0 or 1.
macro_rules! switch {
    ($field:ident) => {
        (
            |c: &Config| c.$field as u8 as f64,
            |c: &mut Config, v: f64| c.$field = v != 0.0,
        )
    };
}

/// How a row reads and writes its field of a config.
type Access = (fn(&Config) -> f64, fn(&mut Config, f64));

/// Builds a row.
#[allow(clippy::too_many_arguments)] // a row's cells, in the table's column order
const fn row(
    name: &'static str,
    flag: &'static str,
    label: &'static str,
    help: &'static str,
    kind: Kind,
    (min, min_exclusive, max): (f64, bool, f64),
    (get, set): Access,
    says: fn(&Config) -> Option<String>,
) -> Setting {
    Setting {
        name,
        flag,
        label,
        help,
        kind,
        min,
        min_exclusive,
        max,
        get,
        set,
        beyond_book: false,
        says,
        short: "",
        kept: true,
    }
}

/// `setting`, part of a run's schedule rather than of what a model is: model files do
/// not keep it.
const fn schedule(setting: Setting) -> Setting {
    Setting {
        kept: false,
        ..setting
    }
}

/// `setting`, called `short` in run names when it is on.
const fn named(short: &'static str, setting: Setting) -> Setting {
    Setting { short, ..setting }
}

/// `setting`, marked as an option beyond the book, called `short` in run names.
const fn beyond(short: &'static str, setting: Setting) -> Setting {
    Setting {
        beyond_book: true,
        ..named(short, setting)
    }
}

/// A switch's words in a description: `words` when it is on.
macro_rules! when_on {
    ($field:ident, $words:literal) => {
        |c: &Config| c.$field.then(|| $words.to_string())
    };
}

/// A number's words in a description, `{}` its value: said when it is not 0.
macro_rules! unless_zero {
    ($field:ident, $words:literal) => {
        |c: &Config| (c.$field != 0.0).then(|| format!($words, c.$field))
    };
}

/// `n` with a comma between thousands: 60,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

const IMAGES: f64 = MAX_IMAGES as f64;

/// Every training setting, in the order forms and `--help` show them.
pub const SETTINGS: &[Setting] = &[
    row(
        "hidden",
        "hidden",
        "Hidden units",
        "neurons in the hidden layer",
        Kind::Int,
        (1.0, false, MAX_HIDDEN as f64),
        whole!(hidden),
        |c| Some(format!("{PIXELS}-{}-{OUTPUTS}", c.hidden)),
    ),
    row(
        "alpha",
        "alpha",
        "Learning rate α",
        "how far each update moves the weights",
        Kind::Float,
        (0.0, true, MAX_ALPHA),
        (|c| c.alpha, |c, v| c.alpha = v),
        |c| Some(format!("α {}", c.alpha)),
    ),
    schedule(row(
        "iterations",
        "iterations",
        "Iterations",
        "passes over the training images",
        Kind::Int,
        (1.0, false, MAX_ITERATIONS as f64),
        whole!(iterations),
        |c| Some(format!("{} iterations", thousands(c.iterations))),
    )),
    row(
        "keep",
        "keep",
        "Dropout: keep probability",
        "dropout: the chance each hidden neuron is kept in a training step; 1 = no dropout",
        Kind::Float,
        (0.0, true, 1.0),
        (|c| c.keep, |c, v| c.keep = v),
        |c| c.dropout().then(|| format!("dropout keep {}", c.keep)),
    ),
    row(
        "batch",
        "batch",
        "Batch size",
        "examples averaged into each weight update; 1 = one example at a time",
        Kind::Int,
        (1.0, false, IMAGES),
        whole!(batch),
        |c| (c.batch > 1).then(|| format!("batches of {}", c.batch)),
    ),
    row(
        "seed",
        "seed",
        "Seed",
        "numpy's legacy random seed (the book uses 1)",
        Kind::Int,
        (0.0, false, u32::MAX as f64),
        (|c| c.seed as f64, |c, v| c.seed = v as u32),
        |c| Some(format!("seed {}", c.seed)),
    ),
    row(
        "trainSize",
        "train-size",
        "Training images",
        "training images, from the start of the training file",
        Kind::Int,
        (1.0, false, IMAGES),
        whole!(train_size),
        |c| Some(format!("{} training images", thousands(c.train_size))),
    ),
    schedule(row(
        "testEvery",
        "test-every",
        "Test every",
        "measure on the test set every this many iterations, and after the last",
        Kind::Int,
        (1.0, false, MAX_ITERATIONS as f64),
        whole!(test_every),
        // How often a run is measured, not what it trains.
        |_| None,
    )),
    schedule(named(
        "early stopping",
        row(
            "validation",
            "validation",
            "Validation images",
            "early stopping: validation images, taken right after the training images (never the test set); 0 = off",
            Kind::Int,
            (0.0, false, IMAGES - 1.0),
            whole!(validation),
            |c| {
                (c.validation > 0).then(|| {
                    let images = thousands(c.validation);
                    format!("early stopping ({images} validation images, patience {})", c.patience)
                })
            },
        ),
    )),
    schedule(row(
        "patience",
        "patience",
        "Patience",
        "early stopping: iterations without a better validation accuracy before stopping",
        Kind::Int,
        (1.0, false, MAX_ITERATIONS as f64),
        whole!(patience),
        // Said with the validation images, and only with them.
        |_| None,
    )),
    beyond(
        "true derivative",
        row(
            "trueDerivative",
            "true-derivative",
            "True ReLU derivative",
            "1 = gate the hidden deltas by the true ReLU derivative (hidden > 0); 0 = the book's relu2deriv, applied after the ReLU, which is always 1",
            Kind::Switch,
            (0.0, false, 1.0),
            switch!(true_derivative),
            when_on!(true_derivative, "true ReLU derivative"),
        ),
    ),
    beyond(
        "biases",
        row(
            "biases",
            "biases",
            "Biases",
            "1 = a trained bias on every hidden unit and output; 0 = none, as the book",
            Kind::Switch,
            (0.0, false, 1.0),
            switch!(biases),
            when_on!(biases, "biases"),
        ),
    ),
    beyond(
        "softmax",
        row(
            "softmax",
            "softmax",
            "Softmax + cross-entropy",
            "1 = softmax outputs trained with cross-entropy (the book's chapter 9); 0 = linear outputs and squared error",
            Kind::Switch,
            (0.0, false, 1.0),
            switch!(softmax),
            when_on!(softmax, "softmax"),
        ),
    ),
    beyond(
        "shuffle",
        row(
            "shuffle",
            "shuffle",
            "Shuffle each pass",
            "1 = a fresh seeded shuffle of the training order every pass; 0 = the file's order",
            Kind::Switch,
            (0.0, false, 1.0),
            switch!(shuffle),
            when_on!(shuffle, "shuffling"),
        ),
    ),
    beyond(
        "augment",
        row(
            "augment",
            "augment",
            "Data augmentation strength",
            "every training example a random copy: shifts up to 2 px, rotations up to 15 degrees, scale and shear up to 15%, thicker strokes, all times this; 0 = off",
            Kind::Float,
            (0.0, false, 1.0),
            (|c| c.augment, |c, v| c.augment = v),
            unless_zero!(augment, "augmentation {}"),
        ),
    ),
    beyond(
        "decay",
        row(
            "decay",
            "decay",
            "Learning-rate decay",
            "pass j learns at alpha / (1 + decay * j); 0 = a constant rate, as the book",
            Kind::Float,
            (0.0, false, 10.0),
            (|c| c.decay, |c, v| c.decay = v),
            unless_zero!(decay, "learning-rate decay {}"),
        ),
    ),
];

/// A config from values looked up by setting (`None` keeps the default), or every
/// problem with them: values of the wrong kind or out of range are refused before they
/// are cast, then the checks across settings run (`available` training images).
pub fn config_from(
    value_of: impl Fn(&Setting) -> Option<f64>,
    available: usize,
) -> Result<Config, Vec<Problem>> {
    let mut config = Config::default();
    let mut refused = Vec::new();
    for setting in SETTINGS {
        match value_of(setting) {
            Some(value) if setting.accepts(value) => (setting.set)(&mut config, value),
            Some(value) => refused.push(Problem {
                setting,
                must_be: setting.range(),
                value,
            }),
            None => {}
        }
    }
    let mut problems = config.problems(available);
    // A refused value left its default in place, which must not be blamed instead.
    problems.retain(|p| !refused.iter().any(|r| r.setting == p.setting));
    refused.extend(problems);
    if refused.is_empty() {
        Ok(config)
    } else {
        refused.sort_by_key(|p| SETTINGS.iter().position(|s| s == p.setting));
        Err(refused)
    }
}

/// The row called `name` (as in links) or `None`.
pub fn by_name(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// The row whose flag is `flag` (without dashes) or `None`.
pub fn by_flag(flag: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.flag == flag)
}

/// The checks by the table, and what the table says of a config.
impl Config {
    /// True when any option beyond the book is on (the book's runs have none).
    pub fn beyond_book(&self) -> bool {
        SETTINGS
            .iter()
            .any(|s| s.beyond_book && (s.get)(self) != s.default_value())
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
            let setting = by_name(name).expect("a setting");
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

/// A one-line description of `config`, every row that says something in table order,
/// the options beyond the book after "with": "784-100-10, α 0.005, 300 iterations,
/// dropout keep 0.5, seed 1, 1,000 training images, with true ReLU derivative, biases".
pub fn describe(config: &Config) -> String {
    let said = |beyond: bool| -> Vec<String> {
        SETTINGS
            .iter()
            .filter(|s| s.beyond_book == beyond)
            .filter_map(|s| (s.says)(config))
            .collect()
    };
    let mut line = said(false).join(", ");
    let options = said(true);
    if !options.is_empty() {
        line += &format!(", with {}", options.join(", "));
    }
    line
}

/// A short name for the run `config` makes: "batch" (batches of more than one),
/// "dropout" or "plain", then " + " and each named setting that is on, in table order:
/// "plain + early stopping", "dropout + true derivative + biases". A run with any
/// option beyond the book says so.
pub fn mode_name(config: &Config) -> String {
    let mode = if config.batch > 1 {
        "batch"
    } else if config.dropout() {
        "dropout"
    } else {
        "plain"
    };
    let on = SETTINGS
        .iter()
        .filter(|s| !s.short.is_empty() && (s.get)(config) != s.default_value())
        .map(|s| s.short);
    std::iter::once(mode)
        .chain(on)
        .collect::<Vec<_>>()
        .join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_round_trips_through_a_config() {
        let mut config = Config::default();
        for s in SETTINGS {
            assert!(s.accepts(s.default_value()), "{}: default in range", s.name);
            let value = if s.kind != Kind::Float {
                (s.min.max(1.0) + 1.0).min(s.max)
            } else {
                s.max / 2.0
            };
            (s.set)(&mut config, value);
            assert_eq!((s.get)(&config), value, "{}", s.name);
        }
    }

    #[test]
    fn every_bad_value_is_reported_once_and_in_table_order() {
        let values = |s: &Setting| match s.name {
            "hidden" => Some(1.5),
            "keep" => Some(0.0),
            "trainSize" => Some(500.0),
            "batch" => Some(600.0),
            _ => None,
        };
        let problems = config_from(values, 1000).unwrap_err();
        let names: Vec<&str> = problems.iter().map(|p| p.setting.name).collect();
        assert_eq!(names, ["hidden", "keep", "batch"]);
        assert_eq!(problems[0].value, 1.5, "the value given, not a cast of it");
        let good = |s: &Setting| (s.name == "hidden").then_some(100.0);
        assert_eq!(config_from(good, 1000).unwrap().hidden, 100);
    }

    #[test]
    fn names_and_flags_are_unique() {
        for (i, a) in SETTINGS.iter().enumerate() {
            for b in &SETTINGS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.flag, b.flag);
            }
        }
    }

    #[test]
    fn a_description_says_every_option_and_the_name_lists_them() {
        let book = Config::book_dropout();
        assert_eq!(
            describe(&book),
            "784-100-10, α 0.005, 300 iterations, dropout keep 0.5, seed 1, 1,000 training images"
        );
        assert_eq!(mode_name(&book), "dropout");
        assert_eq!(mode_name(&Config::default()), "plain");
        assert_eq!(mode_name(&Config::book_batch()), "batch");
        let every = Config {
            validation: 1000,
            patience: 20,
            ..Config::drawing()
        };
        assert_eq!(
            describe(&every),
            "784-128-10, α 0.02, 20 iterations, seed 1, 60,000 training images, \
             early stopping (1,000 validation images, patience 20), with true ReLU \
             derivative, biases, softmax, shuffling, augmentation 1, learning-rate decay 0.2"
        );
        assert_eq!(
            mode_name(&every),
            "plain + early stopping + true derivative + biases + softmax + shuffle + augment + decay"
        );
        // Every option beyond the book is said in both, alone.
        for s in SETTINGS.iter().filter(|s| s.beyond_book) {
            let mut config = Config::default();
            (s.set)(&mut config, s.max.min(1.0));
            assert!(describe(&config).contains(", with "), "{}", s.name);
            assert_ne!(mode_name(&config), "plain", "{}", s.name);
            assert!(config.beyond_book(), "{}", s.name);
        }
        assert!(!Config::book_batch().beyond_book());
    }

    #[test]
    fn limits_are_checked_with_kind_and_exclusive_minimum() {
        let alpha = by_name("alpha").unwrap();
        assert!(!alpha.accepts(0.0) && alpha.accepts(1e-9) && !alpha.accepts(f64::NAN));
        let hidden = by_flag("hidden").unwrap();
        assert!(hidden.accepts(1.0) && !hidden.accepts(0.0) && !hidden.accepts(1.5));
        assert_eq!(hidden.range(), "a whole number from 1 to 1024");
        assert_eq!(alpha.range(), "a number above 0 and at most 10");
    }
}
