//! The pen of `mnist_from_strokes` is as wide as MNIST's strokes: `preprocess::PEN_WIDTH`
//! is the mean `stroke_width` of the 60,000 training images.

mod common;

use common::mnist_dir;
use reglab::preprocess::{stroke_width, PEN_WIDTH};
use reglab::Dataset;

#[test]
fn the_pen_is_as_wide_as_mnist_strokes() {
    let dir = mnist_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).expect("MNIST file");
    let train = Dataset::from_idx(
        &read("train-images-idx3-ubyte.gz"),
        &read("train-labels-idx1-ubyte.gz"),
    )
    .expect("MNIST parses");
    let widths: Vec<f64> = (0..train.len())
        .filter_map(|i| stroke_width(train.image(i).as_slice().expect("contiguous")))
        .collect();
    let mean = widths.iter().sum::<f64>() / widths.len() as f64;
    let mut sorted = widths.clone();
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) = (
        sorted[sorted.len() / 4],
        sorted[sorted.len() / 2],
        sorted[3 * sorted.len() / 4],
    );
    println!(
        "MNIST stroke width over {} images: mean {mean:.3}, median {median:.3}, quartiles {q1:.3}-{q3:.3} px",
        widths.len()
    );
    assert!(
        (mean - PEN_WIDTH).abs() < 0.05,
        "PEN_WIDTH {PEN_WIDTH} should be the measured mean {mean:.3}"
    );
}
