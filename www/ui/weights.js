// Weight pictures: each hidden neuron's 784 incoming weights as a 28x28 image, blue for
// positive and orange for negative, scaled per neuron. Plain runs grow speckled, noisy
// pictures (memorized pixels); dropout's are smoother.
import { SIZES } from '../core.js';

const { side: SIDE, pixels: PIXELS } = SIZES;


const SHOWN = 40;

export function createWeights(grid, previous, previousTitle) {
  let canvases = [];
  return {
    /** Keeps a copy of the pictures as they are now, under `title`, to compare with the next run. */
    keep(title) {
      if (!canvases.length) return;
      previous.replaceChildren(...canvases.map((canvas) => {
        const copy = canvas.cloneNode();
        copy.getContext('2d').drawImage(canvas, 0, 0);
        return copy;
      }));
      previousTitle.textContent = title;
      previous.parentElement.hidden = false;
    },
    render({ hidden, w01 }) {
      const n = Math.min(hidden, SHOWN);
      if (canvases.length !== n) {
        canvases = Array.from({ length: n }, (_, h) => {
          const canvas = document.createElement('canvas');
          canvas.width = SIDE;
          canvas.height = SIDE;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `Incoming weights of hidden neuron ${h + 1}`);
          return canvas;
        });
        grid.replaceChildren(...canvases);
        grid.dataset.neurons = String(n);
      }
      canvases.forEach((canvas, h) => {
        let peak = 1e-12;
        for (let p = 0; p < PIXELS; p += 1) peak = Math.max(peak, Math.abs(w01[p * hidden + h]));
        const ctx = canvas.getContext('2d');
        const image = ctx.createImageData(SIDE, SIDE);
        for (let p = 0; p < PIXELS; p += 1) {
          const t = w01[p * hidden + h] / peak;
          const [r, g, b] = t >= 0 ? [0, 114, 178] : [230, 159, 0];
          const a = Math.abs(t);
          image.data.set([255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a, 255], p * 4);
        }
        ctx.putImageData(image, 0, 0);
      });
      grid.dataset.version = String(Number(grid.dataset.version ?? 0) + 1);
    },
  };
}
