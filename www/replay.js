// Replay: small snapshots of one run, so a finished run can be looked at again as it was at
// iteration k. What is kept, per run:
//   - the curves' points (already kept by the curves view; nothing extra here);
//   - per test pass, the sample grid: 24 indices and predictions (48 bytes), plus each
//     distinct test image once (784 bytes);
//   - per test pass, the weight pictures at 8 bits a pixel (784 * hidden bytes), thinned to
//     at most MAX_PICTURES by dropping every other one;
//   - per iteration, the network view's last example: image 784 bytes, hidden activations
//     as float32 (4 * hidden), the ten outputs (40) and the dropout mask (hidden).
// `bytes()` measures it all. However long the run, at most MAX_KEPT grids and examples
// are kept (thinned evenly, as the pictures are), so memory stays bounded.

const MAX_PICTURES = 24;
const MAX_KEPT = 1000;

/** Every other item of a list, and always its last: an even thinning that keeps the end. */
const thin = (list) => list.filter((_, i) => i % 2 === 0 || i === list.length - 1);

export function createReplay() {
  let samples = []; // [{ iteration, mode, indices, labels, predictions, accuracy }]
  let images = new Map(); // test index -> Uint8Array(784)
  let pictures = []; // [{ iteration, picture }]
  let examples = new Map(); // iteration -> view
  let pixels = 784;

  const before = (list, k) => {
    let found = null;
    for (const item of list) { if (item.iteration <= k) found = item; else break; }
    return found;
  };

  return {
    reset() { samples = []; images = new Map(); pictures = []; examples = new Map(); },
    /** New points from a progress report: their weight pictures move here. */
    addPoints(points) {
      for (const p of points) {
        if (!p.picture) continue;
        pictures.push({ iteration: p.iteration, picture: p.picture });
        delete p.picture;
        if (pictures.length > MAX_PICTURES) pictures = thin(pictures);
      }
    },
    /** A sample grid as measured after iteration `iteration` (-1: the untrained network). */
    addSamples(iteration, grid, accuracy) {
      if (grid.mode !== 'sample') return;
      pixels = grid.images.length / Math.max(1, grid.indices.length);
      grid.indices.forEach((index, i) => {
        if (!images.has(index)) images.set(index, grid.images.slice(i * pixels, (i + 1) * pixels));
      });
      const entry = { iteration, mode: grid.mode, indices: Uint16Array.from(grid.indices), labels: grid.labels, predictions: grid.predictions, accuracy };
      if (samples.at(-1)?.iteration === iteration) samples[samples.length - 1] = entry;
      else samples.push(entry);
      if (samples.length > MAX_KEPT) samples = thin(samples);
    },
    /** The network view's example after iteration `iteration` (the last one kept). */
    addExample(iteration, view) {
      if (view.source !== 'training' || view.before) return;
      examples.set(iteration, {
        ...view,
        image: Uint8Array.from(view.image),
        hidden: Float32Array.from(view.hidden),
        output: Float32Array.from(view.output),
        mask: view.mask ? Uint8Array.from(view.mask) : null,
      });
      if (examples.size > MAX_KEPT) examples = new Map(thin([...examples]));
    },
    /** The grid at iteration k, in the shape samples.render takes, or null. */
    samplesAt(k) {
      const s = before(samples, k);
      if (!s) return null;
      const out = new Uint8Array(s.indices.length * pixels);
      s.indices.forEach((index, i) => out.set(images.get(index), i * pixels));
      return { ...s, indices: Array.from(s.indices), images: out };
    },
    pictureAt: (k) => before(pictures, k),
    exampleAt(k) {
      let best = null;
      for (const [iteration, view] of examples) if (iteration <= k && (!best || iteration > best.iteration)) best = { iteration, view };
      return best ? { ...best.view, replay: true, iteration: best.iteration } : null;
    },
    /** Bytes the snapshots take. */
    bytes() {
      let n = samples.length * 24 * 4;
      for (const image of images.values()) n += image.byteLength;
      for (const { picture } of pictures) n += picture.data.byteLength;
      for (const v of examples.values()) n += v.image.byteLength + v.hidden.byteLength + v.output.byteLength + (v.mask?.byteLength ?? 0);
      return n;
    },
    counts: () => ({ samples: samples.length, pictures: pictures.length, examples: examples.size }),
  };
}
