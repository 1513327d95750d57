// The dropout visualizer: input image -> hidden neurons -> ten outputs. During training
// the neurons the dropout mask switched off are grey and crossed out; kept ones are shaded
// by their activation. When predicting, every neuron is live.
import { SIZES } from '../core.js';

const { side: SIDE, pixels: PIXELS } = SIZES;


const MAX_SHOWN = 120;
const KEPT = [0, 114, 178]; // #0072B2
const W = 640;
const H = 300;

export function createNetworkView(canvas, caption) {
  const ctx = canvas.getContext('2d');
  const imageCanvas = document.createElement('canvas');
  imageCanvas.width = SIDE;
  imageCanvas.height = SIDE;

  /**
   * view: { image: Uint8Array(784), hidden, output, mask (null = all live), source:
   * 'training' | 'drawing', index?, label?, keep? }
   */
  function draw(view) {
    ctx.clearRect(0, 0, W, H);
    const { hidden, output } = view;
    const n = Math.min(hidden.length, MAX_SHOWN);
    const rows = Math.min(n, 20);
    const cols = Math.ceil(n / rows);
    const gapY = (H - 30) / rows;
    const gapX = Math.min(28, 200 / cols);
    const radius = Math.max(2.5, Math.min(8, gapY / 2 - 1.5, gapX / 2 - 1.5));
    const left = 300 - ((cols - 1) * gapX) / 2;
    const at = (h) => [left + Math.floor(h / rows) * gapX, 20 + (h % rows) * gapY + gapY / 2];
    const live = (h) => !view.mask || view.mask[h] === 1;
    const peak = Math.max(1e-9, ...hidden.slice(0, n));
    const best = output.indexOf(Math.max(...output));

    // Input image.
    const pixels = imageCanvas.getContext('2d').createImageData(SIDE, SIDE);
    for (let i = 0; i < PIXELS; i += 1) pixels.data.set([view.image[i], view.image[i], view.image[i], 255], i * 4);
    imageCanvas.getContext('2d').putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageCanvas, 16, H / 2 - 56, 112, 112);
    ctx.fillStyle = '#5b6474';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(`input (${PIXELS})`, 36, H / 2 + 74);
    ctx.fillText(`hidden (${hidden.length}${n < hidden.length ? `, first ${n} shown` : ''})`, left - 20, 14);
    ctx.fillText('output', 548, 14);

    // Connections from live neurons only.
    ctx.strokeStyle = 'rgba(0, 114, 178, 0.10)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let h = 0; h < n; h += 1) {
      if (!live(h)) continue;
      const [x, y] = at(h);
      ctx.moveTo(128, H / 2);
      ctx.lineTo(x - radius, y);
      for (let k = 0; k < 10; k += 1) {
        ctx.moveTo(x + radius, y);
        ctx.lineTo(540, 30 + k * 26);
      }
    }
    ctx.stroke();

    // Hidden neurons.
    for (let h = 0; h < n; h += 1) {
      const [x, y] = at(h);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, Math.PI * 2);
      if (live(h)) {
        const t = Math.min(1, hidden[h] / peak);
        const mix = (c) => Math.round(255 + (c - 255) * t);
        ctx.fillStyle = `rgb(${mix(KEPT[0])}, ${mix(KEPT[1])}, ${mix(KEPT[2])})`;
        ctx.strokeStyle = '#0072B2';
        ctx.fill();
        ctx.stroke();
      } else {
        ctx.fillStyle = '#d4d7dd';
        ctx.strokeStyle = '#9aa1ad';
        ctx.fill();
        ctx.stroke();
        ctx.beginPath();
        const d = radius * 0.6;
        ctx.moveTo(x - d, y - d); ctx.lineTo(x + d, y + d);
        ctx.moveTo(x + d, y - d); ctx.lineTo(x - d, y + d);
        ctx.stroke();
      }
    }

    // Outputs as bars.
    for (let k = 0; k < 10; k += 1) {
      const y = 30 + k * 26;
      const value = Math.max(0, Math.min(1, output[k]));
      ctx.fillStyle = k === best ? '#0072B2' : '#9ec5e0';
      ctx.fillRect(560, y - 8, 60 * value, 16);
      ctx.strokeStyle = '#c9ced8';
      ctx.strokeRect(560, y - 8, 60, 16);
      ctx.fillStyle = k === best ? '#1d2330' : '#5b6474';
      ctx.font = k === best ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
      ctx.fillText(String(k), 544, y + 4);
    }

    const dropped = view.mask ? view.mask.filter((m) => m === 0).length : 0;
    let text;
    if (view.before) {
      text = `Training example 0 (a ${view.label}) through the untrained network: all ${hidden.length} hidden neurons live, output ${best}. Press Step to train on it${view.keep < 1 ? ' and see dropout switch neurons off' : ''}.`;
    } else if (view.source === 'drawing') {
      text = `Your drawing: predicting uses every neuron, all ${hidden.length} live (dropout only acts while training). The network says ${best}. Clear the pad to watch training examples again.`;
    } else if (view.mask) {
      text = `Training example ${view.index} (a ${view.label}): dropout switched off ${dropped} of ${hidden.length} hidden neurons (grey, crossed); the kept ones are scaled ×${+(1 / view.keep).toFixed(2)}. Output: ${best}.`;
    } else {
      text = `Training example ${view.index} (a ${view.label}): dropout is off, all ${hidden.length} hidden neurons are live. Output: ${best}.`;
    }
    caption.textContent = text;
    canvas.dataset.dropped = String(dropped);
    canvas.dataset.step = String(view.step ?? '');
    canvas.dataset.maskKey = view.mask ? Array.from(view.mask, (m) => (m ? 1 : 0)).join('') : '';
  }

  return { draw };
}
