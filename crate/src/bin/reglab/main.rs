//! `reglab`: the book's runs and free training runs on the command line.

mod args;
mod files;
mod report;
mod vote;

use std::process::ExitCode;

use args::{Command, Seeds, Usage};
use files::Output;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Usage(message)) => {
            eprintln!("reglab: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), Usage> {
    match command {
        Command::Help => {
            print!("{}", args::help());
            Ok(())
        }
        Command::Settings { config } => {
            for s in reglab::settings::SETTINGS {
                println!("{} {}", s.name, (s.get)(&config));
            }
            Ok(())
        }
        Command::Compact { input, output } => {
            let bytes = std::fs::read(&input)
                .map_err(|e| Usage(format!("cannot read {}: {e}", input.display())))?;
            let model = reglab::model::Model::from_bytes(&bytes)
                .map_err(|e| Usage(format!("{}: {e}", input.display())))?;
            files::write_model(&output, &model.to_bytes_compact())
        }
        Command::Book { run, data } => {
            let (train, test, check) = files::load(&data, run.config().train_size)?;
            let mut out = Output::new(check);
            let result = run.run(train, &test.images(), |line| out.line(line));
            out.finish_after(result.map_err(|e| test.describe(e)))
        }
        Command::Vote {
            config,
            seeds,
            data,
            json,
        } => {
            let (train, test, check) = files::load(&data, config.train_size)?;
            let seeds = match seeds {
                Seeds::Given(seeds) => seeds,
                Seeds::Fresh(count) => {
                    reglab::ensemble::fresh_seeds(count).map_err(|e| Usage(e.to_string()))?
                }
            };
            let mut out = Output::new(check);
            let result = vote::vote(&config, &seeds, &train, &test.images(), json, |line| {
                out.line(line)
            });
            out.finish_after(result.map(|_| ()).map_err(|e| test.describe(e)))
        }
        Command::Train {
            config,
            data,
            json,
            save,
            dataset,
        } => {
            let needed = config.train_size.saturating_add(config.validation);
            let (train, test, check) = files::load(&data, needed)?;
            let mut out = Output::new(check);
            let result = report::train(config, train, &test.images(), json, |line| out.line(line));
            let (result, model) = match result {
                Ok(mut session) => (Ok(()), save.is_some().then(|| session.save_model(dataset))),
                Err(e) => (Err(test.describe(e)), None),
            };
            out.finish_after(result)?;
            match (save, model) {
                (Some(path), Some(bytes)) => files::write_model(&path, &bytes),
                _ => Ok(()),
            }
        }
    }
}
