//! A learner's session: the training data, the run on it, early stopping, weight
//! snapshots and model files. The command line (`run`) and the page's worker (`wasm`)
//! both drive a `Session`, so what a run does is decided here once.

use crate::basics::{IterationStats, UpdateRule};
use crate::config::Config;
use crate::dataset::{Dataset, SparseImages};
use crate::early_stop::{Best, EarlyStopping};
use crate::error::Error;
use crate::evaluate::{evaluate_with, predict_pixels, Evaluation, Prediction};
use crate::model::Model;
use crate::network::Network;
use crate::settings::SETTINGS;
use crate::trainer::Trainer;

/// What one finished iteration did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IterationReport {
    /// 0-based iteration.
    pub iteration: usize,
    /// Error and accuracy over the pass's training examples, measured as they were
    /// trained on (with the dropout mask on, when there is dropout).
    pub train: Evaluation,
    /// With early stopping: the weights after the pass on the validation images.
    pub validation: Option<Evaluation>,
    /// True at the one iteration where early stopping's patience ran out.
    pub stopped: bool,
}

/// Early stopping's state, for reports: the best is the best up to the stop, however
/// long the run went on after it (`early_stop`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStatus {
    /// The iteration with the best validation accuracy up to the stop (so far, before it).
    pub best_iteration: usize,
    /// Its validation figures.
    pub best_validation: Evaluation,
    /// Where patience ran out, if it has.
    pub stopped_at: Option<usize>,
    /// Iterations without improvement that stop the run.
    pub patience: usize,
}

/// What a model file brought in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loaded {
    /// Iterations the weights had been trained for.
    pub iterations_trained: u32,
    /// 0 MNIST, 1 Fashion-MNIST.
    pub dataset: u8,
}

/// The validation images and the stopper watching them.
struct Early {
    images: SparseImages,
    stopper: EarlyStopping,
}

/// The training images and the current run.
pub struct Session {
    train: Dataset,
    trainer: Trainer,
    early: Option<Early>,
}

impl Session {
    /// A session on `train` with a run configured by `config`.
    pub fn new(train: Dataset, config: Config) -> Result<Self, Error> {
        Self::with_rule(train, config, UpdateRule::Averaged)
    }

    /// As `new`, with the book's printed batch quirk or the averaged update.
    pub(crate) fn with_rule(
        train: Dataset,
        config: Config,
        rule: UpdateRule,
    ) -> Result<Self, Error> {
        let trainer = Trainer::with_rule(config, &train, rule)?;
        let early = Self::early_for(&train, trainer.config());
        Ok(Session {
            train,
            trainer,
            early,
        })
    }

    fn early_for(train: &Dataset, config: &Config) -> Option<Early> {
        (config.validation > 0).then(|| {
            let start = config.train_size;
            Early {
                images: SparseImages::new(&train.slice(start, start + config.validation)),
                stopper: EarlyStopping::new(config.patience),
            }
        })
    }

    /// Starts a fresh run with `config`. A bad setting is an error naming it, and the
    /// current run is kept.
    pub fn configure(&mut self, config: Config) -> Result<(), Error> {
        let trainer = Trainer::new(config, &self.train)?;
        self.early = Self::early_for(&self.train, trainer.config());
        self.trainer = trainer;
        Ok(())
    }

    /// Starts the current run over from its initial weights.
    pub fn reset(&mut self) {
        let config = self.config().clone();
        self.configure(config)
            .expect("the current settings were valid");
    }

    /// The run's settings.
    pub fn config(&self) -> &Config {
        self.trainer.config()
    }

    /// The training images.
    pub fn train_data(&self) -> &Dataset {
        &self.train
    }

    /// The training images, to add those that arrive after the session started (a
    /// download, `image_stream::LabelledStream`). A run already set up keeps its own
    /// copy of its slice, so adding images never changes it.
    pub fn train_data_mut(&mut self) -> &mut Dataset {
        &mut self.train
    }

    /// The run's trainer, for what the last step did (example, mask, activations).
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
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

    /// Takes up to `max_steps` steps, stopping at the end of an iteration or of the run.
    /// Returns the steps taken and, if an iteration ended, its report.
    pub fn advance(&mut self, max_steps: usize) -> (usize, Option<IterationReport>) {
        let mut taken = 0;
        while taken < max_steps && !self.trainer.finished() {
            taken += 1;
            if let Some(stats) = self.trainer.step() {
                return (taken, Some(self.finish_iteration(stats)));
            }
        }
        (taken, None)
    }

    /// Runs the rest of the current iteration.
    ///
    /// Panics if the run is finished.
    pub fn run_iteration(&mut self) -> IterationReport {
        let stats = self.trainer.run_iteration();
        self.finish_iteration(stats)
    }

    fn finish_iteration(&mut self, stats: IterationStats) -> IterationReport {
        let mut report = IterationReport {
            iteration: stats.iteration,
            train: Evaluation {
                error: stats.error,
                accuracy: stats.accuracy,
            },
            validation: None,
            stopped: false,
        };
        if let Some(early) = &mut self.early {
            let network = self.trainer.network();
            let eval = evaluate_with(network, &early.images, 1);
            report.stopped = early.stopper.observe(stats.iteration, eval, network);
            report.validation = Some(eval);
        }
        report
    }

    /// The weights as they are now.
    pub fn network(&mut self) -> &Network {
        self.trainer.network()
    }

    /// A copy of the weights as they are now, e.g. for a test pass elsewhere.
    pub fn snapshot(&mut self) -> Network {
        self.trainer.network().clone()
    }

    /// Early stopping's state, once an iteration has been validated.
    pub fn early(&self) -> Option<EarlyStatus> {
        let early = self.early.as_ref()?;
        let best = early.stopper.best()?;
        Some(EarlyStatus {
            best_iteration: best.iteration,
            best_validation: best.validation,
            stopped_at: early.stopper.stopped_at(),
            patience: self.config().patience,
        })
    }

    /// Puts back the weights of the best validation iteration up to the stop (training
    /// may go on from there) and returns which they were; `None` without early stopping or before any
    /// iteration.
    pub fn restore_best(&mut self) -> Option<EarlyStatus> {
        let status = self.early()?;
        let best: &Best = self.early.as_ref()?.stopper.best()?;
        let network = best.network.clone();
        self.trainer.restore(network);
        Some(status)
    }

    /// The current weights and settings as a model file (`model`); `dataset` is 0 for
    /// MNIST, 1 for Fashion-MNIST.
    pub fn save_model(&mut self, dataset: u8) -> Vec<u8> {
        Model {
            config: self.config().clone(),
            iterations_trained: self.iteration() as u32,
            dataset,
            network: self.trainer.network().clone(),
        }
        .to_bytes()
    }

    /// Starts a run from a model file: its weights and every setting it keeps (the
    /// table's `kept` rows: the network, its training and the options beyond the book),
    /// keeping this run's schedule (iterations, test passes), without early stopping.
    /// A bad file, or one that does not fit the data, is an error and the current run
    /// is kept.
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<Loaded, Error> {
        let model = Model::from_bytes(bytes)?;
        let mut config = self.config().clone();
        for s in SETTINGS.iter().filter(|s| s.kept) {
            (s.set)(&mut config, (s.get)(&model.config));
        }
        config.validation = 0;
        let mut trainer = Trainer::new(config, &self.train)?;
        trainer.restore(model.network);
        self.trainer = trainer;
        self.early = None;
        Ok(Loaded {
            iterations_trained: model.iterations_trained,
            dataset: model.dataset,
        })
    }

    /// What the current weights make of an image of 784 pixel bytes (no dropout).
    pub fn predict(&mut self, pixels: &[u8]) -> Result<Prediction, Error> {
        predict_pixels(self.trainer.network(), pixels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idx::PIXELS;

    /// `count` images, image i a bar of ink in column 4 + 2 * (i % 10), labelled i % 10.
    fn bars(count: usize) -> Dataset {
        let mut pixels = vec![0u8; count * PIXELS];
        for i in 0..count {
            for row in 4..24 {
                pixels[i * PIXELS + row * 28 + 4 + 2 * (i % 10)] = 255;
            }
        }
        Dataset::from_parts(pixels, (0..count).map(|i| (i % 10) as u8).collect()).unwrap()
    }

    /// Validation images and patience with which `bars` validates better after the stop.
    const VALIDATION_AFTER_STOP: (usize, usize) = (30, 1);

    fn config() -> Config {
        Config {
            hidden: 8,
            alpha: 0.01,
            iterations: 30,
            train_size: 50,
            ..Config::default()
        }
    }

    #[test]
    fn a_bad_setting_is_refused_and_the_run_kept() {
        let mut session = Session::new(bars(100), config()).unwrap();
        session.advance(10);
        let before = session.snapshot();
        let bad = Config {
            train_size: 101,
            ..config()
        };
        let error = session.configure(bad).unwrap_err().to_string();
        assert!(error.contains("train-size"), "{error}");
        assert_eq!(session.config(), &config());
        assert_eq!(session.snapshot(), before);
    }

    #[test]
    fn advance_stops_at_the_end_of_an_iteration() {
        let mut session = Session::new(bars(100), config()).unwrap();
        assert_eq!(session.advance(30), (30, None));
        let (taken, report) = session.advance(1000);
        assert_eq!(taken, 20);
        assert_eq!(report.unwrap().iteration, 0);
        assert_eq!(session.iteration(), 1);
    }

    /// Runs `config` to its end, past any early stop: each iteration's validation
    /// accuracy and weights, and the iterations whose reports said they stopped.
    fn run_past_the_stop(session: &mut Session) -> (Vec<f64>, Vec<Network>, Vec<usize>) {
        let (mut accuracies, mut weights, mut stops) = (Vec::new(), Vec::new(), Vec::new());
        while !session.finished() {
            let report = session.run_iteration();
            accuracies.push(report.validation.expect("validated").accuracy);
            weights.push(session.snapshot());
            if report.stopped {
                stops.push(report.iteration);
            }
        }
        (accuracies, weights, stops)
    }

    #[test]
    fn early_stopping_reports_its_stop_once_and_restores_the_best() {
        let config = Config {
            validation: 30,
            patience: 2,
            ..config()
        };
        let mut session = Session::new(bars(100), config).unwrap();
        let (accuracies, weights, stops) = run_past_the_stop(&mut session);
        let status = session.early().unwrap();
        let stop = status
            .stopped_at
            .expect("patience 2 runs out in 30 iterations");
        assert_eq!(stops, [stop], "one stop, reported where it happened");
        // The first iteration with the best accuracy up to the stop, `patience` before it.
        let seen = &accuracies[..=stop];
        let top = seen.iter().copied().fold(f64::MIN, f64::max);
        let first_top = seen.iter().position(|&a| a == top).unwrap();
        assert_eq!(status.best_iteration, first_top);
        assert_eq!(status.best_validation.accuracy, top);
        assert_eq!(stop - status.best_iteration, 2);
        assert_ne!(session.snapshot(), weights[status.best_iteration]);
        assert_eq!(session.restore_best(), Some(status));
        assert_eq!(session.snapshot(), weights[status.best_iteration]);
    }

    #[test]
    fn a_better_validation_after_the_stop_is_not_restored() {
        let config = Config {
            validation: VALIDATION_AFTER_STOP.0,
            patience: VALIDATION_AFTER_STOP.1,
            ..config()
        };
        let mut session = Session::new(bars(100), config).unwrap();
        let (accuracies, weights, _) = run_past_the_stop(&mut session);
        let status = session.early().unwrap();
        let stop = status.stopped_at.unwrap();
        let later = accuracies[stop + 1..]
            .iter()
            .copied()
            .fold(f64::MIN, f64::max);
        assert!(
            later > status.best_validation.accuracy,
            "these settings improve after the stop: {accuracies:?}"
        );
        assert!(status.best_iteration <= stop);
        session.restore_best();
        assert_eq!(session.snapshot(), weights[status.best_iteration]);
    }

    #[test]
    fn a_model_file_comes_back_with_its_weights() {
        let mut session = Session::new(bars(100), config()).unwrap();
        session.run_iteration();
        let bytes = session.save_model(0);
        let trained = session.snapshot();
        session.reset();
        assert_ne!(session.snapshot(), trained);
        let loaded = session.load_model(&bytes).unwrap();
        assert_eq!(loaded.iterations_trained, 1);
        assert_eq!(session.snapshot(), trained);
        assert!(session.load_model(&bytes[..100]).is_err());
        assert_eq!(session.snapshot(), trained, "a bad file changes nothing");
        assert!(session.predict(&[0; 10]).is_err());
        assert_eq!(session.predict(&[0; 784]).unwrap().output.len(), 10);
    }

    #[test]
    fn a_model_with_every_option_predicts_the_same_when_loaded() {
        let options = Config {
            true_derivative: true,
            biases: true,
            softmax: true,
            shuffle: true,
            augment: 0.5,
            decay: 0.1,
            iterations: 3,
            ..config()
        };
        let mut session = Session::new(bars(100), options).unwrap();
        while !session.finished() {
            session.run_iteration();
        }
        let image: Vec<u8> = bars(1).image(0).to_vec();
        let before = session.predict(&image).unwrap();
        assert!(
            (before.output.iter().sum::<f64>() - 1.0).abs() < 1e-12,
            "softmax"
        );
        let trained = session.snapshot();
        assert!(trained.b2().iter().any(|&b| b != 0.0), "biases trained");
        let bytes = session.save_model(0);

        let mut other = Session::new(bars(100), config()).unwrap();
        other.load_model(&bytes).unwrap();
        assert_eq!(other.snapshot(), trained);
        assert_eq!(other.predict(&image).unwrap(), before);
        let c = other.config();
        assert!(c.true_derivative && c.biases && c.softmax && c.shuffle);
        assert_eq!((c.augment, c.decay), (0.5, 0.1));
        let test = SparseImages::new(&bars(50));
        let (a, b) = (session.network(), &trained);
        assert_eq!(crate::evaluate(a, &test), crate::evaluate(b, &test));
        let flat = Network::from_flat(8, &trained.to_flat()).unwrap();
        assert_eq!(
            flat, trained,
            "snapshots for the evaluator keep biases and softmax"
        );
    }
}
