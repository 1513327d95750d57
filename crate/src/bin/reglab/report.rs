//! `reglab train`: runs a configuration and prints one line (or JSON object) per
//! logged iteration.

use std::time::Instant;

use reglab::pyfmt::{py_str, py_str5};
use reglab::run::run_logged;
use reglab::{Config, Dataset, Error, Evaluation, IterationStats, SparseImages, Trainer};

pub fn train(config: Config, train: &Dataset, test: &Dataset, json: bool) -> Result<(), Error> {
    let started = Instant::now();
    let (iterations, every) = (config.iterations, config.test_every);
    let mut trainer = Trainer::new(config, train)?;
    let test = SparseImages::new(test);
    let logs = |j| j % every == 0 || j + 1 == iterations;
    run_logged(&mut trainer, &test, logs, |stats, eval| {
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{}",
            if json {
                json_line(&stats, &eval, seconds)
            } else {
                book_line(&stats, &eval)
            }
        );
    });
    Ok(())
}

/// The book's plain-run line format.
fn book_line(train: &IterationStats, test: &Evaluation) -> String {
    format!(
        "I:{} Train-Err:{} Train-Acc:{} Test-Err:{} Test-Acc:{}",
        train.iteration,
        py_str5(train.error),
        py_str(train.accuracy),
        py_str5(test.error),
        py_str(test.accuracy)
    )
}

fn json_line(train: &IterationStats, test: &Evaluation, seconds: f64) -> String {
    format!(
        "{{\"iteration\":{},\"train_error\":{},\"train_accuracy\":{},\"test_error\":{},\"test_accuracy\":{},\"seconds\":{}}}",
        train.iteration,
        json_number(train.error),
        json_number(train.accuracy),
        json_number(test.error),
        json_number(test.accuracy),
        json_number(seconds)
    )
}

/// JSON has no NaN or infinity; a diverged run reports them as null.
fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".into()
    }
}
