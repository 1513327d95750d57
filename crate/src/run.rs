//! A whole run with test evaluations, as the command line prints it.
//!
//! Natively, each test evaluation runs on a snapshot of the weights in a second thread
//! while training goes on, so the 10,000-image tests cost almost no wall time; results
//! are handed back in iteration order.

use crate::dataset::SparseImages;
use crate::evaluate::{available_threads, evaluate, evaluate_with, Evaluation};
use crate::trainer::{IterationStats, Trainer};

/// Trains to the end; after each iteration for which `logs(iteration)` is true, hands
/// the iteration's figures and the test figures of the weights after it to `emit`.
pub fn run_logged(
    trainer: &mut Trainer,
    test: &SparseImages,
    logs: impl Fn(usize) -> bool,
    mut emit: impl FnMut(IterationStats, Evaluation),
) {
    if available_threads() < 2 {
        while !trainer.finished() {
            let stats = trainer.run_iteration();
            if logs(stats.iteration) {
                emit(stats, evaluate(trainer.network(), test));
            }
        }
        return;
    }
    std::thread::scope(|scope| {
        let mut pending = None;
        while !trainer.finished() {
            let stats = trainer.run_iteration();
            if !logs(stats.iteration) {
                continue;
            }
            let snapshot = trainer.network().clone();
            let next = scope.spawn(move || evaluate_with(&snapshot, test, 1));
            if let Some((stats, handle)) = pending.replace((stats, next)) {
                emit(stats, join(handle));
            }
        }
        if let Some((stats, handle)) = pending {
            emit(stats, join(handle));
        }
    });
}

fn join(handle: std::thread::ScopedJoinHandle<'_, Evaluation>) -> Evaluation {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
