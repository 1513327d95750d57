//! `reglab train`: runs a configuration and prints one line (or JSON object) per
//! logged iteration, and with early stopping a closing summary.

use std::time::Instant;

use reglab::pyfmt::{py_str, py_str5};
use reglab::run::{restore_best, run_logged, Logged, TestImages};
use reglab::{Config, Dataset, EarlyStatus, Error, Evaluation, Session};

/// Runs `config` and hands each output line to `print`; returns the session, with
/// early stopping's best weights restored.
pub fn train(
    config: Config,
    train: Dataset,
    test: &TestImages<'_>,
    json: bool,
    mut print: impl FnMut(&str),
) -> Result<Session, Error> {
    let started = Instant::now();
    let (iterations, every) = (config.iterations, config.test_every);
    let early_stopping = config.validation > 0;
    let mut session = Session::new(train, config)?;
    let logs = |j: usize| j.is_multiple_of(every) || j + 1 == iterations;
    run_logged(&mut session, test, logs, |logged| {
        let seconds = started.elapsed().as_secs_f64();
        print(&if json {
            json_line(&logged, seconds)
        } else {
            book_line(&logged)
        });
    })?;
    if early_stopping {
        let (status, restored) =
            restore_best(&mut session, test.get()?).expect("at least one iteration ran");
        let summary = Summary { status, restored };
        print(&if json { summary.json() } else { summary.line() });
    }
    Ok(session)
}

/// The book's plain-run line format, with validation figures when there are some.
fn book_line(logged: &Logged) -> String {
    let Logged { report, test } = logged;
    let (train, validation) = (&report.train, &report.validation);
    let mut line = format!(
        "I:{} Train-Err:{} Train-Acc:{} Test-Err:{} Test-Acc:{}",
        report.iteration,
        py_str5(train.error),
        py_str(train.accuracy),
        py_str5(test.error),
        py_str(test.accuracy)
    );
    if let Some(v) = validation {
        line += &format!(
            " Valid-Err:{} Valid-Acc:{}",
            py_str5(v.error),
            py_str(v.accuracy)
        );
    }
    line
}

fn json_line(logged: &Logged, seconds: f64) -> String {
    let Logged { report, test } = logged;
    let (train, validation) = (&report.train, &report.validation);
    let mut fields = vec![
        ("iteration", report.iteration as f64),
        ("train_error", train.error),
        ("train_accuracy", train.accuracy),
        ("test_error", test.error),
        ("test_accuracy", test.accuracy),
    ];
    if let Some(v) = validation {
        fields.extend([
            ("validation_error", v.error),
            ("validation_accuracy", v.accuracy),
        ]);
    }
    fields.push(("seconds", seconds));
    json_object(&fields)
}

struct Summary {
    status: EarlyStatus,
    restored: Evaluation,
}

impl Summary {
    fn line(&self) -> String {
        let status = &self.status;
        let when = match status.stopped_at {
            Some(stop) => format!(
                "Early stop at I:{stop} (no better validation accuracy for {} iterations)",
                status.patience
            ),
            None => "No early stop".to_string(),
        };
        format!(
            "{when}; best I:{} Valid-Acc:{}; restored its weights: Test-Err:{} Test-Acc:{}",
            status.best_iteration,
            py_str(status.best_validation.accuracy),
            py_str5(self.restored.error),
            py_str(self.restored.accuracy)
        )
    }

    fn json(&self) -> String {
        let status = &self.status;
        let stop = status.stopped_at.map_or(f64::NAN, |s| s as f64);
        json_object(&[
            ("stopped_at", stop),
            ("best_iteration", status.best_iteration as f64),
            ("best_validation_accuracy", status.best_validation.accuracy),
            ("best_validation_error", status.best_validation.error),
            ("restored_test_error", self.restored.error),
            ("restored_test_accuracy", self.restored.accuracy),
        ])
    }
}

/// `{"key":value,...}`; JSON has no NaN or infinity, so those are null.
fn json_object(fields: &[(&str, f64)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(key, x)| {
            if x.is_finite() {
                format!("\"{key}\":{x}")
            } else {
                format!("\"{key}\":null")
            }
        })
        .collect();
    format!("{{{}}}", body.join(","))
}
