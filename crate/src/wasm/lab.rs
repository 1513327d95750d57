//! The training worker's handle: a `Session` on the training images, and the test set.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use super::results::{Early, Example, Iteration, Prediction};
use super::test_set::TestSet;
use super::{config_of, js_error, object, settings_object};
use crate::config::Config;
use crate::dataset::Dataset;
use crate::ensemble::{outputs_all, Committee};
use crate::error::{Error, Part};
use crate::idx;
use crate::image_stream::LabelledStream;
use crate::session::{IterationReport, Session};

/// `error` as a JS `Error` with `file` and `pair` (see `Lab::new`).
fn data_error(error: crate::Error, pair: u8) -> JsValue {
    let file = match error.part() {
        Some(Part::Images) => f64::from(2 * pair),
        Some(Part::Labels) => f64::from(2 * pair + 1),
        None => -1.0,
    };
    let js = js_sys::Error::new(&error.to_string());
    let set = |key: &str, value: f64| Reflect::set(&js, &key.into(), &value.into());
    set("file", file)
        .and(set("pair", f64::from(pair)))
        .expect("a new Error takes keys");
    js.into()
}

/// One learner's lab: a `Session` on the training images, and the test images.
#[wasm_bindgen]
pub struct Lab {
    session: Session,
    test: TestSet,
    last: Option<IterationReport>,
    /// The training image file's rest, while it downloads.
    arriving: Option<LabelledStream>,
    /// The networks gathered for a vote (the ensemble lesson), on the test images.
    committee: Committee,
}

#[wasm_bindgen]
impl Lab {
    /// Parses the four IDX files (gzip or raw) and configures the book's plain run (on
    /// fewer images if the file has fewer than the book's 1,000). A data error is a JS
    /// `Error` whose `file` (0-3, the argument's position) says which file it is about,
    /// or -1 when it is about both of a pair (which then is `pair`: 0 training, 1 test).
    #[wasm_bindgen(constructor)]
    pub fn new(
        train_images: &[u8],
        train_labels: &[u8],
        test_images: &[u8],
        test_labels: &[u8],
    ) -> Result<Lab, JsValue> {
        let mut lab = Lab::streaming(train_images, train_labels, test_images, test_labels)?;
        lab.finish_train_images()?;
        Ok(lab)
    }

    /// As `new`, with only the start of the training image file (at least one whole
    /// image): the rest comes through `push_train_images`, then `finish_train_images`.
    /// Runs on the images there can be set up at once (`images_needed` says how many a
    /// run takes; `train_count` how many are there).
    pub fn streaming(
        train_images_start: &[u8],
        train_labels: &[u8],
        test_images: &[u8],
        test_labels: &[u8],
    ) -> Result<Lab, JsValue> {
        let train_error = |e| data_error(e, 0);
        let labels = idx::parse_labels(train_labels).map_err(train_error)?;
        let test = Dataset::from_idx(test_images, test_labels).map_err(|e| data_error(e, 1))?;
        let test = TestSet::from_dataset(test);
        let committee = Committee::new(test.labels().to_vec());
        let mut arriving = LabelledStream::new(labels);
        let mut train = Dataset::from_parts(Vec::new(), Vec::new()).expect("empty is a dataset");
        train.reserve(arriving.total());
        arriving
            .push(train_images_start, &mut train)
            .map_err(train_error)?;
        if train.is_empty() {
            arriving.finish(&mut train).map_err(train_error)?;
            return Err(data_error(Error::Empty(Part::Images), 0));
        }
        let train_size = Config::default().train_size.min(train.len());
        let config = Config {
            train_size,
            ..Config::default()
        };
        let session = Session::new(train, config).map_err(|e| JsValue::from(js_error(e)))?;
        Ok(Lab {
            session,
            test,
            last: None,
            arriving: Some(arriving),
            committee,
        })
    }

    /// Decodes the training image file's next bytes; returns the training images there
    /// are now. An error (a corrupt file) stops the stream: the images there stay.
    pub fn push_train_images(&mut self, chunk: &[u8]) -> Result<usize, JsValue> {
        if let Some(arriving) = &mut self.arriving {
            let pushed = arriving.push(chunk, self.session.train_data_mut());
            if let Err(error) = pushed {
                self.arriving = None;
                return Err(data_error(error, 0));
            }
        }
        Ok(self.train_count())
    }

    /// The training image file has ended: checks it ended where it should.
    pub fn finish_train_images(&mut self) -> Result<(), JsValue> {
        match self.arriving.take() {
            Some(mut arriving) => arriving
                .finish(self.session.train_data_mut())
                .map(|_| ())
                .map_err(|e| data_error(e, 0)),
            None => Ok(()),
        }
    }

    /// The training images there will be once the file is in (the label file's count).
    pub fn train_total(&self) -> usize {
        self.arriving
            .as_ref()
            .map_or(self.train_count(), LabelledStream::total)
    }

    /// How many training images (from the first) a run with `settings` reads: its
    /// training slice and its validation slice. Bad settings are the error `configure`
    /// would give.
    pub fn images_needed(&self, settings: JsValue) -> Result<usize, JsError> {
        let config = config_of(&settings, self.train_total())?;
        Ok(config.train_size + config.validation)
    }

    /// Starts a fresh run with `settings` (an object with the table's names; missing
    /// ones take their defaults). Bad values are one error listing each; the current
    /// run is kept.
    pub fn configure(&mut self, settings: JsValue) -> Result<(), JsError> {
        let config = config_of(&settings, self.train_total())?;
        let (needed, there) = (config.train_size + config.validation, self.train_count());
        if needed > there {
            return Err(JsError::new(&format!(
                "this run reads {needed} training images and {there} have arrived so far"
            )));
        }
        self.session.configure(config).map_err(js_error)?;
        self.last = None;
        Ok(())
    }

    /// Starts the current run over from its initial weights.
    pub fn reset(&mut self) {
        self.session.reset();
        self.last = None;
    }

    /// The run's settings, as an object with the table's names.
    pub fn settings(&self) -> Object {
        settings_object(self.session.config())
    }

    /// The current model as a model file; `dataset` is 0 for MNIST, 1 for Fashion-MNIST.
    pub fn save_model(&mut self, dataset: u8) -> Vec<u8> {
        self.session.save_model(dataset)
    }

    /// Starts a run from a model file (its settings are then in `settings()`); returns
    /// {iterationsTrained, dataset}. A bad file is an error and changes nothing.
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<Object, JsError> {
        let loaded = self.session.load_model(bytes).map_err(js_error)?;
        self.last = None;
        let dataset = if loaded.dataset == 1 {
            "fashion"
        } else {
            "mnist"
        };
        Ok(object(&[
            ("iterationsTrained", loaded.iterations_trained.into()),
            ("dataset", dataset.into()),
        ]))
    }

    /// Early stopping's state, once an iteration has been validated.
    pub fn early(&self) -> Option<Early> {
        self.session.early().map(Early::from)
    }

    /// Puts back the best validation iteration's weights; which they were, or nothing.
    pub fn restore_best(&mut self) -> Option<Early> {
        self.session.restore_best().map(Early::from)
    }

    /// Training images there are so far (see `train_total`).
    pub fn train_count(&self) -> usize {
        self.session.train_data().len()
    }

    /// Test images available.
    pub fn test_count(&self) -> usize {
        self.test.count()
    }

    /// The current weights for `TestSet::evaluate`, as `Network::to_flat`: `w01`
    /// (784 x hidden) then `w12` (hidden x 10), row-major, then with biases or softmax
    /// `b1`, `b2` and the softmax flag.
    pub fn weights(&mut self) -> Vec<f64> {
        self.session.network().to_flat()
    }

    /// Takes up to `max_steps` steps, stopping at the end of an iteration or of the
    /// run; returns the steps taken. An ended iteration's report is in `ended()`.
    pub fn run(&mut self, max_steps: u32) -> u32 {
        let (taken, report) = self.session.advance(max_steps as usize);
        self.last = report;
        taken as u32
    }

    /// The iteration the last `run` ended, if it ended one.
    pub fn ended(&self) -> Option<Iteration> {
        self.last.map(Iteration::from)
    }

    /// Iterations finished.
    pub fn iteration(&self) -> usize {
        self.session.iteration()
    }

    /// True when the run has done all its iterations.
    pub fn finished(&self) -> bool {
        self.session.finished()
    }

    /// Steps (examples or batches) in one iteration.
    pub fn steps_per_iteration(&self) -> usize {
        self.session.steps_per_iteration()
    }

    /// [test error, test accuracy] of the current weights, computed here (the page has
    /// the evaluator worker do it beside training).
    pub fn evaluate(&mut self) -> Vec<f64> {
        let eval = self.test.score(self.session.network());
        vec![eval.error, eval.accuracy]
    }

    /// Training image `i` (the last if past the end): its 784 bytes.
    pub fn train_image(&self, i: usize) -> Vec<u8> {
        let train = self.session.train_data();
        train.image(i.min(train.len() - 1)).to_vec()
    }

    /// The label of training image `i` (the last's if past the end).
    pub fn train_label(&self, i: usize) -> u8 {
        let train = self.session.train_data();
        train.label(i.min(train.len() - 1))
    }

    /// Test image `i` (counted modulo the test images): its 784 bytes.
    pub fn test_image(&self, i: usize) -> Vec<u8> {
        self.test.image(i % self.test.count().max(1))
    }

    /// The label of test image `i` (counted modulo the test images).
    pub fn test_label(&self, i: usize) -> u8 {
        self.test.label(i % self.test.count().max(1))
    }

    /// The example the last step began with: image, mask, activations, outputs.
    pub fn example(&self) -> Example {
        let trainer = self.session.trainer();
        let index = trainer.last_example();
        Example {
            index,
            label: self.train_label(index),
            image: self.train_image(index),
            mask: trainer.last_mask().to_vec(),
            hidden: trainer.last_hidden().to_vec(),
            output: trainer.last_output().to_vec(),
        }
    }

    /// What the current weights make of 784 pixel bytes (no dropout).
    pub fn predict(&mut self, pixels: &[u8]) -> Result<Prediction, JsError> {
        let p = self.session.predict(pixels).map_err(js_error)?;
        Ok(Prediction {
            digit: p.digit,
            output: p.output.to_vec(),
            hidden: p.hidden,
        })
    }

    /// The current network joins the vote (after `restart`, a new vote of it alone),
    /// with its run's seed; returns its test accuracy.
    pub fn ensemble_join(&mut self, restart: bool) -> Result<f64, JsError> {
        if restart {
            self.committee = Committee::new(self.test.labels().to_vec());
        }
        let seed = self.session.config().seed;
        let outputs = outputs_all(self.session.network(), self.test.sparse());
        self.committee.add(seed, outputs).map_err(js_error)
    }

    /// Networks in the vote so far.
    pub fn ensemble_size(&self) -> usize {
        self.committee.len()
    }

    /// The vote of the networks that joined, as the core counts it, with the first
    /// `shown` test digits some network gets wrong (see `vote_object`).
    pub fn ensemble_vote(&self, shown: usize) -> Result<Object, JsError> {
        let vote = self.committee.vote().map_err(js_error)?;
        Ok(super::vote::vote_object(&vote, &self.test, shown))
    }
}
