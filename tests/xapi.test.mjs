// Unit tests of the xAPI statements built from learning events (www/xapi.js), under Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statementOf } from '../www/xapi.js';

const where = { labUrl: 'https://example.org/lab/#embed=1', title: '1. Overfitting', timestamp: '2026-12-03T16:00:00.000Z' };

test('each learning event is its ADL verb, on the lesson as an activity', () => {
  const started = statementOf({ type: 'reglab:lesson-started', lesson: 'overfitting' }, where);
  assert.deepEqual(started, {
    verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
    object: {
      objectType: 'Activity',
      id: 'https://example.org/lab/#lesson=overfitting',
      definition: { name: { 'en-US': '1. Overfitting' }, type: 'http://adlnet.gov/expapi/activities/lesson' },
    },
    timestamp: '2026-12-03T16:00:00.000Z',
  });
  const answered = statementOf({ type: 'reglab:answered', lesson: 'overfitting', answer: 'fall' }, where);
  assert.equal(answered.verb.id, 'http://adlnet.gov/expapi/verbs/answered');
  assert.deepEqual(answered.result, { response: 'fall' });
  const done = statementOf({ type: 'reglab:lesson-finished', lesson: 'overfitting', answer: 'rise', correct: false }, where);
  assert.equal(done.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
  assert.deepEqual(done.result, { completion: true, response: 'rise', success: false });
});

test('no actor, no answer when there was none, and only learning events', () => {
  const done = statementOf({ type: 'reglab:lesson-finished', lesson: 'dropout', answer: null, correct: null }, where);
  assert.deepEqual(done.result, { completion: true });
  assert.equal('actor' in done, false);
  assert.throws(() => statementOf({ type: 'reglab:progress', lesson: 'x' }, where), /not a learning event/);
});
