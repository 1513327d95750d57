// The page's orchestrator: starts the worker, routes its reports to the views, and turns
// the learner's actions into requests. The views (www/ui/) own their elements; this file
// owns the state and the worker.
import { SETTINGS, drawChart, preprocessStrokes, problemsOf } from './core.js';
import { Report, Request } from './protocol.js';
import { createLinks } from './state.js';
import { architecture, describe, modeOf } from './describe.js';
import { createControls } from './ui/controls.js';
import { createCurves } from './ui/curves.js';
import { createSamples } from './ui/samples.js';
import { createNetworkView } from './ui/network-view.js';
import { createCompare } from './ui/compare.js';
import { createWeights } from './ui/weights.js';
import { createShare } from './ui/share.js';
import { createStatus } from './ui/status.js';
import { createMetrics } from './ui/metrics.js';
import { createDrawPanel } from './ui/draw-panel.js';
import { createYourDigitsView } from './ui/your-digits-view.js';
import { createLessonPanel } from './ui/lesson-panel.js';

const $ = (id) => document.getElementById(id);
// Links are checked against the most images a dataset has; the loaded data's own count
// is checked when a run is configured.
const MAX_IMAGES = SETTINGS.find((s) => s.name === 'trainSize').max;
const { parse, toHash, configOf } = createLinks(SETTINGS, (config) => problemsOf(config, MAX_IMAGES));
const link = parse(location.hash);
const panels = link.state.panels.split(',');
const embedded = link.state.embed === '1';
const state = {
  config: configOf(link.state),
  dataset: link.state.dataset,
  trainCount: 0, // training images, once the data is loaded
  running: false,
  finished: false,
  workerDead: false,
  autoTrain: false, // start the next configured run by itself (lessons, embeds)
  early: null, // early stopping's state from the worker
  log: [],
  modelName: '',
};

// ---- the worker, and a watchdog for when it dies without a word --------------------------
let worker = null;
let lastHeard = 0;
const WATCHDOG_MS = 5000; // while training the worker reports at least once a second
const send = (kind, body = {}) => worker.postMessage({ kind, ...body });

function startWorker() {
  worker?.terminate();
  state.workerDead = false;
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => {
    lastHeard = performance.now();
    const handler = handlers[event.data?.kind];
    if (handler) handler(event.data);
    else status.show(`The training worker sent a message this page does not know (${event.data?.kind}).`, { error: true });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    workerStopped(event.message || 'it could not start');
  };
}

function workerStopped(why) {
  state.workerDead = true;
  setRunning(false);
  controls.setEnabled(false);
  status.show(`The training worker stopped (${why}). The page still works; press Restart to start training again.`,
    { error: true, action: ['Restart', () => { status.show('Restarting…', { progress: 0 }); startWorker(); }] });
}

setInterval(() => {
  if (state.running && !state.workerDead && performance.now() - lastHeard > WATCHDOG_MS) workerStopped('it stopped responding');
}, 1000);

// ---- the views ---------------------------------------------------------------------------
const status = createStatus(document);
const metrics = createMetrics($('metrics'));
const controls = createControls(document, {
  configure(config) { lessons.end(); configure(config); },
  train,
  pause() { send(Request.PAUSE); setRunning(false); },
  step(unit) { send(Request.STEP, { unit }); setRunning(false); },
  reset() { send(Request.RESET); },
  speed(stepsPerSecond) { send(Request.SPEED, { stepsPerSecond }); updateUrl(); },
  saveModel() { send(Request.SAVE_MODEL); },
  async loadModel(file) {
    state.modelName = file.name;
    lessons.end();
    send(Request.LOAD_MODEL, { bytes: new Uint8Array(await file.arrayBuffer()) });
  },
});
const curves = createCurves($('error-chart'), $('accuracy-chart'), drawChart, $('figures'));
const samples = createSamples($('sample-grid'));
const network = createNetworkView($('network-canvas'), $('network-caption'));
const compare = createCompare($('compare-chart'), $('compare-rows'), drawChart, describe);
const weights = createWeights($('weight-grid'), $('weight-previous'), $('weight-previous-title'));
const draw = createDrawPanel(document, {
  preprocess: preprocessStrokes,
  predict: (pixels, model) => send(Request.PREDICT, { pixels, model }),
  pickTest: () => send(Request.TEST_DIGIT),
  cleared: () => { if (lastTrainingView) showNetwork(lastTrainingView); },
});
createYourDigitsView(document, { image: () => draw.image() });
const lessons = createLessonPanel(document, {
  configure(config, { autoTrain }) {
    state.autoTrain = autoTrain;
    controls.setConfig(config);
    configure(config);
  },
  changed: () => updateUrl(),
});
createShare(document, urlState, toHash);

$('mistakes').addEventListener('change', (e) => send(Request.SAMPLES, { mode: e.target.checked ? 'mistakes' : 'sample' }));
$('dataset').addEventListener('change', (e) => {
  lessons.end();
  state.dataset = e.target.value;
  updateUrl();
  controls.setEnabled(false);
  loadData();
});

function train() {
  send(Request.SPEED, { stepsPerSecond: controls.speed() });
  send(Request.TRAIN);
  setRunning(true);
}

function configure(config) {
  state.config = config;
  send(Request.CONFIGURE, { config });
  updateUrl();
}

function loadData() {
  status.show('Loading…', { progress: 0 });
  send(Request.LOAD, { dataset: state.dataset });
}

/** Everything a link restores, as it is now (see state.js). */
function urlState() {
  return {
    ...state.config, speed: controls.speedPosition(), dataset: state.dataset,
    lesson: lessons.id(), embed: embedded ? '1' : '0', panels: panels.join(','),
  };
}

function updateUrl() {
  history.replaceState(null, '', `${location.pathname}${location.search}${toHash(urlState())}`);
}

function setRunning(running) {
  if (running && !state.running) lastHeard = performance.now();
  state.running = running;
  controls.setRunning(running, state.finished);
}

/** Draws the newest view of the network, at most 15 times a second. */
let networkView = null;
let lastTrainingView = null; // shown again when the pad is cleared
let networkDrawnAt = 0;
function showNetwork(view) {
  if (!networkView) {
    const wait = Math.max(0, 66 - (performance.now() - networkDrawnAt));
    setTimeout(() => requestAnimationFrame(() => {
      networkDrawnAt = performance.now();
      network.draw(networkView);
      networkView = null;
    }), wait);
  }
  networkView = view;
}

const latestTest = (points) => points.filter((p) => p.testAccuracy !== undefined).at(-1);

// ---- what the worker reports -------------------------------------------------------------
const handlers = {
  [Report.READY]() { loadData(); },
  [Report.LOADING]({ phase, loaded, total }) {
    const name = state.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST';
    const mb = (n) => (n / 1e6).toFixed(1);
    if (phase === 'download') status.show(`Downloading ${name}… ${mb(loaded)} of ${mb(total)} MB`, { progress: total ? loaded / total : 0 });
    else status.show('Decoding 70,000 images…', { progress: 1 });
  },
  [Report.LOADED]({ trainCount, testCount, examples }) {
    state.trainCount = trainCount;
    draw.setExamples(state.dataset === 'mnist' ? examples : null);
    controls.setTrainCount(trainCount);
    controls.setConfig(state.config);
    controls.setEnabled(true);
    const name = state.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST';
    status.show(`${name} ready: ${trainCount.toLocaleString('en')} training and ${testCount.toLocaleString('en')} test images.`);
    if (link.state.lesson && !state.lessonOpened) {
      state.lessonOpened = true; // a link to a lesson opens it once, ready for Train
      lessons.start(link.state.lesson, { run: false });
    } else {
      send(Request.CONFIGURE, { config: state.config });
    }
  },
  [Report.CONFIGURED]({ config, loaded }) {
    if (loaded) {
      const data = loaded.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST';
      status.show(`Loaded ${state.modelName}: ${architecture(config.hidden)} trained for ${loaded.iterationsTrained} iterations on ${data}. Draw a digit to test it, or train it further.`);
      $('config-message').textContent = '';
    }
    Object.assign(state, { config, finished: false, early: null, log: [] });
    $('log').textContent = '';
    controls.setConfig(config);
    controls.setEnabled(true);
    setRunning(false);
    curves.reset(config.iterations);
    draw.setRunLabel(`your run's network (${architecture(config.hidden)}, ${modeOf(config)})`);
    draw.ask(true);
    if (state.autoTrain) {
      state.autoTrain = false;
      train();
    }
  },
  [Report.PROGRESS](report) {
    curves.add(report.points);
    if (report.early) state.early = report.early;
    curves.setMarkers(lessons.markers(curves.points(), state.early));
    if (report.weights) weights.render(report.weights);
    if (report.lines.length) {
      state.log.push(...report.lines);
      $('log').textContent = state.log.join('\n');
    }
    metrics.show(report, state.config, curves.points(), state.early);
    if (report.running) {
      const test = latestTest(curves.points());
      status.announce(`Iteration ${report.iteration} of ${state.config.iterations}${test ? `, test accuracy ${test.testAccuracy.toFixed(3)}` : ''}.`);
    }
    // While the pad holds a drawing the diagram shows it; Clear brings training back.
    if (report.example) {
      const { example } = report;
      lastTrainingView = { ...example, source: 'training', step: report.step, keep: state.config.keep, mask: example.dropout ? example.mask : null };
      if (!draw.image()) showNetwork(lastTrainingView);
    }
    if (report.samples) samples.render(report.samples);
    if (report.points.some((p) => p.testError !== undefined)) draw.ask(false);
    if (state.running && !report.running) setRunning(false);
  },
  [Report.FINISHED]({ seconds, restored }) {
    state.finished = true;
    setRunning(false);
    const label = lessons.runLabel() ?? modeOf(state.config);
    const run = { label, config: state.config, points: [...curves.points()], seconds, early: state.early, restored };
    let text = `Finished ${state.config.iterations} iterations in ${seconds.toFixed(1)} s of training.`;
    if (restored) text += ` Early stopping restored the weights of iteration ${restored.iteration}: test accuracy ${restored.testAccuracy.toFixed(4)}.`;
    status.show(text);
    const final = restored ?? latestTest(run.points);
    if (final) compare.add(run);
    weights.keep(`The last finished run: ${label}, test accuracy ${final?.testAccuracy.toFixed(4) ?? '–'}`);
    lessons.finished(run);
  },
  [Report.MODEL]({ bytes, hidden, iteration }) {
    const anchor = document.createElement('a');
    anchor.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    anchor.download = `reglab-${architecture(hidden)}-iteration-${iteration}.rglb`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 10000);
  },
  [Report.DIVERGED]({ iteration }) {
    state.finished = true;
    setRunning(false);
    const retry = () => {
      const config = { ...state.config, alpha: 0.005 };
      controls.setConfig(config);
      configure(config);
      status.show('Learning rate set to 0.005.');
    };
    status.show(`Training stopped at iteration ${iteration}: the error became infinite or not a number. `
      + `With α = ${state.config.alpha} each update overshoots, the next one overshoots further, and the weights blow up. `
      + 'Lower the learning rate (the book uses 0.005) and start again.', { error: true, action: ['Use α 0.005', retry] });
  },
  [Report.DRAWING_MODEL](info) { draw.drawingModel(info); },
  [Report.TEST_DIGIT](digit) { draw.showTestDigit(digit); },
  [Report.PREDICTION]({ output, hidden, model }) {
    const image = draw.image();
    if (!image || !draw.showOutputs(output, model)) return;
    // The diagram is the run's network; the drawing model (another size) is not drawn there.
    if (model === 'run') showNetwork({ image, hidden, output, mask: null, source: 'drawing' });
  },
  [Report.ERROR]({ message, request }) {
    if (request === Request.LOAD) status.show(`Could not load the data: ${message}`, { error: true, action: ['Retry', loadData] });
    else if (request === Request.LOAD_MODEL) $('config-message').textContent = `Could not load ${state.modelName}: ${message}. The current model is unchanged.`;
    else $('config-message').textContent = message;
  },
};

// ---- start -------------------------------------------------------------------------------
if (link.notices.length) {
  status.notice(`Some settings in this link were not valid and were replaced by defaults: ${link.notices.join('; ')}.`);
}
document.body.classList.toggle('embed', embedded);
for (const section of document.querySelectorAll('[data-panel]')) section.hidden = !panels.includes(section.dataset.panel);
controls.setSpeedPosition(link.state.speed);
$('dataset').value = state.dataset;
// An embed without the Experiment panel trains by itself, so its other panels have a model.
if (embedded && !panels.includes('controls')) state.autoTrain = true;
startWorker();
// Offline after the first visit (sw.js); a page opened from a file or an old browser goes without.
navigator.serviceWorker?.register(new URL('../sw.js', import.meta.url)).catch(() => {});
if (!state.trainCount) status.show('Starting the training worker…', { progress: 0 });
