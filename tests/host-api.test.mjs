// Unit tests of the host API's message checks (www/host-api.js), under Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHostApi, readCommand } from '../www/host-api.js';

test('messages that are not the lab\'s are ignored', () => {
  for (const data of [null, undefined, 7, 'reglab:train', [], { kind: 'train' }, { type: 3 }, { type: 'other:train' }]) {
    assert.equal(readCommand(data), null, JSON.stringify(data));
  }
});

test('commands are read, bad ones named', () => {
  assert.deepEqual(readCommand({ type: 'reglab:train' }), { command: { type: 'reglab:train' } });
  assert.deepEqual(readCommand({ type: 'reglab:configure', settings: { hidden: 100, keep: '0.5' } }),
    { command: { type: 'reglab:configure', settings: { hidden: '100', keep: '0.5' } } });
  assert.deepEqual(readCommand({ type: 'reglab:lesson', id: 'dropout' }), { command: { type: 'reglab:lesson', id: 'dropout', run: false } });
  assert.match(readCommand({ type: 'reglab:explode' }).error, /not a command/);
  assert.match(readCommand({ type: 'reglab:configure' }).error, /needs settings/);
  assert.match(readCommand({ type: 'reglab:configure', settings: [1] }).error, /needs settings/);
  assert.match(readCommand({ type: 'reglab:configure', settings: { hidden: {} } }).error, /must be a number/);
  assert.match(readCommand({ type: 'reglab:configure', settings: { seed: 'x'.repeat(5000) } }).error, /short string/);
  assert.match(readCommand({ type: 'reglab:configure', settings: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 1])) }).error, /at most 100/);
  assert.match(readCommand({ type: 'reglab:lesson', id: 5 }).error, /needs an id/);
});

test('booleans in settings are the link\'s 1 and 0', () => {
  assert.deepEqual(readCommand({ type: 'reglab:configure', settings: { xapi: true, biases: false } }),
    { command: { type: 'reglab:configure', settings: { xapi: '1', biases: '0' } } });
});

/** A window in a frame: `send(data)` is the parent posting to it; `sent` what it posted back. */
function framedWindow() {
  const parent = { sent: [], postMessage(data, origin) { this.sent.push({ ...data, origin }); } };
  const listeners = [];
  const win = {
    parent,
    location: { ancestorOrigins: ['https://course.example'] },
    document: { referrer: '' },
    addEventListener: (type, f) => listeners.push(f),
  };
  const send = (data, origin = 'https://course.example', source = parent) => listeners.forEach((f) => f({ data, origin, source }));
  return { win, parent, send };
}

test('commands before reglab:ready wait for it, in order; a refused one gets reglab:error', () => {
  const { win, parent, send } = framedWindow();
  const done = [];
  const host = createHostApi(win, (command) => {
    if (command.type === 'reglab:reset') throw new Error('reglab:reset: there is no run to reset yet');
    done.push(command.type);
  });
  send({ type: 'reglab:configure', settings: { hidden: 100 } });
  send({ type: 'reglab:train' });
  send({ type: 'reglab:reset' });
  send({ type: 'reglab:train' }, 'https://elsewhere.example'); // not the parent's origin: ignored
  assert.deepEqual(done, [], 'nothing carried out before ready');
  host.post('reglab:ready');
  assert.deepEqual(done, ['reglab:configure', 'reglab:train']);
  assert.deepEqual(parent.sent.map((m) => m.type), ['reglab:ready', 'reglab:error']);
  assert.match(parent.sent[1].message, /no run to reset/);
  send({ type: 'reglab:pause' });
  assert.deepEqual(done, ['reglab:configure', 'reglab:train', 'reglab:pause'], 'after ready: at once');
});

test('commands waiting for a lab that cannot start are answered with why', () => {
  const { win, parent, send } = framedWindow();
  const host = createHostApi(win, () => assert.fail('nothing may be carried out'));
  send({ type: 'reglab:train' });
  host.cannotStart('the data could not load');
  send({ type: 'reglab:pause' });
  assert.deepEqual(parent.sent.map((m) => [m.type, m.message, m.origin]), [
    ['reglab:error', 'reglab:train: the data could not load', 'https://course.example'],
    ['reglab:error', 'reglab:pause: the data could not load', 'https://course.example'],
  ]);
});

test('a lab that gets ready after all (Retry) carries out commands again', () => {
  const { win, send } = framedWindow();
  const done = [];
  const host = createHostApi(win, (command) => done.push(command.type));
  host.cannotStart('the data could not load');
  host.post('reglab:ready');
  send({ type: 'reglab:train' });
  assert.deepEqual(done, ['reglab:train']);
});
