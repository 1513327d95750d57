// Unit tests of the embed gate (www/embed.js) under Node, with a stand-in window: a run
// starts only once the lab is shown, and the IntersectionObserver's latest word counts
// (a busy browser hands over "hidden" and "shown" in one call; the slides test once
// waited forever on the first of them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmbedGate } from '../www/embed.js';

/** A window with no BroadcastChannel (one lab, no turns) and an observer the test drives. */
function fakeWindow() {
  const listeners = { message: [], visibilitychange: [] };
  const win = {
    document: { visibilityState: 'visible', addEventListener: (type, f) => listeners[type].push(f) },
    addEventListener: (type, f) => listeners[type].push(f),
    observed: null,
    IntersectionObserver: class {
      constructor(callback) { this.callback = callback; }
      observe(target) { win.observed = { target, callback: this.callback }; }
    },
  };
  win.parent = { postMessage() {} }; // embedded: a parent that is not the window itself
  win.intersect = (...states) => win.observed.callback(states.map((isIntersecting) => ({ isIntersecting })));
  win.fromParent = (data) => listeners.message.forEach((f) => f({ source: win.parent, data }));
  return win;
}

function gateOn(t, win) {
  const calls = [];
  const gate = createEmbedGate(win, 'body', {
    train: () => calls.push('train'),
    pause: (why) => calls.push(`pause:${why}`),
    waiting: (why) => calls.push(`waiting:${why}`),
  });
  t.after(() => gate.done()); // its timers stop with the turn
  return { gate, calls };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 20)); // the turn is granted in a timeout

test('a run waits off screen and starts when the observer\'s last entry says shown', async (t) => {
  const win = fakeWindow();
  const { gate, calls } = gateOn(t, win);
  gate.want();
  assert.deepEqual(calls, ['waiting:offscreen']);
  win.intersect(false, true); // one call: the stale entry first, the current one last
  await turn();
  assert.deepEqual(calls, ['waiting:offscreen', 'train']);
});

test('an older "shown" before a newer "hidden" in one call keeps it waiting', async (t) => {
  const win = fakeWindow();
  const { gate, calls } = gateOn(t, win);
  gate.want();
  win.intersect(true, false);
  await turn();
  assert.ok(!calls.includes('train'), `it trained although it is off screen: ${calls}`);
  assert.equal(gate.visible(), false);
});

test('a deck\'s slide:stop pauses a running run, slide:start lets it go on', async (t) => {
  const win = fakeWindow();
  const { gate, calls } = gateOn(t, win);
  win.intersect(true);
  gate.want();
  await turn();
  gate.running(true);
  win.fromParent('slide:stop');
  assert.deepEqual(calls.slice(-2), ['pause:slide', 'waiting:slide']);
  gate.running(false);
  win.fromParent('slide:start');
  await turn();
  assert.equal(calls.at(-1), 'train');
});
