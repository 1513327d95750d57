// Replay: small snapshots of one run, so a finished run can be looked at again as it was at
// iteration k. What is kept, per run:
//   - the curves' points (already kept by the curves view; nothing extra here);
//   - per test pass, the sample grid: 24 indices and predictions (48 bytes), plus each
//     distinct test image once (784 bytes);
//   - per test pass, the weight pictures at 8 bits a pixel (784 * hidden bytes), thinned
//     (every other one dropped) while they take more than PICTURE_BYTES;
//   - per test pass, the network view's example, the iteration's last: image 784 bytes,
//     hidden activations as float32 (4 * hidden), the ten outputs (40) and the dropout mask (hidden).
//   - the random start: its weight pictures, its grid and the untrained network's example.
// `bytes()` measures it all. However long the run, at most MAX_KEPT grids and examples
// are kept (thinned evenly, as the pictures are), so memory stays bounded.
//
// The replay stops where every view has a snapshot of the same moment (`stops()`): the
// random start, then each test pass whose weight pictures are kept. At a stop k the
// curves, the figures, the grid and the pictures are all "after iteration k", and the
// network view shows an example trained in iteration k.

const PICTURE_BYTES = 8 * 1024 * 1024;
const MAX_KEPT = 1000;

/** Every other item of a list, and always its last: an even thinning that keeps the end. */
const thin = (list) => list.filter((_, i) => i % 2 === 0 || i === list.length - 1);

export function createReplay() {
  let samples = []; // [{ iteration, mode, indices, labels, predictions, accuracy }]
  let images = new Map(); // test index -> Uint8Array(784)
  let pictures = []; // [{ iteration, picture }]
  let examples = new Map(); // iteration -> view
  let start = null; // { picture, example } of the untrained network
  let pixels = 784;

  const before = (list, k) => {
    let found = null;
    for (const item of list) { if (item.iteration <= k) found = item; else break; }
    return found;
  };

  return {
    reset() { samples = []; images = new Map(); pictures = []; examples = new Map(); start = null; },
    /** The weight pictures before any training (the run's first report): the random start. */
    addStart(picture) { start = { ...start, picture }; },
    /** Where the replay can stop: -1 (the random start, when kept), then the iterations with pictures. */
    stops: () => [...(start?.picture ? [-1] : []), ...pictures.map((p) => p.iteration)],
    /** New points from a progress report: their weight pictures and examples move here (`view(example)`: as the network view draws it). */
    addPoints(points, view) {
      for (const p of points) {
        if (p.example) {
          const v = view(p.example);
          examples.set(p.iteration, {
            ...v, image: Uint8Array.from(v.image), hidden: Float32Array.from(v.hidden),
            output: Float32Array.from(v.output), mask: v.mask ? Uint8Array.from(v.mask) : null,
          });
          delete p.example;
          if (examples.size > MAX_KEPT) examples = new Map(thin([...examples]));
        }
        if (!p.picture) continue;
        pictures.push({ iteration: p.iteration, picture: p.picture });
        delete p.picture;
        const size = () => pictures.reduce((n, q) => n + q.picture.data.byteLength + (q.picture.change?.byteLength ?? 0), 0);
        while (pictures.length > 2 && size() > PICTURE_BYTES) pictures = thin(pictures);
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
    /** The untrained network's example (the run's first report): the random start's view. */
    addStartExample(view) { start = { ...start, example: view }; },
    /** The grid at iteration k, in the shape samples.render takes, or null. */
    samplesAt(k) {
      const s = before(samples, k);
      if (!s) return null;
      const out = new Uint8Array(s.indices.length * pixels);
      s.indices.forEach((index, i) => out.set(images.get(index), i * pixels));
      return { ...s, indices: Array.from(s.indices), images: out };
    },
    pictureAt: (k) => (k < 0 ? (start?.picture ? { iteration: -1, picture: start.picture } : null) : before(pictures, k)),
    exampleAt(k) {
      if (k < 0) return start?.example ? { ...start.example, replay: true, iteration: -1 } : null;
      let best = null;
      for (const [iteration, view] of examples) if (iteration <= k && (!best || iteration > best.iteration)) best = { iteration, view };
      return best ? { ...best.view, replay: true, iteration: best.iteration } : null;
    },
    /** Bytes the snapshots take. */
    bytes() {
      let n = samples.length * 24 * 4;
      for (const image of images.values()) n += image.byteLength;
      const size = (picture) => picture.data.byteLength + (picture.change?.byteLength ?? 0);
      for (const { picture } of pictures) n += size(picture);
      if (start?.picture) n += size(start.picture);
      for (const v of examples.values()) n += v.image.byteLength + v.hidden.byteLength + v.output.byteLength + (v.mask?.byteLength ?? 0);
      return n;
    },
    counts: () => ({ samples: samples.length, pictures: pictures.length, examples: examples.size }),
  };
}
