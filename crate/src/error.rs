//! The one error type of the core. Every fallible function returns `Result<_, Error>`;
//! the command line prints it, the wasm bindings turn it into a JS `Error` once.

use std::fmt;

/// Which file of an IDX pair a data error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The image file (magic 0x00000803).
    Images,
    /// The label file (magic 0x00000801).
    Labels,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Images => "image file",
            Part::Labels => "label file",
        })
    }
}

/// Everything that can go wrong in the core, each with a message that says what to do.
/// (Variant fields are named for what they hold: the file part, the value found, the
/// value expected.)
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The file has no bytes at all.
    Empty(Part),
    /// The bytes are neither gzip nor a raw IDX file.
    NotGzip(Part),
    /// The gzip stream is corrupt or cut short.
    Gzip(Part, String),
    /// The IDX magic number is not the one for this part.
    BadMagic {
        part: Part,
        found: u32,
        expected: u32,
    },
    /// Images are not 28x28.
    BadDimensions { rows: u32, cols: u32 },
    /// Fewer bytes than the header promises.
    Truncated {
        part: Part,
        expected: usize,
        found: usize,
    },
    /// More bytes than the header promises.
    TrailingBytes {
        part: Part,
        expected: usize,
        found: usize,
    },
    /// A label outside 0..=9.
    BadLabel { index: usize, label: u8 },
    /// Image and label files describe different numbers of examples.
    CountMismatch { images: usize, labels: usize },
    /// A setting outside its allowed range; the message names the setting and the range.
    Config(String),
    /// A model file that cannot be loaded.
    Model(String),
}

impl Error {
    /// The file of an IDX pair this error is about, if it is about one alone.
    pub fn part(&self) -> Option<Part> {
        match self {
            Error::Empty(part)
            | Error::NotGzip(part)
            | Error::Gzip(part, _)
            | Error::BadMagic { part, .. }
            | Error::Truncated { part, .. }
            | Error::TrailingBytes { part, .. } => Some(*part),
            Error::BadDimensions { .. } => Some(Part::Images),
            Error::BadLabel { .. } => Some(Part::Labels),
            Error::CountMismatch { .. } | Error::Config(_) | Error::Model(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty(part) => write!(f, "the {part} is empty; fetch the data again"),
            Error::NotGzip(part) => write!(
                f,
                "the {part} is neither gzip nor IDX (wrong file?); use the MNIST .gz files"
            ),
            Error::Gzip(part, why) => {
                write!(
                    f,
                    "the {part} is not valid gzip ({why}); fetch the data again"
                )
            }
            Error::BadMagic {
                part,
                found,
                expected,
            } => write!(
                f,
                "the {part} has magic number {found:#010x}, expected {expected:#010x}; \
                 images and labels swapped?"
            ),
            Error::BadDimensions { rows, cols } => {
                write!(f, "images are {rows}x{cols}, expected 28x28")
            }
            Error::Truncated {
                part,
                expected,
                found,
            } => write!(
                f,
                "the {part} is truncated: {found} bytes, the header promises {expected}; \
                 fetch the data again"
            ),
            Error::TrailingBytes {
                part,
                expected,
                found,
            } => write!(
                f,
                "the {part} has {found} bytes, the header promises {expected}; corrupt file?"
            ),
            Error::BadLabel { index, label } => {
                write!(f, "label {index} is {label}, expected a digit 0-9")
            }
            Error::CountMismatch { images, labels } => write!(
                f,
                "{images} images but {labels} labels; the two files are not a pair"
            ),
            Error::Config(message) | Error::Model(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
