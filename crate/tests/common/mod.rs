//! Paths and IDX file builders shared by the integration tests.
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

/// A raw IDX image file: the header (magic 0x803, count, rows, cols), then `body`.
pub fn images_idx(count: u32, rows: u32, cols: u32, body: &[u8]) -> Vec<u8> {
    idx(&[0x0803, count, rows, cols], body)
}

/// A raw IDX label file: the header (magic 0x801, count), then `body`.
pub fn labels_idx(count: u32, body: &[u8]) -> Vec<u8> {
    idx(&[0x0801, count], body)
}

fn idx(header: &[u32], body: &[u8]) -> Vec<u8> {
    let mut bytes: Vec<u8> = header.iter().flat_map(|w| w.to_be_bytes()).collect();
    bytes.extend(body);
    bytes
}

/// `bytes` gzip-compressed, as the MNIST files are.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}
