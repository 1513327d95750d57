//! The vote of networks that differ only in their seed, natively: the figures the wasm
//! tests check the page's core against (`fixtures/vote-synthetic.txt`), and `reglab vote`.

mod common;
mod vote_data;

use reglab::ensemble::{outputs_all, Committee};
use reglab::{Config, Dataset, SparseImages, Trainer};
use vote_data::{fixture, noisy_idx, ALPHA, HIDDEN, ITERATIONS, SEEDS, TRAIN_SIZE};

const FIXTURE: &str = include_str!("fixtures/vote-synthetic.txt");

#[test]
fn networks_from_different_seeds_vote_as_the_fixture_says() {
    let (images, labels) = noisy_idx(400, 1);
    let train = Dataset::from_idx(&images, &labels).unwrap();
    let (images, labels) = noisy_idx(200, 2);
    let test = SparseImages::new(&Dataset::from_idx(&images, &labels).unwrap());
    let mut committee = Committee::new((0..test.len()).map(|i| test.get(i).1).collect());
    for seed in SEEDS {
        let config = Config {
            hidden: HIDDEN,
            alpha: ALPHA,
            iterations: ITERATIONS,
            train_size: TRAIN_SIZE,
            seed,
            ..Config::default()
        };
        let mut trainer = Trainer::new(config, &train).unwrap();
        while !trainer.finished() {
            trainer.run_iteration();
        }
        committee
            .add(seed, outputs_all(trainer.network(), &test))
            .unwrap();
    }
    let vote = committee.vote().unwrap();
    let figures = format!(
        "members: {}\nmajority: {}\naveraged: {}\nsplit: {}\n",
        vote.member_accuracy
            .iter()
            .map(f64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        vote.majority_accuracy,
        vote.averaged_accuracy,
        vote.split_share
    );
    assert_eq!(
        fixture(FIXTURE, "members"),
        vote.member_accuracy,
        "{figures}"
    );
    assert_eq!(
        fixture(FIXTURE, "majority"),
        [vote.majority_accuracy],
        "{figures}"
    );
    assert_eq!(
        fixture(FIXTURE, "averaged"),
        [vote.averaged_accuracy],
        "{figures}"
    );
    assert_eq!(fixture(FIXTURE, "split"), [vote.split_share], "{figures}");
    // Networks that differ: some digits split them, and the vote is not one of them.
    assert!(vote.split_share > 0.0);
    assert!(vote.best() > vote.mean());
}

#[test]
fn reglab_vote_checks_its_flags() {
    let out = common::reglab(&["vote", "--seeds", "1,x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--seeds takes"), "{err}");
    let out = common::reglab(&["vote", "--networks", "101"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--networks must be 1 to 100"));
    let out = common::reglab(&["vote", "--save", "x.rglb"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reglab_vote_on_mnist_prints_each_network_then_the_vote() {
    let data = common::mnist_dir();
    let out = common::reglab(&[
        "vote",
        "--seeds",
        "1,2,3",
        "--iterations",
        "2",
        "--data",
        data.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("{\"seed\":1,\"test_accuracy\":0."),
        "{text}"
    );
    assert!(lines[3].starts_with("{\"networks\":3,"), "{text}");
}
