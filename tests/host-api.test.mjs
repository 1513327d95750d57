// Unit tests of the host API's message checks (www/host-api.js), under Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCommand } from '../www/host-api.js';

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
