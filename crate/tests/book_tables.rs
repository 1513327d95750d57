//! The oracle: the book's printed tables, and numpy's output for other settings
//! (`tools/numpy_oracle.py`), reproduced byte for byte by the `reglab` program.

mod common;

use common::{mnist_dir, reglab, root};

fn assert_prints(args: &[&str], expected_file: &std::path::Path) {
    let expected = std::fs::read_to_string(expected_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected_file.display()));
    let data = mnist_dir();
    let mut args = args.to_vec();
    args.extend(["--data", data.to_str().unwrap()]);
    let out = reglab(&args);
    assert!(
        out.status.success(),
        "reglab {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    for (n, (got, want)) in printed.lines().zip(expected.lines()).enumerate() {
        assert_eq!(got, want, "line {} of reglab {args:?}", n + 1);
    }
    assert_eq!(printed, expected, "reglab {args:?}: output length differs");
}

fn book_reference(run: &str) -> std::path::PathBuf {
    root().join(format!("../shared/reference/book-ch8-{run}.txt"))
}

#[test]
fn book_plain_matches_the_printed_table() {
    assert_prints(&["book", "plain"], &book_reference("plain"));
}

#[test]
fn book_dropout_matches_the_printed_table() {
    assert_prints(&["book", "dropout"], &book_reference("dropout"));
}

#[test]
fn book_batch_matches_the_printed_table() {
    assert_prints(&["book", "batch"], &book_reference("batch"));
}

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("crate/tests/fixtures").join(name)
}

#[test]
fn train_with_another_seed_matches_numpy() {
    let args = ["train", "--seed", "7", "--hidden", "32", "--alpha", "0.01"];
    let args = [&args[..], &["--iterations", "25", "--test-every", "5"]].concat();
    assert_prints(&args, &fixture("seed7-h32-a0.01-i25-e5.txt"));
}

#[test]
fn train_with_dropout_matches_numpy() {
    let args = ["train", "--seed", "3", "--hidden", "64", "--keep", "0.5"];
    let args = [&args[..], &["--iterations", "21", "--test-every", "10"]].concat();
    assert_prints(&args, &fixture("seed3-h64-keep0.5-i21-e10.txt"));
}

#[test]
fn train_with_mini_batches_matches_numpy() {
    let args = [
        "train", "--seed", "2", "--hidden", "50", "--alpha", "0.05", "--batch", "10",
    ];
    let args = [&args[..], &["--iterations", "30", "--test-every", "10"]].concat();
    assert_prints(&args, &fixture("seed2-h50-a0.05-batch10-i30-e10.txt"));
}
