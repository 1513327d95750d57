//! Early stopping on real MNIST: a run that goes on past the stop (as the page's does)
//! restores and reports the best as of the stop, as the command line does. These are
//! the settings the page's browser test uses.

mod common;

use common::mnist_dir;
use reglab::{Config, Dataset, Session};

/// The book's plain run (784-40-10, α 0.005, 1,000 images, seed 1) on 20 iterations,
/// with 100 validation images and patience 2: validation is best at 5 (0.75), patience
/// runs out at 7, and iteration 9 validates better (0.77).
fn config() -> Config {
    Config {
        iterations: 20,
        validation: 100,
        patience: 2,
        ..Config::default()
    }
}

#[test]
fn a_run_past_the_stop_restores_the_best_before_it() {
    let dir = mnist_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let (images, labels) = (
        read("train-images-idx3-ubyte.gz"),
        read("train-labels-idx1-ubyte.gz"),
    );
    let train = Dataset::from_idx_prefix(&images, &labels, 1100).unwrap();
    let mut session = Session::new(train, config()).unwrap();
    let mut accuracies = Vec::new();
    let mut weights = Vec::new();
    while !session.finished() {
        accuracies.push(session.run_iteration().validation.unwrap().accuracy);
        weights.push(session.snapshot());
    }
    let status = session.early().unwrap();
    assert_eq!(status.stopped_at, Some(7));
    assert_eq!(
        (status.best_iteration, status.best_validation.accuracy),
        (5, 0.75)
    );
    assert_eq!(accuracies[9], 0.77, "better after the stop: {accuracies:?}");
    session.restore_best();
    assert_eq!(session.snapshot(), weights[5]);
}
