//! Reading the four IDX files of a dataset folder.

use std::path::Path;

use reglab::Dataset;

use crate::args::Usage;

const FILES: [(&str, &str); 2] = [
    ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
];

/// The training and test sets in `dir`, decoded in parallel (gzip decoding of the
/// 47 MB training images is most of a short run's start-up).
pub fn load(dir: &Path) -> Result<(Dataset, Dataset), Usage> {
    let [(train_images, train_labels), (test_images, test_labels)] = FILES;
    let (train, test) = std::thread::scope(|scope| {
        let test = scope.spawn(|| pair(dir, test_images, test_labels));
        let train = pair(dir, train_images, train_labels);
        (train, test.join().expect("test-set loader panicked"))
    });
    Ok((train?, test?))
}

fn pair(dir: &Path, images: &str, labels: &str) -> Result<Dataset, Usage> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| {
            Usage(format!(
                "cannot read {} ({e}); run scripts/fetch-data or pass --data DIR",
                path.display()
            ))
        })
    };
    let (image_bytes, label_bytes) = (read(images)?, read(labels)?);
    Dataset::from_idx(&image_bytes, &label_bytes)
        .map_err(|e| Usage(format!("{}: {e}", dir.join(images).display())))
}
