//! The JavaScript boundary, and the only place core errors become JS errors.
//!
//! The worker owns one `Lab` (data, trainer) and calls it in chunks; results cross as
//! small numbers or typed arrays. The page uses the free functions: drawing
//! preprocessing, the charts, and the constants below.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::config::{Config, MAX_ALPHA, MAX_HIDDEN, MAX_ITERATIONS};
use crate::dataset::{Dataset, SparseImage, SparseImages};
use crate::early_stop::EarlyStopping;
use crate::evaluate::{predict, score_all, summarize, Scored};
use crate::idx::{PIXELS, SIDE};
use crate::model::Model;
use crate::network::Network;
use crate::network::OUTPUTS;
use crate::trainer::{IterationStats, Trainer};

fn js_error(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// The test images and the latest scores of a network on them. The training worker's
/// `Lab` has one; the evaluator worker has its own and scores weight snapshots, so test
/// evaluations run beside training, not in its way.
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

    /// Scores weights from `Lab::weights` (hidden units `hidden`): returns
    /// [error, accuracy] and keeps each image's prediction for `predictions`.
    pub fn evaluate(&mut self, hidden: usize, weights: &[f64]) -> Result<Vec<f64>, JsError> {
        let net = Network::from_flat(hidden, weights)
            .ok_or_else(|| JsError::new("weights do not match the hidden size"))?;
        Ok(self.score(&net))
    }

    /// Number of images.
    pub fn count(&self) -> usize {
        self.data.len()
    }

    /// Predicted digits of the given images (from the last evaluation; 255 before any).
    pub fn predictions(&self, indices: &[u32]) -> Vec<u8> {
        indices
            .iter()
            .map(|&i| self.scored.get(i as usize).map_or(255, |s| s.digit))
            .collect()
    }

    /// The `count` images the network gets wrong with the largest margin.
    pub fn confident_mistakes(&self, count: usize) -> Vec<u32> {
        let mut wrong: Vec<(u32, f64)> = (0..self.scored.len())
            .filter(|&i| self.scored[i].digit != self.data.label(i))
            .map(|i| (i as u32, self.scored[i].margin))
            .collect();
        wrong.sort_by(|a, b| b.1.total_cmp(&a.1));
        wrong.into_iter().take(count).map(|(i, _)| i).collect()
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
    fn from_dataset(data: Dataset) -> Self {
        let sparse = SparseImages::new(&data);
        TestSet {
            data,
            sparse,
            scored: Vec::new(),
        }
    }

    fn score(&mut self, net: &Network) -> Vec<f64> {
        self.scored = score_all(net, &self.sparse, 1);
        let eval = summarize(&self.scored, &self.sparse);
        vec![eval.error, eval.accuracy]
    }
}

/// One learner's lab: the loaded data and the current run.
#[wasm_bindgen]
pub struct Lab {
    train: Dataset,
    test: TestSet,
    trainer: Trainer,
    last_stats: Option<IterationStats>,
    /// Early stopping: validation images, the stopper, the last validation figures.
    early: Option<(
        SparseImages,
        EarlyStopping,
        Option<crate::evaluate::Evaluation>,
    )>,
}

#[wasm_bindgen]
impl Lab {
    /// Parses the four IDX files (gzip or raw) and prepares a run with `Config::default()`
    /// (on fewer images if the file has fewer than the book's 1,000).
    #[wasm_bindgen(constructor)]
    pub fn new(
        train_images: &[u8],
        train_labels: &[u8],
        test_images: &[u8],
        test_labels: &[u8],
    ) -> Result<Lab, JsError> {
        let train = Dataset::from_idx(train_images, train_labels).map_err(js_error)?;
        let test = TestSet::new(test_images, test_labels)?;
        let train_size = Config::default().train_size.min(train.len());
        let config = Config {
            train_size,
            ..Config::default()
        };
        let trainer = Trainer::new(config, &train).map_err(js_error)?;
        Ok(Lab {
            train,
            test,
            trainer,
            last_stats: None,
            early: None,
        })
    }

    /// Starts a fresh run with these settings (see `Config`); a bad value is an error
    /// naming the setting, and the current run is kept. `validation` > 0 turns on early
    /// stopping with that many validation images and `patience`.
    #[allow(clippy::too_many_arguments)] // flat arguments keep the JS call plain
    pub fn configure(
        &mut self,
        hidden: usize,
        alpha: f64,
        iterations: usize,
        batch: usize,
        keep: f64,
        seed: u32,
        train_size: usize,
        test_every: usize,
        validation: usize,
        patience: usize,
    ) -> Result<(), JsError> {
        let config = Config {
            hidden,
            alpha,
            iterations,
            batch,
            keep,
            seed,
            train_size,
            test_every,
            validation,
            patience,
        };
        let trainer = Trainer::new(config, &self.train).map_err(js_error)?;
        self.early = (validation > 0).then(|| {
            let images = SparseImages::new(&self.train.slice(train_size, train_size + validation));
            (images, EarlyStopping::new(patience), None)
        });
        self.trainer = trainer;
        self.last_stats = None;
        Ok(())
    }

    /// The current model as a model file (see `model`); `dataset` is 0 for MNIST, 1 for
    /// Fashion-MNIST.
    pub fn save_model(&mut self, dataset: u8) -> Vec<u8> {
        let model = Model {
            config: self.trainer.config().clone(),
            iterations_trained: self.trainer.iteration() as u32,
            dataset,
            network: self.trainer.network().clone(),
        };
        model.to_bytes()
    }

    /// Loads a model file: a new run with the model's settings (hidden, alpha, keep,
    /// batch, seed, training images) starts from its weights. Returns [hidden, alpha,
    /// keep, batch, seed, train size, iterations trained, dataset]. A bad file is an
    /// error and leaves the current run untouched.
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<Vec<f64>, JsError> {
        let model = Model::from_bytes(bytes).map_err(js_error)?;
        let m = &model.config;
        let config = Config {
            hidden: m.hidden,
            alpha: m.alpha,
            keep: m.keep,
            batch: m.batch,
            seed: m.seed,
            train_size: m.train_size,
            validation: 0,
            ..self.trainer.config().clone()
        };
        let mut trainer = Trainer::new(config, &self.train).map_err(js_error)?;
        trainer.restore(model.network);
        self.trainer = trainer;
        self.last_stats = None;
        self.early = None;
        let c = self.trainer.config();
        Ok(vec![
            c.hidden as f64,
            c.alpha,
            c.keep,
            c.batch as f64,
            c.seed as f64,
            c.train_size as f64,
            model.iterations_trained as f64,
            model.dataset as f64,
        ])
    }

    /// With early stopping: [validation error, validation accuracy] after the last
    /// finished iteration (empty before the first, or without early stopping).
    pub fn validation_stats(&self) -> Vec<f64> {
        match &self.early {
            Some((_, _, Some(eval))) => vec![eval.error, eval.accuracy],
            _ => Vec::new(),
        }
    }

    /// With early stopping: the iteration where patience ran out, or -1.
    pub fn stopped_at(&self) -> i32 {
        let stopped = self
            .early
            .as_ref()
            .and_then(|(_, stopper, _)| stopper.stopped_at());
        stopped.map_or(-1, |s| s as i32)
    }

    /// With early stopping: [best iteration, its validation accuracy], or empty.
    pub fn best_validation(&self) -> Vec<f64> {
        let best = self
            .early
            .as_ref()
            .and_then(|(_, stopper, _)| stopper.best());
        best.map(|b| vec![b.iteration as f64, b.validation.accuracy])
            .unwrap_or_default()
    }

    /// Puts back the weights of the best validation iteration (training may go on from
    /// there). Returns false when there is nothing to restore.
    pub fn restore_best(&mut self) -> bool {
        let best = self
            .early
            .as_ref()
            .and_then(|(_, stopper, _)| stopper.best());
        match best.map(|b| b.network.clone()) {
            Some(network) => {
                self.trainer.restore(network);
                true
            }
            None => false,
        }
    }

    /// Training images available.
    pub fn train_count(&self) -> usize {
        self.train.len()
    }

    /// Test images available.
    pub fn test_count(&self) -> usize {
        self.test.count()
    }

    /// The current weights for `TestSet::evaluate`: `w01` (784 x hidden) then `w12`
    /// (hidden x 10), row-major.
    pub fn weights(&mut self) -> Vec<f64> {
        self.trainer.network().to_flat()
    }

    /// Runs up to `max_steps` steps, stopping early at the end of an iteration or of
    /// the run. Returns the number of steps taken.
    pub fn run(&mut self, max_steps: u32) -> u32 {
        let mut taken = 0;
        self.last_stats = None;
        while taken < max_steps && !self.trainer.finished() {
            taken += 1;
            if let Some(stats) = self.trainer.step() {
                self.last_stats = Some(stats);
                if let Some((images, stopper, last)) = &mut self.early {
                    let eval = crate::evaluate::evaluate_with(self.trainer.network(), images, 1);
                    stopper.observe(stats.iteration, eval, self.trainer.network());
                    *last = Some(eval);
                }
                break;
            }
        }
        taken
    }

    /// True when the last `run` ended an iteration; its figures are in `iteration_*`.
    pub fn iteration_done(&self) -> bool {
        self.last_stats.is_some()
    }

    /// [iteration, train error, train accuracy] of the iteration the last `run` ended.
    pub fn iteration_stats(&self) -> Vec<f64> {
        self.last_stats
            .map(|s| vec![s.iteration as f64, s.error, s.accuracy])
            .unwrap_or_default()
    }

    /// Iterations finished.
    pub fn iteration(&self) -> usize {
        self.trainer.iteration()
    }

    /// True when the run has done all its iterations.
    pub fn finished(&self) -> bool {
        self.trainer.finished()
    }

    /// Steps (examples or batches) in one iteration.
    pub fn steps_per_iteration(&self) -> usize {
        self.trainer.steps_per_iteration()
    }

    /// [test error, test accuracy] of the current weights, computed here (the page
    /// normally has the evaluator worker do it); also scores every test image for
    /// `test_predictions` and `confident_mistakes`.
    pub fn evaluate(&mut self) -> Vec<f64> {
        self.test.score(self.trainer.network())
    }

    /// Predicted digits of the given test images (from the last `evaluate`).
    pub fn test_predictions(&self, indices: &[u32]) -> Vec<u8> {
        self.test.predictions(indices)
    }

    /// The `count` test images the network gets wrong with the largest margin.
    pub fn confident_mistakes(&self, count: usize) -> Vec<u32> {
        self.test.confident_mistakes(count)
    }

    /// The 784 pixel bytes of test image `i`.
    pub fn test_image(&self, i: usize) -> Vec<u8> {
        self.test.image(i)
    }

    /// The label of test image `i`.
    pub fn test_label(&self, i: usize) -> u8 {
        self.test.label(i)
    }

    /// The 784 pixel bytes of training image `i`.
    pub fn train_image(&self, i: usize) -> Vec<u8> {
        self.train.image(i.min(self.train.len() - 1)).to_vec()
    }

    /// The label of training image `i`.
    pub fn train_label(&self, i: usize) -> u8 {
        self.train.label(i.min(self.train.len() - 1))
    }

    /// Index of the training example the last step started with.
    pub fn last_example(&self) -> usize {
        self.trainer.last_example()
    }

    /// Dropout mask of that example (1 kept, 0 dropped).
    pub fn last_mask(&self) -> Vec<f64> {
        self.trainer.last_mask().to_vec()
    }

    /// Hidden activations of that example, after dropout.
    pub fn last_hidden(&self) -> Vec<f64> {
        self.trainer.last_hidden().to_vec()
    }

    /// The ten outputs for that example.
    pub fn last_output(&self) -> Vec<f64> {
        self.trainer.last_output().to_vec()
    }

    /// The network's answer for 784 pixel bytes: the ten outputs, then the hidden
    /// activations (no dropout when predicting).
    pub fn predict(&mut self, pixels: &[u8]) -> Result<Vec<f64>, JsError> {
        if pixels.len() != PIXELS {
            return Err(JsError::new(&format!(
                "predict needs {PIXELS} pixels, got {}",
                pixels.len()
            )));
        }
        let input: Vec<f64> = pixels
            .iter()
            .map(|&b| crate::dataset::intensity(b))
            .collect();
        let (mut index, mut value) = (Vec::new(), Vec::new());
        let prediction = predict(
            self.trainer.network(),
            SparseImage::from_dense(&input, &mut index, &mut value),
        );
        Ok(prediction
            .output
            .iter()
            .chain(&prediction.hidden)
            .copied()
            .collect())
    }
}

/// A drawing's ink (`width * height` bytes, 0 = paper) as the 28x28 bytes the
/// network sees, or `undefined` when the pad is empty.
#[wasm_bindgen]
pub fn preprocess_drawing(
    ink: &[u8],
    width: usize,
    height: usize,
) -> Result<Option<Vec<u8>>, JsError> {
    if ink.len() != width * height {
        return Err(JsError::new("ink must hold width * height bytes"));
    }
    Ok(crate::preprocess::mnist_from_ink(ink, width, height).map(|image| image.to_vec()))
}

/// Limits and defaults the page needs, so they are not retyped in JavaScript.
#[wasm_bindgen]
pub fn constants() -> Result<Object, JsValue> {
    let defaults = Config::default();
    let object = Object::new();
    let pairs: [(&str, f64); 12] = [
        ("side", SIDE as f64),
        ("pixels", PIXELS as f64),
        ("outputs", OUTPUTS as f64),
        ("maxHidden", MAX_HIDDEN as f64),
        ("maxIterations", MAX_ITERATIONS as f64),
        ("maxAlpha", MAX_ALPHA),
        ("hidden", defaults.hidden as f64),
        ("alpha", defaults.alpha),
        ("iterations", defaults.iterations as f64),
        ("seed", defaults.seed as f64),
        ("trainSize", defaults.train_size as f64),
        ("testEvery", defaults.test_every as f64),
    ];
    for (key, value) in pairs {
        Reflect::set(&object, &key.into(), &value.into())?;
    }
    Ok(object)
}

/// Draws one chart of curves on `canvas`: `series` holds one [x0, y0, x1, y1, ...]
/// array per curve, named by `names` and coloured by `colors` (CSS hex); `markers` are
/// x positions of dashed vertical lines labelled by `marker_names`. `y_max` fixes the
/// top of the y axis (accuracy: 1).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // flat arguments keep the JS call plain
pub fn draw_chart(
    canvas: HtmlCanvasElement,
    title: &str,
    y_label: &str,
    names: Vec<String>,
    colors: Vec<String>,
    series: Vec<js_sys::Float64Array>,
    markers: Vec<f64>,
    marker_names: Vec<String>,
    x_max: f64,
    y_max: f64,
) -> Result<(), JsError> {
    let curves: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| s.to_vec().chunks_exact(2).map(|p| (p[0], p[1])).collect())
        .collect();
    let markers: Vec<(f64, String)> = markers.into_iter().zip(marker_names).collect();
    let chart = crate::chart::Chart {
        title,
        y_label,
        names: &names,
        colors: &colors,
        curves: &curves,
        markers: &markers,
        x_max,
        y_max,
    };
    crate::chart::draw(canvas, &chart).map_err(|e| JsError::new(&e))
}

/// The book's plain-run line for an iteration, with Python's float printing.
#[wasm_bindgen]
pub fn book_line(
    iteration: usize,
    train_error: f64,
    train_accuracy: f64,
    test_error: f64,
    test_accuracy: f64,
) -> String {
    let train = IterationStats {
        iteration,
        error: train_error,
        accuracy: train_accuracy,
    };
    let test = crate::evaluate::Evaluation {
        error: test_error,
        accuracy: test_accuracy,
    };
    crate::BookRun::Plain.line(&train, &test)
}
