//! The book's three chapter-8 runs, printed line for line as its notebook prints them.

use crate::basics::UpdateRule;
use crate::config::Config;
use crate::dataset::Dataset;
use crate::error::Error;
use crate::evaluate::Evaluation;
use crate::pyfmt::{py_str, py_str5};
use crate::run::{run_logged, TestImages};
use crate::session::Session;

/// One of the book's printed runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookRun {
    /// 784-40-10, 350 iterations: the overfitting example.
    Plain,
    /// 784-100-10 with dropout, 300 iterations.
    Dropout,
    /// 784-100-10, dropout, batches of 100 with the printed code's repeated update.
    Batch,
}

impl BookRun {
    /// Parses `plain`, `dropout` or `batch`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "plain" => Some(BookRun::Plain),
            "dropout" => Some(BookRun::Dropout),
            "batch" => Some(BookRun::Batch),
            _ => None,
        }
    }

    /// The run's settings.
    pub fn config(self) -> Config {
        match self {
            BookRun::Plain => Config::default(),
            BookRun::Dropout => Config::book_dropout(),
            BookRun::Batch => Config::book_batch(),
        }
    }

    /// Whether the book prints iteration `j`: every 10th, and for the plain run the last.
    pub fn logs(self, j: usize, iterations: usize) -> bool {
        j.is_multiple_of(10) || (self == BookRun::Plain && j + 1 == iterations)
    }

    /// The line the book prints for an iteration.
    pub fn line(self, j: usize, train: &Evaluation, test: &Evaluation) -> String {
        let (train_err, train_acc) = (py_str5(train.error), py_str(train.accuracy));
        let (test_err, test_acc) = (py_str5(test.error), py_str(test.accuracy));
        match self {
            BookRun::Plain => format!(
                "I:{j} Train-Err:{train_err} Train-Acc:{train_acc} Test-Err:{test_err} Test-Acc:{test_acc}"
            ),
            BookRun::Dropout | BookRun::Batch => format!(
                "I:{j} Test-Err:{test_err} Test-Acc:{test_acc} Train-Err:{train_err} Train-Acc:{train_acc}"
            ),
        }
    }

    /// Runs the book's code with seed 1 and hands each printed line to `print`.
    pub fn run(
        self,
        train: Dataset,
        test: &TestImages<'_>,
        mut print: impl FnMut(&str),
    ) -> Result<(), Error> {
        let rule = if self == BookRun::Batch {
            UpdateRule::BookRepeated
        } else {
            UpdateRule::Averaged
        };
        let config = self.config();
        let iterations = config.iterations;
        let mut session = Session::with_rule(train, config, rule)?;
        let logs = |j| self.logs(j, iterations);
        run_logged(&mut session, test, logs, |logged| {
            print(&self.line(logged.report.iteration, &logged.report.train, &logged.test))
        })
    }
}
