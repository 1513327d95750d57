//! Finite-difference check of the book's backward pass: its weight updates are
//! `-alpha/2` times the gradient of the squared error, except where the book's
//! `relu2deriv(layer_1)` (always 1 after the ReLU) lets gradient through a unit
//! that the ReLU switched off; there the true gradient is 0.

use ndarray::Array2;
use reglab::basics::OUTPUTS;
use reglab::dataset::intensity;
use reglab::mt19937::Mt19937;
use reglab::{Config, Dataset, Network, Trainer};

const HIDDEN: usize = 12;
const LABEL: usize = 4;

fn network() -> Network {
    let mut rng = Mt19937::new(11);
    let mut draw = |r, c| Array2::from_shape_simple_fn((r, c), || rng.next_f64() - 0.5);
    let w01: Array2<f64> = draw(784, HIDDEN) * 0.2;
    let w12: Array2<f64> = draw(HIDDEN, OUTPUTS);
    Network::from_weights(w01, w12)
}

/// An image with every third pixel lit.
fn image() -> Vec<u8> {
    let mut rng = Mt19937::new(5);
    (0..784)
        .map(|p| {
            if p % 3 == 0 {
                1 + (rng.next_u32() % 255) as u8
            } else {
                0
            }
        })
        .collect()
}

/// The network's input for `image()`.
fn input() -> Vec<f64> {
    image().into_iter().map(intensity).collect()
}

/// Squared error of the network on `x` against the one-hot label, and the
/// pre-activations of the hidden layer.
fn loss(net: &Network, x: &[f64]) -> (f64, Vec<f64>) {
    let pre: Vec<f64> = (0..HIDDEN)
        .map(|h| (0..784).map(|p| x[p] * net.w01()[[p, h]]).sum())
        .collect();
    let l1: Vec<f64> = pre.iter().map(|&v| v.max(0.0)).collect();
    let loss = (0..OUTPUTS)
        .map(|k| {
            let out: f64 = (0..HIDDEN).map(|h| l1[h] * net.w12()[[h, k]]).sum();
            let y = (k == LABEL) as u8 as f64;
            (y - out).powi(2)
        })
        .sum();
    (loss, pre)
}

/// One step of the trainer with alpha 1 from `net` on `image()`: (new w01 - old w01,
/// new w12 - old w12).
fn book_step(net: &Network) -> (Array2<f64>, Array2<f64>) {
    let data = Dataset::from_parts(image(), vec![LABEL as u8]).unwrap();
    let config = Config {
        hidden: HIDDEN,
        alpha: 1.0,
        iterations: 1,
        train_size: 1,
        ..Config::default()
    };
    let mut trainer = Trainer::new(config, &data).unwrap();
    trainer.restore(net.clone());
    trainer.step();
    let stepped = trainer.network();
    (
        stepped.w01().to_owned() - net.w01(),
        &stepped.w12() - &net.w12(),
    )
}

fn numeric_gradient(net: &Network, x: &[f64], layer: usize, at: (usize, usize)) -> f64 {
    let eps = 1e-6;
    let shifted = |delta: f64| {
        let (mut w01, mut w12) = (net.w01().to_owned(), net.w12().to_owned());
        if layer == 0 {
            w01[at] += delta
        } else {
            w12[at] += delta
        }
        loss(&Network::from_weights(w01, w12), x).0
    };
    (shifted(eps) - shifted(-eps)) / (2.0 * eps)
}

#[test]
fn w12_update_is_minus_half_the_gradient() {
    let (net, x) = (network(), input());
    let (_, dw12) = book_step(&net);
    for h in 0..HIDDEN {
        for k in 0..OUTPUTS {
            let numeric = numeric_gradient(&net, &x, 1, (h, k));
            assert!(
                (dw12[[h, k]] + numeric / 2.0).abs() < 1e-6,
                "w12[{h},{k}]: {} vs {numeric}",
                dw12[[h, k]]
            );
        }
    }
}

#[test]
fn w01_update_is_minus_half_the_gradient_for_active_units() {
    let (net, x) = (network(), input());
    let (dw01, _) = book_step(&net);
    let (_, pre) = loss(&net, &x);
    let (active, inactive): (Vec<usize>, Vec<usize>) = (0..HIDDEN).partition(|&h| pre[h] > 0.0);
    assert!(
        active.len() >= 3 && !inactive.is_empty(),
        "the check needs both kinds of unit: {pre:?}"
    );
    for p in [0, 3, 300, 402, 783] {
        for &h in &active {
            let numeric = numeric_gradient(&net, &x, 0, (p, h));
            assert!(
                (dw01[[p, h]] + numeric / 2.0).abs() < 1e-6,
                "w01[{p},{h}]: {} vs {numeric}",
                dw01[[p, h]]
            );
        }
        for &h in &inactive {
            let numeric = numeric_gradient(&net, &x, 0, (p, h));
            assert_eq!(numeric, 0.0, "a switched-off unit has no gradient");
            // The book's relu2deriv quirk: the update still moves this weight.
            assert!(
                x[p] == 0.0 || dw01[[p, h]] != 0.0,
                "w01[{p},{h}] should move as in the book"
            );
        }
    }
}
