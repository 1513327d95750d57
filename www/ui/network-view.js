// The dropout visualizer: input image -> ONE hidden layer -> ten outputs. The hidden layer
// is drawn as one column at every width: a circle per neuron while they fit, a stack of
// thin cells beyond that. Fill shows activation (white = 0, full blue = the most active
// neuron for this example); during training the neurons the dropout mask switched off are
// grey. When predicting, every neuron is live. Drawn in CSS pixels on a backing store
// sized by the pixel ratio (canvas-fit.js), with its legend in HTML below.
import { SIZES } from '../core.js';
import { fitCanvas, onResize } from './canvas-fit.js';

const { side: SIDE, pixels: PIXELS } = SIZES;

const KEPT = [0, 114, 178]; // #0072B2
const GREY = '#c4c8d0';

export function createNetworkView(canvas, caption) {
  const ctx = canvas.getContext('2d');
  const imageCanvas = document.createElement('canvas');
  imageCanvas.width = SIDE;
  imageCanvas.height = SIDE;
  const pixels = new ImageData(SIDE, SIDE); // the input image's, reused by every draw
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.innerHTML = '<span class="legend-item"><span class="dot" style="background:#0072B2"></span>active (darker = stronger)</span>'
    + '<span class="legend-item"><span class="dot" style="background:#fff"></span>silent (0)</span>'
    + '<span class="legend-item"><span class="dot" style="background:#c4c8d0"></span>switched off by dropout for this example</span>';
  canvas.after(legend);
  let last = null;
  onResize([canvas], () => { if (last) draw(last); });

  /**
   * view: { image: Uint8Array(784), hidden, output, mask (null = all live), source:
   * 'training' | 'drawing', model?: 'run' | 'drawing' (which network read a drawing), index?, label?, keep? }
   */
  function draw(view) {
    last = view;
    const narrow = canvas.clientWidth < 480;
    const { width: W, height: H, scale } = fitCanvas(canvas, narrow ? 0.75 : 0.3, 230);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const { hidden, output } = view;
    const n = hidden.length;
    const top = 30;
    const bottom = H - 12;
    const img = Math.min(112, W * 0.22, H - 70);
    const inX = 10;
    const colX = Math.round(W * 0.47);
    const barX = W - Math.min(90, W * 0.2);
    const barW = W - barX - 8;
    const pitch = (bottom - top) / n;
    const round = pitch >= 5;
    const radius = round ? Math.min(7, pitch / 2 - 0.6) : 0;
    const cellW = 18;
    const at = (h) => top + (h + 0.5) * pitch;
    const live = (h) => !view.mask || view.mask[h] === 1;
    let peak = 1e-9;
    for (let h = 0; h < n; h += 1) peak = Math.max(peak, hidden[h]);
    const best = output.indexOf(Math.max(...output));
    const outPitch = (bottom - top) / 10;
    const outY = (k) => top + (k + 0.5) * outPitch;

    // Input image.
    // Written in place: an array per pixel was 12,000 a second for the garbage collector.
    const rgba = pixels.data;
    for (let i = 0; i < PIXELS; i += 1) {
      rgba.fill(view.image[i], i * 4, i * 4 + 3);
      rgba[i * 4 + 3] = 255;
    }
    imageCanvas.getContext('2d').putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const imgY = (H - img) / 2;
    ctx.drawImage(imageCanvas, inX, imgY, img, img);
    ctx.fillStyle = '#5b6474';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(`input (${PIXELS})`, inX, imgY + img + 16);
    ctx.textAlign = 'center';
    ctx.fillText(`hidden layer (${n})`, colX, 16);
    ctx.fillText('output', barX + barW / 2 - 8, 16);
    ctx.textAlign = 'left';

    // Connections from live neurons only: input -> neuron -> each output.
    const half = round ? radius : cellW / 2;
    ctx.strokeStyle = `rgba(0, 114, 178, ${n > 60 ? 0.05 : 0.1})`;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let h = 0; h < n; h += 1) {
      if (!live(h)) continue;
      const y = at(h);
      ctx.moveTo(inX + img, H / 2);
      ctx.lineTo(colX - half, y);
      for (let k = 0; k < 10; k += 1) {
        ctx.moveTo(colX + half, y);
        ctx.lineTo(barX - 16, outY(k));
      }
    }
    ctx.stroke();

    // The hidden layer: one column.
    for (let h = 0; h < n; h += 1) {
      const y = at(h);
      let fill = GREY;
      if (live(h)) {
        const t = Math.min(1, Math.max(0, hidden[h]) / peak);
        const mix = (c) => Math.round(255 + (c - 255) * t);
        fill = `rgb(${mix(KEPT[0])}, ${mix(KEPT[1])}, ${mix(KEPT[2])})`;
      }
      ctx.fillStyle = fill;
      if (round) {
        ctx.beginPath();
        ctx.arc(colX, y, radius, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = live(h) ? '#0072B2' : '#9aa1ad';
        ctx.stroke();
      } else {
        ctx.fillRect(colX - cellW / 2, y - pitch / 2, cellW, Math.max(0.5, pitch - (pitch > 2 ? 0.6 : 0)));
      }
    }
    if (!round) {
      ctx.strokeStyle = '#0072B2';
      ctx.strokeRect(colX - cellW / 2 - 0.5, top - 0.5, cellW + 1, bottom - top + 1);
    }

    // Outputs as bars.
    for (let k = 0; k < 10; k += 1) {
      const y = outY(k);
      const value = Math.max(0, Math.min(1, output[k]));
      const barH = Math.min(16, outPitch - 4);
      ctx.fillStyle = k === best ? '#0072B2' : '#9ec5e0';
      ctx.fillRect(barX, y - barH / 2, barW * value, barH);
      ctx.strokeStyle = '#c9ced8';
      ctx.strokeRect(barX, y - barH / 2, barW, barH);
      ctx.fillStyle = k === best ? '#1d2330' : '#5b6474';
      ctx.font = k === best ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
      ctx.fillText(String(k), barX - 13, y + 4);
    }

    const dropped = view.mask ? view.mask.filter((m) => m === 0).length : 0;
    let text;
    const when = view.replay ? `In iteration ${view.iteration}: ` : '';
    if (view.before && view.replay) {
      text = `At the random start: training example 0 (a ${view.label}) through the untrained network: all ${n} hidden neurons live, output ${best}.`;
    } else if (view.before) {
      text = `Training example 0 (a ${view.label}) through the untrained network: all ${n} hidden neurons live, output ${best}. Press Step to train on it${view.keep < 1 ? ' and see dropout switch neurons off' : ''}.`;
    } else if (view.source === 'drawing' && view.model === 'drawing') {
      text = `Your drawing through the drawing model (784-${n}-10, not your run's network): all ${n} hidden neurons live. It says ${best}. Clear the pad to watch your run train again.`;
    } else if (view.source === 'drawing') {
      text = `Your drawing: predicting uses every neuron, all ${n} live (dropout only acts while training). The network says ${best}. Clear the pad to watch training examples again.`;
    } else if (view.mask) {
      text = `${when}training example ${view.index} (a ${view.label}): dropout switched off ${dropped} of ${n} hidden neurons (grey); the kept ones are scaled ×${+(1 / view.keep).toFixed(2)}. Output: ${best}.`;
    } else {
      text = `${when}training example ${view.index} (a ${view.label}): dropout is off, all ${n} hidden neurons are live. Output: ${best}.`;
    }
    caption.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    canvas.dataset.dropped = String(dropped);
    canvas.dataset.step = String(view.step ?? '');
    canvas.dataset.maskKey = view.mask ? Array.from(view.mask, (m) => (m ? 1 : 0)).join('') : '';
  }

  return { draw };
}
