// The training worker: owns the wasm `Lab` (data + session) and trains in chunks,
// yielding between them so pause, reset and predict take effect at once. Test passes go
// to the evaluator worker (evaluator.js) with a snapshot of the weights; iterations are
// reported in order, each with its test figures once they are back. Speaks protocol.js.
//
// State: what outlives a run (the lab, the dataset, the speed, the grid's mode) is below;
// everything about one run is in the `run` object that each configure, reset or model
// load replaces, so nothing of an old run leaks into a new one.
import init, { Lab, Predictor, book_line as bookLine, sizes as coreSizes } from './pkg/reglab.js';
import { EvaluatorReply, EvaluatorRequest, Report, Request, REPORTS_PER_SECOND } from './protocol.js';

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const SAMPLE_COUNT = 24;
const CHUNK_MS = 12; // full speed: train this long, then yield to messages
const REPORT_MS = 1000 / REPORTS_PER_SECOND;
const WEIGHTS_MS = 1000; // weight pictures refresh once a second

let lab = null;
let dataset = 'mnist';
let sizes = null;
let stepsPerSecond = 0;
let sampleMode = 'sample';
let run = null; // see newRun
let runs = 0;
let nextEvaluation = 0;
let loopScheduled = false;
let pace = { since: 0, steps: 0 }; // paced runs: steps owed are counted from here
let wasmMemory = null;
// The learner's own digits (Request.YOUR_DIGITS), scored with every test pass of an MNIST run.
let yourDigits = { images: new Uint8Array(0), labels: new Uint8Array(0) };

/** A fresh run's state; `config` is what the lab now runs. */
function newRun(config) {
  runs += 1;
  return {
    id: runs,
    config,
    running: false,
    diverged: false, // the error went infinite or NaN: no more steps
    restoring: false, // early stopping: the best weights are back, their test pass is out
    steps: 0,
    trainMs: 0,
    points: [], // iterations not reported yet, in order; some wait for test figures
    lines: [],
    waiting: new Map(), // evaluation id -> { point, restored }
    samples: null, // the newest sample grid, not reported yet
    yours: null, // the newest scoring of the learner's digits, not reported yet
    lastReport: 0,
    lastWeightsAt: -Infinity,
  };
}

/** The named fields of a result from the wasm module, as a plain object; frees the result. */
function plain(result, keys) {
  const out = Object.fromEntries(keys.map((k) => [k, result[k]]));
  result.free();
  return out;
}

const post = (kind, body = {}) => self.postMessage({ kind, ...body });

const evaluator = new Worker(new URL('./evaluator.js', import.meta.url), { type: 'module' });
evaluator.onmessage = ({ data }) => evaluated(data);
evaluator.onerror = (event) => post(Report.ERROR, { message: `the evaluator stopped: ${event.message}` });

const ready = init().then((wasm) => {
  wasmMemory = wasm.memory;
  sizes = coreSizes();
  post(Report.READY, { sizes });
});

// The Draw panel's ready model, loaded at once beside (not after) the data; null until then.
let drawingModel = null;
const drawingReady = ready.then(loadDrawingModel).catch((error) => {
  post(Report.DRAWING_MODEL, { error: error?.message ?? String(error) });
});

async function loadDrawingModel() {
  const at = (file) => new URL(`../data/models/${file}`, import.meta.url);
  const [model, figures] = await Promise.all([fetch(at('drawing.rglb')), fetch(at('drawing.json')).catch(() => null)]);
  if (!model.ok) throw new Error(`cannot download drawing.rglb (HTTP ${model.status})`);
  const bytes = new Uint8Array(await model.arrayBuffer());
  drawingModel = Predictor.from_model(bytes);
  const stated = figures?.ok ? await figures.json().catch(() => ({})) : {};
  post(Report.DRAWING_MODEL, {
    hidden: drawingModel.hidden(), trainImages: drawingModel.train_size(),
    iterations: drawingModel.iterations_trained(), testAccuracy: stated.testAccuracy, bytes: bytes.length,
  });
}

// Requests run one after another (a `configure` waits for a `load` in flight).
let queue = ready;
self.onmessage = (event) => {
  const request = event.data ?? {};
  if (request.kind === Request.YOUR_DIGITS) {
    // Not behind a download either: the drawing model's score of them may be asked at once.
    ready.then(() => setYourDigits(request.images, request.labels)).catch((error) => {
      post(Report.ERROR, { message: error?.message ?? String(error), request: request.kind });
    });
    return;
  }
  const drawingOnly = (request.kind === Request.PREDICT && request.model === 'drawing') || request.kind === Request.SCORE_YOURS;
  if (drawingOnly) {
    // The drawing model needs no data: it does not wait behind a download.
    drawingReady.then(() => (request.kind === Request.PREDICT ? predictDrawing(request.pixels) : scoreYours())).catch((error) => {
      post(Report.ERROR, { message: error?.message ?? String(error), request: request.kind });
    });
    return;
  }
  queue = queue.then(() => handle(request)).catch((error) => {
    post(Report.ERROR, { message: error?.message ?? String(error), request: request.kind });
  });
};

async function handle(request) {
  switch (request.kind) {
    case Request.LOAD: return load(request.dataset);
    case Request.CONFIGURE: return configure(request.config);
    case Request.TRAIN: return start();
    case Request.PAUSE: if (run) run.running = false; return report(true);
    case Request.STEP: return stepOnce(request.unit);
    case Request.RESET: needLab().reset(); return started(run.config);
    case Request.SPEED: stepsPerSecond = Math.max(0, Number(request.stepsPerSecond) || 0); restartPace(); return undefined;
    case Request.PREDICT: return predict(request.pixels);
    case Request.TEST_DIGIT: return testDigit(request.index);
    case Request.SAVE_MODEL: return saveModel();
    case Request.LOAD_MODEL: return loadModel(request.bytes);
    case Request.SAMPLES:
      sampleMode = request.mode === 'mistakes' ? 'mistakes' : 'sample';
      return evaluate(null);
    default: throw new Error(`unknown request kind: ${request.kind}`);
  }
}

function needLab() {
  if (!lab) throw new Error('no data loaded yet');
  return lab;
}

async function load(name) {
  if (name !== 'mnist' && name !== 'fashion') throw new Error(`unknown dataset ${name}`);
  if (run) run.running = false;
  const bytes = await download(name);
  post(Report.LOADING, { phase: 'decode' });
  let next;
  try {
    next = new Lab(bytes[0], bytes[1], bytes[2], bytes[3]);
  } catch (error) {
    // The core says which of the four files (or which pair) the error is about.
    const about = error.file >= 0 ? FILES[error.file] : FILES.slice(2 * error.pair, 2 * error.pair + 2).join(' and ');
    throw new Error(about ? `${about}: ${error.message}` : error.message);
  }
  lab?.free();
  lab = next;
  evaluator.postMessage({ kind: EvaluatorRequest.DATA, images: bytes[2], labels: bytes[3] }, [bytes[2].buffer, bytes[3].buffer]);
  dataset = name;
  sendYourDigits();
  post(Report.LOADED, { dataset: name, trainCount: lab.train_count(), testCount: lab.test_count(), examples: examplesByDigit() });
  if (run) configure(run.config);
}

/** The four files of a dataset, with progress reports. */
async function download(name) {
  const responses = await Promise.all(FILES.map(async (file) => {
    const response = await fetch(new URL(`../data/${name}/${file}`, import.meta.url));
    if (!response.ok) throw new Error(`cannot download ${file} (HTTP ${response.status})`);
    return response;
  }));
  const total = responses.reduce((sum, r) => sum + Number(r.headers.get('Content-Length') ?? 0), 0);
  let loaded = 0;
  return Promise.all(responses.map(async (response) => {
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
}

function configure(config) {
  if (!config) throw new Error('configure needs a config');
  needLab().configure(config);
  started(lab.settings());
}

function saveModel() {
  const bytes = needLab().save_model(dataset === 'fashion' ? 1 : 0);
  self.postMessage({ kind: Report.MODEL, bytes, hidden: run.config.hidden, iteration: lab.iteration() }, [bytes.buffer]);
}

function loadModel(bytes) {
  const loaded = needLab().load_model(bytes);
  started(lab.settings(), loaded);
}

/** A new run is set up in the lab (configured, reset or loaded): start its reports afresh. */
function started(config, loaded) {
  run = newRun({ ...config });
  post(Report.CONFIGURED, { config: run.config, stepsPerIteration: lab.steps_per_iteration(), loaded });
  evaluate(null); // the untrained network's predictions for the sample grid
  report(true);
}

function start() {
  if (!lab || !run || lab.finished() || run.diverged) return;
  run.running = true;
  restartPace();
  schedule(0);
}

/** A paced run owes stepsPerSecond steps for every second from now. */
function restartPace() {
  pace = { since: performance.now(), steps: run?.steps ?? 0 };
}

function stepOnce(unit) {
  if (!lab || !run || lab.finished() || run.diverged) return;
  run.running = false;
  if (unit === 'iteration') {
    while (!lab.finished() && !run.diverged && !advance(1 << 20)) { /* until the iteration ends */ }
  } else {
    advance(1);
  }
  report(true);
}

function predict(pixels) {
  post(Report.PREDICTION, { ...plain(needLab().predict(pixels), ['output', 'hidden', 'digit']), model: 'run' });
}

function predictDrawing(pixels) {
  if (!drawingModel) throw new Error('the drawing model is not loaded');
  post(Report.PREDICTION, { ...plain(drawingModel.predict(pixels), ['output', 'hidden', 'digit']), model: 'drawing' });
}

function setYourDigits(images, labels) {
  const fine = images instanceof Uint8Array && labels instanceof Uint8Array
    && images.length === labels.length * sizes.pixels && labels.every((l) => l <= 9);
  if (!fine) throw new Error('your digits must be 784 bytes an image and a label 0-9 for each');
  yourDigits = { images, labels };
  sendYourDigits();
}

/** The evaluator scores the learner's digits with MNIST runs only (they are not clothes). */
function sendYourDigits() {
  const none = new Uint8Array(0);
  const { images, labels } = dataset === 'mnist' ? yourDigits : { images: none, labels: none };
  evaluator.postMessage({ kind: EvaluatorRequest.YOUR_DIGITS, images, labels });
}

/** How the drawing model reads the learner's digits (the run's reading comes with each test pass). */
function scoreYours() {
  const { images, labels } = yourDigits;
  const model = 'drawing';
  if (!drawingModel || !labels.length) {
    post(Report.YOURS_SCORED, { model, count: 0, accuracy: null, predictions: new Uint8Array(0) });
    return;
  }
  const predictions = labels.map((_, i) => {
    const answer = drawingModel.predict(images.subarray(i * sizes.pixels, (i + 1) * sizes.pixels));
    const { digit } = plain(answer, ['digit']);
    return digit;
  });
  const right = predictions.filter((p, i) => p === labels[i]).length;
  post(Report.YOURS_SCORED, { model, count: labels.length, accuracy: right / labels.length, predictions });
}

function testDigit(index) {
  const count = needLab().test_count();
  const i = Number.isInteger(index) && index >= 0 ? index % count : Math.floor(Math.random() * count);
  post(Report.TEST_DIGIT, { index: i, label: lab.test_label(i), image: lab.test_image(i) });
}

/** Three training images of each digit, 0 to 9 in order (Uint8Array(10 * 3 * 784)). */
function examplesByDigit() {
  const per = 3;
  const out = new Uint8Array(10 * per * sizes.pixels);
  const found = new Array(10).fill(0);
  for (let i = 0; i < lab.train_count() && found.some((n) => n < per); i += 1) {
    const digit = lab.train_label(i);
    if (found[digit] >= per) continue;
    out.set(lab.train_image(i), (digit * per + found[digit]) * sizes.pixels);
    found[digit] += 1;
  }
  return out;
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
  if (!run?.running) return;
  if (stepsPerSecond === 0) {
    const deadline = performance.now() + CHUNK_MS;
    while (run.running && performance.now() < deadline) advance(64);
    report(false);
    if (run.running) schedule(0);
    return;
  }
  let behind = false;
  if (stepsPerSecond < REPORTS_PER_SECOND) {
    advance(1);
  } else {
    // Keep to the clock: train the steps owed since the pace started (at most one chunk's
    // time), so a paced run takes the time it was given however long each step takes.
    const owed = Math.floor(((performance.now() - pace.since) * stepsPerSecond) / 1000) - (run.steps - pace.steps);
    const target = run.steps + Math.min(owed, stepsPerSecond);
    const deadline = performance.now() + CHUNK_MS;
    while (run.running && run.steps < target && performance.now() < deadline) advance(Math.min(64, target - run.steps));
    behind = run.steps < target; // still owed: go on at once, as at full speed
  }
  report(!behind);
  if (run.running) schedule(behind ? 0 : stepsPerSecond >= REPORTS_PER_SECOND ? REPORT_MS : 1000 / stepsPerSecond);
}

/** Trains up to `maxSteps` steps; true when an iteration ended. */
function advance(maxSteps) {
  const begun = performance.now();
  run.steps += lab.run(maxSteps);
  const ended = lab.ended();
  run.trainMs += performance.now() - begun;
  if (ended) iterationEnded(ended);
  if (ended && lab.finished()) run.running = false;
  return Boolean(ended);
}

function iterationEnded(ended) {
  const { iteration, trainError, trainAccuracy, validationError, validationAccuracy } = plain(ended,
    ['iteration', 'trainError', 'trainAccuracy', 'validationError', 'validationAccuracy']);
  if (!Number.isFinite(trainError)) {
    run.running = false;
    run.diverged = true;
    post(Report.DIVERGED, { iteration });
    return;
  }
  const point = { iteration, trainError, trainAccuracy, seconds: run.trainMs / 1000 };
  if (validationAccuracy !== undefined) Object.assign(point, { validationError, validationAccuracy });
  run.points.push(point);
  if (iteration % run.config.testEvery === 0 || iteration + 1 === run.config.iterations) evaluate(point);
}

/**
 * Sends the weights as they are now to the evaluator; `point` gets its answer
 * (`restored` marks the test pass of early stopping's restored weights).
 */
function evaluate(point, restored = false) {
  if (!lab || !run) return;
  const id = nextEvaluation;
  nextEvaluation += 1;
  if (point) point.pending = true;
  run.waiting.set(id, { point, restored });
  const weights = lab.weights();
  if (point) point.picture = picture(weights, run.config.hidden);
  evaluator.postMessage({
    kind: EvaluatorRequest.EVALUATE, id, hidden: run.config.hidden, weights,
    samples: { mode: sampleMode, count: SAMPLE_COUNT, seed: run.id },
  }, [weights.buffer]);
}

/**
 * The weight pictures as they are now, 8 bits a pixel: each hidden neuron's 784 incoming
 * weights divided by its largest magnitude, times 127 (the replay's snapshot of them).
 * { hidden, data: Int8Array(784 * hidden), laid out as w01 (pixel-major) }.
 */
function picture(weights, hidden) {
  const n = sizes.pixels * hidden;
  const peak = new Float64Array(hidden).fill(1e-12);
  for (let i = 0; i < n; i += 1) peak[i % hidden] = Math.max(peak[i % hidden], Math.abs(weights[i]));
  const data = new Int8Array(n);
  for (let i = 0; i < n; i += 1) data[i] = Math.round((weights[i] / peak[i % hidden]) * 127);
  return { hidden, data };
}

function evaluated(reply) {
  if (reply.kind !== EvaluatorReply.EVALUATED && reply.kind !== EvaluatorReply.FAILED) {
    post(Report.ERROR, { message: `unknown evaluator reply: ${reply.kind}` });
    return;
  }
  const entry = run?.waiting.get(reply.id);
  if (!entry) return; // a stale run's answer
  run.waiting.delete(reply.id);
  if (reply.kind === EvaluatorReply.FAILED) {
    post(Report.ERROR, { message: `test evaluation failed: ${reply.message}` });
    return;
  }
  const { error, accuracy, samples, yours } = reply;
  run.samples = samples;
  if (entry.restored) {
    const best = plain(lab.early(), ['bestIteration', 'bestAccuracy']);
    samples.restored = { iteration: best.bestIteration, accuracy };
    report(true);
    post(Report.FINISHED, {
      iteration: lab.iteration(), seconds: run.trainMs / 1000,
      restored: { iteration: best.bestIteration, validationAccuracy: best.bestAccuracy, testError: error, testAccuracy: accuracy },
    });
    return;
  }
  const { point } = entry;
  if (point) {
    Object.assign(point, { testError: error, testAccuracy: accuracy, pending: false });
    if (yours) {
      Object.assign(point, { yoursError: yours.error, yoursAccuracy: yours.accuracy });
      run.yours = { iteration: point.iteration, accuracy: yours.accuracy, predictions: yours.predictions };
    }
    run.lines.push(bookLine(point.iteration, point.trainError, point.trainAccuracy, error, accuracy));
  }
  report(true);
}

/** Sends what changed since the last report, at most REPORTS_PER_SECOND times a second. */
function report(force) {
  const now = performance.now();
  if (!lab || !run || (!force && now - run.lastReport < REPORT_MS)) return;
  run.lastReport = now;
  const pending = run.points.findIndex((p) => p.pending);
  const out = pending === -1 ? run.points : run.points.slice(0, pending);
  run.points = pending === -1 ? [] : run.points.slice(pending);
  const done = lab.finished() && run.points.length === 0 && run.waiting.size === 0;
  const body = {
    running: run.running, iteration: lab.iteration(), step: run.steps, seconds: run.trainMs / 1000, finished: done,
    points: out.map(({ pending: _, ...p }) => p), lines: run.lines, example: example(),
    samples: run.samples ?? undefined, yours: run.yours ?? undefined, early: early(), wasmBytes: wasmMemory.buffer.byteLength,
  };
  if (now - run.lastWeightsAt >= WEIGHTS_MS || done) {
    run.lastWeightsAt = now;
    body.weights = picture(lab.weights(), run.config.hidden); // 8 bits a weight: the page only draws them
  }
  post(Report.PROGRESS, body);
  run.lines = [];
  run.samples = null;
  run.yours = null;
  if (!done || !out.length || run.restoring) return;
  const restored = run.config.validation > 0 ? lab.restore_best() : undefined;
  if (restored) {
    restored.free();
    run.restoring = true; // FINISHED follows the restored weights' test pass
    evaluate(null, true);
  } else {
    post(Report.FINISHED, { iteration: lab.iteration(), seconds: run.trainMs / 1000 });
  }
}

/** Early stopping's state for the page, or undefined without it. */
function early() {
  if (!run.config.validation) return undefined;
  const status = lab.early();
  if (!status) return undefined;
  const { bestIteration, bestAccuracy, stoppedAt, patience } = plain(status, ['bestIteration', 'bestAccuracy', 'stoppedAt', 'patience']);
  return { bestIteration, bestAccuracy, stoppedAt: stoppedAt ?? null, patience };
}

/** The example the last step trained on; before any step, example 0 through the untrained network. */
function example() {
  if (run.steps === 0) {
    const image = lab.train_image(0);
    const { hidden, output } = plain(lab.predict(image), ['hidden', 'output']);
    return { index: 0, label: lab.train_label(0), image, mask: null, hidden, output, dropout: false, before: true };
  }
  const e = plain(lab.example(), ['index', 'label', 'image', 'mask', 'hidden', 'output']);
  return { ...e, dropout: run.config.keep < 1 };
}
