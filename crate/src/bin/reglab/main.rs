//! `reglab`: the book's runs and free training runs on the command line.

mod args;
mod files;
mod report;

use std::process::ExitCode;

use args::{Command, Usage};

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
            print!("{}", args::HELP);
            Ok(())
        }
        Command::Book { run, data } => {
            let (train, test) = files::load(&data)?;
            run.run(&train, &test, |line| println!("{line}"))
                .map_err(|e| Usage(e.to_string()))
        }
        Command::Train { config, data, json } => {
            let (train, test) = files::load(&data)?;
            report::train(config, &train, &test, json).map_err(|e| Usage(e.to_string()))
        }
    }
}
