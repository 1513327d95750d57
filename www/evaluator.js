// The evaluator worker, started by the training worker: it holds its own copy of the test
// set and scores weight snapshots, so the 10,000-image test passes run beside training
// instead of pausing it (as the native program does with a second thread). Speaks the
// evaluator vocabulary of protocol.js.
import init, { TestSet, sizes } from './pkg/reglab.js';
import { EvaluatorReply, EvaluatorRequest } from './protocol.js';

let tests = null;
let pixels = 0;
const ready = init().then(() => { pixels = sizes().pixels; });

self.onmessage = async ({ data: request }) => {
  await ready;
  try {
    switch (request.kind) {
      case EvaluatorRequest.DATA:
        tests?.free();
        tests = new TestSet(request.images, request.labels);
        return;
      case EvaluatorRequest.EVALUATE: {
        const [error, accuracy] = tests.evaluate(request.hidden, request.weights);
        self.postMessage({ kind: EvaluatorReply.EVALUATED, id: request.id, error, accuracy, samples: samples(request.samples) });
        return;
      }
      default: throw new Error(`unknown evaluator request: ${request.kind}`);
    }
  } catch (failure) {
    self.postMessage({ kind: EvaluatorReply.FAILED, id: request.id, message: failure?.message ?? String(failure) });
  }
};

/** The grid's test digits: a fixed spread, or the most confident mistakes. */
function samples({ mode, count }) {
  const n = Math.min(count, tests.count());
  const indices = mode === 'mistakes'
    ? Uint32Array.from(tests.confident_mistakes(n))
    : Uint32Array.from({ length: n }, (_, i) => (i * 409) % tests.count());
  const images = new Uint8Array(indices.length * pixels);
  indices.forEach((index, i) => images.set(tests.image(index), i * pixels));
  return {
    mode, indices, images,
    labels: Uint8Array.from(indices, (index) => tests.label(index)),
    predictions: tests.predictions(indices),
  };
}
