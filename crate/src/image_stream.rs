//! An IDX image file decoded as its bytes arrive, gzip or raw: each image comes out as
//! soon as its 784 bytes are in, so a run on the first 1,000 images starts while the
//! other 59,000 are still downloading. The images, their order and every check are those
//! of `idx::parse_images` on the whole file (the tests compare the two).

use std::io::Write;

use flate2::write::GzDecoder;

use crate::dataset::Dataset;
use crate::error::{Error, Part};
use crate::idx::{self, Header, GZIP_MAGIC, IMAGE_HEADER, IMAGE_MAGIC, LABEL_MAGIC, PIXELS};

/// Where the decoded bytes come from: not known until the first two bytes are in.
enum Source {
    Undecided(Vec<u8>),
    Gzip(Box<GzDecoder<Vec<u8>>>),
    Raw(Vec<u8>),
}

/// An image file being decoded chunk by chunk (see the module's note).
pub struct ImageStream {
    source: Source,
    header: Option<Header>,
    /// Images handed out so far.
    images: usize,
    /// Bytes pushed so far (compressed, for a gzip file).
    received: usize,
}

impl Default for ImageStream {
    fn default() -> Self {
        Self::new()
    }
}

impl ImageStream {
    /// A stream that has seen no bytes yet.
    pub fn new() -> Self {
        ImageStream {
            source: Source::Undecided(Vec::new()),
            header: None,
            images: 0,
            received: 0,
        }
    }

    /// The images the file's header declares, once its 16 bytes are decoded.
    pub fn declared(&self) -> Option<usize> {
        self.header.map(|h| h.count)
    }

    /// Images handed out so far.
    pub fn images(&self) -> usize {
        self.images
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> usize {
        self.received
    }

    /// Decodes `chunk` (the file's next bytes) and appends the pixels of every image it
    /// completes to `out`; returns how many images that is. An error is final: the file
    /// is not an image file, or is corrupt, or has bytes past its last image.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<usize, Error> {
        self.received += chunk.len();
        match &mut self.source {
            Source::Undecided(start) => {
                start.extend_from_slice(chunk);
                if start.len() < GZIP_MAGIC.len() {
                    return Ok(0);
                }
                let start = std::mem::take(start);
                self.source = if start.starts_with(&GZIP_MAGIC) {
                    Source::Gzip(Box::new(GzDecoder::new(Vec::new())))
                } else {
                    Source::Raw(Vec::new())
                };
                self.received -= start.len();
                return self.push(&start, out);
            }
            Source::Gzip(decoder) => {
                let gzip = |e: std::io::Error| Error::Gzip(Part::Images, e.to_string());
                decoder.write_all(chunk).map_err(gzip)?;
                // The decoder keeps some output back until it is flushed.
                decoder.flush().map_err(gzip)?;
            }
            Source::Raw(pending) => pending.extend_from_slice(chunk),
        }
        self.take_images(out)
    }

    /// Says whether the file ended where it should: every declared image there, the
    /// gzip trailer (length and CRC) complete and right. Appends any last images to `out`.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<usize, Error> {
        let mut added = 0;
        match &mut self.source {
            Source::Undecided(start) if start.is_empty() => return Err(Error::Empty(Part::Images)),
            Source::Undecided(start) => {
                // One byte: too short for either form.
                let start = std::mem::take(start);
                self.source = Source::Raw(start);
            }
            Source::Gzip(decoder) => {
                decoder
                    .try_finish()
                    .map_err(|e| Error::Gzip(Part::Images, e.to_string()))?;
            }
            Source::Raw(_) => {}
        }
        added += self.take_images(out)?;
        let raw = matches!(self.source, Source::Raw(_));
        let pending = self.pending().len();
        if raw && self.header.is_none() && pending < 4 {
            return Err(Error::NotGzip(Part::Images));
        }
        let (expected, found) = match self.header {
            None => (IMAGE_HEADER, pending),
            Some(h) => (
                IMAGE_HEADER.saturating_add(h.count.saturating_mul(PIXELS)),
                IMAGE_HEADER + self.images * PIXELS + pending,
            ),
        };
        if found < expected {
            return Err(Error::Truncated {
                part: Part::Images,
                expected,
                found,
            });
        }
        Ok(added)
    }

    fn pending(&mut self) -> &mut Vec<u8> {
        match &mut self.source {
            Source::Undecided(bytes) | Source::Raw(bytes) => bytes,
            Source::Gzip(decoder) => decoder.get_mut(),
        }
    }

    /// Moves the whole images decoded so far from the pending bytes to `out`.
    fn take_images(&mut self, out: &mut Vec<u8>) -> Result<usize, Error> {
        let raw = matches!(self.source, Source::Raw(_));
        let header = match self.header {
            Some(header) => header,
            None => {
                let pending = self.pending();
                if raw && pending.len() >= 4 {
                    let magic = idx::be_u32(pending, 0);
                    if magic != IMAGE_MAGIC && magic != LABEL_MAGIC {
                        return Err(Error::NotGzip(Part::Images));
                    }
                }
                if pending.len() < IMAGE_HEADER {
                    // The magic is checked as soon as it is there: a label file passed as
                    // images is "swapped", not "truncated".
                    if pending.len() >= 4 && idx::be_u32(pending, 0) != IMAGE_MAGIC {
                        return Err(idx::image_header(pending).err().expect("a wrong magic"));
                    }
                    return Ok(0);
                }
                let header = idx::image_header(pending)?;
                pending.drain(..IMAGE_HEADER);
                self.header = Some(header);
                header
            }
        };
        let images = self.images;
        let pending = self.pending();
        let whole = (pending.len() / PIXELS).min(header.count - images);
        out.extend_from_slice(&pending[..whole * PIXELS]);
        pending.drain(..whole * PIXELS);
        let extra = pending.len();
        self.images += whole;
        if self.images == header.count && extra > 0 {
            let expected = IMAGE_HEADER + header.count * PIXELS;
            return Err(Error::TrailingBytes {
                part: Part::Images,
                expected,
                found: expected + extra,
            });
        }
        Ok(whole)
    }
}

/// A labelled set arriving: its image file's stream, and every label (the label file is
/// small and comes whole, first). Examples are appended to a dataset as they complete.
pub struct LabelledStream {
    images: ImageStream,
    labels: Vec<u8>,
    scratch: Vec<u8>,
}

impl LabelledStream {
    /// A stream for the images of `labels` (checked, as `idx::parse_labels` returns them).
    pub fn new(labels: Vec<u8>) -> Self {
        LabelledStream {
            images: ImageStream::new(),
            labels,
            scratch: Vec::new(),
        }
    }

    /// The examples there will be.
    pub fn total(&self) -> usize {
        self.labels.len()
    }

    /// Image bytes pushed so far.
    pub fn received(&self) -> usize {
        self.images.received()
    }

    /// Decodes `chunk` and appends the examples it completes to `data`, which holds this
    /// stream's examples so far (and nothing else). Returns how many were added.
    pub fn push(&mut self, chunk: &[u8], data: &mut Dataset) -> Result<usize, Error> {
        let added = self.images.push(chunk, &mut self.scratch)?;
        self.check_count()?;
        self.append(added, data)
    }

    /// Checks the image file ended where it should (see `ImageStream::finish`).
    pub fn finish(&mut self, data: &mut Dataset) -> Result<usize, Error> {
        let added = self.images.finish(&mut self.scratch)?;
        self.check_count()?;
        self.append(added, data)
    }

    fn check_count(&self) -> Result<(), Error> {
        match self.images.declared() {
            Some(images) if images != self.labels.len() => Err(Error::CountMismatch {
                images,
                labels: self.labels.len(),
            }),
            _ => Ok(()),
        }
    }

    fn append(&mut self, added: usize, data: &mut Dataset) -> Result<usize, Error> {
        let from = data.len();
        data.append(&self.scratch, &self.labels[from..from + added])?;
        self.scratch.clear();
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};

    fn image_file(count: u32) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(&IMAGE_MAGIC.to_be_bytes());
        raw.extend_from_slice(&count.to_be_bytes());
        raw.extend_from_slice(&28u32.to_be_bytes());
        raw.extend_from_slice(&28u32.to_be_bytes());
        // Bytes that do not compress to nothing, so half a gzip file is half the images.
        let mut x = 1u32;
        raw.extend((0..count as usize * PIXELS).map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 24) as u8
        }));
        raw
    }

    fn gzip(raw: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(raw).unwrap();
        encoder.finish().unwrap()
    }

    /// Pushes `file` in chunks of `size`, then finishes; the pixels, or the first error.
    fn streamed(file: &[u8], size: usize) -> Result<Vec<u8>, Error> {
        let mut stream = ImageStream::new();
        let mut out = Vec::new();
        let mut counted = 0;
        for chunk in file.chunks(size) {
            counted += stream.push(chunk, &mut out)?;
        }
        counted += stream.finish(&mut out)?;
        assert_eq!(
            counted * PIXELS,
            out.len(),
            "the counts add up to the pixels"
        );
        Ok(out)
    }

    #[test]
    fn any_chunking_gives_the_whole_file_parse() {
        let raw = image_file(5);
        for file in [raw.clone(), gzip(&raw)] {
            let whole = idx::parse_images(&file).unwrap();
            for size in [1, 2, 3, 15, 16, 17, 783, 784, 785, 4096, file.len()] {
                assert_eq!(streamed(&file, size).unwrap(), whole, "chunks of {size}");
            }
        }
    }

    #[test]
    fn images_come_out_before_the_file_ends() {
        let file = gzip(&image_file(50));
        let mut stream = ImageStream::new();
        let mut out = Vec::new();
        stream.push(&file[..file.len() / 2], &mut out).unwrap();
        assert!(stream.images() > 0, "half the file holds some whole images");
        assert!(stream.images() < 50);
        assert_eq!(stream.declared(), Some(50));
        assert_eq!(out.len(), stream.images() * PIXELS);
    }

    #[test]
    fn a_file_cut_short_is_truncated_at_finish() {
        let raw = image_file(3);
        let cut = &raw[..raw.len() - 100];
        assert!(matches!(streamed(cut, 64), Err(Error::Truncated { .. })));
        assert!(matches!(
            streamed(&raw[..10], 4),
            Err(Error::Truncated { .. })
        ));
        let gz = gzip(&raw);
        assert!(matches!(
            streamed(&gz[..gz.len() - 6], 64),
            Err(Error::Gzip(..) | Error::Truncated { .. })
        ));
    }

    #[test]
    fn bad_files_are_the_same_errors_as_whole_parses() {
        let mut labels = image_file(2);
        labels[3] = 0x01; // a label file's magic
        let mut trailing = image_file(2);
        trailing.extend_from_slice(&[1, 2, 3]);
        let mut corrupt = gzip(&image_file(2));
        let n = corrupt.len();
        corrupt[n - 8] ^= 0xff; // the CRC
        for file in [
            labels,
            trailing,
            corrupt,
            b"not an idx file".to_vec(),
            vec![7],
        ] {
            let whole = idx::parse_images(&file).unwrap_err();
            let stream = streamed(&file, 5).unwrap_err();
            assert_eq!(
                std::mem::discriminant(&stream),
                std::mem::discriminant(&whole),
                "{stream} / {whole}"
            );
        }
        assert_eq!(streamed(&[], 5).unwrap_err(), Error::Empty(Part::Images));
    }

    #[test]
    fn a_labelled_stream_grows_a_dataset_in_file_order() {
        let file = gzip(&image_file(40));
        let labels: Vec<u8> = (0..40).map(|i| (i % 10) as u8).collect();
        let whole = Dataset::from_parts(idx::parse_images(&file).unwrap(), labels.clone()).unwrap();
        let mut stream = LabelledStream::new(labels);
        let mut data = Dataset::from_parts(Vec::new(), Vec::new()).unwrap();
        data.reserve(stream.total());
        for chunk in file.chunks(500) {
            stream.push(chunk, &mut data).unwrap();
        }
        stream.finish(&mut data).unwrap();
        assert_eq!(data.len(), 40);
        assert_eq!(stream.received(), file.len());
        for i in 0..40 {
            assert_eq!(data.image(i), whole.image(i));
            assert_eq!(data.label(i), whole.label(i));
        }
    }

    #[test]
    fn a_labelled_stream_refuses_images_that_do_not_match_its_labels() {
        let mut stream = LabelledStream::new(vec![1, 2, 3]);
        let mut data = Dataset::from_parts(Vec::new(), Vec::new()).unwrap();
        let error = stream.push(&image_file(2), &mut data).unwrap_err();
        assert_eq!(
            error,
            Error::CountMismatch {
                images: 2,
                labels: 3
            }
        );
    }
}
