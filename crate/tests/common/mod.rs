//! Paths shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root (the workspace holding `crate/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `data/mnist`, filled by `scripts/fetch-data`.
pub fn mnist_dir() -> PathBuf {
    let dir = root().join("data/mnist");
    assert!(
        dir.join("train-images-idx3-ubyte.gz").exists(),
        "no MNIST in {}; run scripts/fetch-data first",
        dir.display()
    );
    dir
}

/// Runs the `reglab` binary with `args` from the repository root.
pub fn reglab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglab"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("reglab runs")
}
