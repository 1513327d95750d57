// Unit tests of the URL state (www/state.js): pure functions, no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, parse, toHash } from '../www/state.js';

test('an empty hash is the defaults, and the defaults write an empty hash', () => {
  assert.deepEqual(parse(''), { state: { ...DEFAULTS }, notices: [] });
  assert.equal(toHash(DEFAULTS), '');
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

test('settings that depend on each other are checked together', () => {
  const { state, notices } = parse('#trainSize=200&batch=500&validation=59900');
  assert.equal(state.batch, 1);
  assert.equal(state.validation, 0);
  assert.equal(notices.length, 2);
});
