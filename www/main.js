// The page's wiring: the worker link, the run controller (www/run-controller.js, the only
// code that sends run requests), the views (www/ui/), and who calls which action.
// What each worker report does to the views is in www/page-reports.js; what a host page
// or a link may ask, in www/host-commands.js.
import './frame-guard.js'; // framed by another site without #embed=1: only a link, and the lab never starts
import { SETTINGS, drawChart, preprocessStrokes, problemsOf } from './core.js';
import { Request } from './protocol.js';
import { createLinks } from './state.js';
import { LESSON_IDS } from './lessons.js';
import { describe } from './describe.js';
import { createRunController } from './run-controller.js';
import { createPageReports } from './page-reports.js';
import { createHostCommands } from './host-commands.js';
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
import { createReplay } from './replay.js';
import { createTimeline } from './ui/timeline.js';
import { createLog } from './ui/log.js';
import { createHostApi, watchHeight } from './host-api.js';
import { trainsByItself, wireEmbed } from './embed.js';
import { createLearningEvents } from './learning-events.js';
import { keepFocus } from './focus.js';
import { calmDraw } from './motion.js';
import { createWorkerLink } from './worker-link.js';
import { watchOffline } from './ui/offline-status.js';
import { DATASETS } from './pkg/datasets.js';

const $ = (id) => document.getElementById(id);
// Links are checked against the most images a dataset has; the loaded data's own count
// is checked when a run is configured.
const MAX_IMAGES = SETTINGS.find((s) => s.name === 'trainSize').max;
const links = createLinks(SETTINGS, (config) => problemsOf(config, MAX_IMAGES), LESSON_IDS);
const link = links.parse(location.hash);
// A copy of the lab may lack Fashion-MNIST (scripts/package without --fashion): offer
// only the datasets it has (www/pkg/datasets.js, written at build time), and a link to
// one it lacks gets the first it has.
for (const option of [...$('dataset').options]) if (!DATASETS.includes(option.value)) option.remove();
if (!DATASETS.includes(link.state.dataset)) {
  link.notices.push(`dataset=${link.state.dataset} is not in this copy of the lab; using ${DATASETS[0]}`);
  link.state.dataset = DATASETS[0];
}
const embedded = link.state.embed === '1';
const panels = link.state.panels.split(',');
// A draw-only embed (the pad and the ready drawing model) loads no MNIST and trains nothing.
const drawOnly = embedded && panels.every((p) => p === 'draw');
const autoEmbed = embedded && !drawOnly && trainsByItself(panels);

const workerLink = createWorkerLink(new URL('./worker.js', import.meta.url), {
  handlerFor: (kind) => reports.handlerFor(kind),
  unknown: (kind) => status.show(`The training worker sent a message this page does not know (${kind}).`, { error: true }),
  stopped(why) {
    run.workerStopped(why);
    host.post('reglab:error', { message: `The training worker stopped (${why}).` });
    status.workerStopped(why, () => { run.restarting(); workerLink.start(); });
  },
  running: () => run.state().phase === 'running',
});
const run = createRunController({
  send: workerLink.send, config: links.configOf(link.state), dataset: link.state.dataset,
  speedNow: () => lessons.pace() ?? controls.speed(), loadsData: !drawOnly,
});

const status = createStatus(document);
const controls = createControls(document, {
  configure(config) { lessons.end(); run.configure(config, { train: autoEmbed }); },
  train: () => run.train(),
  trainAgain() { lessons.end(); run.train(); },
  pause: () => run.pause(),
  step: (unit) => run.step(unit),
  reset: () => run.reset(),
  speed(stepsPerSecond) { run.speed(stepsPerSecond); page.updateUrl(); },
  saveModel: () => run.ask(Request.SAVE_MODEL),
  async loadModel(file) { reports.modelName = file.name; lessons.end(); run.loadModel(new Uint8Array(await file.arrayBuffer())); },
});
const draw = createDrawPanel(document, {
  preprocess: preprocessStrokes,
  predict: (pixels, model) => run.ask(Request.PREDICT, { pixels, model }),
  pickTest: () => run.ask(Request.TEST_DIGIT),
  cleared: () => reports.drawingCleared(),
});
const lessons = createLessonPanel(document, {
  configure(config, { autoTrain }) {
    controls.setConfig(config);
    run.configure(config, { train: autoTrain });
  },
  train: () => run.train(),
  speed(stepsPerSecond) {
    run.speed(stepsPerSecond);
    controls.showPace(`lesson: ${lessons.paceLabel()}`);
  },
  changed() { page.updateUrl(); yours.refresh(); }, // a lesson opened or ended: the pad's count says what it needs
  yourDigits: () => ({ ...yours.summary(), drawingTest: draw.drawingTestAccuracy() }),
  showChart() { $('accuracy-chart').scrollIntoView({ block: 'center' }); },
  showNetwork() { $('network-canvas').scrollIntoView({ block: 'center' }); },
  learned: (type, body) => learned(type, body),
  replayAt(iteration, changes) {
    views.weights.showChanges(changes);
    views.timeline.goTo(iteration ?? Infinity);
    $('weight-grid').scrollIntoView({ block: 'center' });
  },
  vote: {
    join: (restart) => run.ask(Request.ENSEMBLE_JOIN, { restart }),
    count: (shown) => run.ask(Request.ENSEMBLE_VOTE, { shown }),
  },
  goDraw() {
    $('pad').scrollIntoView({ block: 'center' });
    $('pad').focus({ preventScroll: true });
  },
});
// After the lessons: the count under the pad asks them how many digits they wait for.
const yours = createYourDigitsView(document, {
  image: () => draw.image(),
  changed(images, labels) {
    run.ask(Request.YOUR_DIGITS, { images, labels });
    lessons.digitsChanged();
  },
  score: () => run.ask(Request.SCORE_YOURS, { model: 'drawing' }),
  goal: () => lessons.digitsWanted(),
  kept: () => draw.clear(),
  backToLesson() {
    $('lesson-text').scrollIntoView({ block: 'start' });
    $('lesson-text').querySelector('button')?.focus({ preventScroll: true });
  },
});
const views = {
  status, controls, draw, lessons, yours,
  metrics: createMetrics($('metrics')),
  curves: createCurves($('error-chart'), $('accuracy-chart'), calmDraw(drawChart), $('figures')),
  samples: createSamples($('sample-grid')),
  network: createNetworkView($('network-canvas'), $('network-caption')),
  compare: createCompare($('compare-chart'), $('compare-rows'), drawChart, describe),
  weights: createWeights(document),
  replay: createReplay(),
  log: createLog($('log')),
};
views.timeline = createTimeline(document.querySelector('.curves .chart-below'), { bytes: () => views.replay.bytes(), seek: (k) => reports.seek(k) });
const host = createHostApi(window, (command) => page.hostCommand(command));
const reports = createPageReports({ ...views, run, host, link, drawOnly, heardNow: () => workerLink.heardNow(), updateUrl: () => page.updateUrl() });
const page = createHostCommands({ run, links, lessons, controls, status, host, autoEmbed, embedded, initialPanels: link.state.panels, initialXapi: link.state.xapi });
const learned = createLearningEvents({ post: host.post, xapi: () => page.xapi(), labUrl: () => location.href.split('#')[0] });
// Commands a host sent before reglab:ready are answered, not left waiting, if it never comes.
run.subscribe((state) => { if (state.phase === 'failed') host.cannotStart(`the lab could not start: ${state.failure?.message ?? 'see its status line'}`); });
createShare(document, page.urlState, links.toHash);

$('mistakes').addEventListener('change', (e) => run.ask(Request.SAMPLES, { mode: e.target.checked ? 'mistakes' : 'sample' }));
$('dataset').addEventListener('change', (e) => { lessons.end(); run.load(e.target.value); page.updateUrl(); });

// ---- start -------------------------------------------------------------------------------
if (link.notices.length) page.showLinkNotices(link.notices);
document.body.classList.toggle('embed', embedded);
document.body.classList.toggle('draw-only', drawOnly); // style.css: the compact pad
page.showPanels(link.state.panels.split(','));
controls.setSpeedPosition(link.state.speed);
$('dataset').value = link.state.dataset;
if (embedded) wireEmbed(window, document, { run, status, host, autoEmbed, watchHeight });
if (autoEmbed) run.train(); // remembered until the first run is set up
window.addEventListener('hashchange', () => page.applyLink(location.hash));
keepFocus(document);
workerLink.start();
if (drawOnly) {
  run.ask(Request.DRAWING_MODEL); // nothing else to wait for
  // No test set to pick from and no run to answer: the ready drawing model alone.
  $('pick-test').hidden = true;
  document.querySelector('.draw-model').hidden = true;
}
// Offline after the first visit (sw.js); a page opened from a file or an old browser goes without.
// updateViaCache 'none': a host's max-age must not hide a new build's precache list.
navigator.serviceWorker?.register(new URL('../sw.js', import.meta.url), { updateViaCache: 'none' }).catch(() => {});
watchOffline(document, navigator, run);
status.show(drawOnly ? 'Loading the drawing model…' : 'Starting the training worker…', { progress: 0 });
