// The page's orchestrator: starts the worker, routes its reports to the views, and turns
// the learner's actions into requests. The views (www/ui/) own their elements; this file
// owns the state and the worker.
import { SETTINGS, drawChart, preprocessStrokes, problemsOf } from './core.js';
import { Report, Request } from './protocol.js';
import { createLinks, LESSON_IDS } from './state.js';
import { architecture, describe, modeOf } from './describe.js';
import { createControls } from './ui/controls.js';
import { createCurves } from './ui/curves.js';
import { createSamples } from './ui/samples.js';
import { createNetworkView } from './ui/network-view.js';
import { drawInOwnFrame } from './ui/frames.js';
import { createCompare } from './ui/compare.js';
import { createWeights } from './ui/weights.js';
import { createShare } from './ui/share.js';
import { createStatus } from './ui/status.js';
import { createMetrics } from './ui/metrics.js';
import { createDrawPanel } from './ui/draw-panel.js';
import { createYourDigitsView } from './ui/your-digits-view.js';
import { createLessonPanel } from './ui/lesson-panel.js';
import { createReplay } from './replay.js';
import { createTimeline } from './ui/timeline.js';
import { createHostApi, watchHeight } from './host-api.js';
import { createEmbedGate } from './embed.js';
import { keepFocus } from './focus.js';
import { calmDraw, redrawInterval } from './motion.js';
import { createWorkerLink } from './worker-link.js';

const $ = (id) => document.getElementById(id);
// Links are checked against the most images a dataset has; the loaded data's own count
// is checked when a run is configured.
const MAX_IMAGES = SETTINGS.find((s) => s.name === 'trainSize').max;
const { parse, toHash, configOf } = createLinks(SETTINGS, (config) => problemsOf(config, MAX_IMAGES));
const link = parse(location.hash);
let panels = link.state.panels.split(',');
const embedded = link.state.embed === '1';
// An embed without the Experiment panel trains by itself, so its other panels have a model.
const autoEmbed = embedded && !panels.includes('controls');
const state = {
  config: configOf(link.state),
  dataset: link.state.dataset,
  trainCount: 0, // training images, once the data is loaded
  running: false,
  finished: false,
  workerDead: false,
  ready: false, // a run was configured once (the host API's reglab:ready)
  configuring: false, // a configure or reset is on its way to the worker
  autoTrain: false, // start the next configured run by itself (lessons, embeds)
  early: null, // early stopping's state from the worker
  log: [],
  modelName: '',
};

// ---- the worker (www/worker-link.js: start, restart, watchdog) ---------------------------
const workerLink = createWorkerLink(new URL('./worker.js', import.meta.url), {
  handlerFor: (kind) => handlers[kind], // the table is below, with the views it feeds
  unknown(kind) { status.show(`The training worker sent a message this page does not know (${kind}).`, { error: true }); },
  stopped: workerStopped,
  running: () => state.running,
});
const send = workerLink.send;

function workerStopped(why) {
  state.workerDead = true;
  setRunning(false);
  gate?.done();
  host.post('reglab:error', { message: `The training worker stopped (${why}).` });
  controls.setEnabled(false);
  status.show(`The training worker stopped (${why}). The page still works; press Restart to start training again.`,
    { error: true, action: ['Restart', () => { status.show('Restarting…', { progress: 0 }); state.workerDead = false; workerLink.start(); }] });
}

// ---- the views ---------------------------------------------------------------------------
const status = createStatus(document);
const metrics = createMetrics($('metrics'));
const controls = createControls(document, {
  configure(config) { lessons.end(); configure(config); },
  train: startRun,
  trainAgain() { lessons.end(); state.autoTrain = true; send(Request.RESET); },
  pause() { send(Request.PAUSE); setRunning(false); gate?.done(); },
  step(unit) { send(Request.STEP, { unit }); setRunning(false); },
  reset() { state.configuring = true; send(Request.RESET); },
  speed(stepsPerSecond) { send(Request.SPEED, { stepsPerSecond }); updateUrl(); },
  saveModel() { send(Request.SAVE_MODEL); },
  async loadModel(file) {
    state.modelName = file.name;
    lessons.end();
    send(Request.LOAD_MODEL, { bytes: new Uint8Array(await file.arrayBuffer()) });
  },
});
const curves = createCurves($('error-chart'), $('accuracy-chart'), calmDraw(drawChart), $('figures'));
const samples = createSamples($('sample-grid'));
const network = createNetworkView($('network-canvas'), $('network-caption'));
const compare = createCompare($('compare-chart'), $('compare-rows'), drawChart, describe);
const weights = createWeights(document);
const draw = createDrawPanel(document, {
  preprocess: preprocessStrokes,
  predict: (pixels, model) => send(Request.PREDICT, { pixels, model }),
  pickTest: () => send(Request.TEST_DIGIT),
  cleared: () => { if (lastTrainingView) showNetwork(lastTrainingView); },
});
const lessons = createLessonPanel(document, {
  configure(config, { autoTrain }) {
    state.autoTrain = autoTrain;
    controls.setConfig(config);
    configure(config);
  },
  train,
  speed(stepsPerSecond) {
    send(Request.SPEED, { stepsPerSecond });
    controls.showPace(stepsPerSecond === 0 ? 'full speed (lesson)' : 'lesson pace');
  },
  changed() { updateUrl(); yours.refresh(); }, // a lesson opened or ended: the pad's count says what it needs
  yourDigits: () => ({ ...yours.summary(), drawingTest: draw.drawingTestAccuracy() }),
  showChart() { $('accuracy-chart').scrollIntoView({ block: 'center' }); },
  goDraw() {
    $('pad').scrollIntoView({ block: 'center' });
    $('pad').focus({ preventScroll: true });
  },
});
// After the lessons: the count under the pad asks them how many digits they wait for.
const yours = createYourDigitsView(document, {
  image: () => draw.image(),
  changed(images, labels) {
    send(Request.YOUR_DIGITS, { images, labels });
    lessons.digitsChanged();
  },
  score() { send(Request.SCORE_YOURS, { model: 'drawing' }); },
  goal: () => lessons.digitsWanted(),
  backToLesson() {
    $('lesson-text').scrollIntoView({ block: 'start' });
    $('lesson-text').querySelector('button')?.focus({ preventScroll: true });
  },
});
createShare(document, urlState, toHash);
// Replay of a finished run: the timeline shows every view as it was at iteration k.
const replay = createReplay();
let liveSamples = null; // the newest grid, shown again when the timeline is back at the end
const timeline = createTimeline(document.querySelector('.curves .chart-below'), {
  bytes: () => replay.bytes(),
  seek(k) {
    curves.setCursor(k);
    metrics.replayAt(k, curves.points());
    const grid = k === null ? liveSamples : replay.samplesAt(k);
    if (grid) samples.render(grid, grid.when ?? { accuracy: grid.accuracy, iteration: grid.iteration });
    const picture = k === null ? null : replay.pictureAt(k);
    if (picture) weights.showPicture(picture.picture, `This run at iteration ${picture.iteration}`);
    else weights.showLive();
    const view = k === null ? lastTrainingView : replay.exampleAt(k);
    if (view && !draw.image()) showNetwork(view);
  },
});

$('mistakes').addEventListener('change', (e) => send(Request.SAMPLES, { mode: e.target.checked ? 'mistakes' : 'sample' }));
$('dataset').addEventListener('change', (e) => {
  lessons.end();
  state.dataset = e.target.value;
  updateUrl();
  controls.setEnabled(false);
  loadData();
});

function train() {
  const pace = lessons.pace();
  if (pace !== null && !state.started) status.show(`Lesson run: ${describe(state.config)}.`);
  send(Request.SPEED, { stepsPerSecond: pace ?? controls.speed() });
  controls.showPace(pace === null ? null : pace === 0 ? 'full speed (lesson)' : 'lesson pace');
  send(Request.TRAIN);
  setRunning(true);
}

function configure(config) {
  state.config = config;
  state.configuring = true;
  send(Request.CONFIGURE, { config });
  updateUrl();
}

function loadData() {
  state.configuring = true;
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
  if (running && !state.running) workerLink.heardNow();
  state.running = running;
  controls.setRunning(running, state.finished, state.started);
  lessons.running(running);
  gate?.running(running);
  if (autoEmbed) $('embed-run').textContent = running ? 'Pause' : state.finished ? 'Train again' : 'Train';
}

// ---- embedded: runs that wait to be seen, the host page's API, a link that changes -------
/** Trains now, or (embedded) once the lab is on screen and it is its turn. */
function startRun() {
  if (state.finished) { runAgain(); return; }
  if (gate) gate.want(); else train();
}

/** The finished run again, from its initial weights. */
function runAgain() {
  state.autoTrain = true;
  state.configuring = true;
  send(Request.RESET);
}

const gate = embedded ? createEmbedGate(window, document.body, {
  train,
  pause() { send(Request.PAUSE); setRunning(false); },
  waiting(why) {
    if (why === 'offscreen') status.show(state.finished || !state.log.length ? 'Waiting until this lab is on screen…' : 'Paused while out of sight; it goes on when you scroll back.');
    else if (why === 'turn') status.show('Waiting for the other lab on this page to finish training…');
  },
}) : null;

/** Applies a link (the page's hash changed, or a host sent settings); returns its notices. */
function applyLink(hash) {
  const next = parse(hash);
  if (next.notices.length) showLinkNotices(next.notices);
  controls.setSpeedPosition(next.state.speed);
  send(Request.SPEED, { stepsPerSecond: controls.speed() });
  showPanels(next.state.panels.split(','));
  const config = configOf(next.state);
  if (autoEmbed) state.autoTrain = true;
  if (next.state.dataset !== state.dataset) {
    lessons.end();
    Object.assign(state, { dataset: next.state.dataset, config });
    $('dataset').value = state.dataset;
    controls.setEnabled(false);
    loadData();
  } else if (next.state.lesson && next.state.lesson !== lessons.id()) {
    lessons.start(next.state.lesson, { run: false });
  } else {
    if (!next.state.lesson) lessons.end();
    controls.setConfig(config);
    // Before the data is loaded the settings wait: loading configures them.
    if (state.trainCount) configure(config); else state.config = config;
  }
  updateUrl();
  return next.notices;
}

function showLinkNotices(notices) {
  status.notice('Some settings in this link were not valid and were replaced by defaults', notices);
}

function showPanels(next) {
  panels = next;
  for (const section of document.querySelectorAll('[data-panel]')) section.hidden = !panels.includes(section.dataset.panel);
}

/** What a course page asked for (see host-api.js); throws a sentence for reglab:error. */
function hostCommand(command) {
  if (state.workerDead) throw new Error('The training worker stopped; reload the lab.');
  switch (command.type) {
    case 'reglab:configure': {
      const params = new URLSearchParams(toHash(urlState()).slice(1));
      for (const [key, value] of Object.entries(command.settings)) params.set(key, value);
      const notices = applyLink(`#${params}`);
      if (notices.length) throw new Error(`Some settings were replaced by defaults: ${notices.join('; ')}`);
      break;
    }
    case 'reglab:train':
      if (!state.ready || state.configuring) state.autoTrain = true;
      else if (!state.running) startRun();
      break;
    case 'reglab:pause':
      state.autoTrain = false;
      send(Request.PAUSE);
      setRunning(false);
      gate?.done();
      break;
    case 'reglab:reset':
      gate?.done();
      state.configuring = true;
      send(Request.RESET);
      break;
    case 'reglab:lesson':
      if (!LESSON_IDS.includes(command.id)) throw new Error(`There is no lesson ${command.id.slice(0, 40)} (${LESSON_IDS.join(', ')})`);
      if (!state.ready) throw new Error('The lab is not ready yet: wait for reglab:ready');
      lessons.start(command.id, { run: false });
      if (command.run) state.autoTrain = true;
      break;
    default:
      throw new Error(`${command.type} is not handled`);
  }
}
const host = createHostApi(window, hostCommand);
let progressPostedAt = 0;

/** Draws the newest view of the network, at most 15 times a second. */
let networkView = null;
let lastTrainingView = null; // shown again when the pad is cleared
let networkDrawnAt = 0;
function showNetwork(view) {
  if (!networkView) {
    const wait = Math.max(0, redrawInterval(66) - (performance.now() - networkDrawnAt));
    setTimeout(() => drawInOwnFrame(network, () => {
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
  [Report.READY]() {
    loadData();
    yours.sync(); // a fresh worker (or a restarted one) learns the learner's digits
  },
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
      lessons.start(link.state.lesson);
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
    Object.assign(state, { config, finished: false, started: false, early: null, log: [], configuring: false });
    gate?.done(); // a fresh run: whatever turn the old one had is given back
    $('log').textContent = '';
    controls.setConfig(config);
    controls.setEnabled(true);
    setRunning(false);
    curves.reset(config.iterations, config, lessons.overlay(), lessons.currentRunLabel() ?? '');
    replay.reset();
    timeline.hide();
    weights.reset();
    yours.newRun();
    draw.setRunLabel(`your run's network (${architecture(config.hidden)}, ${modeOf(config)})`);
    draw.ask(true);
    if (!state.ready) {
      state.ready = true;
      host.post('reglab:ready');
    }
    if (state.autoTrain) {
      state.autoTrain = false;
      startRun();
    }
  },
  [Report.PROGRESS](report) {
    replay.addPoints(report.points);
    if (report.step > 0 && !state.started) { state.started = true; controls.setRunning(state.running, state.finished, true); }
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
      replay.addExample(report.iteration, lastTrainingView);
    }
    if (report.samples) {
      const test = latestTest(curves.points());
      const when = { accuracy: test?.testAccuracy, iteration: test ? test.iteration : -1 };
      if (report.samples.restored) Object.assign(when, report.samples.restored, { restored: true });
      liveSamples = { ...report.samples, when };
      samples.render(report.samples, when);
      replay.addSamples(when.iteration, report.samples, when.accuracy);
    }
    if (report.yours) yours.runScored(report.yours);
    if (report.points.some((p) => p.testError !== undefined)) draw.ask(false);
    if (state.running && !report.running) setRunning(false);
    const now = performance.now();
    const last = curves.points().at(-1);
    if (last && (now - progressPostedAt >= 100 || !report.running)) {
      progressPostedAt = now;
      const test = latestTest(curves.points());
      host.post('reglab:progress', { iteration: report.iteration, trainAccuracy: last.trainAccuracy, testAccuracy: test?.testAccuracy ?? null });
    }
  },
  [Report.FINISHED]({ iteration, seconds, restored }) {
    state.finished = true;
    setRunning(false);
    gate?.done();
    const label = lessons.runLabel() ?? modeOf(state.config);
    const run = { label, config: state.config, points: [...curves.points()], seconds, early: state.early, restored, misread: yours.misread() };
    let text = `Finished ${state.config.iterations} iterations in ${seconds.toFixed(1)} s of training.`;
    if (restored) text += ` Early stopping restored the weights of iteration ${restored.iteration}: test accuracy ${restored.testAccuracy.toFixed(4)}. The drawing pad and the test digits now use these weights.`;
    status.show(text);
    const final = restored ?? latestTest(run.points);
    if (final) compare.add(run);
    const number = final ? `#${compare.runs().at(-1).number} ` : '';
    weights.keep(`${number}${label}, test accuracy ${final?.testAccuracy.toFixed(4) ?? '–'}`);
    timeline.show(run.points.at(-1)?.iteration ?? 0);
    lessons.finished(run);
    if (lessons.pace() === null) controls.showPace(null); // the lesson is over: the slider's speed again
    host.post('reglab:finished', { iteration, seconds, testAccuracy: final?.testAccuracy ?? null });
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
    gate?.done();
    host.post('reglab:error', { message: `Training stopped at iteration ${iteration}: the error became infinite or not a number (learning rate ${state.config.alpha} is too large).` });
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
  [Report.YOURS_SCORED](score) { yours.scored(score); },
  [Report.PREDICTION]({ output, hidden, model }) {
    const image = draw.image();
    if (!image || !draw.showOutputs(output, model)) return;
    host.post('reglab:prediction', { digit: output.indexOf(Math.max(...output)), outputs: Array.from(output) });
    // The diagram shows whichever network answered (the drawing model is another size).
    showNetwork({ image, hidden, output, mask: null, source: 'drawing', model });
  },
  [Report.ERROR]({ message, request }) {
    state.configuring = false;
    host.post('reglab:error', { message });
    if (request === Request.LOAD) status.show(`Could not load the data: ${message}`, { error: true, action: ['Retry', loadData] });
    else if (request === Request.LOAD_MODEL) $('config-message').textContent = `Could not load ${state.modelName}: ${message}. The current model is unchanged.`;
    else $('config-message').textContent = message;
  },
};

// ---- start -------------------------------------------------------------------------------
if (link.notices.length) showLinkNotices(link.notices);
document.body.classList.toggle('embed', embedded);
showPanels(panels);
controls.setSpeedPosition(link.state.speed);
$('dataset').value = state.dataset;
if (autoEmbed) state.autoTrain = true;
if (embedded) {
  $('embed-title').hidden = false;
  $('embed-title').textContent = `Regularization Lab: ${[...document.querySelectorAll('[data-panel]:not([hidden]) h2')].map((h) => h.textContent).join(', ')}`;
  if (host.embedded) watchHeight(document, host.post);
}
if (autoEmbed) {
  $('embed-run').hidden = false;
  $('embed-run').addEventListener('click', () => {
    if (state.running) { send(Request.PAUSE); setRunning(false); gate.done(); } else startRun();
  });
}
window.addEventListener('hashchange', () => applyLink(location.hash));
keepFocus(document);
workerLink.start();
// Offline after the first visit (sw.js); a page opened from a file or an old browser goes without.
navigator.serviceWorker?.register(new URL('../sw.js', import.meta.url)).catch(() => {});
if (!state.trainCount) status.show('Starting the training worker…', { progress: 0 });
