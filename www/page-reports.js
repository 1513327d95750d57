// What each report of the training worker does on the page: the run controller hears it
// first (its phase), then the views get their part; and what the views show of each of
// the controller's phases. The views own their elements and
// their words; this file only hands each one what it shows. Also the replay's seek (every
// view as it was at iteration k) and the network diagram's pacing.
import { Report, Request } from './protocol.js';
import { architecture, describe, modeOf } from './describe.js';
import { drawInOwnFrame } from './ui/frames.js';
import { redrawInterval } from './motion.js';

const latestTest = (points) => points.filter((p) => p.testAccuracy !== undefined).at(-1);

export function createPageReports(views) {
  const { run, host, link, status, controls, draw, lessons, yours, metrics, curves, samples, network, compare, weights, replay, timeline, log, heardNow, updateUrl, drawOnly = false } = views;
  let early = null; // early stopping's state from the worker
  let lessonOpened = false; // a link to a lesson opens it once, when the data is first there
  let liveSamples = null; // the newest grid, shown again when the timeline is back at the end
  let lastTrainingView = null; // shown again when the pad is cleared
  let progressPostedAt = 0;

  // The diagram: the newest view, at most 15 times a second, in a frame of its own.
  let networkView = null;
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

  const config = () => run.state().config;
  /** An example of the training worker as the network view draws it. */
  const trainingView = (example, step) => ({ ...example, source: 'training', step, keep: config().keep, mask: example.dropout ? example.mask : null });

  // The run controller's phase, as the views show it.
  let lastPhase = null;
  let lastConfig = null;
  run.subscribe((state) => {
    controls.show(state);
    if (state.config !== lastConfig) { lastConfig = state.config; updateUrl(); } // the link follows the settings
    const running = state.phase === 'running';
    if (running && lastPhase !== 'running') {
      heardNow(); // the watchdog counts from here
      const pace = lessons.pace();
      if (pace !== null && !state.started) status.lessonRun(describe(state.config));
      controls.showPace(pace === null ? null : `lesson: ${lessons.paceLabel()}`);
    }
    lessons.running(running);
    lastPhase = state.phase;
  });

  const handlers = {
    [Report.READY]() { yours.sync(); }, // a fresh worker (or a restarted one) learns the learner's digits
    [Report.LOADING]: (report) => status.loading(report, () => run.load()),
    [Report.LOADED](report) {
      if (report.dataset !== run.state().dataset) return; // a newer load is on its way
      draw.setExamples(report.dataset === 'mnist' ? report.examples : null);
      controls.setTrainCount(report.trainCount);
      controls.runConfigured(config());
      status.dataReady(report);
      if (link.state.lesson && !lessonOpened) {
        lessonOpened = true;
        lessons.start(link.state.lesson);
      }
    },
    [Report.CONFIGURED](report) {
      if (report.loaded) {
        status.modelLoaded({ name: api.modelName, architecture: architecture(report.config.hidden), iterations: report.loaded.iterationsTrained, dataset: report.loaded.dataset });
        controls.showMessage('');
      }
      early = null;
      status.newRun();
      log.clear();
      controls.runConfigured(report.config);
      curves.reset(report.config.iterations, report.config, lessons.overlay(), lessons.currentRunLabel() ?? '');
      replay.reset();
      timeline.hide();
      weights.reset();
      yours.newRun();
      draw.setRunLabel(`your run's network (${architecture(report.config.hidden)}, ${modeOf(report.config)})`, Boolean(report.config.softmax));
      draw.ask(true);
      if (!api.ready) {
        api.ready = true;
        host.post('reglab:ready');
      }
    },
    [Report.PROGRESS](report) {
      replay.addPoints(report.points, (example) => trainingView(example, null));
      curves.add(report.points);
      if (report.early) early = report.early;
      curves.setMarkers(lessons.markers(curves.points(), early));
      if (report.weights) weights.render(report.weights);
      if (report.weights && report.step === 0 && !report.points.length) replay.addStart(report.weights);
      log.add(report.lines);
      metrics.show(report, config(), curves.points(), early, lessons.asking());
      if (report.running) {
        const test = latestTest(curves.points());
        status.announce(`Iteration ${report.iteration} of ${config().iterations}${test ? `, test accuracy ${test.testAccuracy.toFixed(3)}` : ''}.`);
      }
      // While the pad holds a drawing the diagram shows it; Clear brings training back.
      if (report.example) {
        const { example } = report;
        lastTrainingView = trainingView(example, report.step);
        if (!draw.image()) showNetwork(lastTrainingView);
        if (example.before) replay.addStartExample(lastTrainingView);
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
      const now = performance.now();
      const last = curves.points().at(-1);
      if (last && (now - progressPostedAt >= 100 || !report.running)) {
        progressPostedAt = now;
        const test = latestTest(curves.points());
        host.post('reglab:progress', { iteration: report.iteration, trainAccuracy: last.trainAccuracy, testAccuracy: test?.testAccuracy ?? null });
      }
    },
    [Report.FINISHED]({ iteration, seconds, restored }) {
      const settings = config();
      const label = lessons.runLabel() ?? modeOf(settings);
      const finished = { label, config: settings, points: [...curves.points()], seconds, early, restored, misread: yours.misread() };
      status.finished({ iterations: settings.iterations, seconds, restored });
      const final = restored ?? latestTest(finished.points);
      if (final) compare.add(finished);
      const number = final ? `#${compare.runs().at(-1).number} ` : '';
      weights.keep(`${number}${label}, test accuracy ${final?.testAccuracy.toFixed(4) ?? '–'}`);
      timeline.show(replay.stops());
      lessons.finished(finished);
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
      const { alpha } = config();
      host.post('reglab:error', { message: `Training stopped at iteration ${iteration}: the error became infinite or not a number (learning rate ${alpha} is too large).` });
      status.diverged({ iteration, alpha }, () => {
        const safer = { ...config(), alpha: 0.005 };
        controls.setConfig(safer);
        run.configure(safer);
        status.show('Learning rate set to 0.005.');
      });
    },
    [Report.DRAWING_MODEL](info) {
      draw.drawingModel(info);
      if (!drawOnly) return;
      // A draw-only embed has no run: it is ready when its model is.
      status.show(info.error ? `Could not load the drawing model: ${info.error}` : 'The drawing model is ready: draw a digit.', { error: Boolean(info.error) });
      if (!info.error && !api.ready) { api.ready = true; host.post('reglab:ready'); }
    },
    [Report.TEST_DIGIT](digit) { draw.showTestDigit(digit); },
    [Report.ENSEMBLE_JOINED]() {}, // the lesson counts its runs itself; the vote's answer has every member
    [Report.ENSEMBLE_VOTE](vote) { lessons.voted(vote); },
    [Report.YOURS_SCORED](score) { yours.scored(score); },
    [Report.PREDICTION]({ output, hidden, model }) {
      const image = draw.image();
      if (!image || !draw.showOutputs(output, model)) return;
      host.post('reglab:prediction', { digit: output.indexOf(Math.max(...output)), outputs: Array.from(output) });
      // The diagram shows whichever network answered (the drawing model is another size).
      showNetwork({ image, hidden, output, mask: null, source: 'drawing', model });
    },
    [Report.ERROR]({ message, request }) {
      host.post('reglab:error', { message });
      if (request === Request.LOAD) status.dataFailed(message, () => run.load());
      else if (request === Request.ENSEMBLE_JOIN || request === Request.ENSEMBLE_VOTE) lessons.voted(null, message);
      else if (request === Request.LOAD_MODEL) controls.showMessage(`Could not load ${api.modelName}: ${message}. The current model is unchanged.`);
      else controls.showMessage(message);
    },
  };

  const api = {
    ready: false, // a run was configured once (the host API's reglab:ready)
    modelName: '', // the model file being loaded, for its messages
    /** The function for a report kind: the controller hears it, then the views. */
    handlerFor(kind) {
      const handler = handlers[kind];
      return handler && ((report) => { if (run.heard(kind, report) !== false) handler(report); });
    },
    /** The replay's slider moved to stop k (-1: the random start; null: back to the live run). */
    seek(k) {
      curves.setCursor(k);
      metrics.replayAt(k, curves.points());
      const grid = k === null ? liveSamples : replay.samplesAt(k);
      if (grid) samples.render(grid, grid.when ?? { accuracy: grid.accuracy, iteration: grid.iteration });
      const picture = k === null ? null : replay.pictureAt(k);
      if (picture) {
        weights.showPicture(picture.picture, picture.iteration < 0
          ? 'This run\'s random start (noise from the seed: nothing learned yet)' : `This run after iteration ${picture.iteration}`);
      } else {
        weights.showLive();
      }
      const view = k === null ? lastTrainingView : replay.exampleAt(k);
      if (view && !draw.image()) showNetwork(view);
    },
    /** The pad was emptied: the diagram shows training again. */
    drawingCleared() { if (lastTrainingView) showNetwork(lastTrainingView); },
  };
  return api;
}
