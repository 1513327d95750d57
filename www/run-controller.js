// The run controller: the page's one state machine for the training worker's run, and the
// only code that sends the worker run requests. Controls, lessons, the embed gate, the
// host API and the keyboard all call its actions; views subscribe to its changes and own
// their DOM and their words. Pure (no DOM, no worker of its own): `send(kind, body)` is
// given, so tests/run-controller.test.mjs drives every action in every phase under Node.
//
// Phases:
//   loading      the data is on its way (nothing to run yet)
//   configuring  a configure, reset or model file is on its way to the worker
//   ready        a fresh run is set up, not started
//   waiting      (embedded) the run should go, but the lab is off screen or not its turn
//   running      the worker trains
//   paused       started, then paused (or stepped)
//   finished     the run reached its end (early stopping: its best weights are back)
//   diverged     the error became infinite or NaN; the run cannot go on
//   failed       the data could not load, or the worker stopped
//
// Rules that keep requests from being lost:
//   - An action not allowed in a phase returns { ok: false, why } and sends nothing.
//   - `train` while loading or configuring is remembered (`intent`) and carried out once
//     the run is ready; `pause` forgets it.
//   - At most one configure-type request (configure, reset, model file) is in flight; a
//     newer one waits, and only the newest waiting one is sent (latest wins), so a host
//     that sends a thousand configures costs the worker two.
//   - Each request carries a sequence number that the worker's `configured` and `error`
//     replies echo, so a reply is matched to its request, never guessed.
import { Report, Request } from './protocol.js';

export const Phase = Object.freeze({
  LOADING: 'loading',
  CONFIGURING: 'configuring',
  READY: 'ready',
  WAITING: 'waiting',
  RUNNING: 'running',
  PAUSED: 'paused',
  FINISHED: 'finished',
  DIVERGED: 'diverged',
  FAILED: 'failed',
});

/** Requests that replace the run and are answered by `configured` (or `error`). */
const CONFIGURING_REQUESTS = new Set([Request.CONFIGURE, Request.RESET, Request.LOAD_MODEL]);
/** Phases in which a run is set up in the worker. */
const HAS_RUN = new Set([Phase.READY, Phase.WAITING, Phase.RUNNING, Phase.PAUSED, Phase.FINISHED, Phase.DIVERGED]);

const no = (why) => ({ ok: false, why });
const yes = { ok: true };

/** Requests that ask the worker something without changing the run (`ask`). */
const QUESTIONS = new Set([Request.PREDICT, Request.TEST_DIGIT, Request.SAMPLES, Request.SAVE_MODEL, Request.YOUR_DIGITS, Request.SCORE_YOURS, Request.DRAWING_MODEL,
  Request.ENSEMBLE_JOIN, Request.ENSEMBLE_VOTE]);

/**
 * `send(kind, body)` posts a request to the training worker. `config` and `dataset` are
 * the settings the first run gets once the data is loaded; `speedNow()` is the pace a run
 * starts at (steps per second, 0 = full speed): the slider's, or a lesson's. `loadsData`:
 * false for a page that never trains (a draw-only embed): it stays at loading and fetches
 * no dataset.
 */
export function createRunController({ send, config, dataset = 'mnist', speedNow = () => 0, loadsData = true }) {
  const s = {
    phase: Phase.LOADING,
    dataset, // the dataset asked for last
    loadedDataset: null, // the dataset the worker holds
    config, // the settings of the run set up (or to set up)
    started: false, // the run trained at least one step
    intent: false, // train as soon as the run is ready
    waitingWhy: null, // 'offscreen' | 'turn' while waiting
    failure: null, // { kind: 'data' | 'worker', message } when failed
    configuredBy: null, // the request kind that set the current run up
    dataComplete: false, // every file of the dataset is in (the training images stream in after `loaded`)
  };
  let seq = 0;
  let inFlight = null; // { seq, kind, before } the configure-type request the worker works on
  let queued = null; // { kind, body } the newest one waiting behind it
  let gate = null; // embedded: { want(), done() } (www/embed.js); calls gateOpen / gateClosed
  const listeners = new Set();

  const request = (kind, body = {}) => {
    seq += 1;
    send(kind, { ...body, seq });
    return seq;
  };

  function changed(event = null) {
    const view = snapshot();
    for (const listener of listeners) listener(view, event);
  }

  const snapshot = () => Object.freeze({
    phase: s.phase, dataset: s.dataset, loadedDataset: s.loadedDataset, config: s.config, started: s.started,
    intent: s.intent, waitingWhy: s.waitingWhy, failure: s.failure, configuredBy: s.configuredBy,
    dataComplete: s.dataComplete,
  });

  function setPhase(phase, event) {
    s.phase = phase;
    if (phase !== Phase.WAITING) s.waitingWhy = null;
    changed(event);
  }

  /** Sends a configure-type request now, or queues it behind the one in flight. */
  function replaceRun(kind, body = {}) {
    if (inFlight) {
      queued = { kind, body };
    } else {
      inFlight = { kind, before: s.phase, seq: request(kind, body) };
    }
    gate?.done();
    setPhase(Phase.CONFIGURING);
  }

  function sendQueued() {
    const next = queued;
    queued = null;
    inFlight = { kind: next.kind, before: Phase.READY, seq: request(next.kind, next.body) };
  }

  function startTraining() {
    if (gate) {
      setPhase(Phase.WAITING);
      gate.want();
    } else {
      goNow();
    }
    return yes;
  }

  function goNow() {
    request(Request.SPEED, { stepsPerSecond: speedNow() });
    request(Request.TRAIN);
    setPhase(Phase.RUNNING);
  }

  const actions = {
    /** Fetch and decode a dataset; a run on the old data stops. */
    load(name = s.dataset) {
      if (s.phase === Phase.RUNNING) request(Request.PAUSE);
      gate?.done();
      s.dataset = name;
      s.loadedDataset = null;
      s.dataComplete = false;
      s.failure = null;
      inFlight = null;
      queued = null;
      request(Request.LOAD, { dataset: name });
      setPhase(Phase.LOADING);
      return yes;
    },

    /** A fresh run with these settings; `train: true` starts it once it is set up. */
    configure(next, { train = false } = {}) {
      if (s.phase === Phase.FAILED) return no('the lab cannot train now (see the status line)');
      s.config = next;
      if (train) s.intent = true;
      if (s.phase === Phase.LOADING) { changed(); return yes; } // sent once the data is there
      replaceRun(Request.CONFIGURE, { config: next });
      return yes;
    },

    /** Start, resume, or (after the end) train the same run again from its start. */
    train() {
      switch (s.phase) {
        case Phase.LOADING:
        case Phase.CONFIGURING:
          s.intent = true;
          changed();
          return yes;
        case Phase.READY:
        case Phase.PAUSED:
          return startTraining();
        case Phase.FINISHED:
        case Phase.DIVERGED:
          s.intent = true;
          replaceRun(Request.RESET);
          return yes;
        case Phase.WAITING:
        case Phase.RUNNING:
          return no('the run is already going');
        default:
          return no('the lab cannot train now (see the status line)');
      }
    },

    /** Pause the run (or give up a run that waits to start). */
    pause() {
      s.intent = false;
      if (s.phase === Phase.RUNNING) {
        request(Request.PAUSE);
        gate?.done();
        setPhase(Phase.PAUSED);
        return yes;
      }
      if (s.phase === Phase.WAITING) {
        gate?.done();
        setPhase(s.started ? Phase.PAUSED : Phase.READY);
        return yes;
      }
      changed();
      return s.phase === Phase.LOADING || s.phase === Phase.CONFIGURING ? yes : no('no run is going');
    },

    /** The run again from its initial weights. */
    reset() {
      if (!HAS_RUN.has(s.phase) && s.phase !== Phase.CONFIGURING) return no('there is no run to reset yet');
      replaceRun(Request.RESET);
      return yes;
    },

    /** One step (example or batch) or the rest of an iteration, then paused. */
    step(unit = 'step') {
      if (![Phase.READY, Phase.PAUSED, Phase.RUNNING, Phase.WAITING].includes(s.phase)) return no('there is no run to step');
      gate?.done();
      s.intent = false;
      request(Request.STEP, { unit });
      setPhase(Phase.PAUSED);
      return yes;
    },

    /** A run from a model file's weights and settings. */
    loadModel(bytes) {
      if (!HAS_RUN.has(s.phase) && s.phase !== Phase.CONFIGURING) return no('the data must be loaded before a model file');
      replaceRun(Request.LOAD_MODEL, { bytes });
      return yes;
    },

    /** Steps per second (0 = full speed); any phase: the worker keeps it for the next run. */
    speed(stepsPerSecond) {
      request(Request.SPEED, { stepsPerSecond });
      return yes;
    },
  };

  /**
   * What the worker reported, as it changes the phase (views get the report themselves).
   * Returns false for a `configured` reply the views must not show: one to a request that
   * a newer one replaced (its run is gone before it starts) or that was never this page's.
   */
  function heard(kind, report) {
    switch (kind) {
      case Report.READY:
        if (loadsData) actions.load(s.dataset);
        return;
      case Report.LOADED:
        if (report.dataset !== s.dataset) return; // a newer load is on its way
        s.loadedDataset = report.dataset;
        s.phase = Phase.READY; // so that configure sends at once
        replaceRun(Request.CONFIGURE, { config: s.config });
        return;
      case Report.CONFIGURED: {
        if (!inFlight || report.seq !== inFlight.seq) return false;
        const by = inFlight.kind;
        inFlight = null;
        if (queued) { sendQueued(); return false; }
        Object.assign(s, { config: report.config, started: false, configuredBy: by });
        setPhase(Phase.READY, 'configured');
        if (s.intent) {
          s.intent = false;
          startTraining();
        }
        return true;
      }
      case Report.LOADING:
        if (report.phase === 'complete' && report.dataset === s.dataset) { s.dataComplete = true; changed(); }
        return;
      case Report.PROGRESS:
        if (report.step > 0 && !s.started) { s.started = true; changed(); }
        return;
      case Report.FINISHED:
        s.intent = false;
        gate?.done();
        setPhase(Phase.FINISHED, 'finished');
        return;
      case Report.DIVERGED:
        s.intent = false;
        gate?.done();
        setPhase(Phase.DIVERGED, 'diverged');
        return;
      case Report.ERROR:
        errorHeard(report);
        return;
      default:
    }
  }

  function errorHeard({ request: kind, seq: about, message }) {
    if (kind === Request.LOAD) {
      if (s.phase !== Phase.LOADING) return;
      s.intent = false;
      s.failure = { kind: 'data', message };
      setPhase(Phase.FAILED);
      return;
    }
    if (!CONFIGURING_REQUESTS.has(kind) || !inFlight || about !== inFlight.seq) return;
    // The worker kept the old run: go back to where it was (or on to the newest request).
    const { before } = inFlight;
    inFlight = null;
    if (queued) { sendQueued(); return; }
    s.intent = false;
    if (before === Phase.RUNNING || before === Phase.WAITING) {
      request(Request.PAUSE); // the old run stays, paused: nobody asked it to go on alone
      setPhase(Phase.PAUSED);
    } else {
      setPhase(HAS_RUN.has(before) ? before : Phase.READY);
    }
  }

  return {
    ...actions,
    heard,
    /** The worker died: nothing runs until it is restarted (then READY loads the data again). */
    workerStopped(message) {
      inFlight = null;
      queued = null;
      s.intent = false;
      s.failure = { kind: 'worker', message };
      gate?.done();
      setPhase(Phase.FAILED);
    },
    /** A restarted worker: wait for its READY. */
    restarting() {
      s.failure = null;
      setPhase(Phase.LOADING);
    },
    /** Embedded: `g` lets runs start only on screen and in turn (www/embed.js). */
    useGate(g) { gate = g; },
    /** The gate: it is this lab's turn and it is on screen. */
    gateOpen() {
      if (s.phase !== Phase.WAITING) return no('no run waits to start');
      goNow();
      return yes;
    },
    /** The gate: off screen or another lab's turn; a running run pauses until it opens again. */
    gateClosed(why) {
      if (s.phase === Phase.RUNNING) request(Request.PAUSE);
      else if (s.phase !== Phase.WAITING) return no('no run is going');
      s.waitingWhy = why;
      setPhase(Phase.WAITING);
      return yes;
    },
    /** A question for the worker that leaves the run as it is (a prediction, a model file...). */
    ask(kind, body = {}) {
      if (!QUESTIONS.has(kind)) throw new Error(`${kind} is not a question: use the run's actions`);
      request(kind, body);
      return yes;
    },
    state: snapshot,
    /** `listener(state, event)` after every change; event: 'configured' | 'finished' | 'diverged' | null. */
    subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
}
