// The message vocabularies between the page (main.js), the training worker (worker.js)
// and the evaluator worker (evaluator.js). Every message is an object with a `kind` from
// the tables below; an unknown kind is an error on every side (the workers answer it
// with an `error` message, the page shows it). Requests that arrive before a worker's
// wasm module is ready wait for it.

/** Page -> worker requests. */
export const Request = Object.freeze({
  /** { dataset: 'mnist' | 'fashion' } fetch the four IDX files and decode them. */
  LOAD: 'load',
  /** { config: Config } start a fresh run with these settings (not started); bad ones are an `error`. */
  CONFIGURE: 'configure',
  /** {} run (or resume) at the current speed (a paced run keeps to the clock from here). */
  TRAIN: 'train',
  /** {} stop after the current chunk; `resume` = `train`. */
  PAUSE: 'pause',
  /** { unit: 'step' | 'iteration' } one example (or batch), or the rest of an iteration. */
  STEP: 'step',
  /** {} start the configured run over from its initial weights. */
  RESET: 'reset',
  /** { stepsPerSecond: number } 0 = as fast as possible. */
  SPEED: 'speed',
  /**
   * { pixels: Uint8Array(784), model?: 'run' | 'drawing' } what a network makes of an image:
   * the run's (the default; needs the data) or the ready drawing model (answered as soon
   * as it is loaded, without waiting for the data).
   */
  PREDICT: 'predict',
  /** { index?: number } a test image for the Draw panel (a random one without index); answer: `test-digit`. */
  TEST_DIGIT: 'test-digit',
  /** { mode: 'sample' | 'mistakes' } which test digits the grid shows. */
  SAMPLES: 'samples',
  /** {} the current model as a model file (answer: `model`). */
  SAVE_MODEL: 'save-model',
  /** { bytes: Uint8Array } start a run from a model file; a bad file changes nothing. */
  LOAD_MODEL: 'load-model',
  /**
   * { images: Uint8Array(n * 784), labels: Uint8Array(n) } the learner's own digits (www/your-digits.js):
   * from now on every test pass scores them too (n = 0: none). MNIST only; Fashion-MNIST runs skip them.
   */
  YOUR_DIGITS: 'your-digits',
  /** { model: 'drawing' } how the ready drawing model reads the learner's digits; answer: `yours-scored` (the run's reading comes with its test passes). */
  SCORE_YOURS: 'score-yours',
  /**
   * { restart: boolean } the run's network as it is now joins the vote of the ensemble
   * lesson (restart: a new vote, the earlier networks dropped); answer: `ensemble-joined`.
   */
  ENSEMBLE_JOIN: 'ensemble-join',
  /** { shown: number } the vote of the networks that joined, counted by the core; answer: `ensemble-vote`. */
  ENSEMBLE_VOTE: 'ensemble-vote',
  /** {} fetch the drawing model now (otherwise it comes once the first run's images are in): a draw-only embed, which loads no data. */
  DRAWING_MODEL: 'drawing-model',
});

/** Worker -> page reports. */
export const Report = Object.freeze({
  /** { sizes: { side, pixels, outputs } } the wasm module is ready. */
  READY: 'ready',
  /**
   * Data loading, { phase, dataset, ... }:
   *   'download' { loaded, total }  the test set and the labels (bytes), before LOADED
   *   'decode'                      the lab is being made (LOADED follows)
   *   'waiting' { first, needed, arrived, loaded, total }  a configure waits for training
   *       images first..needed (images arrived so far; the image file's bytes so far and in all)
   *   'arrived' { needed }          they are in: the run is being set up
   *   'complete'                    every training image is in (the page's download is done)
   *   'failed' { message }          the training images stopped downloading after LOADED
   *       (the images there stay; a run that needs more fails with this message)
   */
  LOADING: 'loading',
  /**
   * { hidden, trainImages, iterations, testAccuracy?, bytes } the drawing model
   * (data/models/drawing.rglb) is loaded and answers `predict` with model 'drawing';
   * or { error } when it could not be loaded (the run's model still answers).
   */
  DRAWING_MODEL: 'drawing-model',
  /** { index, label, image: Uint8Array(784) } answer to `test-digit`. */
  TEST_DIGIT: 'test-digit',
  /**
   * { dataset, trainCount, arrived, testCount, examples } the lab is made: the test set is
   * in, and `arrived` of the `trainCount` training images (the rest stream in behind); examples: Uint8Array(10 * 3 * 784),
   * three training images of each digit 0-9 in order (the Draw panel shows them beside a prediction).
   */
  LOADED: 'loaded',
  /**
   * { config, stepsPerIteration, loaded? } a run was configured or reset; after a model
   * file, loaded = { iterationsTrained, dataset }.
   */
  CONFIGURED: 'configured',
  /**
   * Throttled to ~30 a second. { running, iteration, step, points: Point[], lines: string[],
   * example?: Example, samples?: Samples, early?: Early, weights?: Weights, wasmBytes }
   * wasmBytes: the size of the worker's wasm memory (to watch long runs stay flat).
   * Point: { iteration, trainError, trainAccuracy, testError?, testAccuracy?,
   *   validationError?, validationAccuracy?, yoursError?, yoursAccuracy?, seconds, picture? }.
   *   yours*: the learner's own digits, scored on the same test passes (when there are any).
   * yours (after a test pass that scored them): { iteration, accuracy, predictions: Uint8Array(n) }.
   * picture (on tested points): { hidden, data: Int8Array(784 * hidden) } the weight
   *   pictures at that test pass, each neuron's weights / its largest magnitude * 127
   *   (w01's layout); example (on tested points): the iteration's last Example; the page
   *   keeps both for replay.
   * The report of the run's end (finished: true) always carries the final weights.
   * Early: { bestIteration, bestAccuracy, stoppedAt (null until patience runs out), patience }.
   * Weights (about once a second): the weight pictures as they are now, as `picture` above.
   * Example: { index, label, image: Uint8Array(784), mask, hidden, output: Float64Array,
   *   iteration (from 0: the one it was trained in; absent before the first step, before: true) }.
   * Samples: { mode, indices, labels, images: Uint8Array(n*784), predictions, restored? }
   *   restored = { iteration, accuracy } when they come from early stopping's restored weights.
   */
  PROGRESS: 'progress',
  /**
   * { iteration, seconds, restored? } the run reached its last iteration; with early
   * stopping the best weights are restored: restored = { iteration, validationAccuracy,
   * testError, testAccuracy }.
   */
  FINISHED: 'finished',
  /** { bytes: Uint8Array, hidden, iteration } a model file (format: crate/src/model.rs). */
  MODEL: 'model',
  /** { iteration } the training error became infinite or NaN; the run stopped. */
  DIVERGED: 'diverged',
  /** { output: Float64Array(10), hidden: Float64Array, digit, model: 'run' | 'drawing' } answer to `predict`. */
  PREDICTION: 'prediction',
  /**
   * { model, count, accuracy, predictions: Uint8Array(count) } answer to `score-yours`
   * (count 0: there are no digits, or the model is not loaded: accuracy null).
   */
  YOURS_SCORED: 'yours-scored',
  /** { size, seed, accuracy } a network joined the vote: how many there are now, its seed and test accuracy. */
  ENSEMBLE_JOINED: 'ensemble-joined',
  /**
   * { seeds: Uint32Array, memberAccuracy: Float64Array, mean, best, majorityAccuracy,
   *   averagedAccuracy, splitShare, allWrongShare, grid } answer to `ensemble-vote`
   * (crate/src/ensemble.rs). splitShare: test images some networks get right and others
   * wrong; grid: the first `shown` test images some network gets wrong, { indices, labels,
   * images: Uint8Array(shown * 784), digits: Uint8Array(networks * shown), network-major,
   * majority, averaged }.
   */
  ENSEMBLE_VOTE: 'ensemble-vote',
  /** { message, request? } something failed; the current run is unchanged. */
  ERROR: 'error',
});

/** Training worker -> evaluator requests. */
export const EvaluatorRequest = Object.freeze({
  /** { images, labels: Uint8Array } the test set's two IDX files, once per dataset. */
  DATA: 'data',
  /**
   * { id, hidden, weights: Float64Array, samples: { mode, count, seed } } score a weight
   * snapshot. mode 'sample': `count` digits from the run's random order of the test set
   * (one order per seed), right and wrong in the proportion of the test accuracy.
   */
  EVALUATE: 'evaluate',
  /** { images: Uint8Array(n * 784), labels: Uint8Array(n) } the learner's digits, scored with every snapshot (n = 0: none). */
  YOUR_DIGITS: 'your-digits',
});

/** Evaluator -> training worker replies, in request order. */
export const EvaluatorReply = Object.freeze({
  /**
   * { id, error, accuracy, samples: Samples, yours? } the test figures of snapshot `id`;
   * yours = { error, accuracy, predictions: Uint8Array(n) } when the learner has digits.
   */
  EVALUATED: 'evaluated',
  /** { id, message } the request failed (bad data, or weights that do not fit). */
  FAILED: 'failed',
});

/**
 * A run's settings: one key per row of the core's settings table (crate/src/settings.rs,
 * `settings_table()`), for example:
 * @typedef {object} Config
 * @property {number} hidden     hidden units
 * @property {number} alpha      learning rate
 * @property {number} iterations passes over the training images
 * @property {number} batch      examples per update (1 = per example)
 * @property {number} keep       dropout keep probability (1 = off)
 * @property {number} seed       numpy legacy seed
 * @property {number} trainSize  training images used
 * @property {number} testEvery  test evaluation every n iterations
 * @property {number} validation early stopping's validation images (0 = off)
 * @property {number} patience   early stopping: iterations without improvement
 */

/** Most progress reports a second: enough for smooth curves, cheap for the page. */
export const REPORTS_PER_SECOND = 30;
