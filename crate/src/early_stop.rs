//! Early stopping: watch accuracy on a validation set taken from the training images
//! that follow the training slice (never the test set, which would then be fitted too),
//! stop when it has not improved for `patience` iterations, and keep the best weights.
//!
//! One rule for every caller: the best is the best *as of the stop*. A run may go on
//! after it (the page does, to show what the test curve did next), but what is reported
//! and restored is what early stopping saw when it stopped, so the command line, which
//! ends at the stop, and the page give the same iteration and the same weights.

use crate::evaluate::Evaluation;
use crate::network::Network;

/// The best iteration so far on the validation set, with its weights.
#[derive(Clone, Debug)]
pub struct Best {
    /// 0-based iteration after which the weights were the best.
    pub iteration: usize,
    /// Validation figures of those weights.
    pub validation: Evaluation,
    /// The weights themselves, to restore.
    pub network: Network,
}

/// Patience-based early stopping on validation accuracy.
#[derive(Clone, Debug)]
pub struct EarlyStopping {
    patience: usize,
    best: Option<Best>,
    since_best: usize,
    stopped_at: Option<usize>,
}

impl EarlyStopping {
    /// Stops after `patience` iterations in a row without a strictly better validation
    /// accuracy.
    pub fn new(patience: usize) -> Self {
        EarlyStopping {
            patience,
            best: None,
            since_best: 0,
            stopped_at: None,
        }
    }

    /// Records the validation figures after `iteration`. Returns true once, at the
    /// iteration where patience runs out; later calls change nothing, so a better
    /// iteration after the stop is never the one restored.
    pub fn observe(&mut self, iteration: usize, validation: Evaluation, network: &Network) -> bool {
        if self.stopped_at.is_some() {
            return false;
        }
        let better = match &self.best {
            None => true,
            Some(best) => validation.accuracy > best.validation.accuracy,
        };
        if better {
            self.best = Some(Best {
                iteration,
                validation,
                network: network.clone(),
            });
            self.since_best = 0;
        } else {
            self.since_best += 1;
        }
        if self.since_best >= self.patience {
            self.stopped_at = Some(iteration);
            return true;
        }
        false
    }

    /// The best iteration up to the stop (or so far, before it), if any.
    pub fn best(&self) -> Option<&Best> {
        self.best.as_ref()
    }

    /// The iteration where patience ran out, if it has.
    pub fn stopped_at(&self) -> Option<usize> {
        self.stopped_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt19937::Mt19937;

    fn eval(accuracy: f64) -> Evaluation {
        Evaluation {
            error: 1.0 - accuracy,
            accuracy,
        }
    }

    #[test]
    fn stops_after_patience_iterations_without_improvement() {
        let net = Network::init(4, &mut Mt19937::new(1));
        let mut stopper = EarlyStopping::new(3);
        let accuracies = [0.5, 0.7, 0.8, 0.8, 0.79, 0.75, 0.9];
        let stops: Vec<bool> = accuracies
            .iter()
            .enumerate()
            .map(|(i, &a)| stopper.observe(i, eval(a), &net))
            .collect();
        assert_eq!(stops, [false, false, false, false, false, true, false]);
        assert_eq!(stopper.stopped_at(), Some(5));
        // 0.9 came after the stop: early stopping never saw it.
        assert_eq!(stopper.best().unwrap().iteration, 2);
        assert_eq!(stopper.best().unwrap().validation.accuracy, 0.8);
    }

    #[test]
    fn the_best_after_the_stop_keeps_the_weights_of_the_stop() {
        let mut rng = Mt19937::new(1);
        let (early, late) = (Network::init(4, &mut rng), Network::init(4, &mut rng));
        let mut stopper = EarlyStopping::new(1);
        stopper.observe(0, eval(0.6), &early);
        assert!(stopper.observe(1, eval(0.5), &late));
        assert!(!stopper.observe(2, eval(0.9), &late));
        let best = stopper.best().unwrap();
        assert_eq!((best.iteration, best.validation.accuracy), (0, 0.6));
        assert_eq!(best.network, early);
        assert_eq!(stopper.stopped_at(), Some(1));
    }

    #[test]
    fn a_tie_is_not_an_improvement() {
        let net = Network::init(4, &mut Mt19937::new(1));
        let mut stopper = EarlyStopping::new(1);
        assert!(!stopper.observe(0, eval(0.5), &net));
        assert!(stopper.observe(1, eval(0.5), &net));
        assert_eq!(stopper.best().unwrap().iteration, 0);
    }
}
