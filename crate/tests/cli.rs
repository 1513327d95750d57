//! The command line's contract: usage errors exit 2 with one line that says what to do.

mod common;

use std::path::PathBuf;

use common::{mnist_dir, reglab};

fn assert_usage_error(args: &[&str], mentions: &str) {
    let out = reglab(args);
    assert_eq!(out.status.code(), Some(2), "reglab {args:?} should exit 2");
    assert!(out.stdout.is_empty(), "reglab {args:?} printed to stdout");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line expected, got: {stderr}"
    );
    assert!(
        stderr.contains(mentions),
        "`{stderr}` should mention `{mentions}`"
    );
}

#[test]
fn bad_values_exit_2_with_one_line() {
    assert_usage_error(
        &["train", "--alpha", "-0.1"],
        "alpha must be a number above 0",
    );
    assert_usage_error(
        &["train", "--hidden", "0"],
        "hidden must be a whole number from 1 to 1024",
    );
    assert_usage_error(
        &["train", "--keep", "1.5"],
        "keep must be a number above 0 and at most 1",
    );
    assert_usage_error(&["train", "--keep", "0"], "keep must be a number above 0");
    assert_usage_error(
        &["train", "--alpha", "NaN"],
        "alpha must be a number above 0",
    );
    assert_usage_error(&["train", "--iterations", "ten"], "--iterations got `ten`");
    assert_usage_error(
        &["train", "--batch", "0"],
        "batch must be a whole number from 1",
    );
    assert_usage_error(
        &["train", "--dataset", "cifar"],
        "--dataset must be mnist or fashion",
    );
    assert_usage_error(&["train", "--hidden"], "--hidden needs a value");
}

#[test]
fn unknown_commands_and_flags_exit_2() {
    assert_usage_error(&["trian"], "unknown command `trian`");
    assert_usage_error(&["train", "--hiden", "3"], "unknown option `--hiden`");
    assert_usage_error(&["book", "plane"], "unknown book run `plane`");
    assert_usage_error(&[], "no command");
}

#[test]
fn missing_data_says_how_to_get_it() {
    assert_usage_error(
        &["train", "--data", "/nonexistent"],
        "run scripts/fetch-data or pass --data DIR",
    );
}

#[test]
fn train_size_beyond_the_file_is_refused() {
    let data = mnist_dir();
    let args = [
        "train",
        "--train-size",
        "60001",
        "--data",
        data.to_str().unwrap(),
    ];
    assert_usage_error(&args, "train-size must be a whole number from 1 to 60000");
}

#[test]
fn help_documents_every_flag() {
    let out = reglab(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--hidden",
        "--alpha",
        "--iterations",
        "--batch",
        "--keep",
        "--seed",
        "--train-size",
        "--test-every",
        "--dataset",
        "--data",
        "--json",
        "book plain|dropout|batch",
    ] {
        assert!(help.contains(flag), "--help does not mention {flag}");
    }
    // Every line fits 88 columns, and a flag's value is never glued to its description.
    for line in help.lines() {
        assert!(line.len() <= 88, "too long: {line}");
        assert!(!line.contains("0|11 ="), "run-on: {line}");
    }
}

#[test]
fn json_lines_carry_every_figure() {
    let data = mnist_dir();
    let args = ["train", "--iterations", "3", "--test-every", "2", "--json"];
    let out = reglab(&[&args[..], &["--data", data.to_str().unwrap()]].concat());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "iterations 0 and 2 are logged: {text}");
    assert!(
        lines[0].starts_with("{\"iteration\":0,\"train_error\":0.72"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("{\"iteration\":2,"), "{}", lines[1]);
    for key in ["train_accuracy", "test_error", "test_accuracy", "seconds"] {
        assert!(
            lines[1].contains(&format!("\"{key}\":")),
            "{key} missing in {}",
            lines[1]
        );
    }
}

#[test]
fn fashion_mnist_loads_through_the_same_code() {
    let dir = common::root().join("data/fashion");
    assert!(
        dir.exists(),
        "no data/fashion; scripts/fetch-data copies it from dataset-fashion-mnist"
    );
    let args = ["train", "--dataset", "fashion", "--iterations", "1"];
    let out = reglab(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("I:0 Train-Err:"), "{line}");
}

#[test]
fn early_stopping_stops_patience_iterations_after_the_best_and_restores_it() {
    let data = mnist_dir();
    let args = [
        "train",
        "--validation",
        "1000",
        "--patience",
        "5",
        "--test-every",
        "1",
        "--iterations",
        "60",
    ];
    let out = reglab(&[&args[..], &["--data", data.to_str().unwrap()]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (lines, summary) = text.trim_end().rsplit_once('\n').unwrap();
    let field = |line: &str, name: &str| -> String {
        let start = line
            .find(name)
            .unwrap_or_else(|| panic!("{name} in {line}"))
            + name.len();
        line[start..]
            .split(' ')
            .next()
            .unwrap()
            .trim_end_matches(';')
            .to_string()
    };
    let stop: usize = field(summary, "Early stop at I:").parse().unwrap();
    let best: usize = field(summary, "best I:").parse().unwrap();
    assert_eq!(stop, best + 5, "{summary}");
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(
        lines.len(),
        stop + 1,
        "one line per iteration up to the stop"
    );
    let accuracies: Vec<f64> = lines
        .iter()
        .map(|l| field(l, "Valid-Acc:").parse().unwrap())
        .collect();
    let peak = accuracies[..=best].iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!(
        accuracies[best], peak,
        "the best iteration has the highest validation accuracy"
    );
    assert!(
        accuracies[best + 1..].iter().all(|&a| a <= peak),
        "nothing better after it"
    );
    assert_eq!(
        field(summary, "Valid-Acc:"),
        field(lines[best], "Valid-Acc:")
    );
    // The restored weights are the best iteration's: same test figures as its line.
    assert_eq!(field(summary, "Test-Acc:"), field(lines[best], "Test-Acc:"));
    assert_eq!(field(summary, "Test-Err:"), field(lines[best], "Test-Err:"));
}

#[test]
fn validation_must_fit_after_the_training_slice() {
    let data = mnist_dir();
    let args = [
        "train",
        "--validation",
        "59001",
        "--data",
        data.to_str().unwrap(),
    ];
    assert_usage_error(&args, "validation must be a whole number from 0 to 59000");
    assert_usage_error(
        &["train", "--patience", "0"],
        "patience must be a whole number from 1",
    );
}

/// A copy of the MNIST folder in a temporary folder named after `tag`, with the file
/// `broken` passed through `spoil`.
fn mnist_with_broken(tag: &str, broken: &str, spoil: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let mnist = mnist_dir();
    let dir = std::env::temp_dir().join(format!("reglab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ] {
        let mut bytes = std::fs::read(mnist.join(name)).unwrap();
        if name == broken {
            spoil(&mut bytes);
        }
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn a_training_file_bad_past_the_images_a_run_uses_prints_only_the_error() {
    // The run decodes its 1,000 images first and checks the rest of the file alongside;
    // a bad checksum at the very end must still stop it before any line is printed.
    let dir = mnist_with_broken("bad-end", "train-images-idx3-ubyte.gz", |images| {
        let crc_at = images.len() - 8;
        images[crc_at] ^= 0xff;
    });
    let args = [
        "train",
        "--iterations",
        "2",
        "--data",
        dir.to_str().unwrap(),
    ];
    assert_usage_error(&args, "train-images-idx3-ubyte.gz");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_test_file_prints_only_the_error_naming_it() {
    // The test set is decoded by the first test pass, after training has started; a
    // broken file must still end the run with its one-line error and nothing else.
    let dir = mnist_with_broken("bad-test", "t10k-images-idx3-ubyte.gz", |images| {
        images.truncate(images.len() / 2)
    });
    for command in [&["book", "plain"][..], &["train", "--iterations", "2"][..]] {
        let mut args = command.to_vec();
        args.extend(["--data", dir.to_str().unwrap()]);
        assert_usage_error(
            &args,
            "t10k-images-idx3-ubyte.gz: the image file is not valid gzip",
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_label_file_is_named_not_its_image_file() {
    // A label error used to be reported with the image file's path beside it.
    for (tag, broken) in [
        ("bad-train-labels", "train-labels-idx1-ubyte.gz"),
        ("bad-test-labels", "t10k-labels-idx1-ubyte.gz"),
    ] {
        let dir = mnist_with_broken(tag, broken, |labels| labels.truncate(labels.len() / 2));
        let args = ["book", "plain", "--data", dir.to_str().unwrap()];
        assert_usage_error(&args, &format!("{broken}: the label file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn train_saves_a_model_file_with_its_options() {
    let dir = std::env::temp_dir().join(format!("reglab-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("model.rglb");
    let data = mnist_dir();
    let args = [
        "train",
        "--hidden",
        "16",
        "--iterations",
        "2",
        "--train-size",
        "200",
        "--biases",
        "1",
        "--softmax",
        "1",
        "--true-derivative",
        "1",
        "--data",
        data.to_str().unwrap(),
        "--save",
        file.to_str().unwrap(),
    ];
    let out = reglab(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    let model = reglab::model::Model::from_bytes(&bytes).unwrap();
    assert_eq!(&bytes[..8], b"RGLBMDL3");
    // 20 bytes of header, then twelve settings by name (187 bytes), then the weights.
    assert_eq!(bytes.len(), 207 + 8 * (794 * 16 + 16 + 10));
    assert_eq!(model.iterations_trained, 2);
    assert!(model.config.biases && model.config.softmax && model.config.true_derivative);
    // `compact` rewrites it as version 4: one byte a weight, a scale per column.
    let small = dir.join("small.rglb");
    let out = reglab(&["compact", file.to_str().unwrap(), small.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&small).unwrap();
    assert_eq!(&bytes[..8], b"RGLBMDL4");
    assert_eq!(
        bytes.len(),
        207 + 4 * 16 + 784 * 16 + 4 * 10 + 16 * 10 + 4 * (16 + 10)
    );
    let back = reglab::model::Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.config, model.config);
    let not_a_model = dir.join("not.rglb");
    std::fs::write(&not_a_model, b"hello").unwrap();
    let bad = not_a_model.to_str().unwrap();
    assert_usage_error(&["compact", bad, small.to_str().unwrap()], "truncated");
    assert_usage_error(&["compact", bad], "usage: reglab compact IN OUT");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn presets_come_first_and_print_their_settings() {
    let out = reglab(&["train", "--preset", "drawing", "--print-settings"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("hidden 128\n") && text.contains("augment 1\n"),
        "{text}"
    );
    assert_usage_error(
        &["train", "--hidden", "3", "--preset", "plain"],
        "--preset must come first",
    );
    assert_usage_error(&["train", "--preset", "big"], "unknown preset `big`");
}
