// The training worker: owns the wasm `Lab` (data + session) and trains in chunks,
// yielding between them so pause, reset and predict take effect at once. Test passes go
// to the evaluator worker (evaluator.js) with a snapshot of the weights; iterations are
// reported in order, each with its test figures once they are back. Speaks protocol.js.
//
// State: what outlives a run (`data`: the lab and its dataset; `prefs`: the speed, the
// grid's mode, the learner's digits) is below; everything about one run (pace included) is
// in the `run` object that each configure, reset or model load replaces, so nothing of an
// old run leaks into a new one. Requests go through one table (HANDLERS) and one `catch`;
// the evaluator is fed through one slot (www/evaluation-slot.js), so memory stays bounded.
import init, { Lab, Predictor, book_line as bookLine, sizes as coreSizes } from './pkg/reglab.js';
import { EvaluatorRequest, Report, Request, REPORTS_PER_SECOND } from './protocol.js';
import { createEvaluationSlot } from './evaluation-slot.js';
import { download } from './download.js';
import { startArrival } from './arriving-images.js';

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const SAMPLE_COUNT = 24;
const CHUNK_MS = 12; // full speed: train this long, then yield to messages
const REPORT_MS = 1000 / REPORTS_PER_SECOND;
const WEIGHTS_MS = 1000; // weight pictures refresh once a second

// What outlives a run.
// `arrival`: the training images' download (www/arriving-images.js), which goes on after
// the lab is made; `arrival.when(n)` waits for the first n.
const data = { lab: null, arrival: null, dataset: 'mnist', sizes: null, wasmMemory: null };
const prefs = {
  stepsPerSecond: 0, // 0 = full speed
  sampleMode: 'sample',
  // The learner's own digits (Request.YOUR_DIGITS), scored with every test pass of an MNIST run.
  yourDigits: { images: new Uint8Array(0), labels: new Uint8Array(0) },
};
let run = null; // see newRun
let runs = 0;
let loopScheduled = false;

/** A fresh run's state; `config` is what the lab now runs. */
function newRun(config) {
  runs += 1;
  return {
    id: runs,
    config,
    running: false,
    diverged: false, // the error went infinite or NaN: no more steps
    ending: false, // the last iteration is reported: the restored weights' test pass or FINISHED follows
    ended: false, // FINISHED was posted
    steps: 0,
    exampleIteration: 0, // the iteration (from 0) the last step trained in: the example's
    trainMs: 0,
    pace: { since: 0, steps: 0 }, // paced runs: steps owed are counted from here
    points: [], // iterations not reported yet, in order; some wait for test figures
    lines: [],
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
evaluator.onerror = (event) => post(Report.ERROR, { message: `the evaluator stopped: ${event.message}` });
const slot = createEvaluationSlot(evaluator, { run: () => run?.id ?? null, snapshot, answered: evaluated, failed: evaluationFailed });

const ready = init().then((wasm) => {
  data.wasmMemory = wasm.memory;
  data.sizes = coreSizes();
  post(Report.READY, { sizes: data.sizes });
});

// The Draw panel's ready model; null until it is loaded. It is fetched once the first
// run is set up (its images are in) (so it does not slow them down on a slow link), or at once when the
// page asks for it (Request.DRAWING_MODEL: a draw-only embed, which loads no data).
let drawingModel = null;
let drawingLoad = null;
const drawingReady = () => {
  drawingLoad ??= ready.then(loadDrawingModel).catch((error) => {
    post(Report.DRAWING_MODEL, { error: error?.message ?? String(error) });
  });
  return drawingLoad;
};

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

// ---- the one dispatcher -------------------------------------------------------------------
// Each request kind: what it waits for, and what it does. 'queue': after the requests before
// it (a configure waits for a load in flight); 'wasm': only for the module; 'drawing': for the
// drawing model, not behind a download. Requests that need data answer "no data loaded yet"
// (an `error`) when there is none. Every failure becomes one `error` report, with the
// request's kind and sequence number so the page knows what it is about.
const HANDLERS = {
  [Request.LOAD]: ['queue', (r) => load(r.dataset)],
  [Request.CONFIGURE]: ['queue', (r) => configure(r.config, r.seq)],
  [Request.RESET]: ['queue', (r) => reset(r.seq)],
  [Request.LOAD_MODEL]: ['queue', (r) => loadModel(r.bytes, r.seq)],
  [Request.TRAIN]: ['queue', () => start()],
  [Request.PAUSE]: ['queue', () => pause()],
  [Request.STEP]: ['queue', (r) => stepOnce(r.unit)],
  [Request.SPEED]: ['queue', (r) => setSpeed(r.stepsPerSecond)],
  [Request.PREDICT]: [(r) => (r.model === 'drawing' ? 'drawing' : 'queue'), (r) => (r.model === 'drawing' ? predictDrawing(r.pixels) : predict(r.pixels))],
  [Request.TEST_DIGIT]: ['queue', (r) => testDigit(r.index)],
  [Request.SAVE_MODEL]: ['queue', () => saveModel()],
  [Request.SAMPLES]: ['queue', (r) => setSampleMode(r.mode)],
  [Request.YOUR_DIGITS]: ['wasm', (r) => setYourDigits(r.images, r.labels)],
  [Request.SCORE_YOURS]: ['drawing', () => scoreYours()],
  [Request.DRAWING_MODEL]: ['drawing', () => {}],
  [Request.ENSEMBLE_JOIN]: ['queue', (r) => joinVote(Boolean(r.restart))],
  [Request.ENSEMBLE_VOTE]: ['queue', (r) => post(Report.ENSEMBLE_VOTE, needLab().ensemble_vote(Math.min(48, Math.max(0, r.shown | 0))))],
};

let queue = ready;
self.onmessage = (event) => {
  const request = event.data ?? {};
  const [waits, handle] = HANDLERS[request.kind] ?? ['wasm', () => { throw new Error(`unknown request kind: ${request.kind}`); }];
  const kind = typeof waits === 'function' ? waits(request) : waits;
  const after = kind === 'drawing' ? drawingReady() : { queue, wasm: ready }[kind];
  const done = after.then(() => handle(request)).catch((error) => {
    post(Report.ERROR, { message: error?.message ?? String(error), request: request.kind, seq: request.seq });
  });
  if (after === queue) queue = done;
};

function needLab() {
  if (!data.lab) throw new Error('no data loaded yet');
  return data.lab;
}

function needRun() {
  needLab();
  if (!run) throw new Error('no run is set up yet');
  return run;
}

// ---- data ---------------------------------------------------------------------------------
// The test set and the labels come first (the evaluator needs all 10,000 test images for
// the first test pass), then the training images stream in: the lab is made from their
// first chunk and LOADED is sent, and a run waits only for the images it reads.
async function load(name) {
  if (name !== 'mnist' && name !== 'fashion') throw new Error(`unknown dataset ${name}`);
  if (run) run.running = false;
  data.arrival?.cancel();
  data.arrival = null;
  const url = (file) => new URL(`../data/${name}/${file}`, import.meta.url);
  const progress = (loaded, total) => post(Report.LOADING, { phase: 'download', dataset: name, loaded, total });
  const [trainLabels, testImages, testLabels] = await download([url(FILES[1]), url(FILES[2]), url(FILES[3])], progress);
  const arrival = startArrival(url(FILES[0]), (start) => makeLab(start, trainLabels, testImages, testLabels),
    (state) => arrivalChanged(arrival, name, state));
  data.arrival = arrival;
  const next = await arrival.lab;
  post(Report.LOADING, { phase: 'decode', dataset: name });
  data.lab?.free();
  data.lab = next;
  run = null; // the page configures the first run on this data
  evaluator.postMessage({ kind: EvaluatorRequest.DATA, images: testImages, labels: testLabels }, [testImages.buffer, testLabels.buffer]);
  data.dataset = name;
  sendYourDigits();
  post(Report.LOADED, {
    dataset: name, trainCount: next.train_total(), arrived: next.train_count(), testCount: next.test_count(), examples: examplesByDigit(),
  });
}

function makeLab(trainImagesStart, trainLabels, testImages, testLabels) {
  try {
    return Lab.streaming(trainImagesStart, trainLabels, testImages, testLabels);
  } catch (error) {
    throw labError(error);
  }
}

/** The core says which of the four files (or which pair) a data error is about. */
function labError(error) {
  if (!(error instanceof Error) || error.file === undefined) return error;
  const about = error.file >= 0 ? FILES[error.file] : FILES.slice(2 * error.pair, 2 * error.pair + 2).join(' and ');
  return new Error(about ? `${about}: ${error.message}` : error.message);
}

/** The training images' download changed: its end, or a failure after the lab was made, is said at once. */
function arrivalChanged(arrival, dataset, { failed, done }) {
  if (data.arrival !== arrival || !data.lab) return;
  if (failed) post(Report.LOADING, { phase: 'failed', dataset, message: labError(failed).message ?? String(failed) });
  else if (done) post(Report.LOADING, { phase: 'complete', dataset });
}

/** Waits (saying so) until the first `count` training images are in. */
async function imagesArrived(count) {
  const { arrival, lab } = data;
  if (!arrival || lab.train_count() >= count) return;
  const first = lab.train_count();
  // Said only when the wait is long enough to see (a fast link's is a few milliseconds).
  let said = false;
  const say = () => {
    said = true;
    const { loaded, total, arrived } = arrival.state();
    post(Report.LOADING, { phase: 'waiting', dataset: data.dataset, first, needed: count, arrived, loaded, total });
  };
  const timer = setInterval(say, 250);
  try {
    await arrival.when(count);
  } catch (error) {
    throw labError(error);
  } finally {
    clearInterval(timer);
  }
  if (data.lab !== lab) throw new Error('the data changed while this run waited for its images');
  if (said) post(Report.LOADING, { phase: 'arrived', dataset: data.dataset, needed: count });
}

// ---- runs: set up, start, pause, step -----------------------------------------------------
async function configure(config, seq) {
  if (!config) throw new Error('configure needs a config');
  await imagesArrived(needLab().images_needed(config));
  data.lab.configure(config);
  started(data.lab.settings(), seq);
}

function reset(seq) {
  needRun();
  data.lab.reset();
  started(run.config, seq);
}

async function loadModel(bytes, seq) {
  let loaded;
  try {
    loaded = needLab().load_model(bytes);
  } catch (error) {
    // The file may be fine and its run read images still on their way: wait for them all.
    if (data.lab.train_count() >= data.lab.train_total()) throw error;
    await imagesArrived(data.lab.train_total());
    loaded = data.lab.load_model(bytes);
  }
  started(data.lab.settings(), seq, loaded);
}

/** A new run is set up in the lab (configured, reset or loaded): start its reports afresh. */
function started(config, seq, loaded) {
  run = newRun({ ...config });
  run.startWeights = data.lab.weights().slice(0, data.sizes.pixels * run.config.hidden); // for "what training changed"
  drawingReady(); // after the first run's images, which a slow link should bring first
  post(Report.CONFIGURED, { config: run.config, stepsPerIteration: data.lab.steps_per_iteration(), loaded, seq });
  slot.wantGrid(); // the untrained network's predictions for the sample grid
  report(true);
}

const canStep = () => run && !data.lab.finished() && !run.diverged;

function start() {
  if (!needRun() || !canStep()) return;
  run.running = true;
  restartPace();
  schedule(0);
}

function pause() {
  if (run) run.running = false;
  report(true);
}

function setSpeed(stepsPerSecond) {
  prefs.stepsPerSecond = Math.max(0, Number(stepsPerSecond) || 0);
  restartPace();
}

/** A paced run owes stepsPerSecond steps for every second from now. */
function restartPace() {
  if (run) run.pace = { since: performance.now(), steps: run.steps };
}

function stepOnce(unit) {
  if (!needRun() || !canStep()) return;
  run.running = false;
  if (unit === 'iteration') {
    while (canStep() && !slot.blocks() && !advance(1 << 20)) { /* until the iteration ends */ }
  } else if (!slot.blocks()) {
    advance(1);
  }
  report(true);
}

/** The ensemble lesson: the run's network joins the vote (the core keeps its test outputs). */
function joinVote(restart) {
  const { seed } = needRun().config;
  const accuracy = data.lab.ensemble_join(restart);
  post(Report.ENSEMBLE_JOINED, { size: data.lab.ensemble_size(), seed, accuracy });
}

function setSampleMode(mode) {
  prefs.sampleMode = mode === 'mistakes' ? 'mistakes' : 'sample';
  if (run) slot.wantGrid();
}

// ---- what a network makes of an image -----------------------------------------------------
function predict(pixels) {
  post(Report.PREDICTION, { ...plain(needLab().predict(pixels), ['output', 'hidden', 'digit']), model: 'run' });
}

function predictDrawing(pixels) {
  if (!drawingModel) throw new Error('the drawing model is not loaded');
  post(Report.PREDICTION, { ...plain(drawingModel.predict(pixels), ['output', 'hidden', 'digit']), model: 'drawing' });
}

function setYourDigits(images, labels) {
  const fine = images instanceof Uint8Array && labels instanceof Uint8Array
    && images.length === labels.length * data.sizes.pixels && labels.every((l) => l <= 9);
  if (!fine) throw new Error('your digits must be 784 bytes an image and a label 0-9 for each');
  prefs.yourDigits = { images, labels };
  sendYourDigits();
}

/** The evaluator scores the learner's digits with MNIST runs only (they are not clothes). */
function sendYourDigits() {
  const none = new Uint8Array(0);
  const { images, labels } = data.dataset === 'mnist' ? prefs.yourDigits : { images: none, labels: none };
  evaluator.postMessage({ kind: EvaluatorRequest.YOUR_DIGITS, images, labels });
}

/** How the drawing model reads the learner's digits (the run's reading comes with each test pass). */
function scoreYours() {
  const { images, labels } = prefs.yourDigits;
  const model = 'drawing';
  if (!drawingModel || !labels.length) {
    post(Report.YOURS_SCORED, { model, count: 0, accuracy: null, predictions: new Uint8Array(0) });
    return;
  }
  const { pixels } = data.sizes;
  const predictions = labels.map((_, i) => plain(drawingModel.predict(images.subarray(i * pixels, (i + 1) * pixels)), ['digit']).digit);
  const right = predictions.filter((p, i) => p === labels[i]).length;
  post(Report.YOURS_SCORED, { model, count: labels.length, accuracy: right / labels.length, predictions });
}

function testDigit(index) {
  const count = needLab().test_count();
  const i = Number.isInteger(index) && index >= 0 ? index % count : Math.floor(Math.random() * count);
  post(Report.TEST_DIGIT, { index: i, label: data.lab.test_label(i), image: data.lab.test_image(i) });
}

function saveModel() {
  needRun();
  const bytes = data.lab.save_model(data.dataset === 'fashion' ? 1 : 0);
  self.postMessage({ kind: Report.MODEL, bytes, hidden: run.config.hidden, iteration: data.lab.iteration() }, [bytes.buffer]);
}

/** Three training images of each digit, 0 to 9 in order (Uint8Array(10 * 3 * 784)). */
function examplesByDigit() {
  const { lab } = data;
  const { pixels } = data.sizes;
  const per = 3;
  const out = new Uint8Array(10 * per * pixels);
  const found = new Array(10).fill(0);
  for (let i = 0; i < lab.train_count() && found.some((n) => n < per); i += 1) {
    const digit = lab.train_label(i);
    if (found[digit] >= per) continue;
    out.set(lab.train_image(i), (digit * per + found[digit]) * pixels);
    found[digit] += 1;
  }
  return out;
}

// ---- the training loop --------------------------------------------------------------------
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

/** Trains while it may: not past a test pass the evaluator has not taken yet (see the slot). */
const mayTrain = () => run.running && !slot.blocks();

function loop() {
  loopScheduled = false;
  if (!run?.running) return;
  if (slot.blocks()) { report(false); return; } // the evaluator's answer schedules the loop again
  const { stepsPerSecond } = prefs;
  if (stepsPerSecond === 0) {
    const deadline = performance.now() + CHUNK_MS;
    while (mayTrain() && performance.now() < deadline) advance(64);
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
    const owed = Math.floor(((performance.now() - run.pace.since) * stepsPerSecond) / 1000) - (run.steps - run.pace.steps);
    const target = run.steps + Math.min(owed, stepsPerSecond);
    const deadline = performance.now() + CHUNK_MS;
    while (mayTrain() && run.steps < target && performance.now() < deadline) advance(Math.min(64, target - run.steps));
    behind = run.steps < target; // still owed: go on at once, as at full speed
  }
  report(!behind);
  if (run.running) schedule(behind ? 0 : stepsPerSecond >= REPORTS_PER_SECOND ? REPORT_MS : 1000 / stepsPerSecond);
}

/** Trains up to `maxSteps` steps; true when an iteration ended. */
function advance(maxSteps) {
  const begun = performance.now();
  run.steps += data.lab.run(maxSteps);
  const ended = data.lab.ended();
  run.exampleIteration = ended ? data.lab.iteration() - 1 : data.lab.iteration();
  run.trainMs += performance.now() - begun;
  if (ended) iterationEnded(ended);
  if (ended && data.lab.finished()) run.running = false;
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
  if (iteration % run.config.testEvery === 0 || iteration + 1 === run.config.iterations) {
    point.pending = true;
    slot.test(point);
  }
}

// ---- test passes --------------------------------------------------------------------------
/**
 * The weights as they are now for the evaluator (the slot calls this when it sends):
 * `point` gets the weight pictures of its test pass.
 */
function snapshot(point) {
  if (!data.lab || !run) return null;
  const weights = data.lab.weights();
  if (point) {
    // The replay shows the weights, the grid and the last example of this very iteration.
    point.picture = picture(weights, run.config.hidden);
    point.example = example();
  }
  return { runId: run.id, hidden: run.config.hidden, weights, samples: { mode: prefs.sampleMode, count: SAMPLE_COUNT, seed: run.id } };
}

/**
 * The weight pictures as they are now, 8 bits a pixel: each hidden neuron's 784 incoming
 * weights divided by its largest magnitude, times 127 (the replay's snapshot of them);
 * `change` the same of each weight minus its random start (what training changed).
 * { hidden, data, change: Int8Array(784 * hidden), laid out as w01 (pixel-major) }.
 */
function picture(weights, hidden) {
  const n = data.sizes.pixels * hidden;
  const scaled = (value) => {
    const peak = new Float64Array(hidden).fill(1e-12);
    for (let i = 0; i < n; i += 1) peak[i % hidden] = Math.max(peak[i % hidden], Math.abs(value(i)));
    const out = new Int8Array(n);
    for (let i = 0; i < n; i += 1) out[i] = Math.round((value(i) / peak[i % hidden]) * 127);
    return out;
  };
  const start = run.startWeights;
  return { hidden, data: scaled((i) => weights[i]), change: start ? scaled((i) => weights[i] - start[i]) : null };
}

/** The evaluator's answer for this run: `what` is { point } (a test pass), { restored } or { grid }. */
function evaluated(what, { error, accuracy, samples, yours }) {
  run.samples = samples;
  if (what.restored) {
    samples.restored = { iteration: what.restored.bestIteration, accuracy };
    finishRun({ iteration: what.restored.bestIteration, validationAccuracy: what.restored.bestAccuracy, testError: error, testAccuracy: accuracy });
    return;
  }
  const { point } = what;
  if (point) {
    Object.assign(point, { testError: error, testAccuracy: accuracy, pending: false });
    if (yours) {
      Object.assign(point, { yoursError: yours.error, yoursAccuracy: yours.accuracy });
      run.yours = { iteration: point.iteration, accuracy: yours.accuracy, predictions: yours.predictions };
    }
    run.lines.push(bookLine(point.iteration, point.trainError, point.trainAccuracy, error, accuracy));
  }
  report(true);
  endIfDone();
  if (run.running) schedule(0); // training may have waited for this answer
}

/** A test pass that failed still lets the run go on (and end); the page hears why. */
function evaluationFailed(what, message) {
  post(Report.ERROR, { message: `test evaluation failed: ${message}` });
  if (what.point) what.point.pending = false;
  if (what.restored) { finishRun(); return; }
  report(true);
  endIfDone();
  if (run.running) schedule(0);
}

// ---- reports and the run's end ------------------------------------------------------------
/** Sends what changed since the last report, at most REPORTS_PER_SECOND times a second. */
function report(force) {
  const now = performance.now();
  if (!data.lab || !run || run.ended || (!force && now - run.lastReport < REPORT_MS)) return;
  run.lastReport = now;
  const pending = run.points.findIndex((p) => p.pending);
  const out = pending === -1 ? run.points : run.points.slice(0, pending);
  run.points = pending === -1 ? [] : run.points.slice(pending);
  const body = {
    running: run.running, iteration: data.lab.iteration(), step: run.steps, seconds: run.trainMs / 1000, finished: false,
    points: out.map(({ pending: _, ...p }) => p), lines: run.lines, example: example(),
    samples: run.samples ?? undefined, yours: run.yours ?? undefined, early: early(), wasmBytes: data.wasmMemory.buffer.byteLength,
  };
  if (now - run.lastWeightsAt >= WEIGHTS_MS) {
    run.lastWeightsAt = now;
    body.weights = picture(data.lab.weights(), run.config.hidden); // 8 bits a weight: the page only draws them
  }
  post(Report.PROGRESS, body);
  run.lines = [];
  run.samples = null;
  run.yours = null;
}

/**
 * Called after a report that may have sent the last points (the last iteration's test
 * pass always comes back through `evaluated`, so that is where a run's end is found).
 * Once the last iteration is trained and every point is reported: with early stopping,
 * the best weights as of the stop come back and get their own test pass first.
 */
function endIfDone() {
  if (run.ending || !data.lab.finished() || run.points.length) return;
  run.ending = true;
  const restored = run.config.validation > 0 ? data.lab.restore_best() : undefined;
  if (!restored) { finishRun(); return; }
  const best = plain(restored, ['bestIteration', 'bestAccuracy']);
  slot.restored(best);
}

/** The one place a run ends: the last progress report (with the final weights), then FINISHED. */
function finishRun(restored) {
  if (run.ended) return;
  run.lastReport = 0;
  run.lastWeightsAt = -Infinity; // the final report carries the weights as they end
  const { lines, samples } = run;
  post(Report.PROGRESS, {
    running: false, iteration: data.lab.iteration(), step: run.steps, seconds: run.trainMs / 1000, finished: true,
    points: [], lines, example: example(), samples: samples ?? undefined, yours: run.yours ?? undefined,
    early: early(), wasmBytes: data.wasmMemory.buffer.byteLength, weights: picture(data.lab.weights(), run.config.hidden),
  });
  run.ended = true;
  post(Report.FINISHED, { iteration: data.lab.iteration(), seconds: run.trainMs / 1000, restored });
}

/** Early stopping's state for the page, or undefined without it. */
function early() {
  if (!run.config.validation) return undefined;
  const status = data.lab.early();
  if (!status) return undefined;
  const { bestIteration, bestAccuracy, stoppedAt, patience } = plain(status, ['bestIteration', 'bestAccuracy', 'stoppedAt', 'patience']);
  return { bestIteration, bestAccuracy, stoppedAt: stoppedAt ?? null, patience };
}

/** The example the last step trained on; before any step, example 0 through the untrained network. */
function example() {
  const { lab } = data;
  if (run.steps === 0) {
    const image = lab.train_image(0);
    const { hidden, output } = plain(lab.predict(image), ['hidden', 'output']);
    return { index: 0, label: lab.train_label(0), image, mask: null, hidden, output, dropout: false, before: true };
  }
  const e = plain(lab.example(), ['index', 'label', 'image', 'mask', 'hidden', 'output']);
  return { ...e, dropout: run.config.keep < 1, iteration: run.exampleIteration };
}
