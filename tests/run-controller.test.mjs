// Unit tests of the run controller (www/run-controller.js) under Node: every action in every
// phase is either carried out (the requests it sends, the phase it leads to) or a clear
// no-op ({ ok: false, why } and nothing sent), and the sequences that lost requests before
// (a host's configure, configure, train) end in a running run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRunController, Phase } from '../www/run-controller.js';
import { Report, Request } from '../www/protocol.js';

const CONFIG = { hidden: 40, iterations: 350 };

/** A controller and everything it sent; `reply(kind, body)` plays the worker. */
function harness({ gate = false } = {}) {
  const sent = [];
  const run = createRunController({ send: (kind, body) => sent.push({ kind, ...body }), config: CONFIG, speedNow: () => 30 });
  const gateCalls = [];
  if (gate) run.useGate({ want: () => gateCalls.push('want'), done: () => gateCalls.push('done') });
  const last = (kind) => sent.filter((m) => m.kind === kind).at(-1);
  const reply = (kind, body = {}) => run.heard(kind, body);
  /** Answers the configure-type request in flight. */
  const configured = () => {
    const request = sent.filter((m) => [Request.CONFIGURE, Request.RESET, Request.LOAD_MODEL].includes(m.kind)).at(-1);
    reply(Report.CONFIGURED, { seq: request.seq, config: request.config ?? run.state().config });
  };
  return { run, sent, last, reply, configured, gateCalls, kinds: () => sent.map((m) => m.kind) };
}

/** A controller brought to `phase` the way the page gets there. */
function inPhase(phase, options) {
  const h = harness(options);
  const { run, reply, configured } = h;
  reply(Report.READY);
  if (phase === Phase.LOADING) return h;
  if (phase === Phase.FAILED) { reply(Report.ERROR, { request: Request.LOAD, seq: h.last(Request.LOAD).seq, message: 'HTTP 404' }); return h; }
  reply(Report.LOADED, { dataset: 'mnist' });
  if (phase === Phase.CONFIGURING) return h;
  configured();
  if (phase === Phase.READY) return h;
  if (phase === Phase.WAITING) { run.train(); return h; }
  run.train();
  reply(Report.PROGRESS, { step: 5, running: true });
  if (phase === Phase.RUNNING) return h;
  if (phase === Phase.PAUSED) { run.pause(); return h; }
  if (phase === Phase.FINISHED) { reply(Report.FINISHED, {}); return h; }
  if (phase === Phase.DIVERGED) { reply(Report.DIVERGED, { iteration: 3 }); return h; }
  throw new Error(`no way to ${phase}`);
}

const ACTIONS = {
  load: (run) => run.load('fashion'),
  configure: (run) => run.configure({ ...CONFIG, hidden: 100 }),
  train: (run) => run.train(),
  pause: (run) => run.pause(),
  reset: (run) => run.reset(),
  step: (run) => run.step('step'),
  loadModel: (run) => run.loadModel(new Uint8Array(4)),
  speed: (run) => run.speed(10),
};

/**
 * What each action does in each phase: [ok, requests sent, phase after]. Requests are
 * kinds in order; a no-op sends none. (WAITING is the embedded phase, so with a gate.)
 */
const C = Request.CONFIGURE; const T = Request.TRAIN; const S = Request.SPEED; const P = Request.PAUSE;
const EXPECTED = {
  [Phase.LOADING]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [], Phase.LOADING], train: [true, [], Phase.LOADING],
    pause: [true, [], Phase.LOADING], reset: [false, [], Phase.LOADING], step: [false, [], Phase.LOADING],
    loadModel: [false, [], Phase.LOADING], speed: [true, [S], Phase.LOADING],
  },
  [Phase.CONFIGURING]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [], Phase.CONFIGURING], train: [true, [], Phase.CONFIGURING],
    pause: [true, [], Phase.CONFIGURING], reset: [true, [], Phase.CONFIGURING], step: [false, [], Phase.CONFIGURING],
    loadModel: [true, [], Phase.CONFIGURING], speed: [true, [S], Phase.CONFIGURING],
  },
  [Phase.READY]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [true, [S, T], Phase.RUNNING],
    pause: [false, [], Phase.READY], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [true, [Request.STEP], Phase.PAUSED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.READY],
  },
  [Phase.RUNNING]: {
    load: [true, [P, Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [false, [], Phase.RUNNING],
    pause: [true, [P], Phase.PAUSED], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [true, [Request.STEP], Phase.PAUSED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.RUNNING],
  },
  [Phase.PAUSED]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [true, [S, T], Phase.RUNNING],
    pause: [false, [], Phase.PAUSED], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [true, [Request.STEP], Phase.PAUSED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.PAUSED],
  },
  [Phase.FINISHED]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [true, [Request.RESET], Phase.CONFIGURING],
    pause: [false, [], Phase.FINISHED], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [false, [], Phase.FINISHED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.FINISHED],
  },
  [Phase.DIVERGED]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [true, [Request.RESET], Phase.CONFIGURING],
    pause: [false, [], Phase.DIVERGED], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [false, [], Phase.DIVERGED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.DIVERGED],
  },
  [Phase.FAILED]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [false, [], Phase.FAILED], train: [false, [], Phase.FAILED],
    pause: [false, [], Phase.FAILED], reset: [false, [], Phase.FAILED], step: [false, [], Phase.FAILED],
    loadModel: [false, [], Phase.FAILED], speed: [true, [S], Phase.FAILED],
  },
  [Phase.WAITING]: {
    load: [true, [Request.LOAD], Phase.LOADING], configure: [true, [C], Phase.CONFIGURING], train: [false, [], Phase.WAITING],
    pause: [true, [], Phase.READY], reset: [true, [Request.RESET], Phase.CONFIGURING], step: [true, [Request.STEP], Phase.PAUSED],
    loadModel: [true, [Request.LOAD_MODEL], Phase.CONFIGURING], speed: [true, [S], Phase.WAITING],
  },
};

for (const [phase, actions] of Object.entries(EXPECTED)) {
  for (const [action, [ok, requests, after]] of Object.entries(actions)) {
    test(`${action} in ${phase}: ${ok ? `sends ${requests.join(', ') || 'nothing yet'}, then ${after}` : 'a clear no-op'}`, () => {
      const h = inPhase(phase, { gate: phase === Phase.WAITING });
      assert.equal(h.run.state().phase, phase, 'the harness reached the phase');
      const before = h.sent.length;
      const result = ACTIONS[action](h.run);
      assert.equal(result.ok, ok);
      if (!ok) assert.match(result.why, /\w+ \w+/, 'a no-op says why in words');
      assert.deepEqual(h.sent.slice(before).map((m) => m.kind), requests);
      assert.equal(h.run.state().phase, after);
    });
  }
}

test('every request carries a new sequence number', () => {
  const h = inPhase(Phase.PAUSED);
  const seqs = h.sent.map((m) => m.seq);
  assert.equal(new Set(seqs).size, seqs.length);
  assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]));
});

test('a host\'s configure, configure, train: only the newest config is sent after the first, and it trains', () => {
  const h = inPhase(Phase.READY);
  h.run.configure({ ...CONFIG, hidden: 10 });
  h.run.configure({ ...CONFIG, hidden: 20 });
  h.run.configure({ ...CONFIG, hidden: 30 });
  h.run.train();
  assert.deepEqual(h.sent.filter((m) => m.kind === C).map((m) => m.config?.hidden).slice(-1), [10], 'one in flight');
  h.configured(); // hidden 10 is set up: the newest waiting one (30) goes, 20 never does
  assert.equal(h.last(C).config.hidden, 30);
  assert.equal(h.run.state().phase, Phase.CONFIGURING);
  h.configured();
  assert.equal(h.run.state().phase, Phase.RUNNING);
  assert.equal(h.kinds().at(-1), T);
  assert.ok(!h.sent.some((m) => m.config?.hidden === 20));
});

test('configure, reset, train ends in a running run', () => {
  const h = inPhase(Phase.READY);
  h.run.configure({ ...CONFIG, hidden: 10 });
  h.run.reset();
  h.run.train();
  h.configured();
  assert.equal(h.last(Request.RESET).kind, Request.RESET);
  h.configured();
  assert.equal(h.run.state().phase, Phase.RUNNING);
});

test('a reply to an older request does not end the configuring of a newer one', () => {
  const h = inPhase(Phase.READY);
  h.run.configure({ ...CONFIG, hidden: 10 });
  const first = h.last(C).seq;
  h.reply(Report.CONFIGURED, { seq: first - 1, config: CONFIG });
  assert.equal(h.run.state().phase, Phase.CONFIGURING);
  h.reply(Report.CONFIGURED, { seq: first, config: { ...CONFIG, hidden: 10 } });
  assert.equal(h.run.state().phase, Phase.READY);
  assert.equal(h.run.state().config.hidden, 10);
});

test('only the reply to the newest request is shown: the views skip a replaced run', () => {
  const h = inPhase(Phase.READY);
  h.run.configure({ ...CONFIG, hidden: 10 });
  const first = h.last(C).seq;
  h.run.configure({ ...CONFIG, hidden: 20 }); // waits behind the first
  assert.equal(h.reply(Report.CONFIGURED, { seq: first - 1, config: CONFIG }), false, 'a reply to no request in flight');
  assert.equal(h.reply(Report.CONFIGURED, { seq: first, config: { ...CONFIG, hidden: 10 } }), false, 'a run already replaced');
  assert.equal(h.reply(Report.CONFIGURED, { seq: h.last(C).seq, config: { ...CONFIG, hidden: 20 } }), true);
  assert.equal(h.run.state().config.hidden, 20);
});

test('Reset then Train at once: running (Pause) once the reset run is set up', () => {
  const h = inPhase(Phase.PAUSED);
  h.run.reset();
  h.run.train();
  assert.equal(h.run.state().intent, true, 'the train is remembered, not lost');
  h.configured();
  assert.equal(h.run.state().phase, Phase.RUNNING);
  assert.equal(h.run.state().started, false, 'a fresh run');
});

test('pause forgets a train that waited for the set-up', () => {
  const h = inPhase(Phase.READY);
  h.run.configure(CONFIG);
  h.run.train();
  h.run.pause();
  h.configured();
  assert.equal(h.run.state().phase, Phase.READY);
});

test('a refused configure goes back to the run as it was; from a running run, paused', () => {
  for (const [from, back] of [[Phase.READY, Phase.READY], [Phase.FINISHED, Phase.FINISHED], [Phase.RUNNING, Phase.PAUSED]]) {
    const h = inPhase(from);
    h.run.configure({ hidden: -1 });
    h.reply(Report.ERROR, { request: C, seq: h.last(C).seq, message: 'hidden must be 1 to 1024' });
    assert.equal(h.run.state().phase, back, from);
  }
});

test('train while the data loads is carried out once the first run is set up', () => {
  const h = inPhase(Phase.LOADING);
  h.run.train();
  h.reply(Report.LOADED, { dataset: 'mnist' });
  assert.equal(h.last(C).config, CONFIG);
  h.configured();
  assert.equal(h.run.state().phase, Phase.RUNNING);
});

test('a dataset loaded after another was asked for is not taken as ready', () => {
  const h = inPhase(Phase.LOADING);
  h.run.load('fashion');
  h.reply(Report.LOADED, { dataset: 'mnist' });
  assert.equal(h.run.state().phase, Phase.LOADING);
  assert.equal(h.last(C), undefined);
  h.reply(Report.LOADED, { dataset: 'fashion' });
  assert.equal(h.run.state().phase, Phase.CONFIGURING);
});

test('embedded: train waits for the gate; off screen pauses; back on screen resumes', () => {
  const h = inPhase(Phase.READY, { gate: true });
  h.run.train();
  assert.equal(h.run.state().phase, Phase.WAITING);
  assert.deepEqual(h.gateCalls.slice(-1), ['want']);
  assert.equal(h.run.gateOpen().ok, true);
  assert.equal(h.run.state().phase, Phase.RUNNING);
  h.run.gateClosed('offscreen');
  assert.equal(h.kinds().at(-1), P);
  assert.equal(h.run.state().phase, Phase.WAITING);
  assert.equal(h.run.state().waitingWhy, 'offscreen');
  h.run.gateOpen();
  assert.equal(h.kinds().at(-1), T);
  h.reply(Report.FINISHED, {});
  assert.equal(h.gateCalls.at(-1), 'done', 'the turn is given back');
  assert.equal(h.run.gateOpen().ok, false);
});

test('a stopped worker fails the run; a restart loads the data again', () => {
  const h = inPhase(Phase.RUNNING);
  h.run.workerStopped('it stopped responding');
  assert.equal(h.run.state().phase, Phase.FAILED);
  assert.equal(h.run.train().ok, false);
  h.run.restarting();
  h.reply(Report.READY);
  assert.equal(h.kinds().at(-1), Request.LOAD);
});

test('ask sends questions only; run requests must go through the actions', () => {
  const h = inPhase(Phase.READY);
  assert.equal(h.run.ask(Request.PREDICT, { pixels: new Uint8Array(784) }).ok, true);
  assert.throws(() => h.run.ask(Request.TRAIN), /not a question/);
});

test('the data is complete only when the worker says its training images are all in, for the dataset asked for', () => {
  const { run, reply } = inPhase(Phase.READY);
  assert.equal(run.state().dataComplete, false, 'LOADED comes with the first images only');
  reply(Report.LOADING, { phase: 'waiting', dataset: 'mnist', needed: 5000 });
  assert.equal(run.state().dataComplete, false);
  reply(Report.LOADING, { phase: 'complete', dataset: 'fashion' });
  assert.equal(run.state().dataComplete, false, 'another dataset');
  reply(Report.LOADING, { phase: 'complete', dataset: 'mnist' });
  assert.equal(run.state().dataComplete, true);
  run.load('fashion');
  assert.equal(run.state().dataComplete, false, 'a new load starts over');
});

test('a page that loads no data (a draw-only embed) sends no load when the worker is ready', () => {
  const sent = [];
  const run = createRunController({ send: (kind, body) => sent.push({ kind, ...body }), config: CONFIG, loadsData: false });
  run.heard(Report.READY, {});
  assert.deepEqual(sent.map((m) => m.kind), []);
  assert.equal(run.state().phase, Phase.LOADING);
  run.ask(Request.DRAWING_MODEL);
  assert.deepEqual(sent.map((m) => m.kind), [Request.DRAWING_MODEL]);
});
