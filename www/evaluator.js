// The evaluator worker, started by the training worker: it holds its own copy of the test
// set and scores weight snapshots, so the 10,000-image test passes run beside training
// instead of pausing it (as the native program does with a second thread).
// Messages (training worker -> evaluator): { kind: 'data', images, labels } once, then
// { kind: 'evaluate', id, hidden, weights, samples: { mode, count } }. Replies: { id, error,
// accuracy, samples } in request order, or { id, failure } when something went wrong.
import init, { TestSet } from './pkg/reglab.js';

let tests = null;
const ready = init();

self.onmessage = async ({ data: request }) => {
  await ready;
  try {
    if (request.kind === 'data') {
      tests?.free();
      tests = new TestSet(request.images, request.labels);
      return;
    }
    if (request.kind !== 'evaluate') throw new Error(`unknown evaluator request: ${request.kind}`);
    const [error, accuracy] = tests.evaluate(request.hidden, request.weights);
    self.postMessage({ id: request.id, error, accuracy, samples: samples(request.samples) });
  } catch (failure) {
    self.postMessage({ id: request.id, failure: failure?.message ?? String(failure) });
  }
};

/** The grid's test digits: a fixed spread, or the most confident mistakes. */
function samples({ mode, count }) {
  const n = Math.min(count, tests.count());
  const indices = mode === 'mistakes'
    ? Uint32Array.from(tests.confident_mistakes(n))
    : Uint32Array.from({ length: n }, (_, i) => (i * 409) % tests.count());
  const images = new Uint8Array(indices.length * 784);
  indices.forEach((index, i) => images.set(tests.image(index), i * 784));
  return {
    mode, indices, images,
    labels: Uint8Array.from(indices, (index) => tests.label(index)),
    predictions: tests.predictions(indices),
  };
}
