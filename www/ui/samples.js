// The grid of test digits with the network's predictions: the digit as the network sees it
// (white ink on black), the predicted digit, and a tick or a cross (not colour alone).
import { SIZES } from '../core.js';

const { side: SIDE, pixels: PIXELS } = SIZES;


export function drawDigit(canvas, bytes, offset = 0) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(SIDE, SIDE);
  const rgba = image.data;
  for (let i = 0; i < PIXELS; i += 1) {
    const v = bytes[offset + i];
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

export function createSamples(list) {
  let shown = ''; // the indices on screen: when they are the same, only captions change
  const note = document.createElement('p');
  note.className = 'caption';
  note.id = 'samples-caption';
  note.dataset.testid = 'samples-caption';
  list.before(note);
  return {
    /** `when`: { accuracy, iteration } the test pass these predictions come from. */
    render({ mode, indices, labels, predictions, images }, when = {}) {
      const right = Array.from(indices, (_, i) => predictions[i] === labels[i]).filter(Boolean).length;
      const at = when.restored ? `, with the restored weights of iteration ${when.iteration}`
        : when.iteration >= 0 ? ` after iteration ${when.iteration}` : when.iteration === -1 ? ' at the random start, before training' : '';
      note.textContent = mode === 'mistakes'
        ? `The ${indices.length} test digits the network gets wrong most confidently${at}.`
        : `${indices.length} test digits drawn at random for this run, right and wrong in the proportion of the test accuracy: `
          + `${right} of ${indices.length} right${Number.isFinite(when.accuracy) ? `, test accuracy ${(when.accuracy * 100).toFixed(1)}%` : ''}${at}.`;
      list.dataset.accuracy = String(when.accuracy ?? '');
      const key = `${mode}:${indices.join(',')}`;
      if (key === shown) {
        list.querySelectorAll('li').forEach((item, i) => caption(item, predictions[i], labels[i]));
        return;
      }
      shown = key;
      if (indices.length === 0) {
        const item = document.createElement('li');
        item.textContent = mode === 'mistakes' ? 'No mistakes on the test set.' : 'No test digits.';
        list.replaceChildren(item);
        return;
      }
      cells(list, indices.length).forEach((item, i) => {
        const canvas = item.firstChild;
        drawDigit(canvas, images, i * PIXELS);
        canvas.setAttribute('aria-label', `Test image ${indices[i]}, a ${labels[i]}`);
        caption(item, predictions[i], labels[i]);
      });
    },
  };
}

/**
 * The grid's `count` items (canvas, prediction, truth), kept from one test pass to the
 * next and only repainted: each new canvas is a new compositor layer, and each one thrown
 * away is disposed of in the browser's garbage-collection pause, a long main-thread task
 * (scripts/bench). A new grid of digits is drawn on every test pass.
 */
function cells(list, count) {
  const kept = [...list.children].filter((item) => item.firstChild?.tagName === 'CANVAS');
  if (kept.length !== count) {
    const fresh = Array.from({ length: Math.max(0, count - kept.length) }, () => {
      const item = document.createElement('li');
      const canvas = document.createElement('canvas');
      canvas.width = SIDE;
      canvas.height = SIDE;
      canvas.setAttribute('role', 'img');
      item.append(canvas, document.createElement('span'), document.createElement('small'));
      return item;
    });
    list.replaceChildren(...kept.slice(0, count), ...fresh);
  }
  return [...list.children];
}

/** The prediction under a digit: a tick when right; a cross and the truth when wrong. */
function caption(item, guess, label) {
  const right = guess === label;
  const [, text, truth] = item.children;
  text.className = right ? 'right' : 'wrong';
  text.textContent = guess === 255 ? '…' : right ? `${guess} ✓` : `${guess} ✗`;
  truth.textContent = right ? '' : ` (is ${label})`;
  item.dataset.correct = String(right);
  item.title = `Label ${label}, predicted ${guess}`;
}
