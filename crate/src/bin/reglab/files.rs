//! Reading the four IDX files of a dataset folder.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use reglab::error::Part;
use reglab::run::TestImages;
use reglab::Dataset;

use crate::args::Usage;

const FILES: [(&str, &str); 2] = [
    ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
];

/// The whole training file's check, running in its own thread.
pub struct Check(JoinHandle<Result<(), Usage>>);

impl Check {
    fn wait(self) -> Result<(), Usage> {
        self.0.join().expect("training-file check panicked")
    }
}

/// The test set's two files, read but not decoded: the run decodes them when its
/// first test pass needs them, in that pass's thread (see `TestImages`).
pub struct TestFiles {
    images: Vec<u8>,
    labels: Vec<u8>,
    /// The two files' paths, for error messages.
    image_path: PathBuf,
    label_path: PathBuf,
}

impl TestFiles {
    /// The test images, decoded when first used.
    pub fn images(&self) -> TestImages<'_> {
        TestImages::from_idx(&self.images, &self.labels)
    }

    /// A run's error as one line: a bad setting as it is, a data error (the test files
    /// are the only data a run reads as it goes) with the file it is about.
    pub fn describe(&self, error: reglab::Error) -> Usage {
        if let reglab::Error::Config(_) = error {
            return Usage(error.to_string());
        }
        name_file(&self.image_path, &self.label_path, error)
    }
}

/// A data error of an image/label pair as one line that starts with the file it is
/// about: the label file's path for a label error, both paths when the error is about
/// the pair (their counts differ), else the image file's.
fn name_file(image_path: &Path, label_path: &Path, error: reglab::Error) -> Usage {
    match error.part() {
        Some(Part::Labels) => Usage(format!("{}: {error}", label_path.display())),
        Some(Part::Images) => Usage(format!("{}: {error}", image_path.display())),
        None => Usage(format!(
            "{} and {}: {error}",
            image_path.display(),
            label_path.display()
        )),
    }
}

/// The first `train_limit` training examples of `dir`, its test files, and the check of
/// the whole training file. Decoding all 47 MB of training images was most of a short
/// run's start-up, and a run uses the first few thousand, so only those are decoded
/// before training starts; the whole file is decoded and checked in another thread
/// meanwhile (see `Output`).
pub fn load(dir: &Path, train_limit: usize) -> Result<(Dataset, TestFiles, Check), Usage> {
    let [(train_images, train_labels), (test_images, test_labels)] = FILES;
    let (image_bytes, label_bytes) = (read(dir, train_images)?, read(dir, train_labels)?);
    let test = TestFiles {
        images: read(dir, test_images)?,
        labels: read(dir, test_labels)?,
        image_path: dir.join(test_images),
        label_path: dir.join(test_labels),
    };
    let (image_path, label_path) = (dir.join(train_images), dir.join(train_labels));
    let describe = move |e: reglab::Error| name_file(&image_path, &label_path, e);
    let train = Dataset::from_idx_prefix(&image_bytes, &label_bytes, train_limit)
        .map_err(describe.clone())?;
    let check = std::thread::spawn(move || {
        reglab::background::lower_priority();
        Dataset::from_idx(&image_bytes, &label_bytes)
            .map(drop)
            .map_err(describe)
    });
    Ok((train, test, Check(check)))
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, Usage> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|e| {
        Usage(format!(
            "cannot read {} ({e}); run scripts/fetch-data or pass --data DIR",
            path.display()
        ))
    })
}

/// Standard output that holds a run's lines until the whole training file has passed
/// its check: a file that turns out bad prints nothing but the error, as if it had been
/// checked first. Lines wait in a buffer meanwhile, so training never waits for the check.
pub struct Output {
    check: Option<Check>,
    held: Vec<String>,
    failed: Option<Usage>,
}

impl Output {
    pub fn new(check: Check) -> Self {
        Output {
            check: Some(check),
            held: Vec::new(),
            failed: None,
        }
    }

    pub fn line(&mut self, line: &str) {
        if self.check.as_ref().is_some_and(|c| !c.0.is_finished()) {
            self.held.push(line.to_owned());
            return;
        }
        self.settle();
        if self.failed.is_none() {
            println!("{line}");
        }
    }

    /// Takes the finished check's verdict and prints or drops the held lines.
    fn settle(&mut self) {
        if let Some(check) = self.check.take() {
            self.failed = check.wait().err();
            if self.failed.is_none() {
                for line in self.held.drain(..) {
                    println!("{line}");
                }
            }
        }
    }

    /// The outcome once the run is over with `result`: the check's verdict first
    /// (waiting for it if need be), then the run's. A failed run prints only its error.
    pub fn finish_after(mut self, result: Result<(), Usage>) -> Result<(), Usage> {
        if result.is_err() {
            self.held.clear();
        }
        self.settle();
        self.failed.map_or(result, Err)
    }
}

/// Writes a model file, replacing any at `path` only once it is whole (written to a
/// temporary name beside it, then renamed); says so on stderr.
pub fn write_model(path: &Path, bytes: &[u8]) -> Result<(), Usage> {
    let fail = |e: std::io::Error| Usage(format!("cannot write {}: {e}", path.display()));
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, bytes).map_err(fail)?;
    std::fs::rename(&partial, path).map_err(fail)?;
    eprintln!("reglab: saved {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}
