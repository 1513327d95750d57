// Unit tests of the URL state (www/state.js) with the core's settings table; no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinks } from '../www/state.js';
import { SETTINGS, check } from './core.mjs';

// A stand-in for LESSON_IDS of www/lessons.js (which needs the page's wasm); the browser tests pin the real list.
const { defaults: DEFAULTS, parse, toHash } = createLinks(SETTINGS, check, ['overfitting', 'dropout']);

test('an empty hash is the defaults, and the defaults write an empty hash', () => {
  assert.deepEqual(parse(''), { state: { ...DEFAULTS }, notices: [] });
  assert.equal(toHash(DEFAULTS), '');
});

test('every setting of the core is a key, with the core\'s default', () => {
  for (const row of SETTINGS) assert.equal(DEFAULTS[row.name], row.default, row.name);
  assert.equal(DEFAULTS.hidden, 40);
  assert.equal(DEFAULTS.trainSize, 1000);
});

test('a state survives the round trip through the URL', () => {
  const state = { ...DEFAULTS, hidden: 100, keep: 0.5, alpha: 0.1, batch: 100, seed: 7, speed: 3,
    dataset: 'fashion', lesson: 'dropout', embed: '1', panels: 'network,controls', validation: 500 };
  const hash = toHash(state);
  assert.match(hash, /hidden=100/);
  assert.doesNotMatch(hash, /iterations=/, 'defaults are left out');
  assert.deepEqual(parse(hash), { state, notices: [] });
});

test('bad and out-of-range values become defaults, each with a notice', () => {
  const { state, notices } = parse('#hidden=abc&alpha=0&keep=1.5&iterations=2.5&dataset=cifar&panels=draw,nope&bogus=1&seed=-1');
  assert.equal(state.hidden, 40);
  assert.equal(state.alpha, 0.005);
  assert.equal(state.keep, 1);
  assert.equal(state.iterations, 350);
  assert.equal(state.dataset, 'mnist');
  assert.equal(state.panels, DEFAULTS.panels);
  assert.equal(state.seed, 1);
  assert.equal(notices.length, 8, notices.join('\n'));
  assert.match(notices.join('\n'), /hidden=abc is not valid here; using 40/);
  assert.match(notices.join('\n'), /bogus is not a setting/);
});

test('settings that depend on each other are checked together, by the core', () => {
  const { state, notices } = parse('#trainSize=200&batch=500&validation=59900');
  assert.equal(state.batch, 1);
  assert.equal(state.validation, 0);
  assert.equal(notices.length, 2, notices.join('\n'));
  assert.match(notices[0], /must be a whole number/);
});

test('a huge value is quoted short', () => {
  const { notices } = parse(`#hidden=${'9'.repeat(100000)}&${'k'.repeat(5000)}=1`);
  assert.equal(notices.length, 2);
  for (const notice of notices) assert.ok(notice.length < 200, notice.length);
});

test('without a table, the page\'s own keys still parse (the layout before wasm is ready)', () => {
  const { state } = createLinks().parse('#embed=1&panels=draw&hidden=100');
  assert.equal(state.embed, '1');
  assert.equal(state.panels, 'draw');
});

test('hide= and lock= keep the known control names, once each, and report the unknown ones', () => {
  const { state, notices } = parse('#hide=speed,step,reset,alpha,speed,bogus&lock=hidden,nope');
  assert.equal(state.hide, 'speed,step,reset,alpha');
  assert.equal(state.lock, 'hidden');
  assert.equal(notices.length, 2, notices.join('\n'));
  assert.match(notices[0], /^hide: no control is called bogus; ignored/);
  assert.match(notices[1], /^lock: no control is called nope; ignored/);
  assert.equal(parse(toHash(state)).state.hide, state.hide, 'round trip');
});

test('hidden and locked settings are fixed; lock=all locks every setting, the presets and the model file', () => {
  const { restrictions } = createLinks(SETTINGS, check, []);
  const some = restrictions(parse('#hide=speed,step,reset,alpha&lock=hidden').state);
  assert.deepEqual([...some.hidden], ['speed', 'step', 'reset', 'alpha']);
  assert.deepEqual([...some.locked], ['hidden']);
  // Buttons (step, reset) hold no value: hiding them fixes nothing a link carries.
  assert.deepEqual([...some.fixed].sort(), ['alpha', 'hidden', 'speed']);
  const all = restrictions(parse('#lock=all').state);
  for (const row of SETTINGS) assert.ok(all.fixed.has(row.name), row.name);
  for (const name of ['speed', 'dataset', 'presets', 'model']) assert.ok(all.locked.has(name), name);
  assert.ok(!all.locked.has('step') && !all.locked.has('all'));
  assert.equal(restrictions(parse('').state).fixed.size, 0);
});

test('a huge hide= list is one short notice', () => {
  const { state, notices } = parse(`#hide=${Array.from({ length: 5000 }, (_, i) => `x${i}`).join(',')},alpha`);
  assert.equal(state.hide, 'alpha');
  assert.equal(notices.length, 1);
  assert.ok(notices[0].length < 400, notices[0].length);
});
