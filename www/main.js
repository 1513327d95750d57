// The page's orchestrator: starts the worker, routes its reports to the views, and turns
// the learner's actions into requests. The views own their elements; this file owns state.
import init, { constants, draw_chart as drawChart, preprocess_drawing as preprocessDrawing } from './pkg/reglab.js';
import { Report, Request } from './protocol.js';
import { createControls, PRESETS, modeOf } from './ui/controls.js';
import { createCurves } from './ui/curves.js';
import { createSamples, drawDigit } from './ui/samples.js';
import { createDrawPad } from './ui/drawpad.js';
import { createNetworkView } from './ui/network-view.js';

const $ = (id) => document.getElementById(id);
const state = {
  config: { ...PRESETS.plain },
  dataset: 'mnist',
  limits: null,
  running: false,
  finished: false,
  drawing: null, // 784 bytes the network sees, or null
  lastPredictAt: 0,
  log: [],
};

const status = {
  show(text, { progress = null, error = false } = {}) {
    $('status-text').textContent = text;
    $('status').classList.toggle('error', error);
    $('status').classList.toggle('done', progress === null);
    if (progress !== null) $('status-progress').value = progress;
    $('retry').hidden = !error;
  },
};

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (kind, body = {}) => worker.postMessage({ kind, ...body });

const controls = createControls(document, {
  configure(config) { state.config = config; send(Request.CONFIGURE, { config }); },
  train() { send(Request.SPEED, { stepsPerSecond: controls.speed() }); send(Request.TRAIN); setRunning(true); },
  pause() { send(Request.PAUSE); setRunning(false); },
  step(unit) { send(Request.STEP, { unit }); setRunning(false); },
  reset() { send(Request.RESET); },
  speed(stepsPerSecond) { send(Request.SPEED, { stepsPerSecond }); },
});
const curves = createCurves($('error-chart'), $('accuracy-chart'), drawChart);
const samples = createSamples($('sample-grid'));
const network = createNetworkView($('network-canvas'), $('network-caption'));
const pad = createDrawPad($('pad'), onInk);
$('clear').addEventListener('click', () => pad.clear());
$('mistakes').addEventListener('change', (e) => send(Request.SAMPLES, { mode: e.target.checked ? 'mistakes' : 'sample' }));
$('retry').addEventListener('click', () => { status.show('Loading MNIST…', { progress: 0 }); send(Request.LOAD, { dataset: state.dataset }); });

/** Draws the newest view of the network once per animation frame. */
let networkView = null;
function showNetwork(view) {
  if (!networkView) requestAnimationFrame(() => { network.draw(networkView); networkView = null; });
  networkView = view;
}

function setRunning(running) {
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
    status.show(`MNIST ready: ${trainCount.toLocaleString('en')} training and ${testCount.toLocaleString('en')} test digits.`);
    send(Request.CONFIGURE, { config: state.config });
  },
  [Report.CONFIGURED]({ config }) {
    state.config = config;
    state.finished = false;
    state.log = [];
    $('log').textContent = '';
    controls.setConfig(config);
    controls.setEnabled(true);
    setRunning(false);
    curves.reset(config.iterations);
    if (state.drawing) predictDrawing(true);
  },
  [Report.PROGRESS](report) {
    curves.add(report.points);
    if (report.lines.length) {
      state.log.push(...report.lines);
      $('log').textContent = state.log.join('\n');
    }
    showMetrics(report);
    if (report.example) {
      const { example } = report;
      showNetwork({ ...example, source: 'training', step: report.step, keep: state.config.keep, mask: example.dropout ? example.mask : null });
    }
    if (report.samples) samples.render(report.samples);
    if (state.drawing && report.points.some((p) => p.testError !== undefined)) predictDrawing(false);
    if (state.running !== report.running && !report.running) setRunning(false);
  },
  [Report.FINISHED]({ seconds }) {
    state.finished = true;
    setRunning(false);
    status.show(`Finished ${state.config.iterations} iterations in ${seconds.toFixed(1)} s of training.`);
  },
  [Report.PREDICTION]({ output, hidden }) {
    if (!state.drawing) return;
    showBars(output);
    showNetwork({ image: state.drawing, hidden, output, mask: null, source: 'drawing' });
  },
  [Report.ERROR]({ message, request }) {
    if (request === Request.LOAD) status.show(`Could not load the data: ${message}`, { error: true });
    else $('config-message').textContent = message;
  },
};

worker.onmessage = (event) => handlers[event.data.kind]?.(event.data);
worker.onerror = (event) => {
  event.preventDefault();
  status.show(`The training worker stopped (${event.message ?? 'unknown error'}). Reload the page to start again.`, { error: true });
  controls.setEnabled(false);
};

function describe(c) {
  const mode = { plain: 'plain SGD', dropout: `dropout (keep ${c.keep})`, batch: `mini-batches of ${c.batch}${c.keep < 1 ? `, dropout keep ${c.keep}` : ''}` }[modeOf(c)];
  return `784-${c.hidden}-10, ${mode}, α ${c.alpha}, ${c.iterations} iterations, ${c.trainSize} training images, seed ${c.seed}`;
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
  parts.push(`${report.seconds.toFixed(1)} s`);
  $('metrics').innerHTML = parts.join(' · ');
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

init().then(() => status.show('Starting the training worker…', { progress: 0 }))
  .catch((error) => status.show(`This browser cannot run the lab: ${error.message}`, { error: true }));
