// The ensemble lesson's grid: the test digits some of the networks get wrong, one column
// each, and one row per network (its seed), then the majority vote and the averaged
// outputs. Each cell is the digit read; a wrong one is marked with a cross, not by colour alone.
import { drawDigit } from './samples.js';
import { SIZES } from '../core.js';
import { tableRegion } from './table-region.js';

const pct = (x) => `${(x * 100).toFixed(1)}%`;

export function createVoteGrid(doc, vote) {
  const el = (tag, text = '', className = '') => Object.assign(doc.createElement(tag), { textContent: text, className });
  if (vote.failed) return el('p', `The vote could not be counted: ${vote.failed}`, 'aside');
  const { grid, seeds, memberAccuracy } = vote;
  const shown = grid.labels.length;
  const caption = `How each network read the first ${shown} test digits that at least one of them gets wrong (✗ wrong)`;
  const { wrap, table } = tableRegion(doc, { caption, className: 'vote-grid', testid: 'vote-grid' });
  // The core's exact figures, for whoever checks them against another count (the tests).
  Object.assign(table.dataset, { majority: vote.majorityAccuracy, averaged: vote.averagedAccuracy, split: vote.splitShare, members: Array.from(memberAccuracy).join(',') });
  const head = doc.createElement('tr');
  head.append(Object.assign(el('th', 'Network: seed, test'), { scope: 'col' }));
  for (let j = 0; j < shown; j += 1) {
    const th = el('th', '', 'digit');
    th.scope = 'col';
    const canvas = Object.assign(doc.createElement('canvas'), { width: SIZES.side, height: SIZES.side });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `test digit ${grid.indices[j]}, a ${grid.labels[j]}`);
    drawDigit(canvas, grid.images, j * SIZES.pixels);
    th.append(canvas, el('span', String(grid.labels[j])));
    head.append(th);
  }
  // The row's name on two lines (who, then its test accuracy), so the grid fits a narrow panel.
  const row = (name, accuracy, digits, className = '') => {
    const tr = el('tr', '', className);
    const th = Object.assign(el('th'), { scope: 'row' });
    th.append(el('span', name, 'name'), doc.createElement('br'), el('span', pct(accuracy), 'accuracy'));
    tr.append(th);
    digits.forEach((d, j) => {
      const wrong = d !== grid.labels[j];
      const td = el('td', wrong ? `✗ ${d}` : String(d), wrong ? 'wrong' : 'right');
      td.title = wrong ? `read as ${d}: wrong` : 'right';
      tr.append(td);
    });
    return tr;
  };
  const body = doc.createElement('tbody');
  seeds.forEach((seed, k) => body.append(row(`seed ${seed}`, memberAccuracy[k], grid.digits.slice(k * shown, (k + 1) * shown))));
  body.append(row('majority vote', vote.majorityAccuracy, grid.majority, 'vote'));
  body.append(row('averaged outputs', vote.averagedAccuracy, grid.averaged, 'vote'));
  table.append(doc.createElement('thead'), body);
  table.tHead.append(head);
  return wrap;
}
