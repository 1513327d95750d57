//! Model files: a trained network and the settings it was trained with, so a learner can
//! keep a model and load it back later (e.g. to test drawings against it).
//!
//! Format, little-endian. Version 3 (written since the settings are stored by name;
//! magic `RGLBMDL3`) keeps every setting a model is made of by its name in the table
//! (`settings::SETTINGS`, the rows marked `kept`: all but the run's schedule,
//! iterations, test-every and early stopping), so a new setting is stored without a
//! change here:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `RGLBMDL3` |
//! | 8 | 4 | iterations trained (u32) |
//! | 12 | 1 | dataset: 0 MNIST, 1 Fashion-MNIST |
//! | 13 | 3 | zero |
//! | 16 | 4 | n, the number of settings (u32) |
//! | 20 | ... | n times: the name's length (u8), the name (ASCII, e.g. `trainSize`), the value (f64) |
//! | ... | 8 * 784 * hidden | `w01`, row-major (784, hidden), f64 |
//! | ... | 8 * hidden * 10 | `w12`, row-major (hidden, 10), f64 |
//! | ... | 8 * (hidden + 10) | with `biases` 1 only: `b1` (hidden), then `b2` (10), f64 |
//!
//! The writer puts the kept settings in table order. The reader takes them in any
//! order; a setting not in the file takes its default (a file from before the setting
//! existed), an unknown or repeated name is refused (a newer or corrupt file), and
//! every value must be in its row's range. A 784-128-10 model with biases is
//! 20 + 187 + 8 * (794 * 128 + 138) = 814,367 bytes.
//!
//! Version 4 (magic `RGLBMDL4`, written by `Model::to_bytes_compact`, the CLI's
//! `reglab compact`) is version 3's header and settings with 8-bit weights: see
//! `crate/src/quantized.rs`. It is for prediction (the pad's drawing model, 102,943
//! bytes); loaded into a lab it trains on from the dequantized weights.
//!
//! Older files are still read. Version 2 (magic `RGLBMDL2`) is version 1's header, an
//! options block, the weights, then the biases:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `RGLBMDL2` |
//! | 8 | 40 | as version 1, offsets 8 to 47 |
//! | 48 | 4 | options (u32): bit 0 true ReLU derivative, bit 1 biases, bit 2 softmax + cross-entropy, bit 3 shuffle; other bits zero |
//! | 52 | 4 | zero |
//! | 56 | 8 | augmentation strength (f64) |
//! | 64 | 8 | learning-rate decay (f64) |
//! | 72 | ... | `w01`, `w12`, and with biases `b1`, `b2`, as in version 3 |
//!
//! Version 1 (the book's network, no options):
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
use crate::quantized;
use crate::settings::{by_name, SETTINGS};

const MAGIC: &[u8; 8] = b"RGLBMDL1";
const HEADER: usize = 48;
const MAGIC_2: &[u8; 8] = b"RGLBMDL2";
const HEADER_2: usize = 72;
const MAGIC_3: &[u8; 8] = b"RGLBMDL3";
const MAGIC_4: &[u8; 8] = b"RGLBMDL4";
/// Version 3's fixed part, before the settings.
const HEADER_3: usize = 20;
/// Option bits of version 2.
const TRUE_DERIVATIVE: u32 = 1;
const BIASES: u32 = 2;
const SOFTMAX: u32 = 4;
const SHUFFLE: u32 = 8;

/// A saved model: weights, the settings that trained them, and how far.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The settings of the run (the schedule, iterations, test-every, validation and
    /// patience, is not kept: those are the defaults).
    pub config: Config,
    /// Iterations the weights were trained for.
    pub iterations_trained: u32,
    /// 0 for MNIST, 1 for Fashion-MNIST.
    pub dataset: u8,
    /// The weights.
    pub network: Network,
}

/// What a file's header says, before its weights.
struct Header {
    config: Config,
    iterations_trained: u32,
    dataset: u8,
    /// Where the weights start.
    weights_at: usize,
}

fn fail<T>(message: impl Into<String>) -> Result<T, Error> {
    Err(Error::Model(message.into()))
}

fn not_a_model<T>() -> Result<T, Error> {
    fail("this is not a Regularization Lab model file")
}

fn truncated<T>(len: usize, header: usize) -> Result<T, Error> {
    fail(format!(
        "the model file is truncated: {len} bytes, the header alone is {header}"
    ))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn f64_at(bytes: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

impl Model {
    /// The file's bytes, version 3: exact, so a lab can resume from them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.header_bytes(MAGIC_3);
        self.extend_with_weights(&mut out);
        out
    }

    /// The compact file's bytes, version 4: 8-bit weights with a scale per column,
    /// f32 biases (`crate/src/quantized.rs`); about an eighth of version 3, to predict
    /// with.
    pub fn to_bytes_compact(&self) -> Vec<u8> {
        let net = &self.network;
        let mut out = self.header_bytes(MAGIC_4);
        quantized::extend_with_matrix(&mut out, net.w01());
        quantized::extend_with_matrix(&mut out, net.w12());
        if self.config.biases {
            for &b in net.b1().iter().chain(net.b2()) {
                out.extend((b as f32).to_le_bytes());
            }
        }
        out
    }

    /// Version 3's (and 4's) header and settings, under `magic`.
    fn header_bytes(&self, magic: &[u8; 8]) -> Vec<u8> {
        let c = &self.config;
        let kept: Vec<_> = SETTINGS.iter().filter(|s| s.kept).collect();
        let mut out = Vec::with_capacity(HEADER_3 + 8 * (PIXELS + OUTPUTS + 1) * c.hidden);
        out.extend(magic);
        out.extend(self.iterations_trained.to_le_bytes());
        out.extend([self.dataset, 0, 0, 0]);
        out.extend((kept.len() as u32).to_le_bytes());
        for s in kept {
            out.push(s.name.len() as u8);
            out.extend(s.name.as_bytes());
            out.extend((s.get)(c).to_le_bytes());
        }
        out
    }

    /// The version-1 bytes (the book's network: options and biases are left out), to
    /// check that such files still read.
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

    /// `w01`, `w12`, and with biases `b1` and `b2`, as every version stores them.
    fn extend_with_weights(&self, out: &mut Vec<u8>) {
        let net = &self.network;
        for w in net.w01().iter().chain(net.w12()) {
            out.extend(w.to_le_bytes());
        }
        if self.config.biases {
            for b in net.b1().iter().chain(net.b2()) {
                out.extend(b.to_le_bytes());
            }
        }
    }

    /// Parses a model file of any version; every kind of bad file gets its own message.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let header = match bytes.get(..8) {
            Some(magic) if magic == MAGIC_3 || magic == MAGIC_4 => header_3(bytes)?,
            Some(magic) if magic == MAGIC || magic == MAGIC_2 => header_1_2(bytes)?,
            Some(_) => return not_a_model(),
            None => return truncated(bytes.len(), HEADER_3),
        };
        let Header {
            config,
            iterations_trained,
            dataset,
            weights_at,
        } = header;
        // Settings no run can have mean a corrupt header; say so here rather than let the
        // trainer later blame a setting the learner never typed. The training set's size
        // is checked when the model is loaded into a lab.
        if let Some(problem) = config.problems(usize::MAX).first() {
            return fail(format!(
                "the model file's settings are out of range: {problem}"
            ));
        }
        if dataset > 1 {
            return fail(format!(
                "the model file names dataset {dataset}; 0 is MNIST and 1 Fashion-MNIST"
            ));
        }
        let hidden = config.hidden;
        let bias_count = if config.biases { hidden + OUTPUTS } else { 0 };
        let compact = &bytes[..8] == MAGIC_4;
        let expected = weights_at
            + if compact {
                quantized::matrix_len(PIXELS, hidden)
                    + quantized::matrix_len(hidden, OUTPUTS)
                    + 4 * bias_count
            } else {
                8 * ((PIXELS + OUTPUTS) * hidden + bias_count)
            };
        if bytes.len() != expected {
            return fail(format!(
                "the model file has {} bytes, but {hidden} hidden units need {expected}: truncated or corrupt",
                bytes.len()
            ));
        }
        let weights = if compact {
            read_compact(&bytes[weights_at..], hidden)?
        } else {
            bytes[weights_at..]
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes(b.try_into().expect("8")))
                .collect()
        };
        if weights.iter().any(|w| !w.is_finite()) {
            return fail("the model's weights contain infinities or NaN (a diverged run?)");
        }
        let (flat, bias_values) = weights.split_at((PIXELS + OUTPUTS) * hidden);
        let mut network = Network::from_flat(hidden, flat).expect("length checked");
        if config.biases || config.softmax {
            let (b1, b2) = bias_values.split_at(hidden.min(bias_values.len()));
            let b2: Option<&[f64; OUTPUTS]> = b2.try_into().ok();
            network = network.with_options(b2.map(|b2| (b1, b2)), config.softmax);
        }
        Ok(Model {
            config,
            iterations_trained,
            dataset,
            network,
        })
    }
}

/// Version 4's weights, `w01`, `w12`, then any biases, dequantized; `bytes` has the
/// length they need (checked by the caller).
fn read_compact(bytes: &[u8], hidden: usize) -> Result<Vec<f64>, Error> {
    let bad = |e: String| Error::Model(format!("the compact model file is corrupt: {e}"));
    let mut weights = Vec::with_capacity((PIXELS + OUTPUTS + 1) * hidden + OUTPUTS);
    let (w01, rest) = bytes.split_at(quantized::matrix_len(PIXELS, hidden));
    let (w12, biases) = rest.split_at(quantized::matrix_len(hidden, OUTPUTS));
    quantized::read_matrix(w01, PIXELS, hidden, &mut weights).map_err(bad)?;
    quantized::read_matrix(w12, hidden, OUTPUTS, &mut weights).map_err(bad)?;
    weights.extend(
        biases
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("4")) as f64),
    );
    Ok(weights)
}

/// Version 3's header: the settings by name.
fn header_3(bytes: &[u8]) -> Result<Header, Error> {
    if bytes.len() < HEADER_3 {
        return truncated(bytes.len(), HEADER_3);
    }
    // Non-zero padding is a corrupt file (or a later version): accepting it would make
    // a file that `to_bytes` cannot write back.
    if bytes[13..16] != [0, 0, 0] {
        return fail("the model file's header is corrupt (bytes 13-15 are not zero)");
    }
    let count = u32_at(bytes, 16) as usize;
    let mut config = Config::default();
    let mut seen = Vec::new();
    let mut at = HEADER_3;
    let cut =
        || fail("the model file is truncated or corrupt: its settings end before they should");
    // One more than the table's rows is enough: that one is unknown or repeated.
    for _ in 0..count.min(SETTINGS.len() + 1) {
        let Some(&len) = bytes.get(at) else {
            return cut();
        };
        let (name_at, value_at) = (at + 1, at + 1 + len as usize);
        if bytes.len() < value_at + 8 {
            return cut();
        }
        let name = String::from_utf8_lossy(&bytes[name_at..value_at]);
        let setting = match by_name(&name) {
            Some(s) if s.kept => s,
            _ => {
                return fail(format!(
                    "the model file has a setting `{name}` this version does not know (made by a newer version?)"
                ))
            }
        };
        if seen.contains(&setting.name) {
            return fail(format!("the model file gives `{name}` twice: corrupt"));
        }
        seen.push(setting.name);
        let value = f64_at(bytes, value_at);
        if !setting.accepts(value) {
            return fail(format!(
                "the model file's settings are out of range: {} must be {}, got {value}",
                setting.flag,
                setting.range()
            ));
        }
        (setting.set)(&mut config, value);
        // -0.0 for a whole number, say: a value `to_bytes` would not write back.
        if (setting.get)(&config).to_bits() != value.to_bits() {
            return fail(format!(
                "the model file's `{name}` is {value}, not as a model file writes it: corrupt"
            ));
        }
        at = value_at + 8;
    }
    Ok(Header {
        config,
        iterations_trained: u32_at(bytes, 8),
        dataset: bytes[12],
        weights_at: at,
    })
}

/// Version 1's or 2's fixed header.
fn header_1_2(bytes: &[u8]) -> Result<Header, Error> {
    let version2 = &bytes[..8] == MAGIC_2;
    let header = if version2 { HEADER_2 } else { HEADER };
    if bytes.len() < header {
        return truncated(bytes.len(), header);
    }
    let hidden = u32_at(bytes, 8) as usize;
    if !(1..=MAX_HIDDEN).contains(&hidden) {
        return fail(format!(
            "the model file says {hidden} hidden units; a model has 1 to {MAX_HIDDEN}"
        ));
    }
    let options = if version2 { u32_at(bytes, 48) } else { 0 };
    if options & !(TRUE_DERIVATIVE | BIASES | SOFTMAX | SHUFFLE) != 0 {
        return fail(format!(
            "the model file has unknown options {options:#x} (made by a newer version?)"
        ));
    }
    if version2 && u32_at(bytes, 52) != 0 {
        return fail("the model file's header is corrupt (bytes 52-55 are not zero)");
    }
    if bytes[45..HEADER] != [0, 0, 0] {
        return fail("the model file's header is corrupt (bytes 45-47 are not zero)");
    }
    let (augment, decay) = if version2 {
        (f64_at(bytes, 56), f64_at(bytes, 64))
    } else {
        (0.0, 0.0)
    };
    let config = Config {
        true_derivative: options & TRUE_DERIVATIVE != 0,
        biases: options & BIASES != 0,
        softmax: options & SOFTMAX != 0,
        shuffle: options & SHUFFLE != 0,
        augment,
        decay,
        hidden,
        alpha: f64_at(bytes, 16),
        keep: f64_at(bytes, 24),
        batch: u32_at(bytes, 32) as usize,
        seed: u32_at(bytes, 36),
        train_size: u32_at(bytes, 40) as usize,
        ..Config::default()
    };
    Ok(Header {
        config,
        iterations_trained: u32_at(bytes, 12),
        dataset: bytes[44],
        weights_at: header,
    })
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

    /// Version 2's bytes, as that version wrote them.
    fn to_bytes_v2(m: &Model) -> Vec<u8> {
        let c = &m.config;
        let mut out = m.to_bytes_v1();
        out[..8].copy_from_slice(MAGIC_2);
        let options = [
            (c.true_derivative, TRUE_DERIVATIVE),
            (c.biases, BIASES),
            (c.softmax, SOFTMAX),
            (c.shuffle, SHUFFLE),
        ]
        .iter()
        .fold(0u32, |bits, &(on, bit)| bits | if on { bit } else { 0 });
        let mut block = Vec::new();
        block.extend(options.to_le_bytes());
        block.extend([0; 4]);
        block.extend(c.augment.to_le_bytes());
        block.extend(c.decay.to_le_bytes());
        out.splice(HEADER..HEADER, block);
        if c.biases {
            for b in m.network.b1().iter().chain(m.network.b2()) {
                out.extend(b.to_le_bytes());
            }
        }
        out
    }

    /// Where the value of setting `name` sits in version-3 `bytes`.
    fn value_at(bytes: &[u8], name: &str) -> usize {
        let mut key = vec![name.len() as u8];
        key.extend(name.as_bytes());
        let at = bytes.windows(key.len()).position(|w| w == key).unwrap();
        at + key.len()
    }

    /// The settings block of twelve kept settings: 12 lengths, their names, 12 values.
    const SETTINGS_BLOCK: usize = 12 + 79 + 12 * 8;

    #[test]
    fn a_model_survives_the_round_trip() {
        let bytes = model().to_bytes();
        assert_eq!(&bytes[..8], b"RGLBMDL3");
        assert_eq!(SETTINGS.iter().filter(|s| s.kept).count(), 12);
        assert_eq!(bytes.len(), 20 + SETTINGS_BLOCK + 8 * 794 * 12);
        assert_eq!(Model::from_bytes(&bytes).unwrap(), model());
        let bytes = model_v2().to_bytes();
        assert_eq!(bytes.len(), 20 + SETTINGS_BLOCK + 8 * (794 * 12 + 12 + 10));
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, model_v2());
        assert_eq!(back.network.b1()[11], 11.0 / 64.0 - 0.1);
    }

    #[test]
    fn settings_are_stored_by_name_and_a_missing_one_is_its_default() {
        let bytes = model_v2().to_bytes();
        assert_eq!(f64_at(&bytes, value_at(&bytes, "decay")), 0.125);
        assert_eq!(f64_at(&bytes, value_at(&bytes, "trainSize")), 500.0);
        // The same file without `shuffle` (as from before that setting): its default.
        let at = value_at(&bytes, "shuffle") - 1 - "shuffle".len();
        let mut older = bytes[..at].to_vec();
        older.extend(&bytes[at + 1 + "shuffle".len() + 8..]);
        older[16..20].copy_from_slice(&11u32.to_le_bytes());
        let back = Model::from_bytes(&older).unwrap();
        assert!(!back.config.shuffle);
        assert_eq!(
            back.config,
            Config {
                shuffle: false,
                ..model_v2().config
            }
        );
    }

    #[test]
    fn version_1_and_2_files_are_still_read() {
        let bytes = model().to_bytes_v1();
        assert_eq!(&bytes[..8], b"RGLBMDL1");
        assert_eq!(bytes.len(), 48 + 8 * 794 * 12);
        assert_eq!(Model::from_bytes(&bytes).unwrap(), model());
        let bytes = to_bytes_v2(&model_v2());
        assert_eq!(bytes.len(), 72 + 8 * (794 * 12 + 12 + 10));
        assert_eq!(&bytes[48..52], &15u32.to_le_bytes());
        assert_eq!(Model::from_bytes(&bytes).unwrap(), model_v2());
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let good = model().to_bytes();
        let message = |bytes: &[u8]| Model::from_bytes(bytes).unwrap_err().to_string();
        assert!(message(&good[..5]).contains("truncated"));
        assert!(message(&good[..30]).contains("settings end before"));
        assert!(message(&good[..good.len() - 8]).contains("truncated or corrupt"));
        assert!(message(
            b"PK\x03\x04 certainly a zip file, long enough to have a header of 48 bytes"
        )
        .contains("not a Regularization Lab model"));
        let hidden = value_at(&good, "hidden");
        let mut huge = good.clone();
        huge[hidden..hidden + 8].copy_from_slice(&5000f64.to_le_bytes());
        assert!(message(&huge).contains("hidden must be a whole number from 1 to 1024"));
        let mut other = good.clone();
        other[hidden..hidden + 8].copy_from_slice(&13f64.to_le_bytes());
        assert!(message(&other).contains("13 hidden units need"));
        let mut nan = good.clone();
        let weights = 20 + SETTINGS_BLOCK;
        nan[weights..weights + 8].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(message(&nan).contains("NaN"));
        let mut other = good.clone();
        other[12] = 7;
        assert!(message(&other).contains("dataset 7"));
        let mut padded = good.clone();
        padded[14] = 1;
        assert!(message(&padded).contains("bytes 13-15"));
        let keep = value_at(&good, "keep");
        let mut bad_keep = good.clone();
        bad_keep[keep..keep + 8].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(message(&bad_keep).contains("settings are out of range: keep"));
        let mut unknown = good.clone();
        unknown[value_at(&good, "seed") - 1] = b'x';
        assert!(message(&unknown).contains("`seex` this version does not know"));
        let mut twice = good.clone();
        let keep_name = value_at(&good, "keep") - 4;
        twice[keep_name..keep_name + 4].copy_from_slice(b"seed");
        twice[keep_name + 4..keep_name + 12].copy_from_slice(&9f64.to_le_bytes());
        assert!(message(&twice).contains("gives `seed` twice"));
        let seed = value_at(&good, "seed");
        let mut negative_zero = good.clone();
        negative_zero[seed..seed + 8].copy_from_slice(&(-0.0f64).to_le_bytes());
        assert!(message(&negative_zero).contains("not as a model file writes it"));
        let mut batch = good;
        let at = value_at(&batch, "batch");
        batch[at..at + 8].copy_from_slice(&600f64.to_le_bytes());
        assert!(message(&batch).contains("batch must be"));

        let v2 = to_bytes_v2(&model_v2());
        assert!(message(&v2[..v2.len() - 8]).contains("truncated or corrupt"));
        assert!(message(&v2[..60]).contains("header alone is 72"));
        let mut unknown = v2.clone();
        unknown[48] = 0x30;
        assert!(message(&unknown).contains("unknown options"));
        let mut padded = v2.clone();
        padded[53] = 1;
        assert!(message(&padded).contains("bytes 52-55"));
        let mut augment = v2.clone();
        augment[56..64].copy_from_slice(&3.0f64.to_le_bytes());
        assert!(message(&augment).contains("augment must be"));
        let mut huge = v2;
        huge[8..12].copy_from_slice(&5000u32.to_le_bytes());
        assert!(message(&huge).contains("5000 hidden units"));
    }

    #[test]
    fn a_compact_file_is_within_half_a_step_of_each_weight() {
        let m = model_v2();
        let bytes = m.to_bytes_compact();
        assert_eq!(&bytes[..8], b"RGLBMDL4");
        let (w01, w12) = (12 * 4 + 784 * 12, 10 * 4 + 12 * 10);
        assert_eq!(bytes.len(), 20 + SETTINGS_BLOCK + w01 + w12 + 4 * (12 + 10));
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.config, m.config);
        assert_eq!((back.iterations_trained, back.dataset), (77, 1));
        // Each column's step is its largest |w| / 127 (an f32); off by at most half of it.
        for (exact, read) in [
            (m.network.w01(), back.network.w01()),
            (m.network.w12(), back.network.w12()),
        ] {
            for (e, r) in exact.columns().into_iter().zip(read.columns()) {
                let step = (e.iter().fold(0.0f64, |a, x| a.max(x.abs())) / 127.0) as f32 as f64;
                let worst = e
                    .iter()
                    .zip(r)
                    .fold(0.0f64, |a, (x, y)| a.max((x - y).abs()));
                assert!(worst <= step / 2.0 * (1.0 + 1e-6), "{worst} > {step} / 2");
            }
        }
        for (e, r) in m
            .network
            .b1()
            .iter()
            .chain(m.network.b2())
            .zip(back.network.b1().iter().chain(back.network.b2()))
        {
            assert_eq!(*r, *e as f32 as f64);
        }
        // Without biases: none stored.
        let plain = model().to_bytes_compact();
        assert_eq!(plain.len(), 20 + SETTINGS_BLOCK + w01 + w12);
        assert_eq!(Model::from_bytes(&plain).unwrap().config, model().config);
    }

    #[test]
    fn bad_compact_files_are_refused_with_a_reason() {
        let good = model_v2().to_bytes_compact();
        let message = |bytes: &[u8]| Model::from_bytes(bytes).unwrap_err().to_string();
        for cut in [0, 5, 19, 30, 20 + SETTINGS_BLOCK, good.len() - 1] {
            assert!(message(&good[..cut]).contains("truncated"), "cut at {cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(message(&longer).contains("truncated or corrupt"));
        let weights = 20 + SETTINGS_BLOCK;
        for bad in [f32::NAN, f32::INFINITY, -1.0] {
            let mut scale = good.clone();
            scale[weights + 4..weights + 8].copy_from_slice(&bad.to_le_bytes());
            assert!(message(&scale).contains("compact model file is corrupt: a weight scale"));
        }
        let mut bias = good.clone();
        let at = good.len() - 4;
        bias[at..].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(message(&bias).contains("NaN"));
    }

    /// On the real drawing model and MNIST's 10,000 test images: the compact file gives
    /// the exact file's answer for at least 99.9% of them (measured: see the message).
    /// Needs `data/models/drawing-exact.rglb` (kept by `scripts/drawing-model`) and
    /// `data/mnist`; without them it says so and passes.
    #[test]
    fn the_compact_drawing_model_answers_as_the_exact_one_on_mnist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let read = |path: &str| std::fs::read(root.join(path));
        let (Ok(exact), Ok(images), Ok(labels)) = (
            read("data/models/drawing-exact.rglb"),
            read("data/mnist/t10k-images-idx3-ubyte.gz"),
            read("data/mnist/t10k-labels-idx1-ubyte.gz"),
        ) else {
            eprintln!(
                "skipped: no data/models/drawing-exact.rglb or data/mnist (scripts/drawing-model)"
            );
            return;
        };
        let exact = Model::from_bytes(&exact).unwrap();
        let compact = Model::from_bytes(&exact.to_bytes_compact()).unwrap();
        let images = crate::idx::parse_images(&images).unwrap();
        let labels = crate::idx::parse_labels(&labels).unwrap();
        let digit = |m: &Model, pixels: &[u8]| {
            crate::evaluate::predict_pixels(&m.network, pixels)
                .unwrap()
                .digit
        };
        let (mut same, mut right_exact, mut right_compact) = (0, 0, 0);
        for (pixels, &label) in images.chunks_exact(PIXELS).zip(&labels) {
            let (e, c) = (digit(&exact, pixels), digit(&compact, pixels));
            same += (e == c) as usize;
            right_exact += (e == label) as usize;
            right_compact += (c == label) as usize;
        }
        let n = labels.len();
        let message =
            format!("same answer {same}/{n}; right: exact {right_exact}, compact {right_compact}");
        eprintln!("{message}");
        assert!(same * 1000 >= n * 999, "{message}");
        assert!(right_compact + n / 1000 >= right_exact, "{message}");
    }
}
