// The training worker: owns the wasm `Lab` (data + run) and trains in chunks, yielding
// between them so pause, reset and predict take effect at once. Test passes go to the
// evaluator worker (evaluator.js) with a snapshot of the weights; iterations are reported
// in order, each with its test figures once they are back. Speaks protocol.js.
import init, { Lab, TestSet, book_line as bookLine, constants } from './pkg/reglab.js';
import { Report, Request, REPORTS_PER_SECOND } from './protocol.js';

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const SAMPLE_COUNT = 24;
const CHUNK_MS = 12; // full speed: train this long, then yield to messages
const REPORT_MS = 1000 / REPORTS_PER_SECOND;

let lab = null;
let config = null;
let dataset = 'mnist';
let run = 0; // bumped by every configure/reset: results of older runs are dropped
let running = false;
let stepsPerSecond = 0;
let steps = 0;
let trainMs = 0;
let sampleMode = 'sample';
let latestSamples = null;
let points = []; // iterations not reported yet, in order; some wait for test figures
let lines = [];
let lastReport = 0;
let loopScheduled = false;
let nextEvaluation = 0;
let restoring = false;
let diverged = false; // the error went infinite or NaN: no more steps until a new run // early stopping: the best weights are back, their test pass is out
let lastWeightsAt = -Infinity;
const WEIGHTS_MS = 1000; // weight pictures refresh once a second
const waiting = new Map(); // evaluation id -> point (or null for a samples-only request)

const evaluator = new Worker(new URL('./evaluator.js', import.meta.url), { type: 'module' });
evaluator.onmessage = ({ data }) => evaluated(data);
evaluator.onerror = (event) => post(Report.ERROR, { message: `the evaluator stopped: ${event.message}` });

const post = (kind, body = {}) => self.postMessage({ kind, ...body });
let wasmMemory = null;
const ready = init().then((wasm) => {
  wasmMemory = wasm.memory;
  post(Report.READY, { constants: constants() });
});

// Requests run one after another (a `configure` waits for a `load` in flight).
let queue = ready;
self.onmessage = (event) => {
  const request = event.data ?? {};
  queue = queue.then(() => handle(request)).catch((error) => {
    post(Report.ERROR, { message: error?.message ?? String(error), request: request.kind });
  });
};

async function handle(request) {
  switch (request.kind) {
    case Request.LOAD: return load(request.dataset);
    case Request.CONFIGURE: return configure(request.config);
    case Request.TRAIN: return start();
    case Request.PAUSE: running = false; return report(true);
    case Request.STEP: return stepOnce(request.unit);
    case Request.RESET: return configure(config);
    case Request.SPEED: stepsPerSecond = Math.max(0, Number(request.stepsPerSecond) || 0); return undefined;
    case Request.PREDICT: return predict(request.pixels);
    case Request.SAVE_MODEL: return saveModel();
    case Request.LOAD_MODEL: return loadModel(request.bytes);
    case Request.SAMPLES:
      sampleMode = request.mode === 'mistakes' ? 'mistakes' : 'sample';
      return evaluate(null);
    default: throw new Error(`unknown request kind: ${request.kind}`);
  }
}

async function load(name) {
  if (name !== 'mnist' && name !== 'fashion') throw new Error(`unknown dataset ${name}`);
  running = false;
  const responses = await Promise.all(FILES.map(async (file) => {
    const response = await fetch(new URL(`../data/${name}/${file}`, import.meta.url));
    if (!response.ok) throw new Error(`cannot download ${file} (HTTP ${response.status})`);
    return response;
  }));
  const total = responses.reduce((sum, r) => sum + Number(r.headers.get('Content-Length') ?? 0), 0);
  let loaded = 0;
  const bytes = await Promise.all(responses.map(async (response) => {
    const chunks = [];
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      post(Report.LOADING, { phase: 'download', loaded, total });
    }
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return all;
  }));
  post(Report.LOADING, { phase: 'decode', loaded, total });
  let next;
  try {
    next = new Lab(bytes[0], bytes[1], bytes[2], bytes[3]);
  } catch (error) {
    throw new Error(nameDataFile(error?.message ?? String(error), bytes));
  }
  lab?.free();
  lab = next;
  evaluator.postMessage({ kind: 'data', images: bytes[2], labels: bytes[3] }, [bytes[2].buffer, bytes[3].buffer]);
  dataset = name;
  post(Report.LOADED, { dataset: name, trainCount: lab.train_count(), testCount: lab.test_count() });
  if (config) configure(config);
}

/** A data error of `new Lab` led by the file it is about. The core says only "the label
 * file" (or image file) of a pair; the pair is the training one unless the training pair
 * parses alone, which this error path alone pays for. */
function nameDataFile(message, bytes) {
  let trainPairOk = true;
  try { new TestSet(bytes[0], bytes[1]).free(); } catch { trainPairOk = false; }
  const [images, labels] = trainPairOk ? FILES.slice(2) : FILES.slice(0, 2);
  if (/\blabel file\b|^label \d+ is/.test(message)) return `${labels}: ${message}`;
  if (/\bimage file\b|^images are/.test(message)) return `${images}: ${message}`;
  return `${images} and ${labels}: ${message}`;
}

function configure(next) {
  if (!lab) throw new Error('no data loaded yet');
  if (!next) throw new Error('configure needs a config');
  const c = next;
  lab.configure(c.hidden, c.alpha, c.iterations, c.batch, c.keep, c.seed, c.trainSize, c.testEvery,
    c.validation ?? 0, c.patience ?? 10);
  started({ ...c });
}

function saveModel() {
  if (!lab) throw new Error('no data loaded yet');
  const bytes = lab.save_model(dataset === 'fashion' ? 1 : 0);
  self.postMessage({ kind: Report.MODEL, bytes, hidden: config.hidden, iteration: lab.iteration() }, [bytes.buffer]);
}

function loadModel(bytes) {
  if (!lab) throw new Error('no data loaded yet');
  const [hidden, alpha, keep, batch, seed, trainSize, iterationsTrained, modelDataset] = lab.load_model(bytes);
  started({ ...config, hidden, alpha, keep, batch, seed, trainSize, validation: 0 },
    { iterationsTrained, dataset: modelDataset === 1 ? 'fashion' : 'mnist' });
}

/** A new run is set up in the lab (configured, reset or loaded): start its reports afresh. */
function started(next, loaded) {
  config = next;
  run += 1;
  running = false;
  steps = 0;
  trainMs = 0;
  points = [];
  lines = [];
  restoring = false;
  diverged = false;
  lastWeightsAt = -Infinity;
  waiting.clear();
  post(Report.CONFIGURED, { config, stepsPerIteration: lab.steps_per_iteration(), loaded });
  evaluate(null); // the untrained network's predictions for the sample grid
  report(true);
}

function start() {
  if (!lab || lab.finished() || diverged) return;
  running = true;
  schedule(0);
}

function stepOnce(unit) {
  if (!lab || lab.finished() || diverged) return;
  running = false;
  if (unit === 'iteration') {
    while (!lab.finished() && !diverged && !advance(1 << 20)) { /* until the iteration ends */ }
  } else {
    advance(1);
  }
  report(true);
}

function predict(pixels) {
  if (!lab) throw new Error('no data loaded yet');
  const all = lab.predict(pixels);
  post(Report.PREDICTION, { output: all.slice(0, 10), hidden: all.slice(10) });
}

// Yielding through a message port, not setTimeout(0): nested timeouts are clamped to
// 4 ms, which would idle a quarter of every 12 ms chunk.
const yieldPort = new MessageChannel();
yieldPort.port1.onmessage = () => loop();

function schedule(delay) {
  if (loopScheduled) return;
  loopScheduled = true;
  if (delay > 0) setTimeout(loop, delay);
  else yieldPort.port2.postMessage(null);
}

function loop() {
  loopScheduled = false;
  if (!running) return;
  if (stepsPerSecond === 0) {
    const deadline = performance.now() + CHUNK_MS;
    while (running && performance.now() < deadline) advance(64);
    report(false);
    if (running) schedule(0);
    return;
  }
  advance(Math.max(1, Math.round(stepsPerSecond / REPORTS_PER_SECOND)));
  report(true);
  if (running) schedule(stepsPerSecond >= REPORTS_PER_SECOND ? REPORT_MS : 1000 / stepsPerSecond);
}

/** Trains up to `maxSteps` steps; true when an iteration ended. */
function advance(maxSteps) {
  const started = performance.now();
  steps += lab.run(maxSteps);
  const ended = lab.iteration_done();
  trainMs += performance.now() - started;
  if (ended) iterationEnded();
  if (ended && lab.finished()) running = false;
  return ended;
}

function iterationEnded() {
  const [iteration, trainError, trainAccuracy] = lab.iteration_stats();
  if (!Number.isFinite(trainError)) {
    running = false;
    diverged = true;
    post(Report.DIVERGED, { iteration });
    return;
  }
  const point = { iteration, trainError, trainAccuracy, seconds: trainMs / 1000 };
  const validation = lab.validation_stats();
  if (validation.length) [point.validationError, point.validationAccuracy] = validation;
  points.push(point);
  if (iteration % config.testEvery === 0 || iteration + 1 === config.iterations) evaluate(point);
}

/**
 * Sends the weights as they are now to the evaluator; `point` gets its answer
 * (`restored` marks the test pass of early stopping's restored weights).
 */
function evaluate(point, restored = false) {
  if (!lab) return;
  const id = nextEvaluation;
  nextEvaluation += 1;
  if (point) point.pending = true;
  waiting.set(id, { point, run, restored });
  const weights = lab.weights();
  evaluator.postMessage({
    kind: 'evaluate', id, hidden: config.hidden, weights, samples: { mode: sampleMode, count: SAMPLE_COUNT },
  }, [weights.buffer]);
}

function evaluated({ id, error, accuracy, samples, failure }) {
  const entry = waiting.get(id);
  waiting.delete(id);
  if (!entry || entry.run !== run) return;
  if (failure) { post(Report.ERROR, { message: `test evaluation failed: ${failure}` }); return; }
  latestSamples = samples;
  const { point } = entry;
  if (entry.restored) {
    report(true);
    const [iteration, validationAccuracy] = lab.best_validation();
    post(Report.FINISHED, {
      iteration: lab.iteration(), seconds: trainMs / 1000,
      restored: { iteration, validationAccuracy, testError: error, testAccuracy: accuracy },
    });
    return;
  }
  if (point) {
    Object.assign(point, { testError: error, testAccuracy: accuracy, pending: false });
    lines.push(bookLine(point.iteration, point.trainError, point.trainAccuracy, error, accuracy));
  }
  report(true);
}

/** Sends what changed since the last report, at most REPORTS_PER_SECOND times a second. */
function report(force) {
  const now = performance.now();
  if (!lab || (!force && now - lastReport < REPORT_MS)) return;
  lastReport = now;
  const ready = points.findIndex((p) => p.pending);
  const out = ready === -1 ? points : points.slice(0, ready);
  points = ready === -1 ? [] : points.slice(ready);
  const done = lab.finished() && points.length === 0 && waiting.size === 0;
  const body = {
    running, iteration: lab.iteration(), step: steps, seconds: trainMs / 1000, finished: done,
    points: out.map(({ pending, ...p }) => p), lines, example: example(),
    samples: latestSamples ?? undefined, early: early(), wasmBytes: wasmMemory.buffer.byteLength,
  };
  if (now - lastWeightsAt >= WEIGHTS_MS) {
    lastWeightsAt = now;
    body.weights = { hidden: config.hidden, w01: lab.weights().subarray(0, 784 * config.hidden) };
  }
  post(Report.PROGRESS, body);
  lines = [];
  latestSamples = null;
  if (!done || !out.length || restoring) return;
  if (config.validation > 0 && lab.restore_best()) {
    restoring = true; // FINISHED follows the restored weights' test pass
    evaluate(null, true);
  } else {
    post(Report.FINISHED, { iteration: lab.iteration(), seconds: trainMs / 1000 });
  }
}

/** Early stopping's state for the page, or undefined without it. */
function early() {
  if (!config?.validation) return undefined;
  const [bestIteration, bestAccuracy] = lab.best_validation();
  const stoppedAt = lab.stopped_at();
  return { bestIteration, bestAccuracy, stoppedAt: stoppedAt < 0 ? null : stoppedAt, patience: config.patience };
}

/** The example the last step trained on; before any step, example 0 through the untrained network. */
function example() {
  if (steps === 0) {
    const image = lab.train_image(0);
    const all = lab.predict(image);
    return { index: 0, label: lab.train_label(0), image, mask: null, hidden: all.slice(10), output: all.slice(0, 10), dropout: false, before: true };
  }
  const index = lab.last_example();
  return {
    index, label: lab.train_label(index), image: lab.train_image(index),
    mask: lab.last_mask(), hidden: lab.last_hidden(), output: lab.last_output(),
    dropout: config.keep < 1,
  };
}
