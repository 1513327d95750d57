// Unit tests of the example course page's class table (docs/class-results.js), under Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClassResults, toCsv } from '../docs/class-results.js';

/** A localStorage stand-in. */
const memory = () => { const m = new Map(); return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)) }; };

test('an attempt fills one row from its three events, and the rows are kept', () => {
  const storage = memory();
  const table = createClassResults(storage);
  assert.equal(table.heard('Ada', { type: 'reglab:lesson-started', lesson: 'overfitting', title: '1. Overfitting' }, 't0'), true);
  assert.equal(table.heard('Ada', { type: 'reglab:progress', lesson: 'overfitting' }), false);
  table.heard('Ada', { type: 'reglab:answered', lesson: 'overfitting', answer: 'fall', answerText: 'Rise, then fall' });
  table.heard('Ada', { type: 'reglab:lesson-finished', lesson: 'overfitting', answer: 'fall', correct: true, figures: { peakTestAccuracy: 0.81137, peakIteration: 10 } }, 't1');
  const expected = [{ student: 'Ada', lesson: 'overfitting', title: '1. Overfitting', answer: 'fall', prediction: 'Rise, then fall', correct: 'yes', started: 't0', finished: 't1', figures: 'peak test accuracy 0.8114; peak iteration 10' }];
  assert.deepEqual(table.rows(), expected);
  assert.deepEqual(createClassResults(storage).rows(), expected, 'a reload finds them');
  assert.equal(table.heard('Bo', { type: 'reglab:answered', lesson: 'dropout', answer: 'plain' }), false, 'no attempt open');
});

test('CSV quotes commas, quotes, line breaks and formula-like names', () => {
  const csv = toCsv([
    { student: 'Lovelace, Ada', lesson: 'overfitting', title: '1. Overfitting', answer: 'fall', prediction: 'Rise, then fall', correct: 'yes', started: 't0', finished: 't1', figures: 'a 1; b 2' },
    { student: 'Bo "the bold"\nSmith', lesson: 'dropout', answer: '', prediction: '', correct: '', started: 't2', finished: '', figures: '' },
    { student: '=HYPERLINK("x")', lesson: 'dropout', answer: '', prediction: '', correct: '', started: 't3', finished: '', figures: '' },
  ]);
  assert.equal(csv, 'student,lesson,answer,prediction,correct,started,finished,figures\r\n'
    + '"Lovelace, Ada",overfitting,fall,"Rise, then fall",yes,t0,t1,a 1; b 2\r\n'
    + '"Bo ""the bold""\nSmith",dropout,,,,t2,,\r\n'
    + '"\'=HYPERLINK(""x"")",dropout,,,,t3,,\r\n');
});

test('a broken store starts an empty table', () => {
  const storage = memory();
  storage.setItem('course-class-results', '{not json');
  assert.deepEqual(createClassResults(storage).rows(), []);
  assert.deepEqual(createClassResults(null).rows(), []);
});
