//! The typed results that cross to JavaScript, each a copy of a core result.

use wasm_bindgen::prelude::*;

use crate::session::{EarlyStatus, IterationReport};

/// One finished iteration, as `Session::advance` reports it.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Iteration {
    /// 0-based iteration.
    pub iteration: usize,
    /// Training error of the pass.
    #[wasm_bindgen(js_name = trainError)]
    pub train_error: f64,
    /// Training accuracy of the pass (with the dropout mask on, under dropout).
    #[wasm_bindgen(js_name = trainAccuracy)]
    pub train_accuracy: f64,
    /// With early stopping: validation error after the pass.
    #[wasm_bindgen(js_name = validationError)]
    pub validation_error: Option<f64>,
    /// With early stopping: validation accuracy after the pass.
    #[wasm_bindgen(js_name = validationAccuracy)]
    pub validation_accuracy: Option<f64>,
}

impl From<IterationReport> for Iteration {
    fn from(r: IterationReport) -> Self {
        Iteration {
            iteration: r.iteration,
            train_error: r.train.error,
            train_accuracy: r.train.accuracy,
            validation_error: r.validation.map(|v| v.error),
            validation_accuracy: r.validation.map(|v| v.accuracy),
        }
    }
}

/// Early stopping's state.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Early {
    /// The iteration with the best validation accuracy up to the stop (so far, before it).
    #[wasm_bindgen(js_name = bestIteration)]
    pub best_iteration: usize,
    /// Its validation accuracy.
    #[wasm_bindgen(js_name = bestAccuracy)]
    pub best_accuracy: f64,
    /// Where patience ran out, if it has.
    #[wasm_bindgen(js_name = stoppedAt)]
    pub stopped_at: Option<usize>,
    /// Iterations without improvement that stop the run.
    pub patience: usize,
}

impl From<EarlyStatus> for Early {
    fn from(s: EarlyStatus) -> Self {
        Early {
            best_iteration: s.best_iteration,
            best_accuracy: s.best_validation.accuracy,
            stopped_at: s.stopped_at,
            patience: s.patience,
        }
    }
}

/// What the network makes of one image: ten outputs, the hidden activations, the digit.
#[wasm_bindgen(getter_with_clone)]
pub struct Prediction {
    /// The digit with the largest output.
    pub digit: u8,
    /// The ten outputs.
    pub output: Vec<f64>,
    /// Hidden activations (no dropout when predicting).
    pub hidden: Vec<f64>,
}

/// The training example the last step began with, as the network saw it.
#[wasm_bindgen(getter_with_clone)]
pub struct Example {
    /// Index into the training images.
    pub index: usize,
    /// Its label.
    pub label: u8,
    /// Its 784 pixel bytes.
    pub image: Vec<u8>,
    /// The dropout mask (1 kept, 0 dropped).
    pub mask: Vec<f64>,
    /// Hidden activations after dropout.
    pub hidden: Vec<f64>,
    /// The ten outputs.
    pub output: Vec<f64>,
}
