//! Every kind of bad data file gives its own typed error, never a panic.

mod common;

use common::{gzip, images_idx, labels_idx};

use reglab::error::Part;
use reglab::{Dataset, Error};

/// Two valid examples: a blank image labelled 3 and a full one labelled 7.
fn good_pair() -> (Vec<u8>, Vec<u8>) {
    let mut pixels = vec![0u8; 784];
    pixels.extend([255u8; 784]);
    (
        gzip(&images_idx(2, 28, 28, &pixels)),
        gzip(&labels_idx(2, &[3, 7])),
    )
}

#[test]
fn a_valid_pair_loads_gzip_or_raw() {
    let (images, labels) = good_pair();
    let data = Dataset::from_idx(&images, &labels).unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!((data.label(0), data.label(1)), (3, 7));
    assert_eq!(data.image(1)[500], 255);
    let raw = Dataset::from_idx(&images_idx(1, 28, 28, &[9; 784]), &labels_idx(1, &[1])).unwrap();
    assert_eq!(raw.image(0)[0], 9);
}

#[test]
fn empty_file() {
    let (_, labels) = good_pair();
    assert_eq!(
        Dataset::from_idx(&[], &labels).err(),
        Some(Error::Empty(Part::Images))
    );
}

#[test]
fn not_gzip() {
    let (images, _) = good_pair();
    let err = Dataset::from_idx(&images, b"PK\x03\x04 a zip file").err();
    assert_eq!(err, Some(Error::NotGzip(Part::Labels)));
}

#[test]
fn truncated_gzip() {
    let (images, labels) = good_pair();
    let cut = &images[..images.len() / 2];
    assert!(matches!(
        Dataset::from_idx(cut, &labels),
        Err(Error::Gzip(Part::Images, _))
    ));
}

#[test]
fn corrupt_gzip() {
    let (mut images, labels) = good_pair();
    let middle = images.len() / 2;
    for byte in &mut images[middle - 4..middle + 4] {
        *byte ^= 0xa5;
    }
    assert!(matches!(
        Dataset::from_idx(&images, &labels),
        Err(Error::Gzip(Part::Images, _))
    ));
}

#[test]
fn swapped_files_have_the_wrong_magic() {
    let (images, labels) = good_pair();
    let err = Dataset::from_idx(&labels, &images).err().unwrap();
    assert!(matches!(
        err,
        Error::BadMagic {
            part: Part::Images,
            found: 0x801,
            expected: 0x803
        }
    ));
    assert!(err.to_string().contains("swapped"), "{err}");
}

#[test]
fn images_that_are_not_28x28() {
    let bytes = gzip(&images_idx(1, 32, 32, &[0; 1024]));
    let err = Dataset::from_idx(&bytes, &gzip(&labels_idx(1, &[0]))).err();
    assert_eq!(err, Some(Error::BadDimensions { rows: 32, cols: 32 }));
}

#[test]
fn body_shorter_than_the_header_promises() {
    let bytes = gzip(&images_idx(3, 28, 28, &[0; 784 * 2]));
    let err = Dataset::from_idx(&bytes, &gzip(&labels_idx(3, &[0, 1, 2]))).err();
    assert_eq!(
        err,
        Some(Error::Truncated {
            part: Part::Images,
            expected: 16 + 784 * 3,
            found: 16 + 784 * 2
        })
    );
}

#[test]
fn header_itself_cut_short() {
    let err = Dataset::from_idx(&gzip(&[0, 0, 8, 3, 0]), &gzip(&labels_idx(0, &[]))).err();
    assert_eq!(
        err,
        Some(Error::Truncated {
            part: Part::Images,
            expected: 16,
            found: 5
        })
    );
}

#[test]
fn bytes_beyond_what_the_header_promises() {
    let err = Dataset::from_idx(&good_pair().0, &gzip(&labels_idx(2, &[1, 2, 3]))).err();
    assert_eq!(
        err,
        Some(Error::TrailingBytes {
            part: Part::Labels,
            expected: 10,
            found: 11
        })
    );
}

#[test]
fn labels_outside_0_to_9() {
    let err = Dataset::from_idx(&good_pair().0, &gzip(&labels_idx(2, &[1, 12]))).err();
    assert_eq!(
        err,
        Some(Error::BadLabel {
            index: 1,
            label: 12
        })
    );
}

#[test]
fn images_and_labels_that_are_not_a_pair() {
    let err = Dataset::from_idx(&good_pair().0, &gzip(&labels_idx(3, &[1, 2, 3]))).err();
    assert_eq!(
        err,
        Some(Error::CountMismatch {
            images: 2,
            labels: 3
        })
    );
}

#[test]
fn every_error_message_says_what_to_do() {
    let (images, labels) = good_pair();
    let cases = [
        Dataset::from_idx(&[], &labels).err().unwrap(),
        Dataset::from_idx(&images[..20], &labels).err().unwrap(),
        Dataset::from_idx(&images, b"junk").err().unwrap(),
    ];
    for err in cases {
        let message = err.to_string();
        assert!(
            message.contains("fetch the data again") || message.contains("use the MNIST"),
            "{message}"
        );
    }
}

#[test]
fn a_prefix_decodes_only_the_images_it_needs() {
    let pixels: Vec<u8> = (0..3 * 784).map(|i| (i % 251) as u8).collect();
    let images = gzip(&images_idx(3, 28, 28, &pixels));
    let labels = gzip(&labels_idx(3, &[1, 2, 3]));
    let first_two = Dataset::from_idx_prefix(&images, &labels, 2).unwrap();
    assert_eq!(first_two.len(), 2);
    let all = Dataset::from_idx(&images, &labels).unwrap();
    for i in 0..2 {
        assert_eq!(first_two.image(i), all.image(i));
        assert_eq!(first_two.label(i), all.label(i));
    }
    assert_eq!(
        Dataset::from_idx_prefix(&images, &labels, 10)
            .unwrap()
            .len(),
        3
    );

    // A broken checksum at the end of the stream: the prefix never reaches it, the
    // whole-file check does.
    let mut bad_end = images.clone();
    let crc_at = bad_end.len() - 8;
    bad_end[crc_at] ^= 0xff;
    assert!(Dataset::from_idx_prefix(&bad_end, &labels, 1).is_ok());
    assert!(matches!(
        Dataset::from_idx(&bad_end, &labels),
        Err(Error::Gzip(Part::Images, _))
    ));
}

#[test]
fn a_prefix_still_checks_its_header_and_its_own_bytes() {
    let (images, labels) = good_pair();
    assert!(matches!(
        Dataset::from_idx_prefix(&labels, &labels, 1),
        Err(Error::BadMagic { .. })
    ));
    let small = gzip(&images_idx(2, 20, 20, &[0; 800]));
    assert!(matches!(
        Dataset::from_idx_prefix(&small, &labels, 1),
        Err(Error::BadDimensions { .. })
    ));
    let short = gzip(&images_idx(2, 28, 28, &[0; 784 + 100]));
    assert!(matches!(
        Dataset::from_idx_prefix(&short, &labels, 2),
        Err(Error::Truncated { .. })
    ));
    assert!(Dataset::from_idx_prefix(&images, &labels, 2).is_ok());
}
