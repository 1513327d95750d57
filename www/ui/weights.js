// Weight pictures: each hidden neuron's 784 incoming weights as a 28x28 image, blue for
// positive and orange for negative, scaled per neuron. Two panes side by side, each showing
// any run: this run (live, or as it was at a replayed iteration) or a finished run. Every
// neuron is drawn; the grid scrolls, and a line says how many there are. Pictures are kept
// as 8 bits a pixel (weight / the neuron's largest magnitude * 127), as the worker sends
// them for replay: { hidden, data: Int8Array(784 * hidden), change } in w01's layout, where
// `change` is each weight minus its random start: what training changed, which shows
// the broad strokes learned first and the speckle added later, with the start's own
// random noise taken away.
import { SIZES } from '../core.js';

const { side: SIDE, pixels: PIXELS } = SIZES;
const KEEP = 6; // finished runs to choose from
const POSITIVE = [0, 114, 178]; // #0072B2
const NEGATIVE = [230, 159, 0]; // #E69F00

function paint(grid, count, picture, what, changes) {
  const { hidden } = picture;
  const data = changes && picture.change ? picture.change : picture.data;
  if (grid.children.length !== hidden) {
    grid.replaceChildren(...Array.from({ length: hidden }, (_, h) => {
      const canvas = document.createElement('canvas');
      canvas.width = SIDE;
      canvas.height = SIDE;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Incoming weights of hidden neuron ${h + 1}`);
      return canvas;
    }));
    grid.dataset.neurons = String(hidden);
  }
  // One pixel buffer for every neuron (putImageData copies it), written in place, with
  // nothing allocated per pixel (an array, or destructuring one, was megabytes a second
  // of garbage collected on the main thread).
  const image = new ImageData(SIDE, SIDE);
  const rgba = image.data;
  [...grid.children].forEach((canvas, h) => {
    for (let p = 0; p < PIXELS; p += 1) {
      const t = data[p * hidden + h] / 127;
      const color = t >= 0 ? POSITIVE : NEGATIVE;
      const a = Math.abs(t);
      for (let c = 0; c < 3; c += 1) rgba[p * 4 + c] = 255 + (color[c] - 255) * a;
      rgba[p * 4 + 3] = 255;
    }
    canvas.getContext('2d').putImageData(image, 0, 0);
  });
  const shown = data === picture.change ? ', what training changed' : '';
  count.textContent = `${what}${shown}: all ${hidden} neurons${hidden > 16 ? ' (scroll to see them all)' : ''}.`;
  grid.dataset.version = String(Number(grid.dataset.version ?? 0) + 1);
}

export function createWeights(doc) {
  const $ = (id) => doc.getElementById(id);
  const panes = [
    { select: $('weight-left'), grid: $('weight-grid'), count: $('weight-left-count'), choice: 'live', items: '' },
    { select: $('weight-right'), grid: $('weight-previous'), count: $('weight-right-count'), choice: null, items: '' },
  ];
  let live = null; // this run's newest picture
  let liveTitle = 'This run';
  let finished = []; // [{ id, title, picture }]
  let ids = 0;
  let replayed = null; // { picture, title } while the replay shows this run as it was
  const changes = () => $('weight-change')?.checked ?? false;

  function options() {
    for (const pane of panes) {
      const items = [['live', liveTitle], ...finished.map((f) => [String(f.id), f.title])].reverse();
      // Called on every new picture: the list is rebuilt only when it changed.
      const key = JSON.stringify(items);
      if (pane.items !== key) {
        pane.items = key;
        pane.select.replaceChildren(...items.map(([value, text]) => Object.assign(doc.createElement('option'), { value, textContent: text })));
      }
      if (pane.choice === null || !items.some(([v]) => v === pane.choice)) pane.choice = 'live';
      pane.select.value = pane.choice;
    }
  }

  function show(pane) {
    const entry = pane.choice === 'live' ? { picture: live, title: liveTitle } : finished.find((f) => String(f.id) === pane.choice);
    if (entry?.picture) paint(pane.grid, pane.count, entry.picture, entry.title, changes());
    else { pane.grid.replaceChildren(); pane.count.textContent = 'Nothing to show yet.'; }
  }

  for (const pane of panes) {
    pane.select.addEventListener('change', () => { pane.choice = pane.select.value; show(pane); });
  }
  $('weight-change')?.addEventListener('change', () => {
    for (const pane of panes) {
      if (pane.choice === 'live' && replayed) paint(pane.grid, pane.count, replayed.picture, replayed.title, changes());
      else show(pane);
    }
  });
  options();
  show(panes[0]);
  show(panes[1]);

  return {
    /** A finished run's final pictures join the list; the right pane shows the run before it. */
    keep(title) {
      if (!live) return;
      ids += 1;
      const previous = finished.at(-1);
      finished = [...finished, { id: ids, title, picture: live }].slice(-KEEP);
      panes[1].choice = previous ? String(previous.id) : String(ids);
      liveTitle = `This run: ${title}`;
      options();
      show(panes[1]);
    },
    /** This run's newest weights, as an 8-bit picture (the worker makes it). */
    render(picture) {
      live = picture;
      options();
      if (replayed) return; // the replay holds the left pane until it is back at the end
      for (const pane of panes) if (pane.choice === 'live') show(pane);
    },
    /** Replay: this run's pictures as they were (an 8-bit picture), under `title`. */
    showPicture(picture, title) {
      replayed = { picture, title };
      for (const pane of panes) {
        if (pane.choice !== 'live') continue;
        paint(pane.grid, pane.count, picture, title, changes());
      }
    },
    /** Shows what training changed (true) or the weights themselves. */
    showChanges(on) {
      const box = $('weight-change');
      if (box && box.checked !== on) { box.checked = on; box.dispatchEvent(new Event('change')); }
    },
    /** A new run starts: its pictures are "this run" again. */
    reset() { liveTitle = 'This run'; },
    /** Back from replay: this run's newest pictures. */
    showLive() { replayed = null; for (const pane of panes) if (pane.choice === 'live') show(pane); },
    /** Bytes the kept pictures take. */
    bytes: () => finished.reduce((n, f) => n + f.picture.data.byteLength + (f.picture.change?.byteLength ?? 0), 0),
  };
}
