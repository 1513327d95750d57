//! Hostile input, generated: the IDX parser and the model-file parser give a typed error
//! that names the right file for every malformed input (random bytes, every truncation of
//! a valid file, flipped bytes, any count in a header), never a panic; a valid file that
//! is unchanged parses. `idx_errors.rs` has the hand-written cases each error stands for.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{gzip, images_idx, labels_idx};

use proptest::collection::vec;
use proptest::prelude::*;
use reglab::error::Part;
use reglab::idx::{self, PIXELS};
use reglab::model::Model;
use reglab::mt19937::Mt19937;
use reglab::{Config, Dataset, Error, Network};

/// Generated inputs per property (proptest's default too); the loops over every offset
/// of a file run fewer, since each case parses a file once per byte.
const CASES: u32 = 1024;
const TRUNCATION_CASES: u32 = 48;

/// A valid image/label pair of 0 to 3 examples, both gzip or both raw, with its content.
#[derive(Debug, Clone)]
struct Pair {
    images: Vec<u8>,
    labels: Vec<u8>,
    pixels: Vec<u8>,
    digits: Vec<u8>,
}

fn pair(min: usize) -> impl Strategy<Value = Pair> {
    (min..4usize, any::<bool>())
        .prop_flat_map(|(count, zip)| {
            (
                vec(any::<u8>(), count * PIXELS),
                vec(0u8..10, count),
                Just(zip),
            )
        })
        .prop_map(|(pixels, digits, zip)| {
            let images = images_idx(digits.len() as u32, 28, 28, &pixels);
            let labels = labels_idx(digits.len() as u32, &digits);
            let (images, labels) = if zip {
                (gzip(&images), gzip(&labels))
            } else {
                (images, labels)
            };
            Pair {
                images,
                labels,
                pixels,
                digits,
            }
        })
}

/// A valid model file of 1 or 2 hidden units (6 KB each) with random settings in range.
fn model_file() -> impl Strategy<Value = Vec<u8>> {
    (
        1usize..=2,
        any::<u32>(),
        1u32..1000,
        0.0001f64..10.0,
        0.05f64..=1.0,
        0u8..=1,
    )
        .prop_map(|(hidden, seed, iterations, alpha, keep, dataset)| {
            let config = Config {
                hidden,
                alpha,
                keep,
                seed,
                ..Config::default()
            };
            Model {
                network: Network::init(hidden, &mut Mt19937::new(seed)),
                config,
                iterations_trained: iterations,
                dataset,
            }
            .to_bytes()
        })
}

/// Bytes that start like one of the formats, so the parsers get past the first check.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    const PREFIXES: [&[u8]; 6] = [
        b"",
        &[0x1f, 0x8b],
        &[0x1f, 0x8b, 8, 0],
        &[0, 0, 8, 3],
        &[0, 0, 8, 1],
        b"RGLBMDL1",
    ];
    (
        prop::sample::select(&PREFIXES[..]),
        vec(any::<u8>(), 0..2048),
    )
        .prop_map(|(prefix, tail)| {
            let mut bytes = prefix.to_vec();
            bytes.extend(tail);
            bytes
        })
}

/// A byte offset, half the time in the first 207 bytes (a version 3 model file's
/// header and settings): a uniform pick in a 6 KB file would rarely touch them at all.
fn offset() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..207, any::<usize>()]
}

/// Fails unless `result` is Ok or an error about `part`, whose message formats.
fn about<T>(result: &Result<T, Error>, part: Part) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(!e.to_string().is_empty());
        prop_assert_eq!(e.part(), Some(part), "{} should be about the {}", e, part);
    }
    Ok(())
}

/// Fails unless `result` is a model-file error.
fn model_error(result: &Result<Model, Error>) -> Result<(), TestCaseError> {
    match result {
        Err(e @ Error::Model(_)) => prop_assert!(!e.to_string().is_empty()),
        other => prop_assert!(
            false,
            "expected a model error, got {:?}",
            other.as_ref().err()
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn random_bytes_get_a_typed_error(bytes in hostile_bytes(), limit in 0usize..5) {
        let images = idx::parse_images(&bytes);
        about(&images, Part::Images)?;
        if let Ok(pixels) = images {
            prop_assert_eq!(pixels.len() % PIXELS, 0);
        }
        about(&idx::parse_images_prefix(&bytes, limit), Part::Images)?;
        let labels = idx::parse_labels(&bytes);
        about(&labels, Part::Labels)?;
        if let Ok(digits) = labels {
            prop_assert!(digits.iter().all(|&d| d <= 9));
        }
        // Random bytes are never a whole model: the length must match the header exactly.
        model_error(&Model::from_bytes(&bytes))?;
    }

    #[test]
    fn a_valid_pair_parses_to_its_content(p in pair(0)) {
        let data = Dataset::from_idx(&p.images, &p.labels).unwrap();
        prop_assert_eq!(data.labels(), &p.digits[..]);
        for i in 0..data.len() {
            prop_assert_eq!(data.image(i).to_vec(), p.pixels[i * PIXELS..(i + 1) * PIXELS].to_vec());
        }
    }

    #[test]
    fn a_flipped_byte_is_an_error_naming_its_file(p in pair(0), at in offset(), mask in 1u8..=255, in_labels in any::<bool>()) {
        let (mut images, mut labels) = (p.images.clone(), p.labels.clone());
        let file = if in_labels { &mut labels } else { &mut images };
        let at = at % file.len();
        file[at] ^= mask;
        let result = Dataset::from_idx(&images, &labels);
        about(&result, if in_labels { Part::Labels } else { Part::Images })?;
        if let Ok(data) = result {
            // Only a content byte of a raw file (or a gzip header byte nobody reads) can
            // change and still parse: the count stays, and so do the labels of an image flip.
            prop_assert_eq!(data.len(), p.digits.len());
            if !in_labels {
                prop_assert_eq!(data.labels(), &p.digits[..]);
            }
        }
        let prefix = Dataset::from_idx_prefix(&images, &labels, p.digits.len());
        about(&prefix, if in_labels { Part::Labels } else { Part::Images })?;
    }

    #[test]
    fn any_count_in_a_header_is_refused_unless_it_is_true(p in pair(0), count in prop_oneof![any::<u32>(), Just(u32::MAX), 0u32..8], zip in any::<bool>(), limit in prop_oneof![0usize..8, Just(usize::MAX)]) {
        let pack = |bytes: Vec<u8>| if zip { gzip(&bytes) } else { bytes };
        let images = pack(images_idx(count, 28, 28, &p.pixels));
        let labels = pack(labels_idx(count, &p.digits));
        let real = p.digits.len();
        let parsed = idx::parse_images(&images);
        about(&parsed, Part::Images)?;
        prop_assert_eq!(parsed.is_ok(), count as usize == real);
        let parsed = idx::parse_labels(&labels);
        about(&parsed, Part::Labels)?;
        prop_assert_eq!(parsed.is_ok(), count as usize == real);
        // The prefix reader takes the first `limit` images a header promises, if they are there.
        let prefix = idx::parse_images_prefix(&images, limit);
        about(&prefix, Part::Images)?;
        let wanted = (count as usize).min(limit);
        prop_assert_eq!(prefix.is_ok(), wanted <= real);
        if let Ok(pixels) = prefix {
            prop_assert_eq!(&pixels[..], &p.pixels[..wanted * PIXELS]);
        }
    }

    #[test]
    fn a_model_file_survives_any_flipped_byte(bytes in model_file(), at in offset(), mask in 1u8..=255) {
        prop_assert!(Model::from_bytes(&bytes).is_ok());
        let mut flipped = bytes;
        let at = at % flipped.len();
        flipped[at] ^= mask;
        match Model::from_bytes(&flipped) {
            // Accepted only if it is exactly what the parsed model would write back.
            Ok(model) => prop_assert!(model.to_bytes() == flipped, "accepted a file it cannot write back (byte {})", at),
            other => model_error(&other)?,
        }
    }

    #[test]
    fn a_model_file_claiming_any_hidden_size_is_refused(bytes in model_file(), hidden in any::<u32>()) {
        let real = Model::from_bytes(&bytes).unwrap().config.hidden as u32;
        prop_assume!(hidden != real);
        // The value after the setting's name (length 6, then `hidden`).
        let name = bytes.windows(7).position(|w| w == b"\x06hidden").unwrap() + 7;
        let mut lying = bytes;
        lying[name..name + 8].copy_from_slice(&f64::from(hidden).to_le_bytes());
        model_error(&Model::from_bytes(&lying))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(TRUNCATION_CASES))]

    #[test]
    fn every_truncation_of_a_pair_is_an_error_naming_its_file(p in pair(1)) {
        for cut in 0..p.images.len() {
            about(&Dataset::from_idx(&p.images[..cut], &p.labels), Part::Images)?;
            prop_assert!(Dataset::from_idx(&p.images[..cut], &p.labels).is_err(), "images cut at {}", cut);
            // The prefix reader may stop before the cut (it does not read the gzip
            // trailer), but whatever it returns is the file's true content.
            let prefix = Dataset::from_idx_prefix(&p.images[..cut], &p.labels, p.digits.len());
            about(&prefix, Part::Images)?;
            if let Ok(data) = prefix {
                prop_assert_eq!(data.len(), p.digits.len());
                prop_assert_eq!(data.image(0).to_vec(), p.pixels[..PIXELS].to_vec());
            }
        }
        for cut in 0..p.labels.len() {
            let result = Dataset::from_idx(&p.images, &p.labels[..cut]);
            about(&result, Part::Labels)?;
            prop_assert!(result.is_err(), "labels cut at {}", cut);
        }
    }

    #[test]
    fn every_truncation_of_a_model_file_is_an_error(bytes in model_file()) {
        for cut in 0..bytes.len() {
            model_error(&Model::from_bytes(&bytes[..cut]))?;
        }
    }
}
