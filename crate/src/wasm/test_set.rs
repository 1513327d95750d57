//! The test images, scored by whichever worker holds them (the evaluator, beside
//! training), and the test digits the page shows.

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::dataset::{Dataset, SparseImages};
use crate::evaluate::{confident_mistakes, score_all, summarize, Evaluation, Scored};
use crate::network::Network;

/// The test images and the latest scores of a network on them.
#[wasm_bindgen]
pub struct TestSet {
    data: Dataset,
    sparse: SparseImages,
    scored: Vec<Scored>,
}

#[wasm_bindgen]
impl TestSet {
    /// Parses an IDX image file and label file (gzip or raw).
    #[wasm_bindgen(constructor)]
    pub fn new(images: &[u8], labels: &[u8]) -> Result<TestSet, JsError> {
        let data = Dataset::from_idx(images, labels).map_err(js_error)?;
        Ok(Self::from_dataset(data))
    }

    /// A set from raw images: `count * 784` pixel bytes and `count` labels (the
    /// learner's own digits). An empty set is refused: it has no accuracy to report.
    #[wasm_bindgen(js_name = fromImages)]
    pub fn from_images(pixels: &[u8], labels: &[u8]) -> Result<TestSet, JsError> {
        if labels.is_empty() {
            return Err(JsError::new("no images to score"));
        }
        let data = Dataset::from_parts(pixels.to_vec(), labels.to_vec()).map_err(js_error)?;
        Ok(Self::from_dataset(data))
    }

    /// Scores weights from `Lab::weights` (hidden units `hidden`): returns
    /// [error, accuracy] and keeps each image's prediction for `predictions`.
    pub fn evaluate(&mut self, hidden: usize, weights: &[f64]) -> Result<Vec<f64>, JsError> {
        let net = Network::from_flat(hidden, weights)
            .ok_or_else(|| JsError::new("weights do not match the hidden size"))?;
        let eval = self.score(&net);
        Ok(vec![eval.error, eval.accuracy])
    }

    /// Number of images.
    pub fn count(&self) -> usize {
        self.data.len()
    }

    /// Predicted digits of the given images (from the last evaluation; 255 before any).
    pub fn predictions(&self, indices: &[u32]) -> Vec<u8> {
        let digit = |i: &u32| self.scored.get(*i as usize).map_or(255, |s| s.digit);
        indices.iter().map(digit).collect()
    }

    /// The `count` images the network gets wrong with the largest margin.
    pub fn confident_mistakes(&self, count: usize) -> Vec<u32> {
        confident_mistakes(&self.scored, self.data.labels(), count)
    }

    /// The 784 pixel bytes of image `i` (the last image if `i` is past the end).
    pub fn image(&self, i: usize) -> Vec<u8> {
        self.data.image(i.min(self.data.len() - 1)).to_vec()
    }

    /// The label of image `i` (the last image's if `i` is past the end).
    pub fn label(&self, i: usize) -> u8 {
        self.data.label(i.min(self.data.len() - 1))
    }
}

impl TestSet {
    pub(super) fn from_dataset(data: Dataset) -> Self {
        let sparse = SparseImages::new(&data);
        TestSet {
            data,
            sparse,
            scored: Vec::new(),
        }
    }

    pub(super) fn sparse(&self) -> &SparseImages {
        &self.sparse
    }

    pub(super) fn labels(&self) -> &[u8] {
        self.data.labels()
    }

    pub(super) fn score(&mut self, net: &Network) -> Evaluation {
        self.scored = score_all(net, &self.sparse, 1);
        summarize(&self.scored, &self.sparse)
    }
}
