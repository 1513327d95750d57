//! Labelled images in memory: raw bytes as the files hold them, plus the sparse form
//! that training reads (about 81% of MNIST pixels are 0 and contribute nothing).

use ndarray::ArrayView1;

use crate::error::Error;
use crate::idx::{self, PIXELS};

/// Labelled 28x28 images, pixels as bytes (0 = background, 255 = ink).
#[derive(Clone)]
pub struct Dataset {
    /// `count * 784` bytes, image after image (room is kept for images still arriving).
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

impl Dataset {
    /// Parses an IDX image file and label file (gzip or raw) and checks they are a pair.
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<Self, Error> {
        let pixels = idx::parse_images(images)?;
        let labels = idx::parse_labels(labels)?;
        Self::from_parts(pixels, labels)
    }

    /// The first `limit` examples of an IDX image file and label file (all if fewer),
    /// decoding no more of the images than they take (see `idx::parse_images_prefix`).
    /// The files' remaining bytes are not checked: `from_idx` on the same bytes does.
    pub fn from_idx_prefix(images: &[u8], labels: &[u8], limit: usize) -> Result<Self, Error> {
        let pixels = idx::parse_images_prefix(images, limit)?;
        let mut labels = idx::parse_labels(labels)?;
        labels.truncate(pixels.len() / PIXELS);
        Self::from_parts(pixels, labels)
    }

    /// Builds a dataset from `count * 784` pixel bytes and `count` labels.
    pub fn from_parts(pixels: Vec<u8>, labels: Vec<u8>) -> Result<Self, Error> {
        let images = pixels.len() / PIXELS;
        if images != labels.len() || !pixels.len().is_multiple_of(PIXELS) {
            return Err(Error::CountMismatch {
                images,
                labels: labels.len(),
            });
        }
        if let Some(index) = labels.iter().position(|&l| l > 9) {
            return Err(Error::BadLabel {
                index,
                label: labels[index],
            });
        }
        Ok(Dataset { pixels, labels })
    }

    /// Room for `more` images beyond those there, so images that arrive one download chunk
    /// at a time (`append`) are stored without the buffer doubling as it grows.
    pub fn reserve(&mut self, more: usize) {
        self.pixels.reserve_exact(more.saturating_mul(PIXELS));
        self.labels.reserve_exact(more);
    }

    /// Adds whole images (`labels.len() * 784` bytes) after those there.
    pub fn append(&mut self, pixels: &[u8], labels: &[u8]) -> Result<(), Error> {
        if pixels.len() != labels.len() * PIXELS {
            return Err(Error::CountMismatch {
                images: pixels.len() / PIXELS,
                labels: labels.len(),
            });
        }
        if let Some(at) = labels.iter().position(|&l| l > 9) {
            return Err(Error::BadLabel {
                index: self.len() + at,
                label: labels[at],
            });
        }
        self.pixels.extend_from_slice(pixels);
        self.labels.extend_from_slice(labels);
        Ok(())
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Examples `start..end` as a new dataset.
    ///
    /// Panics if the range is out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> Dataset {
        Dataset {
            pixels: self.pixels[start * PIXELS..end * PIXELS].to_vec(),
            labels: self.labels[start..end].to_vec(),
        }
    }

    /// The 784 pixel bytes of example `i`, row by row.
    pub fn image(&self, i: usize) -> ArrayView1<'_, u8> {
        ArrayView1::from(&self.pixels[i * PIXELS..(i + 1) * PIXELS])
    }

    /// The digit of example `i`.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// All labels.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }
}

/// Pixel byte to network input, exactly as the book's `x / 255` in float64.
pub fn intensity(byte: u8) -> f64 {
    INTENSITY[byte as usize]
}

static INTENSITY: [f64; 256] = {
    let mut table = [0.0; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = i as f64 / 255.0;
        i += 1;
    }
    table
};

/// A dataset's images as lists of (pixel index, input value) over the non-zero pixels,
/// so a layer's forward pass and weight update visit ~150 rows instead of 784.
pub struct SparseImages {
    starts: Vec<usize>,
    index: Vec<u16>,
    value: Vec<f64>,
    labels: Vec<u8>,
}

impl SparseImages {
    /// The sparse form of every image in `data`.
    pub fn new(data: &Dataset) -> Self {
        let pixels = &data.pixels;
        let count = pixels.iter().filter(|&&byte| byte != 0).count();
        // Every pixel is written at the next free slot, which only a non-zero one keeps:
        // no branch on the pixel (whose pattern the CPU cannot predict), one spare slot.
        let (mut index, mut value) = (vec![0u16; count + 1], vec![0.0; count + 1]);
        let mut starts = Vec::with_capacity(data.len() + 1);
        starts.push(0);
        let mut next = 0;
        for image in pixels.chunks_exact(PIXELS) {
            for (p, &byte) in image.iter().enumerate() {
                index[next] = p as u16;
                value[next] = intensity(byte);
                next += (byte != 0) as usize;
            }
            starts.push(next);
        }
        index.truncate(count);
        value.truncate(count);
        SparseImages {
            starts,
            index,
            value,
            labels: data.labels.clone(),
        }
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `i` as (pixel indices, values) and its label.
    #[inline]
    pub fn get(&self, i: usize) -> (SparseImage<'_>, u8) {
        let range = self.starts[i]..self.starts[i + 1];
        let image = SparseImage {
            index: &self.index[range.clone()],
            value: &self.value[range],
        };
        (image, self.labels[i])
    }
}

/// One image's non-zero pixels: `index[j]` in 0..784 has input `value[j]`.
#[derive(Clone, Copy)]
pub struct SparseImage<'a> {
    /// Pixel positions, ascending.
    pub index: &'a [u16],
    /// Input values in (0, 1].
    pub value: &'a [f64],
}

impl<'a> SparseImage<'a> {
    /// The sparse view of a dense input, for images that are not in a dataset (drawings).
    pub fn from_dense(input: &[f64], index: &'a mut Vec<u16>, value: &'a mut Vec<f64>) -> Self {
        index.clear();
        value.clear();
        for (p, &x) in input.iter().enumerate() {
            if x != 0.0 {
                index.push(p as u16);
                value.push(x);
            }
        }
        SparseImage { index, value }
    }
}
