//! Regularization Lab's core: the chapter-8 network of *Grokking Deep Learning*
//! (784 -> hidden -> 10, ReLU, squared error), trained exactly as the book's numpy
//! code does, with numpy's random stream and float64 arithmetic. Options beyond the
//! book (biases, softmax, the true ReLU derivative, shuffling, augmentation, decay)
//! are settings, off by default.
//!
//! **Start with [`reference`](mod@reference)**: the book's training step in plain
//! loops, forward and backward side by side. The rest is that step made fast
//! (`kernels` at the bottom, then [`network`], the held-update schedule, then
//! [`trainer`]) and tested against it bit for bit; both paths name each step alike
//! and share [`basics`] (sizes, limits, numpy's sum and argmax, softmax, the weight
//! draws and the dropout mask). [`settings`] is the table of settings over
//! [`config`]'s struct; [`session`] drives a run for the command line and the page.
//!
//! Everything here works on bytes and numbers, never on files or the web: the
//! `reglab` program and the page's worker both drive this same code.
//!
//! ```
//! use reglab::{Config, Dataset, Trainer};
//!
//! // Two tiny 28x28 images: one blank "0", one with a bar of ink labelled "1".
//! let mut pixels = vec![0u8; 2 * 784];
//! pixels[784 + 400..784 + 410].fill(255);
//! let data = Dataset::from_parts(pixels, vec![0, 1]).unwrap();
//! let config = Config { train_size: 2, iterations: 3, ..Config::default() };
//! let mut trainer = Trainer::new(config, &data).unwrap();
//! let stats = trainer.run_iteration();
//! assert_eq!(stats.iteration, 0);
//! assert!(stats.error.is_finite());
//! ```
#![warn(missing_docs)]

pub mod augment;
pub mod background;
pub mod basics;
pub mod book;
pub mod config;
pub mod dataset;
pub mod early_stop;
pub mod ensemble;
pub mod error;
mod evaluate;
mod held;
pub mod idx;
pub mod image_stream;
mod kernels;
pub mod model;
pub mod mt19937;
pub mod network;
pub mod preprocess;
pub mod pyfmt;
mod quantized;
pub mod reference;
pub mod run;
pub mod session;
pub mod settings;
pub mod trainer;

#[cfg(target_arch = "wasm32")]
mod chart;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use basics::{IterationStats, UpdateRule};
pub use book::BookRun;
pub use config::Config;
pub use dataset::{Dataset, SparseImages};
pub use early_stop::EarlyStopping;
pub use error::Error;
pub use evaluate::{
    confident_mistakes, evaluate, predict, predict_pixels, Evaluation, Prediction, Scored,
};
pub use network::Network;
pub use session::{EarlyStatus, IterationReport, Session};
pub use trainer::Trainer;
