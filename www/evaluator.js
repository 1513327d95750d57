// The evaluator worker, started by the training worker: it holds its own copy of the test
// set and scores weight snapshots, so the 10,000-image test passes run beside training
// instead of pausing it (as the native program does with a second thread). Speaks the
// evaluator vocabulary of protocol.js.
import init, { TestSet, sizes } from './pkg/reglab.js';
import { EvaluatorReply, EvaluatorRequest } from './protocol.js';

let tests = null;
let yours = null; // the learner's own digits as a second, small test set (or null)
let pixels = 0;
let labels = null; // every test label, read once per dataset
let order = null; // { seed, indices: Uint32Array } the current run's random order of the test set
const ready = init().then(() => { pixels = sizes().pixels; });

self.onmessage = async ({ data: request }) => {
  await ready;
  try {
    switch (request.kind) {
      case EvaluatorRequest.DATA:
        tests?.free();
        tests = new TestSet(request.images, request.labels);
        labels = Uint8Array.from({ length: tests.count() }, (_, i) => tests.label(i));
        order = null;
        return;
      case EvaluatorRequest.YOUR_DIGITS:
        yours?.free();
        yours = request.labels?.length ? TestSet.fromImages(request.images, request.labels) : null;
        return;
      case EvaluatorRequest.EVALUATE: {
        const [error, accuracy] = tests.evaluate(request.hidden, request.weights);
        self.postMessage({
          kind: EvaluatorReply.EVALUATED, id: request.id, error, accuracy,
          samples: samples(request.samples, accuracy), yours: scoreYours(request),
        });
        return;
      }
      default: throw new Error(`unknown evaluator request: ${request.kind}`);
    }
  } catch (failure) {
    self.postMessage({ kind: EvaluatorReply.FAILED, id: request.id, message: failure?.message ?? String(failure) });
  }
};

/** The learner's digits under the same weights, or undefined without any. */
function scoreYours({ hidden, weights }) {
  if (!yours) return undefined;
  const [error, accuracy] = yours.evaluate(hidden, weights);
  const predictions = yours.predictions(Uint32Array.from({ length: yours.count() }, (_, i) => i));
  return { error, accuracy, predictions };
}

/**
 * The grid's test digits: the most confident mistakes, or a random sample that tells the
 * truth. The sample follows one random order of the test set per run (`seed`): it takes the
 * first digits in that order the network gets right and the first it gets wrong, as many
 * of each as the test accuracy says (round(accuracy * count) right), so the ticks match the
 * test accuracy, and between test passes the same digits mostly stay on screen.
 */
function samples({ mode, count, seed = 1 }, accuracy) {
  const n = Math.min(count, tests.count());
  const indices = mode === 'mistakes' ? Uint32Array.from(tests.confident_mistakes(n)) : representative(n, seed, accuracy);
  const images = new Uint8Array(indices.length * pixels);
  indices.forEach((index, i) => images.set(tests.image(index), i * pixels));
  return {
    mode, indices, images,
    labels: Uint8Array.from(indices, (index) => tests.label(index)),
    predictions: tests.predictions(indices),
  };
}

/** `n` test indices, round(accuracy * n) of them predicted right, in the run's random order. */
function representative(n, seed, accuracy) {
  if (order?.seed !== seed) order = { seed, indices: shuffled(tests.count(), seed) };
  const predicted = tests.predictions(order.indices);
  let right = Math.round(Math.max(0, Math.min(1, accuracy ?? 0)) * n);
  let wrong = n - right;
  const chosen = [];
  for (let i = 0; i < order.indices.length && chosen.length < n; i += 1) {
    const index = order.indices[i];
    const ok = predicted[i] === labels[index];
    if (ok && right > 0) { chosen.push(index); right -= 1; }
    else if (!ok && wrong > 0) { chosen.push(index); wrong -= 1; }
  }
  // Too few right (or wrong) digits in the whole set: fill up in order.
  for (let i = 0; chosen.length < n && i < order.indices.length; i += 1) {
    if (!chosen.includes(order.indices[i])) chosen.push(order.indices[i]);
  }
  return Uint32Array.from(chosen);
}

/** 0..count-1 in a random order from a small seeded generator (mulberry32), Fisher-Yates. */
function shuffled(count, seed) {
  let state = (seed * 0x9E3779B9) >>> 0;
  const random = () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
