//! Command-line parsing: every flag, its default and its check, in one place.

use std::path::PathBuf;

use reglab::settings::{by_flag, Kind, SETTINGS};
use reglab::{BookRun, Config};

const HELP_HEAD: &str = "\
reglab: the chapter-8 network of Grokking Deep Learning, exact to the book

USAGE:
    reglab book plain|dropout|batch [--data DIR]
    reglab train [OPTIONS]
    reglab compact IN OUT
    reglab vote [--networks N | --seeds S,S,...] [OPTIONS]
    reglab --help

VOTE: trains a network per seed (fresh random seeds, 10 unless --networks says, or
    the --seeds given), all else as the options say, and prints each one's test
    accuracy, then their vote's: mean and best alone, majority, averaged outputs, the
    share of test images some get right and others wrong (split) and every one gets
    wrong (all_wrong)

COMPACT: reads the model file IN (any version) and writes OUT as version 4: 8-bit
    weights with a scale per hidden unit and per output, f32 biases (about 1/8 the
    size; for prediction, e.g. the pad's drawing model)

BOOK RUNS (seed 1, the first 1,000 training images, all 10,000 test images):
    plain      784-40-10, alpha 0.005, 350 iterations: overfitting
    dropout    784-100-10, keep 1/2, 300 iterations
    batch      784-100-10, keep 1/2, batches of 100, alpha 0.001, 300 iterations,
               with the printed code's quirk (the update repeated per example)

TRAIN OPTIONS (defaults are the book's plain run, or those of --preset):
    --preset NAME       first, if at all: start from plain, dropout, batch or drawing
                        (the drawing model: 784-128-10, every option beyond the book)
";

const HELP_TAIL: &str = "    --dataset NAME      mnist or fashion [mnist]
    --data DIR          folder with the four IDX .gz files [data/mnist or data/fashion]
    --json              one JSON object per logged iteration
    --print-settings    print every setting's name and value, one a line, and stop
    --save FILE         write the trained model (.rglb, crate/src/model.rs) to FILE at
                        the end (early stopping: the restored best weights)

A logged line shows the iteration, the training error and accuracy of that pass
and the test error and accuracy after it. Batches: only full batches are used, as in
the book. Errors exit with status 2 and a one-line message.
";

/// `--help`: the training flags come from the settings table.
pub fn help() -> String {
    let mut text = HELP_HEAD.to_string();
    for s in SETTINGS {
        let metavar = match s.kind {
            Kind::Int => "N",
            Kind::Float => "X",
            Kind::Switch => "0|1",
        };
        let head = format!("    --{} {metavar}", s.flag);
        let body = format!("{}; {} [{}]", s.help, s.range(), s.default_value());
        // A flag too long for its column gets a line of its own, not a run-on.
        if head.len() >= 24 {
            text += &format!("{head}\n");
            text += &wrap(&format!("{:24}{body}", ""), 24);
        } else {
            text += &wrap(&format!("{head:<24}{body}"), 24);
        }
    }
    text + HELP_TAIL
}

/// `line` broken at spaces into lines of at most 88 characters, continuations indented.
fn wrap(line: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if current.len() + word.len() + 1 > 88 && !current.trim().is_empty() {
            out += current.trim_end();
            out.push('\n');
            current = " ".repeat(indent);
        }
        current += word;
        current.push(' ');
    }
    out += current.trim_end();
    out.push('\n');
    out
}

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
        /// Where to write the trained model, if anywhere.
        save: Option<PathBuf>,
        /// 0 MNIST, 1 Fashion-MNIST (as model files name them).
        dataset: u8,
    },
    /// `compact IN OUT`: IN rewritten as a compact (version 4) model file.
    Compact {
        input: PathBuf,
        output: PathBuf,
    },
    /// `vote`: networks alike but for their seeds, and their vote.
    Vote {
        config: Config,
        seeds: Seeds,
        data: PathBuf,
        json: bool,
    },
    /// `train ... --print-settings`: the settings a run would use.
    Settings {
        config: Config,
    },
}

/// The seeds of `vote`'s networks.
pub enum Seeds {
    /// These, in this order.
    Given(Vec<u32>),
    /// This many fresh ones.
    Fresh(usize),
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
        Some("vote") => parse_vote(args),
        Some("compact") => match (args.next(), args.next(), args.next()) {
            (Some(input), Some(output), None) => Ok(Command::Compact {
                input: input.into(),
                output: output.into(),
            }),
            _ => Err(Usage("usage: reglab compact IN OUT".into())),
        },
        Some(other) => Err(Usage(format!(
            "unknown command `{other}`; use `book`, `train`, `vote` or `compact` (see --help)"
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

/// The settings a preset names: the book's runs and the drawing model.
fn preset(name: &str) -> Option<Config> {
    match name {
        "drawing" => Some(Config::drawing()),
        _ => BookRun::parse(name).map(BookRun::config),
    }
}

fn parse_train<'a>(args: impl Iterator<Item = &'a str>) -> Result<Command, Usage> {
    let mut args = args.peekable();
    let mut config = Config::default();
    if args.peek() == Some(&"--preset") {
        args.next();
        let name = value("--preset", args.next())?;
        config = preset(name).ok_or_else(|| {
            Usage(format!(
                "unknown preset `{name}`; use plain, dropout, batch or drawing"
            ))
        })?;
    }
    let (mut data, mut dataset, mut json) = (None, "mnist".to_string(), false);
    let (mut save, mut print_settings) = (None, false);
    while let Some(flag) = args.next() {
        match flag {
            "--json" => json = true,
            "--print-settings" => print_settings = true,
            "--preset" => return Err(Usage("--preset must come first".into())),
            "--save" => save = Some(PathBuf::from(value(flag, args.next())?)),
            "--help" | "-h" => return Ok(Command::Help),
            "--data" => data = Some(PathBuf::from(value(flag, args.next())?)),
            "--dataset" => {
                dataset = value(flag, args.next())?.to_string();
                if dataset != "mnist" && dataset != "fashion" {
                    return Err(Usage(format!(
                        "--dataset must be mnist or fashion, got `{dataset}`"
                    )));
                }
            }
            _ => {
                let setting = flag
                    .strip_prefix("--")
                    .and_then(by_flag)
                    .ok_or_else(|| unknown(flag))?;
                let value: f64 = number(flag, args.next())?;
                if !setting.accepts(value) {
                    return Err(Usage(format!(
                        "{} must be {}, got {value}",
                        setting.flag,
                        setting.range()
                    )));
                }
                (setting.set)(&mut config, value);
            }
        }
    }
    // The number of training images is only known once the data is read; check the
    // rest now so a typo fails before a slow load.
    config
        .validate(usize::MAX)
        .map_err(|e| Usage(e.to_string()))?;
    if print_settings {
        return Ok(Command::Settings { config });
    }
    let data = data.unwrap_or_else(|| format!("data/{dataset}").into());
    let dataset = (dataset == "fashion") as u8;
    Ok(Command::Train {
        config,
        data,
        json,
        save,
        dataset,
    })
}

/// `vote`'s own flags, then the training options as `train` takes them (no --save).
fn parse_vote<'a>(args: impl Iterator<Item = &'a str>) -> Result<Command, Usage> {
    let mut seeds = Seeds::Fresh(10);
    let mut rest = Vec::new();
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        match flag {
            "--networks" => {
                let count: usize = number(flag, args.next())?;
                if !(1..=reglab::ensemble::MAX_MEMBERS).contains(&count) {
                    let most = reglab::ensemble::MAX_MEMBERS;
                    return Err(Usage(format!(
                        "--networks must be 1 to {most}, got {count}"
                    )));
                }
                seeds = Seeds::Fresh(count);
            }
            "--seeds" => {
                let raw = value(flag, args.next())?;
                let given: Result<Vec<u32>, _> = raw.split(',').map(str::parse).collect();
                let fits = |s: &Vec<u32>| (1..=reglab::ensemble::MAX_MEMBERS).contains(&s.len());
                seeds = Seeds::Given(given.ok().filter(fits).ok_or_else(|| {
                    Usage(format!("--seeds takes 1 to 100 seeds (0 to 4294967295) separated by commas, got `{raw}`"))
                })?);
            }
            "--save" => return Err(Usage("vote saves no model; --save is for train".into())),
            _ => rest.push(flag),
        }
    }
    match parse_train(rest.into_iter())? {
        Command::Train {
            config, data, json, ..
        } => Ok(Command::Vote {
            config,
            seeds,
            data,
            json,
        }),
        other => Ok(other),
    }
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
