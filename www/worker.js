// The training worker: owns the wasm `Lab` (data + run) and trains in chunks, yielding
// between them so pause, reset and predict take effect at once. Speaks protocol.js.
import init, { Lab, book_line as bookLine, constants } from './pkg/reglab.js';
import { Report, Request, REPORTS_PER_SECOND } from './protocol.js';

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const SAMPLE_COUNT = 24;
const CHUNK_MS = 12; // full speed: train this long, then yield to messages
const REPORT_MS = 1000 / REPORTS_PER_SECOND;

let lab = null;
let config = null;
let running = false;
let stepsPerSecond = 0;
let steps = 0;
let trainMs = 0;
let sampleMode = 'sample';
let samplesDirty = false;
let pending = { points: [], lines: [] };
let lastReport = 0;
let loopScheduled = false;

const post = (kind, body = {}, transfer = []) => self.postMessage({ kind, ...body }, transfer);
const ready = init().then(() => post(Report.READY, { constants: constants() }));

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
    case Request.SPEED: stepsPerSecond = Math.max(0, Number(request.stepsPerSecond) || 0); return;
    case Request.PREDICT: return predict(request.pixels);
    case Request.SAMPLES: sampleMode = request.mode === 'mistakes' ? 'mistakes' : 'sample';
      samplesDirty = true; return report(true);
    default: throw new Error(`unknown request kind: ${request.kind}`);
  }
}

async function load(dataset) {
  if (dataset !== 'mnist' && dataset !== 'fashion') throw new Error(`unknown dataset ${dataset}`);
  running = false;
  const responses = await Promise.all(FILES.map(async (name) => {
    const response = await fetch(new URL(`../data/${dataset}/${name}`, import.meta.url));
    if (!response.ok) throw new Error(`cannot download ${name} (HTTP ${response.status})`);
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
  const next = new Lab(bytes[0], bytes[1], bytes[2], bytes[3]);
  lab?.free();
  lab = next;
  post(Report.LOADED, { dataset, trainCount: lab.train_count(), testCount: lab.test_count() });
  if (config) configure(config);
}

function configure(next) {
  if (!lab) throw new Error('no data loaded yet');
  if (!next) throw new Error('configure needs a config');
  const c = next;
  lab.configure(c.hidden, c.alpha, c.iterations, c.batch, c.keep, c.seed, c.trainSize, c.testEvery);
  config = { ...c };
  running = false;
  steps = 0;
  trainMs = 0;
  pending = { points: [], lines: [] };
  lab.evaluate(); // score the untrained network, so the sample grid has predictions
  samplesDirty = true;
  post(Report.CONFIGURED, { config, stepsPerIteration: lab.steps_per_iteration() });
  report(true);
}

function start() {
  if (!lab || lab.finished()) return;
  running = true;
  schedule(0);
}

function stepOnce(unit) {
  if (!lab || lab.finished()) return;
  running = false;
  if (unit === 'iteration') {
    while (!lab.finished() && !advance(1 << 20)) { /* until the iteration ends */ }
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

function schedule(delay) {
  if (loopScheduled) return;
  loopScheduled = true;
  setTimeout(loop, delay);
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
  const perTick = Math.max(1, Math.round(stepsPerSecond / REPORTS_PER_SECOND));
  advance(perTick);
  report(true);
  if (running) schedule(stepsPerSecond >= REPORTS_PER_SECOND ? REPORT_MS : 1000 / stepsPerSecond);
}

/** Trains up to `maxSteps` steps; true when an iteration ended. */
function advance(maxSteps) {
  const started = performance.now();
  steps += lab.run(maxSteps);
  const ended = lab.iteration_done();
  if (ended) iterationEnded(started);
  trainMs += performance.now() - started;
  if (ended && lab.finished()) {
    running = false;
    report(true);
    post(Report.FINISHED, { iteration: lab.iteration(), seconds: trainMs / 1000 });
  }
  return ended;
}

function iterationEnded(chunkStarted) {
  const [iteration, trainError, trainAccuracy] = lab.iteration_stats();
  const point = { iteration, trainError, trainAccuracy };
  if (iteration % config.testEvery === 0 || iteration + 1 === config.iterations) {
    const [testError, testAccuracy] = lab.evaluate();
    Object.assign(point, { testError, testAccuracy });
    pending.lines.push(bookLine(iteration, trainError, trainAccuracy, testError, testAccuracy));
    samplesDirty = true;
  }
  point.seconds = (trainMs + performance.now() - chunkStarted) / 1000;
  pending.points.push(point);
}

/** Sends what changed since the last report, at most REPORTS_PER_SECOND times a second. */
function report(force) {
  const now = performance.now();
  if (!lab || (!force && now - lastReport < REPORT_MS)) return;
  lastReport = now;
  const body = {
    running, iteration: lab.iteration(), step: steps, seconds: trainMs / 1000,
    finished: lab.finished(), points: pending.points, lines: pending.lines,
  };
  pending = { points: [], lines: [] };
  if (steps > 0) body.example = example();
  if (samplesDirty) { body.samples = samples(); samplesDirty = false; }
  post(Report.PROGRESS, body);
}

function example() {
  if (steps === 0) return null;
  const index = lab.last_example();
  return {
    index, label: lab.train_label(index), image: lab.train_image(index),
    mask: lab.last_mask(), hidden: lab.last_hidden(), output: lab.last_output(),
    dropout: config.keep < 1,
  };
}

function samples() {
  const count = Math.min(SAMPLE_COUNT, lab.test_count());
  const indices = sampleMode === 'mistakes'
    ? Uint32Array.from(lab.confident_mistakes(count))
    : Uint32Array.from({ length: count }, (_, i) => (i * 409) % lab.test_count());
  const images = new Uint8Array(indices.length * 784);
  indices.forEach((index, i) => images.set(lab.test_image(index), i * 784));
  return {
    mode: sampleMode, indices,
    labels: Uint8Array.from(indices, (index) => lab.test_label(index)),
    predictions: lab.test_predictions(indices), images,
  };
}
