//! Reading the four IDX files of a dataset folder.

use std::path::Path;

use reglab::Dataset;

use crate::args::Usage;

const FILES: [(&str, &str); 2] = [
    ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
];

/// The training and test sets in `dir`.
pub fn load(dir: &Path) -> Result<(Dataset, Dataset), Usage> {
    let [train, test] = FILES.map(|(images, labels)| pair(dir, images, labels));
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
