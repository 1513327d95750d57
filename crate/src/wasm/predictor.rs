//! A network to predict with and nothing else: the pad's drawing model, beside the run's.

use wasm_bindgen::prelude::*;

use super::js_error;
use super::results::Prediction;
use crate::model::Model;

/// A model file's network, kept apart from the run (the worker's drawing model).
#[wasm_bindgen]
pub struct Predictor {
    model: Model,
}

#[wasm_bindgen]
impl Predictor {
    /// Parses a model file (format: `crate/src/model.rs`); a bad file is an error.
    pub fn from_model(bytes: &[u8]) -> Result<Predictor, JsError> {
        let model = Model::from_bytes(bytes).map_err(js_error)?;
        Ok(Predictor { model })
    }

    /// Hidden units.
    pub fn hidden(&self) -> usize {
        self.model.network.hidden()
    }

    /// Iterations (passes) the network was trained for.
    pub fn iterations_trained(&self) -> u32 {
        self.model.iterations_trained
    }

    /// Training images it was trained on.
    pub fn train_size(&self) -> usize {
        self.model.config.train_size
    }

    /// What the network makes of 784 pixel bytes; another size is an error.
    pub fn predict(&self, pixels: &[u8]) -> Result<Prediction, JsError> {
        let p = crate::evaluate::predict_pixels(&self.model.network, pixels).map_err(js_error)?;
        Ok(Prediction {
            digit: p.digit,
            output: p.output.to_vec(),
            hidden: p.hidden,
        })
    }
}
