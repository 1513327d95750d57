// The "Draw a digit" panel: the pad, the 28x28 preview (preprocessed like MNIST by the
// wasm core), and the ten outputs as bars. Asks for predictions through `predict`.
import { SIZES } from '../core.js';
import { createDrawPad } from './drawpad.js';
import { drawDigit } from './samples.js';

const { side: SIDE } = SIZES;

/** `cleared()` runs when the pad is emptied. */
export function createDrawPanel(doc, { preprocess, predict, cleared }) {
  const $ = (id) => doc.getElementById(id);
  let image = null; // the bytes the network sees (28x28), or null
  let lastAsked = 0;

  const pad = createDrawPad($('pad'), (ink, width, height) => {
    image = ink ? preprocess(ink, width, height) ?? null : null;
    if (!image) {
      $('preview').getContext('2d').clearRect(0, 0, SIDE, SIDE);
      $('bars').replaceChildren();
      $('draw-answer').textContent = 'Draw a digit.';
      cleared();
      return;
    }
    drawDigit($('preview'), image);
    ask(true);
  });
  $('clear').addEventListener('click', () => pad.clear());

  /** Asks for a prediction of the drawing; unless `now`, at most 4 times a second. */
  function ask(now) {
    const t = performance.now();
    if (!image || (!now && t - lastAsked < 250)) return;
    lastAsked = t;
    predict(image);
  }

  return {
    image: () => image,
    ask,
    showOutputs(output) {
      const best = output.indexOf(Math.max(...output));
      $('bars').replaceChildren(...Array.from(output, (value, digit) => {
        const bar = doc.createElement('div');
        bar.className = digit === best ? 'bar best' : 'bar';
        const fill = doc.createElement('span');
        fill.className = 'fill';
        fill.style.height = `${Math.round(Math.max(0, Math.min(1, value)) * 85)}%`;
        const label = doc.createElement('span');
        label.textContent = String(digit);
        bar.title = `${digit}: ${value.toFixed(3)}`;
        bar.append(fill, label);
        return bar;
      }));
      $('draw-answer').textContent = `The network says: ${best}`;
    },
  };
}
