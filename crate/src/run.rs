//! A whole run with test evaluations (and optional early stopping), as the command line
//! prints it.
//!
//! Natively, each test evaluation runs on a snapshot of the weights in a second thread
//! while training goes on, so the 10,000-image tests cost almost no wall time; results
//! are handed back in iteration order.

use std::sync::OnceLock;

use crate::dataset::{Dataset, SparseImages};
use crate::early_stop::EarlyStopping;
use crate::evaluate::{available_threads, evaluate_with, Evaluation};
use crate::network::Network;
use crate::trainer::{IterationStats, Trainer};

/// The test set in sparse form, built on first use. Building it takes about 15 ms for
/// 10,000 images; a run's first test pass comes only after its first iteration, and
/// natively runs in its own thread, so the training thread starts without waiting.
pub struct TestImages<'a> {
    data: &'a Dataset,
    sparse: OnceLock<SparseImages>,
}

impl<'a> TestImages<'a> {
    /// `data`, to be made sparse when first needed.
    pub fn new(data: &'a Dataset) -> Self {
        TestImages {
            data,
            sparse: OnceLock::new(),
        }
    }

    /// The sparse form (built now if this is the first call; another caller waits).
    pub fn get(&self) -> &SparseImages {
        self.sparse.get_or_init(|| SparseImages::new(self.data))
    }
}

/// Early stopping for `run_logged`: the validation images and the stopper to feed.
pub struct Validation<'a> {
    /// Images right after the training slice of the training file.
    pub images: &'a SparseImages,
    /// Tracks the best iteration and decides when to stop.
    pub stopper: &'a mut EarlyStopping,
}

/// One logged iteration: training figures, test figures of the weights after it, and
/// validation figures when early stopping is on.
pub struct Logged {
    /// The iteration's training figures.
    pub train: IterationStats,
    /// Test figures of the weights after the iteration.
    pub test: Evaluation,
    /// Validation figures of those weights, with early stopping.
    pub validation: Option<Evaluation>,
}

/// Trains to the end, or until early stopping stops it; after each iteration for which
/// `logs(iteration)` is true, and at the stop, hands the figures to `emit`.
pub fn run_logged(
    trainer: &mut Trainer,
    test: &TestImages<'_>,
    mut validation: Option<Validation<'_>>,
    logs: impl Fn(usize) -> bool,
    mut emit: impl FnMut(Logged),
) {
    let threads = available_threads();
    std::thread::scope(|scope| {
        let mut pending = None;
        while !trainer.finished() {
            let train = trainer.run_iteration();
            let mut stop = false;
            let mut checked = None;
            if let Some(v) = validation.as_mut() {
                let eval = evaluate_with(trainer.network(), v.images, 1);
                stop = v.stopper.observe(train.iteration, eval, trainer.network());
                checked = Some(eval);
            }
            if !(logs(train.iteration) || stop) {
                continue;
            }
            let snapshot = trainer.network().clone();
            let job = move || evaluate_with(&snapshot, test.get(), 1);
            let next = if threads >= 2 {
                Job::Spawned(scope.spawn(job))
            } else {
                Job::Done(job())
            };
            if let Some((train, validation, job)) = pending.replace((train, checked, next)) {
                emit(Logged {
                    train,
                    test: finish(job),
                    validation,
                });
            }
            if stop {
                break;
            }
        }
        if let Some((train, validation, job)) = pending {
            emit(Logged {
                train,
                test: finish(job),
                validation,
            });
        }
    });
}

/// Restores early stopping's best weights and returns their test figures.
pub fn restore_best(
    trainer: &mut Trainer,
    stopper: &EarlyStopping,
    test: &SparseImages,
) -> Option<Evaluation> {
    let best: Network = stopper.best()?.network.clone();
    trainer.restore(best);
    Some(evaluate_with(trainer.network(), test, usize::MAX))
}

enum Job<'scope> {
    Spawned(std::thread::ScopedJoinHandle<'scope, Evaluation>),
    Done(Evaluation),
}

fn finish(job: Job<'_>) -> Evaluation {
    match job {
        Job::Spawned(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Job::Done(eval) => eval,
    }
}
