// The page's orchestrator: starts the worker, routes its reports to the views, and turns
// the learner's actions into requests. The views own their elements; this file owns state.
import init, { constants, draw_chart as drawChart, preprocess_drawing as preprocessDrawing } from './pkg/reglab.js';
import { Report, Request } from './protocol.js';
import { createControls, PRESETS, modeOf } from './ui/controls.js';
import { createCurves } from './ui/curves.js';
import { createSamples, drawDigit } from './ui/samples.js';
import { createDrawPad } from './ui/drawpad.js';
import { createNetworkView } from './ui/network-view.js';
import { createCompare } from './ui/compare.js';
import { createWeights } from './ui/weights.js';
import { createShare } from './ui/share.js';
import { LESSONS, summarize } from './lessons.js';
import { configOf, parse, toHash } from './state.js';

const $ = (id) => document.getElementById(id);
const fromUrl = parse(location.hash);
const panels = fromUrl.state.panels.split(',');
const embedded = fromUrl.state.embed === '1';
const state = {
  config: configOf(fromUrl.state),
  dataset: fromUrl.state.dataset,
  workerDead: false,
  diverged: false,
  limits: null,
  running: false,
  finished: false,
  drawing: null, // 784 bytes the network sees, or null
  lastPredictAt: 0,
  log: [],
  early: null, // early stopping's state from the worker
  autoTrain: false, // a lesson configured a run and wants it started
  lesson: null, // { def, index, results } while a lesson runs
};

const status = {
  /** `action`: [button label, what it does] offered with an error. */
  show(text, { progress = null, error = false, action = null } = {}) {
    $('status-text').textContent = text;
    $('status').classList.toggle('error', error);
    $('status').classList.toggle('done', progress === null);
    if (progress !== null) $('status-progress').value = progress;
    $('retry').hidden = !action;
    [$('retry').textContent, status.action] = action ?? ['', null];
  },
  action: null,
};

let worker = null;
const send = (kind, body = {}) => worker.postMessage({ kind, ...body });

/** The worker died: say so, keep the page working, offer a restart. */
function workerStopped(why) {
  state.workerDead = true;
  setRunning(false);
  controls.setEnabled(false);
  status.show(`The training worker stopped (${why}). The page still works; press Restart to start training again.`,
    { error: true, action: ['Restart', () => { status.show('Restarting…', { progress: 0 }); startWorker(); }] });
}

// While training, the worker reports at least once a second; silence means it is gone
// (a crash the browser did not report, or the tab's worker was killed).
const WATCHDOG_MS = 5000;
let lastHeard = 0;
setInterval(() => {
  if (state.running && !state.workerDead && performance.now() - lastHeard > WATCHDOG_MS) workerStopped('it stopped responding');
}, 1000);

function startWorker() {
  worker?.terminate();
  state.workerDead = false;
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => {
    lastHeard = performance.now();
    handlers[event.data.kind]?.(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    workerStopped(event.message || 'it could not start');
  };
}

const controls = createControls(document, {
  configure(config) { endLesson(); configure(config); },
  speedPosition() { updateUrl(); },
  train() { send(Request.SPEED, { stepsPerSecond: controls.speed() }); send(Request.TRAIN); setRunning(true); },
  pause() { send(Request.PAUSE); setRunning(false); },
  step(unit) { send(Request.STEP, { unit }); setRunning(false); },
  reset() { send(Request.RESET); },
  saveModel() { send(Request.SAVE_MODEL); },
  async loadModel(file) {
    state.modelName = file.name;
    endLesson();
    send(Request.LOAD_MODEL, { bytes: new Uint8Array(await file.arrayBuffer()) });
  },
  speed(stepsPerSecond) { send(Request.SPEED, { stepsPerSecond }); updateUrl(); },
});
const curves = createCurves($('error-chart'), $('accuracy-chart'), drawChart, $('figures'));
const samples = createSamples($('sample-grid'));
const network = createNetworkView($('network-canvas'), $('network-caption'));
const pad = createDrawPad($('pad'), onInk);
const compare = createCompare($('compare-chart'), $('compare-rows'), drawChart, describe);
const weights = createWeights($('weight-grid'), $('weight-previous'), $('weight-previous-title'));
$('dataset').addEventListener('change', (e) => {
  endLesson();
  state.dataset = e.target.value;
  updateUrl();
  controls.setEnabled(false);
  status.show('Loading…', { progress: 0 });
  send(Request.LOAD, { dataset: state.dataset });
});
for (const def of LESSONS) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = def.title;
  button.dataset.lesson = def.id;
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => startLesson(def));
  $('lesson-buttons').append(button);
}

function configure(config) {
  state.config = config;
  send(Request.CONFIGURE, { config });
  updateUrl();
}

/** Everything a link restores, as it is now (see state.js). */
function urlState() {
  return {
    ...state.config, speed: controls.speedPosition(), dataset: state.dataset,
    lesson: state.lesson?.def.id ?? '', embed: embedded ? '1' : '0', panels: panels.join(','),
  };
}

function updateUrl() {
  history.replaceState(null, '', `${location.pathname}${location.search}${toHash(urlState())}`);
}

function startLesson(def, { run = true } = {}) {
  state.lesson = { def, index: 0, results: [], waiting: !run };
  for (const b of $('lesson-buttons').children) b.setAttribute('aria-pressed', String(b.dataset.lesson === def.id));
  const intro = document.createElement('p');
  intro.textContent = def.intro.replace(/\s+/g, ' ');
  $('lesson-text').replaceChildren(intro);
  if (def.focus && run) $(def.focus).scrollIntoView({ block: 'start' });
  nextLessonRun();
}

function nextLessonRun() {
  const { def, index, waiting } = state.lesson;
  const run = def.runs[index];
  state.autoTrain = !waiting;
  state.lesson.waiting = false;
  controls.setConfig(run.config);
  configure({ ...run.config });
}

function endLesson() {
  if (!state.lesson) return;
  state.lesson = null;
  state.autoTrain = false;
  for (const b of $('lesson-buttons').children) b.setAttribute('aria-pressed', 'false');
  updateUrl();
}

function lessonFinished(run) {
  const { lesson } = state;
  lesson.results.push(run);
  lesson.index += 1;
  if (lesson.index < lesson.def.runs.length) {
    nextLessonRun();
    return;
  }
  const outro = document.createElement('p');
  outro.className = 'outro';
  outro.textContent = `What happened: ${lesson.def.outro(lesson.results).replace(/\s+/g, ' ')}`;
  $('lesson-text').append(outro);
  endLesson();
}

function markers() {
  const lessonMarkers = state.lesson?.def.markers;
  const points = curves.points();
  const summary = points.some((p) => p.testAccuracy !== undefined) ? summarize(points) : {};
  if (lessonMarkers) return lessonMarkers({ ...summary, early: state.early });
  const e = state.early;
  if (!e || !(e.bestIteration >= 0)) return [];
  return [[e.bestIteration, 'best'], ...(e.stoppedAt !== null ? [[e.stoppedAt, 'stop']] : [])];
}
$('clear').addEventListener('click', () => pad.clear());
$('mistakes').addEventListener('change', (e) => send(Request.SAMPLES, { mode: e.target.checked ? 'mistakes' : 'sample' }));
$('retry').addEventListener('click', () => status.action?.());
const reload = ['Retry', () => { status.show('Loading…', { progress: 0 }); send(Request.LOAD, { dataset: state.dataset }); }];
createShare(document, urlState);

/** Draws the newest view of the network, at most 15 times a second. */
let networkView = null;
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

function setRunning(running) {
  if (running && !state.running) lastHeard = performance.now();
  state.running = running;
  controls.setRunning(running, state.finished);
}

const handlers = {
  [Report.READY]() {
    status.show('Downloading MNIST…', { progress: 0 });
    send(Request.LOAD, { dataset: state.dataset });
  },
  [Report.LOADING]({ phase, loaded, total }) {
    if (phase === 'download') {
      const mb = (n) => (n / 1e6).toFixed(1);
      status.show(`Downloading MNIST… ${mb(loaded)} of ${mb(total)} MB`, { progress: total ? loaded / total : 0 });
    } else {
      status.show('Decoding 70,000 digits…', { progress: 1 });
    }
  },
  [Report.LOADED]({ trainCount, testCount }) {
    state.limits = { ...constants(), trainCount };
    controls.setLimits(state.limits);
    controls.setConfig(state.config);
    controls.setEnabled(true);
    const name = state.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST';
    status.show(`${name} ready: ${trainCount.toLocaleString('en')} training and ${testCount.toLocaleString('en')} test images.`);
    if (linkedLesson && !state.lessonRestored) {
      state.lessonRestored = true;
      startLesson(linkedLesson, { run: false });
    } else {
      send(Request.CONFIGURE, { config: state.config });
    }
  },
  [Report.CONFIGURED]({ config, loaded }) {
    if (loaded) {
      const data = loaded.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST';
      status.show(`Loaded ${state.modelName}: 784-${config.hidden}-10 trained for ${loaded.iterationsTrained} iterations on ${data}. Draw a digit to test it, or train it further.`);
      $('config-message').textContent = '';
    }
    state.config = config;
    state.finished = false;
    state.diverged = false;
    state.early = null;
    state.log = [];
    $('log').textContent = '';
    controls.setConfig(config);
    controls.setEnabled(true);
    setRunning(false);
    curves.reset(config.iterations);
    if (state.drawing) predictDrawing(true);
    if (state.autoTrain) {
      state.autoTrain = false;
      send(Request.SPEED, { stepsPerSecond: controls.speed() });
      send(Request.TRAIN);
      setRunning(true);
    }
  },
  [Report.PROGRESS](report) {
    curves.add(report.points);
    if (report.early) state.early = report.early;
    curves.setMarkers(markers());
    if (report.weights) weights.render(report.weights);
    if (report.lines.length) {
      state.log.push(...report.lines);
      $('log').textContent = state.log.join('\n');
    }
    showMetrics(report);
    announce(report);
    $('metrics').dataset.wasmBytes = String(report.wasmBytes);
    if (report.example) {
      const { example } = report;
      showNetwork({ ...example, source: 'training', step: report.step, keep: state.config.keep, mask: example.dropout ? example.mask : null });
    }
    if (report.samples) samples.render(report.samples);
    if (state.drawing && report.points.some((p) => p.testError !== undefined)) predictDrawing(false);
    if (state.running !== report.running && !report.running) setRunning(false);
  },
  [Report.FINISHED]({ seconds, restored }) {
    state.finished = true;
    setRunning(false);
    const label = state.lesson?.def.runs[state.lesson.index].label ?? modeOf(state.config);
    const run = { label, config: state.config, points: [...curves.points()], seconds, early: state.early, restored };
    let text = `Finished ${state.config.iterations} iterations in ${seconds.toFixed(1)} s of training.`;
    if (restored) text += ` Early stopping restored the weights of iteration ${restored.iteration}: test accuracy ${restored.testAccuracy.toFixed(4)}.`;
    status.show(text);
    if (run.points.some((p) => p.testAccuracy !== undefined)) compare.add(run);
    weights.keep(`The last finished run: ${label}, test accuracy ${(restored ?? run.points.filter((p) => p.testAccuracy !== undefined).at(-1))?.testAccuracy?.toFixed(4) ?? '–'}`);
    if (state.lesson) lessonFinished(run);
  },
  [Report.MODEL]({ bytes, hidden, iteration }) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    link.download = `reglab-784-${hidden}-10-iteration-${iteration}.rglb`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  },
  [Report.DIVERGED]({ iteration }) {
    state.finished = true;
    state.diverged = true;
    setRunning(false);
    status.show(`Training stopped at iteration ${iteration}: the error became infinite or not a number. `
      + `With α = ${state.config.alpha} each update overshoots, the next one overshoots further, and the weights blow up. `
      + 'Lower the learning rate (the book uses 0.005) and start again.',
    { error: true, action: ['Use α 0.005', () => { const config = { ...state.config, alpha: 0.005 }; controls.setConfig(config); configure(config); status.show('Learning rate set to 0.005.'); }] });
  },
  [Report.PREDICTION]({ output, hidden }) {
    if (!state.drawing) return;
    showBars(output);
    showNetwork({ image: state.drawing, hidden, output, mask: null, source: 'drawing' });
  },
  [Report.ERROR]({ message, request }) {
    if (request === Request.LOAD) status.show(`Could not load the data: ${message}`, { error: true, action: reload });
    else if (request === Request.LOAD_MODEL) $('config-message').textContent = `Could not load ${state.modelName}: ${message}. The current model is unchanged.`;
    else $('config-message').textContent = message;
  },
};

// Settings from the link: the controls show them and the notice says what was replaced.
if (fromUrl.notices.length) {
  $('notice').hidden = false;
  $('notice').textContent = `Some settings in this link were not valid and were replaced by defaults: ${fromUrl.notices.join('; ')}.`;
}
document.body.classList.toggle('embed', embedded);
for (const section of document.querySelectorAll('[data-panel]')) section.hidden = !panels.includes(section.dataset.panel);
controls.setSpeedPosition(fromUrl.state.speed);
$('dataset').value = state.dataset;
const linkedLesson = LESSONS.find((l) => l.id === fromUrl.state.lesson);
// An embed without the Experiment panel trains by itself, so its other panels have a model.
if (embedded && !panels.includes('controls')) state.autoTrain = true;
startWorker();
// Offline after the first visit (sw.js); a page opened from a file or an old browser simply goes without.
navigator.serviceWorker?.register(new URL('../sw.js', import.meta.url)).catch(() => {});

function describe(c) {
  const mode = { plain: 'plain SGD', dropout: `dropout (keep ${c.keep})`, batch: `mini-batches of ${c.batch}${c.keep < 1 ? `, dropout keep ${c.keep}` : ''}` }[modeOf(c)];
  const early = c.validation > 0 ? `, early stopping (${c.validation} validation images, patience ${c.patience})` : '';
  return `784-${c.hidden}-10, ${mode}, α ${c.alpha}, ${c.iterations} iterations, ${c.trainSize} training images, seed ${c.seed}${early}`;
}

function showMetrics(report) {
  if (report.step === 0) {
    $('metrics').textContent = `Ready: ${describe(state.config)}. Press Train.`;
    return;
  }
  const points = curves.points();
  const last = points.at(-1);
  const tested = points.filter((p) => p.testAccuracy !== undefined);
  const test = tested.at(-1);
  const parts = [`Iteration <strong>${report.iteration}</strong> of ${state.config.iterations}`];
  if (last) parts.push(`train accuracy <strong>${last.trainAccuracy.toFixed(3)}</strong> (error ${last.trainError.toFixed(3)})`);
  if (test) {
    const best = tested.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a));
    parts.push(`test accuracy <strong>${test.testAccuracy.toFixed(4)}</strong> (error ${test.testError.toFixed(3)}; best ${best.testAccuracy.toFixed(4)} at iteration ${best.iteration})`);
  }
  const e = state.early;
  if (e && e.bestIteration >= 0) {
    parts.push(`validation best ${e.bestAccuracy.toFixed(3)} at iteration ${e.bestIteration}${e.stoppedAt !== null ? `, stop at ${e.stoppedAt}` : ''}`);
  }
  parts.push(`${report.seconds.toFixed(1)} s`);
  $('metrics').innerHTML = parts.join(' · ');
}

/** Progress for screen readers, calmly: at most every 10 seconds while training. */
let lastAnnounced = 0;
function announce(report) {
  const now = performance.now();
  if (!report.running || now - lastAnnounced < 10000) return;
  lastAnnounced = now;
  const test = curves.points().filter((p) => p.testAccuracy !== undefined).at(-1);
  $('announcer').textContent = `Iteration ${report.iteration} of ${state.config.iterations}`
    + (test ? `, test accuracy ${test.testAccuracy.toFixed(3)}.` : '.');
}

function showBars(output) {
  const best = output.indexOf(Math.max(...output));
  const bars = $('bars');
  bars.replaceChildren(...Array.from(output, (value, digit) => {
    const bar = document.createElement('div');
    bar.className = digit === best ? 'bar best' : 'bar';
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.height = `${Math.round(Math.max(0, Math.min(1, value)) * 85)}%`;
    const label = document.createElement('span');
    label.textContent = String(digit);
    bar.title = `${digit}: ${value.toFixed(3)}`;
    bar.append(fill, label);
    return bar;
  }));
  $('draw-answer').textContent = `The network says: ${best}`;
}

function onInk(ink, width, height) {
  state.drawing = ink ? preprocessDrawing(ink, width, height) ?? null : null;
  const preview = $('preview');
  if (!state.drawing) {
    preview.getContext('2d').clearRect(0, 0, 28, 28);
    $('bars').replaceChildren();
    $('draw-answer').textContent = 'Draw a digit.';
    return;
  }
  drawDigit(preview, state.drawing);
  predictDrawing(true);
}

/** Asks the worker what it makes of the drawing; during training at most 4 times a second. */
function predictDrawing(now) {
  const t = performance.now();
  if (!now && t - state.lastPredictAt < 250) return;
  state.lastPredictAt = t;
  send(Request.PREDICT, { pixels: state.drawing });
}

// The page's own wasm instance (charts, drawing preprocessing); the worker reports on its own.
init().then(() => { if (!state.workerDead && !state.limits) status.show('Starting the training worker…', { progress: 0 }); })
  .catch((error) => status.show(`This browser cannot run the lab: ${error.message}`, { error: true }));
