//! A whole session's run with test evaluations (and optional early stopping), as the
//! command line prints it.
//!
//! Natively, each test evaluation runs on a snapshot of the weights in a second thread
//! while training goes on, so the 10,000-image tests cost almost no wall time; results
//! are handed back in iteration order.

use std::collections::VecDeque;
use std::sync::OnceLock;

use crate::dataset::{Dataset, SparseImages};
use crate::error::Error;
use crate::evaluate::{available_threads, evaluate_with, Evaluation};
use crate::session::{EarlyStatus, IterationReport, Session};

/// The test set in sparse form, built on first use, from a dataset or straight from its
/// IDX files. Decoding and making sparse 10,000 images is a noticeable part of a short
/// run's start; a run's first test pass comes only after its first iteration, and
/// natively runs in its own thread, so the training thread starts without waiting.
pub struct TestImages<'a> {
    source: Source<'a>,
    sparse: OnceLock<Result<SparseImages, Error>>,
}

enum Source<'a> {
    Decoded(&'a Dataset),
    Idx { images: &'a [u8], labels: &'a [u8] },
}

impl<'a> TestImages<'a> {
    /// `data`, to be made sparse when first needed.
    pub fn new(data: &'a Dataset) -> Self {
        Self::from(Source::Decoded(data))
    }

    /// The pair of IDX files `images` and `labels` (gzip or raw), to be decoded, checked
    /// and made sparse when first needed; `get` returns what is wrong with them.
    pub fn from_idx(images: &'a [u8], labels: &'a [u8]) -> Self {
        Self::from(Source::Idx { images, labels })
    }

    fn from(source: Source<'a>) -> Self {
        TestImages {
            source,
            sparse: OnceLock::new(),
        }
    }

    /// The sparse form (built now if this is the first call; another caller waits), or
    /// the files' error.
    pub fn get(&self) -> Result<&SparseImages, Error> {
        let built = self.sparse.get_or_init(|| match self.source {
            Source::Decoded(data) => Ok(SparseImages::new(data)),
            Source::Idx { images, labels } => {
                Dataset::from_idx(images, labels).map(|data| SparseImages::new(&data))
            }
        });
        built.as_ref().map_err(Clone::clone)
    }
}

/// One logged iteration: what the pass did, and test figures of the weights after it.
pub struct Logged {
    /// The iteration's training (and validation) figures.
    pub report: IterationReport,
    /// Test figures of the weights after the iteration.
    pub test: Evaluation,
}

/// Trains to the end, or until early stopping stops it; after each iteration for which
/// `logs(iteration)` is true, and at the stop, hands the figures to `emit`, in order.
/// Fails, after emitting the figures before it, if the test set cannot be read.
///
/// Test passes run in threads of their own, and their figures are emitted once they are
/// in, without holding up training: the first one may take a while, as it decodes the
/// test set.
pub fn run_logged(
    session: &mut Session,
    test: &TestImages<'_>,
    logs: impl Fn(usize) -> bool,
    mut emit: impl FnMut(Logged),
) -> Result<(), Error> {
    let threads = available_threads();
    std::thread::scope(|scope| {
        let mut pending = VecDeque::new();
        let mut emit_ready = |pending: &mut VecDeque<Pass<'_>>, wait: bool| {
            while let Some(pass) = pending.front() {
                if !wait && !pass.job.is_done() {
                    break;
                }
                let Pass { report, job } = pending.pop_front().expect("a front");
                let test = job.finish()?;
                emit(Logged { report, test });
            }
            Ok::<(), Error>(())
        };
        while !session.finished() {
            let report = session.run_iteration();
            if !(logs(report.iteration) || report.stopped) {
                continue;
            }
            let snapshot = session.snapshot();
            let job = move || test.get().map(|images| evaluate_with(&snapshot, images, 1));
            let job = if threads >= 2 {
                Job::Spawned(scope.spawn(move || {
                    crate::background::lower_priority();
                    job()
                }))
            } else {
                Job::Done(job())
            };
            pending.push_back(Pass { report, job });
            emit_ready(&mut pending, false)?;
            if report.stopped {
                break;
            }
        }
        emit_ready(&mut pending, true)
    })
}

/// A logged iteration whose test pass may still be running.
struct Pass<'scope> {
    report: IterationReport,
    job: Job<'scope>,
}

/// Restores early stopping's best weights and returns which they were and their test
/// figures; `None` without early stopping.
pub fn restore_best(
    session: &mut Session,
    test: &SparseImages,
) -> Option<(EarlyStatus, Evaluation)> {
    let status = session.restore_best()?;
    Some((status, evaluate_with(session.network(), test, usize::MAX)))
}

enum Job<'scope> {
    Spawned(std::thread::ScopedJoinHandle<'scope, Result<Evaluation, Error>>),
    Done(Result<Evaluation, Error>),
}

impl Job<'_> {
    fn is_done(&self) -> bool {
        match self {
            Job::Spawned(handle) => handle.is_finished(),
            Job::Done(_) => true,
        }
    }

    /// The test figures, waiting for them if need be.
    fn finish(self) -> Result<Evaluation, Error> {
        match self {
            Job::Spawned(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Job::Done(eval) => eval,
        }
    }
}
