//! IDX files (the MNIST format), gzip-compressed or raw, parsed from bytes.
//!
//! Images: magic 0x00000803, count, rows, cols, then count*rows*cols bytes.
//! Labels: magic 0x00000801, count, then count bytes. All integers big-endian.

use std::io::Read;

use crate::error::{Error, Part};

pub(crate) const IMAGE_MAGIC: u32 = 0x0000_0803;
pub(crate) const LABEL_MAGIC: u32 = 0x0000_0801;
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// Deflate never expands more than this: one 258-byte match per 2 bits, roughly.
const MAX_DEFLATE_RATIO: usize = 1032;
/// The side of an MNIST image in pixels.
pub const SIDE: usize = 28;
/// Pixels per image, the network's input width.
pub const PIXELS: usize = SIDE * SIDE;

/// Decompresses gzip bytes, or passes a raw IDX file through.
pub fn decompress(bytes: &[u8], part: Part) -> Result<Vec<u8>, Error> {
    decompress_prefix(bytes, part, usize::MAX)
}

/// The first `limit` bytes of what `decompress` returns (all of them if fewer), decoding
/// no more of the gzip stream than that.
fn decompress_prefix(bytes: &[u8], part: Part, limit: usize) -> Result<Vec<u8>, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty(part));
    }
    if bytes.starts_with(&GZIP_MAGIC) {
        // The trailer's last 4 bytes are the uncompressed size (mod 2^32): allocating it
        // exactly keeps wasm memory, which never shrinks, from doubling while it grows.
        let trailer = bytes
            .len()
            .checked_sub(4)
            .map(|at| u32::from_le_bytes(bytes[at..].try_into().expect("4 bytes")));
        // The trailer is only a hint: a corrupt one must not reserve a gigabyte for a few
        // bytes of input, so it is believed up to deflate's largest ratio (1032:1).
        let capacity = trailer
            .map_or(bytes.len() * 4, |n| n as usize)
            .min(bytes.len().saturating_mul(MAX_DEFLATE_RATIO))
            .min(1 << 30)
            .min(limit);
        let mut out = Vec::with_capacity(capacity);
        flate2::read::GzDecoder::new(bytes)
            .take(limit as u64)
            .read_to_end(&mut out)
            .map_err(|e| Error::Gzip(part, e.to_string()))?;
        return Ok(out);
    }
    if bytes.len() >= 4 && matches!(be_u32(bytes, 0), IMAGE_MAGIC | LABEL_MAGIC) {
        return Ok(bytes[..bytes.len().min(limit)].to_vec());
    }
    Err(Error::NotGzip(part))
}

/// Parses an image file's bytes into `count * 784` raw pixels (0 = background, 255 = ink).
pub fn parse_images(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let raw = decompress(bytes, Part::Images)?;
    let header = image_header(&raw)?;
    // On wasm32 a header's count times 784 can overflow usize: such a file is truncated.
    let body_len = header.count.saturating_mul(PIXELS);
    body(&raw, Part::Images, header, body_len)?;
    Ok(strip_header(raw, header))
}

/// The first `limit` images of an image file (all if it has fewer), as `parse_images`
/// returns them, decoding only as much of the file as they take: a run on the first
/// 1,000 images starts without waiting for all 47 MB. Checks the header and those
/// images' bytes; only `parse_images` checks the rest of the file.
pub fn parse_images_prefix(bytes: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    let wanted = limit.saturating_mul(PIXELS).saturating_add(IMAGE_HEADER);
    let raw = decompress_prefix(bytes, Part::Images, wanted)?;
    let header = image_header(&raw)?;
    let count = header.count.min(limit);
    let expected = IMAGE_HEADER.saturating_add(count.saturating_mul(PIXELS));
    if raw.len() < expected {
        return Err(Error::Truncated {
            part: Part::Images,
            expected,
            found: raw.len(),
        });
    }
    let mut pixels = strip_header(raw, header);
    pixels.truncate(count * PIXELS);
    Ok(pixels)
}

/// Bytes before an image file's pixels: magic, count, rows, cols.
pub(crate) const IMAGE_HEADER: usize = 16;

/// An image file's header, checked to describe 28x28 images.
pub(crate) fn image_header(raw: &[u8]) -> Result<Header, Error> {
    let header = header(raw, Part::Images, IMAGE_MAGIC, IMAGE_HEADER)?;
    let (rows, cols) = (be_u32(raw, 8), be_u32(raw, 12));
    if rows as usize != SIDE || cols as usize != SIDE {
        return Err(Error::BadDimensions { rows, cols });
    }
    Ok(header)
}

/// Parses a label file's bytes into one digit per example, each checked to be 0..=9.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let raw = decompress(bytes, Part::Labels)?;
    let header = header(&raw, Part::Labels, LABEL_MAGIC, 8)?;
    let body = body(&raw, Part::Labels, header, header.count)?;
    if let Some(index) = body.iter().position(|&l| l > 9) {
        return Err(Error::BadLabel {
            index,
            label: body[index],
        });
    }
    Ok(strip_header(raw, header))
}

/// The body alone, moved to the front of the same buffer (no second 47 MB copy).
fn strip_header(mut raw: Vec<u8>, header: Header) -> Vec<u8> {
    raw.drain(..header.len);
    raw
}

#[derive(Clone, Copy)]
pub(crate) struct Header {
    pub(crate) count: usize,
    len: usize,
}

fn header(raw: &[u8], part: Part, magic: u32, len: usize) -> Result<Header, Error> {
    // The magic first: a label file passed as images is "swapped", not "truncated".
    if raw.len() >= 4 && be_u32(raw, 0) != magic {
        let found = be_u32(raw, 0);
        return Err(Error::BadMagic {
            part,
            found,
            expected: magic,
        });
    }
    if raw.len() < len {
        return Err(Error::Truncated {
            part,
            expected: len,
            found: raw.len(),
        });
    }
    Ok(Header {
        count: be_u32(raw, 4) as usize,
        len,
    })
}

fn body(raw: &[u8], part: Part, header: Header, body_len: usize) -> Result<&[u8], Error> {
    let expected = header.len.saturating_add(body_len);
    match raw.len() {
        n if n < expected => Err(Error::Truncated {
            part,
            expected,
            found: n,
        }),
        n if n > expected => Err(Error::TrailingBytes {
            part,
            expected,
            found: n,
        }),
        _ => Ok(&raw[header.len..]),
    }
}

pub(crate) fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}
