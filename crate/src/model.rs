//! Model files: a trained network and the settings it was trained with, so a learner can
//! keep a model and load it back later (e.g. to test drawings against it).
//!
//! Format, little-endian. Version 2 (written since the options beyond the book; magic
//! `RGLBMDL2`) is version 1's header, an options block, the weights, then the biases:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `RGLBMDL2` |
//! | 8 | 40 | as version 1, offsets 8 to 47 |
//! | 48 | 4 | options (u32): bit 0 true ReLU derivative, bit 1 biases, bit 2 softmax + cross-entropy, bit 3 shuffle; other bits zero |
//! | 52 | 4 | zero |
//! | 56 | 8 | augmentation strength (f64) |
//! | 64 | 8 | learning-rate decay (f64) |
//! | 72 | 8 * 784 * hidden | `w01`, row-major (784, hidden), f64 |
//! | ... | 8 * hidden * 10 | `w12`, row-major (hidden, 10), f64 |
//! | ... | 8 * (hidden + 10) | with biases only: `b1` (hidden), then `b2` (10), f64 |
//!
//! A 784-128-10 model with biases is 72 + 8 * (794 * 128 + 138) = 814,232 bytes.
//! Version 1 files (the book's network, no options) are still read:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `RGLBMDL1` |
//! | 8 | 4 | hidden units (u32) |
//! | 12 | 4 | iterations trained (u32) |
//! | 16 | 8 | alpha (f64) |
//! | 24 | 8 | dropout keep probability (f64) |
//! | 32 | 4 | batch size (u32) |
//! | 36 | 4 | seed (u32) |
//! | 40 | 4 | training images (u32) |
//! | 44 | 1 | dataset: 0 MNIST, 1 Fashion-MNIST |
//! | 45 | 3 | zero |
//! | 48 | 8 * 784 * hidden | `w01`, row-major (784, hidden), f64 |
//! | ... | 8 * hidden * 10 | `w12`, row-major (hidden, 10), f64 |

use crate::basics::{MAX_HIDDEN, OUTPUTS};
use crate::config::Config;
use crate::error::Error;
use crate::idx::PIXELS;
use crate::network::Network;

const MAGIC: &[u8; 8] = b"RGLBMDL1";
const HEADER: usize = 48;
const MAGIC_2: &[u8; 8] = b"RGLBMDL2";
const HEADER_2: usize = 72;
/// Option bits of version 2.
const TRUE_DERIVATIVE: u32 = 1;
const BIASES: u32 = 2;
const SOFTMAX: u32 = 4;
const SHUFFLE: u32 = 8;

/// A saved model: weights, the settings that trained them, and how far.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The settings of the run (test-every, validation and patience are not kept).
    pub config: Config,
    /// Iterations the weights were trained for.
    pub iterations_trained: u32,
    /// 0 for MNIST, 1 for Fashion-MNIST.
    pub dataset: u8,
    /// The weights.
    pub network: Network,
}

impl Model {
    /// The file's bytes: version 2 (version 1 for `to_bytes_v1`'s callers only).
    pub fn to_bytes(&self) -> Vec<u8> {
        let c = &self.config;
        let mut out = self.to_bytes_v1();
        out[..8].copy_from_slice(MAGIC_2);
        let options = [
            (c.true_derivative, TRUE_DERIVATIVE),
            (c.biases, BIASES),
            (c.softmax, SOFTMAX),
            (c.shuffle, SHUFFLE),
        ]
        .iter()
        .fold(0u32, |bits, &(on, bit)| bits | if on { bit } else { 0 });
        let mut block = Vec::with_capacity(HEADER_2 - HEADER);
        block.extend(options.to_le_bytes());
        block.extend([0; 4]);
        block.extend(c.augment.to_le_bytes());
        block.extend(c.decay.to_le_bytes());
        out.splice(HEADER..HEADER, block);
        if c.biases {
            for b in self.network.b1().iter().chain(self.network.b2()) {
                out.extend(b.to_le_bytes());
            }
        }
        out
    }

    /// The version-1 bytes (the book's network: options and biases are left out).
    pub fn to_bytes_v1(&self) -> Vec<u8> {
        let c = &self.config;
        let mut out = Vec::with_capacity(HEADER + 8 * (PIXELS + OUTPUTS) * c.hidden);
        out.extend(MAGIC);
        out.extend((c.hidden as u32).to_le_bytes());
        out.extend(self.iterations_trained.to_le_bytes());
        out.extend(c.alpha.to_le_bytes());
        out.extend(c.keep.to_le_bytes());
        out.extend((c.batch as u32).to_le_bytes());
        out.extend(c.seed.to_le_bytes());
        out.extend((c.train_size as u32).to_le_bytes());
        out.extend([self.dataset, 0, 0, 0]);
        for w in self.network.w01().iter().chain(self.network.w12()) {
            out.extend(w.to_le_bytes());
        }
        out
    }

    /// Parses a model file; every kind of bad file gets its own message.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let fail = |message: String| Err(Error::Model(message));
        if bytes.len() < HEADER {
            if bytes.len() >= 8 && &bytes[..8] != MAGIC && &bytes[..8] != MAGIC_2 {
                return fail("this is not a Regularization Lab model file".into());
            }
            return fail(format!(
                "the model file is truncated: {} bytes, the header alone is {HEADER}",
                bytes.len()
            ));
        }
        let version2 = &bytes[..8] == MAGIC_2;
        if &bytes[..8] != MAGIC && !version2 {
            return fail("this is not a Regularization Lab model file".into());
        }
        let header = if version2 { HEADER_2 } else { HEADER };
        if bytes.len() < header {
            return fail(format!(
                "the model file is truncated: {} bytes, the header alone is {header}",
                bytes.len()
            ));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let f64_at = |at: usize| f64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let hidden = u32_at(8) as usize;
        if !(1..=MAX_HIDDEN).contains(&hidden) {
            return fail(format!(
                "the model file says {hidden} hidden units; a model has 1 to {MAX_HIDDEN}"
            ));
        }
        let options = if version2 { u32_at(48) } else { 0 };
        if options & !(TRUE_DERIVATIVE | BIASES | SOFTMAX | SHUFFLE) != 0 {
            return fail(format!(
                "the model file has unknown options {options:#x} (made by a newer version?)"
            ));
        }
        // Bytes 52-55 are zero, as `to_bytes` writes them (a file it could not write back
        // is corrupt, or from a later version).
        if version2 && u32_at(52) != 0 {
            return fail("the model file's header is corrupt (bytes 52-55 are not zero)".into());
        }
        let biases = options & BIASES != 0;
        let bias_count = if biases { hidden + OUTPUTS } else { 0 };
        let expected = header + 8 * ((PIXELS + OUTPUTS) * hidden + bias_count);
        if bytes.len() != expected {
            return fail(format!(
                "the model file has {} bytes, but {hidden} hidden units need {expected}: truncated or corrupt",
                bytes.len()
            ));
        }
        let weights: Vec<f64> = bytes[header..]
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8")))
            .collect();
        if weights.iter().any(|w| !w.is_finite()) {
            return fail("the model's weights contain infinities or NaN (a diverged run?)".into());
        }
        let (flat, bias_values) = weights.split_at((PIXELS + OUTPUTS) * hidden);
        let mut network = Network::from_flat(hidden, flat).expect("length checked");
        let softmax = options & SOFTMAX != 0;
        if biases || softmax {
            let (b1, b2) = bias_values.split_at(hidden.min(bias_values.len()));
            let b2: Option<&[f64; OUTPUTS]> = b2.try_into().ok();
            network = network.with_options(b2.map(|b2| (b1, b2)), softmax);
        }
        let (augment, decay) = if version2 {
            (f64_at(56), f64_at(64))
        } else {
            (0.0, 0.0)
        };
        let config = Config {
            true_derivative: options & TRUE_DERIVATIVE != 0,
            biases,
            softmax,
            shuffle: options & SHUFFLE != 0,
            augment,
            decay,
            hidden,
            alpha: f64_at(16),
            keep: f64_at(24),
            batch: u32_at(32) as usize,
            seed: u32_at(36),
            train_size: u32_at(40) as usize,
            ..Config::default()
        };
        // Settings no run can have mean a corrupt header; say so here rather than let the
        // trainer later blame a setting the learner never typed. The training set's size
        // is checked when the model is loaded into a lab.
        if let Some(problem) = config.problems(usize::MAX).first() {
            return fail(format!(
                "the model file's settings are out of range: {problem}"
            ));
        }
        let dataset = bytes[44];
        if dataset > 1 {
            return fail(format!(
                "the model file names dataset {dataset}; 0 is MNIST and 1 Fashion-MNIST"
            ));
        }
        // Non-zero padding is a corrupt file (or a later version): accepting it would make
        // a file that `to_bytes` cannot write back.
        if bytes[45..HEADER] != [0, 0, 0] {
            return fail("the model file's header is corrupt (bytes 45-47 are not zero)".into());
        }
        Ok(Model {
            config,
            iterations_trained: u32_at(12),
            dataset,
            network,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt19937::Mt19937;

    fn model() -> Model {
        let config = Config {
            hidden: 12,
            alpha: 0.02,
            keep: 0.5,
            batch: 10,
            seed: 9,
            train_size: 500,
            ..Config::default()
        };
        let network = Network::init(12, &mut Mt19937::new(9));
        Model {
            config,
            iterations_trained: 77,
            dataset: 1,
            network,
        }
    }

    /// A model with every option beyond the book, and non-zero biases.
    fn model_v2() -> Model {
        let mut m = model();
        m.config = Config {
            true_derivative: true,
            biases: true,
            softmax: true,
            shuffle: true,
            augment: 0.75,
            decay: 0.125,
            ..m.config
        };
        let b1: Vec<f64> = (0..12).map(|h| h as f64 / 64.0 - 0.1).collect();
        let b2 = [0.25; OUTPUTS];
        m.network = m.network.with_options(Some((&b1, &b2)), true);
        m
    }

    #[test]
    fn a_model_survives_the_round_trip() {
        let bytes = model().to_bytes();
        assert_eq!(bytes.len(), 72 + 8 * 794 * 12);
        assert_eq!(Model::from_bytes(&bytes).unwrap(), model());
        let bytes = model_v2().to_bytes();
        assert_eq!(bytes.len(), 72 + 8 * (794 * 12 + 12 + 10));
        assert_eq!(&bytes[48..52], &15u32.to_le_bytes());
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, model_v2());
        assert_eq!(back.network.b1()[11], 11.0 / 64.0 - 0.1);
    }

    #[test]
    fn version_1_files_are_still_read() {
        let bytes = model().to_bytes_v1();
        assert_eq!(&bytes[..8], b"RGLBMDL1");
        assert_eq!(bytes.len(), 48 + 8 * 794 * 12);
        assert_eq!(Model::from_bytes(&bytes).unwrap(), model());
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let good = model().to_bytes();
        let message = |bytes: &[u8]| Model::from_bytes(bytes).unwrap_err().to_string();
        assert!(message(&good[..30]).contains("truncated"));
        assert!(message(&good[..good.len() - 8]).contains("truncated or corrupt"));
        assert!(message(
            b"PK\x03\x04 certainly a zip file, long enough to have a header of 48 bytes"
        )
        .contains("not a Regularization Lab model"));
        let mut huge = good.clone();
        huge[8..12].copy_from_slice(&5000u32.to_le_bytes());
        assert!(message(&huge).contains("5000 hidden units"));
        let mut nan = good.clone();
        nan[72..80].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(message(&nan).contains("NaN"));
        let mut other = good.clone();
        other[44] = 7;
        assert!(message(&other).contains("dataset 7"));
        let mut padded = good.clone();
        padded[46] = 1;
        assert!(message(&padded).contains("bytes 45-47"));
        let mut keep = good;
        keep[24..32].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(message(&keep).contains("settings are out of range: keep"));
        let v2 = model_v2().to_bytes();
        assert!(message(&v2[..v2.len() - 8]).contains("truncated or corrupt"));
        assert!(message(&v2[..60]).contains("header alone is 72"));
        let mut unknown = v2.clone();
        unknown[48] = 0x30;
        assert!(message(&unknown).contains("unknown options"));
        let mut padded = model_v2().to_bytes();
        padded[53] = 1;
        assert!(message(&padded).contains("bytes 52-55"));
        let mut augment = v2;
        augment[56..64].copy_from_slice(&3.0f64.to_le_bytes());
        assert!(message(&augment).contains("augment must be"));
    }
}
