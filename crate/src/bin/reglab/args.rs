//! Command-line parsing: every flag, its default and its check, in one place.

use std::path::PathBuf;

use reglab::{BookRun, Config};

pub const HELP: &str = "\
reglab: the chapter-8 network of Grokking Deep Learning, exact to the book

USAGE:
    reglab book plain|dropout|batch [--data DIR]
    reglab train [OPTIONS]
    reglab --help

BOOK RUNS (seed 1, the first 1,000 training images, all 10,000 test images):
    plain      784-40-10, alpha 0.005, 350 iterations: overfitting
    dropout    784-100-10, keep 1/2, 300 iterations
    batch      784-100-10, keep 1/2, batches of 100, alpha 0.001, 300 iterations,
               with the printed code's quirk (the update repeated per example)

TRAIN OPTIONS (defaults are the book's plain run):
    --hidden N        hidden units, 1-1024                          [40]
    --alpha X         learning rate, above 0 and at most 10         [0.005]
    --iterations N    passes over the training images, 1-100000     [350]
    --batch N         examples per averaged update; 1 = per example [1]
    --keep P          dropout keep probability in (0, 1]; 1 = off   [1]
    --seed N          numpy legacy seed, 0-4294967295               [1]
    --train-size N    training images from the start of the file    [1000]
    --test-every N    evaluate on the test set every N iterations   [10]
    --validation N    early stopping: N validation images, taken right after the
                      training images (never the test set); 0 = off   [0]
    --patience K      early stopping: stop after K iterations without a better
                      validation accuracy, and restore the best weights [10]
    --dataset NAME    mnist or fashion                              [mnist]
    --data DIR        folder with the four IDX .gz files   [data/mnist or data/fashion]
    --json            one JSON object per logged iteration

A logged line shows the iteration, the training error and accuracy of that pass
and the test error and accuracy after it. Batches: only full batches are used, as in
the book. Errors exit with status 2 and a one-line message.
";

/// What the user asked for.
pub enum Command {
    Help,
    Book {
        run: BookRun,
        data: PathBuf,
    },
    Train {
        config: Config,
        data: PathBuf,
        json: bool,
    },
}

/// A usage mistake, printed as one line; the program exits with status 2.
pub struct Usage(pub String);

pub fn parse(args: &[String]) -> Result<Command, Usage> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        None => Err(Usage(
            "no command; try `reglab book plain` or see `reglab --help`".into(),
        )),
        Some("--help" | "-h" | "help") => Ok(Command::Help),
        Some("book") => parse_book(args),
        Some("train") => parse_train(args),
        Some(other) => Err(Usage(format!(
            "unknown command `{other}`; use `book` or `train` (see --help)"
        ))),
    }
}

fn parse_book<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, Usage> {
    let name = args.next().unwrap_or("");
    let run = BookRun::parse(name).ok_or_else(|| {
        Usage(format!(
            "unknown book run `{name}`; use plain, dropout or batch"
        ))
    })?;
    let mut data = None;
    while let Some(flag) = args.next() {
        match flag {
            "--data" => data = Some(PathBuf::from(value(flag, args.next())?)),
            "--help" | "-h" => return Ok(Command::Help),
            _ => return Err(unknown(flag)),
        }
    }
    Ok(Command::Book {
        run,
        data: data.unwrap_or_else(|| "data/mnist".into()),
    })
}

fn parse_train<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, Usage> {
    let mut config = Config::default();
    let (mut data, mut dataset, mut json) = (None, "mnist".to_string(), false);
    while let Some(flag) = args.next() {
        match flag {
            "--json" => json = true,
            "--help" | "-h" => return Ok(Command::Help),
            "--hidden" => config.hidden = number(flag, args.next())?,
            "--alpha" => config.alpha = number(flag, args.next())?,
            "--iterations" => config.iterations = number(flag, args.next())?,
            "--batch" => config.batch = number(flag, args.next())?,
            "--keep" => config.keep = number(flag, args.next())?,
            "--seed" => config.seed = number(flag, args.next())?,
            "--train-size" => config.train_size = number(flag, args.next())?,
            "--test-every" => config.test_every = number(flag, args.next())?,
            "--validation" => config.validation = number(flag, args.next())?,
            "--patience" => config.patience = number(flag, args.next())?,
            "--data" => data = Some(PathBuf::from(value(flag, args.next())?)),
            "--dataset" => {
                dataset = value(flag, args.next())?.to_string();
                if dataset != "mnist" && dataset != "fashion" {
                    return Err(Usage(format!(
                        "--dataset must be mnist or fashion, got `{dataset}`"
                    )));
                }
            }
            _ => return Err(unknown(flag)),
        }
    }
    // The number of training images is only known once the data is read; check the
    // rest now so a typo fails before a slow load.
    config
        .validate(usize::MAX)
        .map_err(|e| Usage(e.to_string()))?;
    let data = data.unwrap_or_else(|| format!("data/{dataset}").into());
    Ok(Command::Train { config, data, json })
}

fn value<'a>(flag: &str, value: Option<&'a str>) -> Result<&'a str, Usage> {
    value.ok_or_else(|| Usage(format!("{flag} needs a value (see --help)")))
}

fn number<T: std::str::FromStr>(flag: &str, raw: Option<&str>) -> Result<T, Usage> {
    let raw = value(flag, raw)?;
    raw.parse().map_err(|_| {
        Usage(format!(
            "{flag} got `{raw}`, which is not a valid number here (see --help)"
        ))
    })
}

fn unknown(flag: &str) -> Usage {
    Usage(format!("unknown option `{flag}` (see --help)"))
}
