// The grid of test digits with the network's predictions: the digit as the network sees it
// (white ink on black), the predicted digit, and a tick or a cross (not colour alone).
import { SIZES } from '../core.js';

const { side: SIDE, pixels: PIXELS } = SIZES;


export function drawDigit(canvas, bytes, offset = 0) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i += 1) {
    const v = bytes[offset + i];
    image.data.set([v, v, v, 255], i * 4);
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
        : when.iteration >= 0 ? ` after iteration ${when.iteration}` : when.iteration === -1 ? ' before training' : '';
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
      list.replaceChildren();
      if (indices.length === 0) {
        const item = document.createElement('li');
        item.textContent = mode === 'mistakes' ? 'No mistakes on the test set.' : 'No test digits.';
        list.append(item);
        return;
      }
      indices.forEach((index, i) => {
        const item = document.createElement('li');
        const canvas = document.createElement('canvas');
        canvas.width = SIDE;
        canvas.height = SIDE;
        drawDigit(canvas, images, i * PIXELS);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `Test image ${index}, a ${labels[i]}`);
        item.append(canvas, document.createElement('span'), document.createElement('small'));
        caption(item, predictions[i], labels[i]);
        list.append(item);
      });
    },
  };
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
