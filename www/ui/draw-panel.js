// The "Draw a digit" panel: the pad (strokes, rendered like MNIST by the wasm core), the
// 28x28 preview beside training images of the predicted digit, the ten outputs as bars
// with their values as text, "pick a test digit", and which network answers: the ready
// drawing model (the default) or the learner's run. Asks for predictions through `predict`.
import { SIZES } from '../core.js';
import { createDrawPad } from './drawpad.js';
import { drawDigit } from './samples.js';

const { side: SIDE, pixels: PIXELS } = SIZES;
const EXAMPLES_PER_DIGIT = 3;

/**
 * `preprocess(points)` -> 784 bytes or undefined; `predict(pixels, model)`;
 * `pickTest()` asks for a test digit; `cleared()` runs when the pad is emptied.
 */
export function createDrawPanel(doc, { preprocess, predict, pickTest, cleared }) {
  const $ = (id) => doc.getElementById(id);
  let image = null; // the bytes the network sees (28x28), or null
  let caption = ''; // what the image is: '' for a drawing, 'test digit #i (a 7)' for a test digit
  let lastAsked = 0;
  let asked = 0; // predictions asked for, and answers shown (a stale answer is not shown)
  let answered = 0;
  let model = 'drawing'; // which network answers: 'drawing' | 'run'
  let drawingInfo = null; // the drawing model's figures once loaded; { error } if it failed
  let runLabel = 'the network of your run';
  let runSoftmax = false; // the run's outputs are softmax probabilities (the drawing model's always are)
  let examples = null; // Uint8Array(10 * 3 * 784) of training images, or null (not MNIST)

  const pad = createDrawPad($('pad'), (points) => {
    const bytes = points ? preprocess(points) : undefined;
    show(bytes ?? null, '');
  });
  $('clear').addEventListener('click', () => pad.clear());
  $('pick-test').addEventListener('click', () => pickTest());
  for (const radio of doc.querySelectorAll('input[name="draw-model"]')) {
    radio.addEventListener('change', () => { if (radio.checked) use(radio.value); });
  }

  function show(bytes, what) {
    image = bytes;
    caption = what;
    if (!image) {
      $('preview').getContext('2d').clearRect(0, 0, SIDE, SIDE);
      $('bars').replaceChildren();
      $('bars-caption').textContent = '';
      $('draw-examples').hidden = true;
      $('draw-answer').textContent = 'Draw a digit.';
      cleared();
      return;
    }
    drawDigit($('preview'), image);
    ask(true);
  }

  function use(which) {
    model = which === 'run' ? 'run' : 'drawing';
    for (const radio of doc.querySelectorAll('input[name="draw-model"]')) radio.checked = radio.value === model;
    describeModel();
    ask(true);
  }

  function describeModel() {
    const text = $('draw-model-status');
    if (model === 'run') {
      text.textContent = `Using ${runLabel}.`;
    } else if (!drawingInfo) {
      text.textContent = 'Loading the drawing model…';
    } else if (drawingInfo.error) {
      text.textContent = `The drawing model could not be loaded (${drawingInfo.error}); the network of your run answers instead.`;
    } else {
      const { trainImages, testAccuracy } = drawingInfo;
      const accuracy = Number.isFinite(testAccuracy) ? `, test accuracy ${testAccuracy.toFixed(2)}` : '';
      text.textContent = `Drawing model: trained on ${trainImages.toLocaleString('en')} images${accuracy}. Ready.`;
    }
  }
  describeModel();

  /** Asks for a prediction of the image; unless `now`, at most 4 times a second. */
  function ask(now) {
    const t = performance.now();
    if (!image || (!now && t - lastAsked < 250)) return;
    if (model === 'drawing' && !drawingInfo) return; // asked again once it is loaded
    lastAsked = t;
    asked += 1;
    $('bars').dataset.asked = String(asked); // with data-answered: tests know the answer is current
    predict(image, model === 'drawing' && !drawingInfo.error ? 'drawing' : 'run');
  }

  function showExamples(digit) {
    const box = $('draw-examples');
    if (!examples) { box.hidden = true; return; }
    box.hidden = false;
    $('draw-examples-caption').textContent = `Training images of a ${digit}`;
    const canvases = box.querySelectorAll('canvas');
    canvases.forEach((canvas, i) => {
      drawDigit(canvas, examples, (digit * EXAMPLES_PER_DIGIT + i) * PIXELS);
      canvas.setAttribute('aria-label', `A training image of a ${digit}`);
    });
  }

  return {
    image: () => image,
    /** Empties the pad, as its Clear button does. */
    clear: () => pad.clear(),
    ask,
    /** The ready drawing model's MNIST test accuracy, once loaded (else undefined). */
    drawingTestAccuracy: () => drawingInfo?.testAccuracy,
    /** The drawing model's figures from the worker, or { error }. */
    drawingModel(info) {
      drawingInfo = info;
      describeModel();
      ask(true);
    },
    /** How the learner's run is called ("a 784-100-10 network, 3 iterations"). */
    setRunLabel(label, softmax = false) {
      runLabel = label;
      runSoftmax = softmax;
      if (model === 'run') describeModel();
    },
    /** Training images by digit (see protocol.js `loaded`), or null when the data is not MNIST. */
    setExamples(bytes) { examples = bytes?.length === 10 * EXAMPLES_PER_DIGIT * PIXELS ? bytes : null; },
    /** A test digit instead of a drawing. */
    showTestDigit({ index, label, image: bytes }) {
      pad.clear();
      show(bytes, `test digit #${index} (labelled ${label})`);
    },
    /** The ten outputs of `from` ('run' | 'drawing'); false when they are stale. */
    showOutputs(output, from) {
      const expected = model === 'drawing' && drawingInfo && !drawingInfo.error ? 'drawing' : 'run';
      if (!image || from !== expected) return false;
      answered += 1;
      const best = output.indexOf(Math.max(...output));
      $('bars').replaceChildren(...Array.from(output, (value, digit) => {
        const bar = doc.createElement('li');
        bar.className = digit === best ? 'bar best' : 'bar';
        const number = doc.createElement('span');
        number.className = 'value';
        number.textContent = value.toFixed(2);
        const fill = doc.createElement('span');
        fill.className = 'fill';
        fill.setAttribute('aria-hidden', 'true');
        fill.style.height = `${Math.round(Math.max(0, Math.min(1, value)) * 70)}%`;
        const label = doc.createElement('span');
        label.className = 'digit';
        label.textContent = String(digit);
        bar.setAttribute('aria-label', `${digit}: ${value.toFixed(3)}`);
        bar.title = `${digit}: ${value.toFixed(3)}`;
        bar.append(number, fill, label);
        return bar;
      }));
      // What the numbers are: a book network's outputs are not probabilities, and can be negative.
      $('bars-caption').textContent = expected === 'drawing' || runSoftmax
        ? 'Softmax outputs: the chance the network gives each digit; they add up to 1.'
        : 'Raw outputs, one per digit: trained toward 1 for the right digit and 0 for the others, so they can fall below 0 or rise above 1. The highest is the answer.';
      const who = expected === 'drawing' ? 'The drawing model says' : 'The network says';
      $('draw-answer').textContent = `${who}: ${best}${caption ? ` — for ${caption}` : ''}`;
      showExamples(best);
      $('bars').dataset.answered = String(answered);
      return true;
    },
  };
}
