// The experiment panel: settings fields, mode, presets, run buttons and speed. It owns
// these elements only; it reports what the learner asked for through callbacks.

/** The book's three runs (the mini-batch one uses the correct averaged update). */
const BOOK = { seed: 1, trainSize: 1000, testEvery: 10, validation: 0, patience: 10 };
export const PRESETS = Object.freeze({
  plain: { ...BOOK, hidden: 40, alpha: 0.005, iterations: 350, batch: 1, keep: 1 },
  dropout: { ...BOOK, hidden: 100, alpha: 0.005, iterations: 300, batch: 1, keep: 0.5 },
  batch: { ...BOOK, hidden: 100, alpha: 0.001, iterations: 300, batch: 100, keep: 0.5 },
});

/** Steps per second for each speed-slider position; 0 = as fast as possible. */
export const SPEEDS = [1, 3, 10, 30, 100, 1000, 10000, 100000, 0];

const FIELDS = ['hidden', 'alpha', 'iterations', 'keep', 'batch', 'seed', 'trainSize', 'testEvery', 'validation', 'patience'];
const INTEGER = new Set(['hidden', 'iterations', 'batch', 'seed', 'trainSize', 'testEvery', 'validation', 'patience']);

export function modeOf(config) {
  if (config.batch > 1) return 'batch';
  return config.keep < 1 ? 'dropout' : 'plain';
}

/** Checks a config against the core's limits; returns a message, or '' when it is fine. */
export function validate(config, limits) {
  const rules = [
    ['hidden', 1, limits.maxHidden, 'Hidden units'],
    ['iterations', 1, limits.maxIterations, 'Iterations'],
    ['trainSize', 100, limits.trainCount, 'Training images'],
    ['batch', 1, config.trainSize, 'Batch size (at most the training images)'],
    ['testEvery', 1, limits.maxIterations, 'Test every'],
    ['validation', 0, limits.trainCount - config.trainSize, 'Validation images (the training images left after the training slice)'],
    ['patience', 1, limits.maxIterations, 'Patience'],
    ['seed', 0, 4294967295, 'Seed'],
  ];
  for (const [key, min, max, name] of rules) {
    const v = config[key];
    if (!Number.isInteger(v) || v < min || v > max) return [`${name} must be a whole number from ${min} to ${max}.`, key];
  }
  if (!(config.alpha > 0 && config.alpha <= limits.maxAlpha)) return [`Learning rate must be above 0 and at most ${limits.maxAlpha}.`, 'alpha'];
  if (!(config.keep > 0 && config.keep <= 1)) return ['Keep probability must be above 0 and at most 1 (1 = no dropout).', 'keep'];
  return ['', null];
}

export function createControls(doc, handlers) {
  const el = (id) => doc.getElementById(id);
  const inputs = Object.fromEntries(FIELDS.map((key) => [key, el(key)]));
  const message = el('config-message');
  const trainButton = el('train');
  const buttons = [trainButton, el('step'), el('step-iteration'), el('reset'), el('save-model'), el('load-model')];
  const speed = el('speed');
  const speedLabel = el('speed-label');
  let limits = null;
  let running = false;

  const read = () => Object.fromEntries(FIELDS.map((key) => {
    const raw = inputs[key].value.trim();
    const value = raw === '' ? NaN : Number(raw);
    return [key, INTEGER.has(key) && Number.isFinite(value) && !Number.isInteger(value) ? NaN : value];
  }));

  function write(config) {
    for (const key of FIELDS) inputs[key].value = String(config[key]);
    const mode = modeOf(config);
    doc.querySelector(`input[name="mode"][value="${mode}"]`).checked = true;
    showModeFields(mode);
  }

  function showModeFields(mode) {
    inputs.keep.disabled = mode === 'plain';
    inputs.batch.disabled = mode !== 'batch';
  }

  function submit() {
    const config = read();
    const [problem, field] = validate(config, limits);
    for (const key of FIELDS) inputs[key].setAttribute('aria-invalid', String(key === field));
    message.textContent = problem;
    if (!problem) handlers.configure(config);
  }

  for (const key of FIELDS) inputs[key].addEventListener('change', submit);
  for (const radio of doc.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', () => {
      const config = read();
      if (radio.value === 'plain') Object.assign(config, { keep: 1, batch: 1 });
      if (radio.value === 'dropout') Object.assign(config, { keep: config.keep < 1 ? config.keep : 0.5, batch: 1 });
      if (radio.value === 'batch') Object.assign(config, { batch: config.batch > 1 ? config.batch : 100 });
      write(config);
      showModeFields(radio.value);
      submit();
    });
  }
  for (const button of doc.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => { write(PRESETS[button.dataset.preset]); submit(); });
  }
  trainButton.addEventListener('click', () => (running ? handlers.pause() : handlers.train()));
  el('step').addEventListener('click', () => handlers.step('step'));
  el('step-iteration').addEventListener('click', () => handlers.step('iteration'));
  el('reset').addEventListener('click', () => handlers.reset());
  el('save-model').addEventListener('click', () => handlers.saveModel());
  el('load-model').addEventListener('click', () => el('model-file').click());
  el('model-file').addEventListener('change', (event) => {
    const [file] = event.target.files;
    event.target.value = '';
    if (file) handlers.loadModel(file);
  });
  const showSpeed = () => {
    const s = SPEEDS[Number(speed.value)];
    speedLabel.textContent = s === 0 ? 'full speed' : `${s.toLocaleString('en')} step${s === 1 ? '' : 's'}/s`;
    return s;
  };
  speed.addEventListener('input', () => handlers.speed(showSpeed()));
  showSpeed();

  return {
    setLimits(next) { limits = next; inputs.hidden.max = next.maxHidden; inputs.iterations.max = next.maxIterations; inputs.trainSize.max = next.trainCount; },
    setConfig: write,
    setEnabled(enabled) { for (const b of buttons) b.disabled = !enabled; },
    setRunning(next, finished) {
      running = next;
      trainButton.textContent = next ? 'Pause' : finished ? 'Done' : 'Train';
      trainButton.disabled = finished && !next;
      el('step').disabled = finished;
      el('step-iteration').disabled = finished;
    },
    speed: () => SPEEDS[Number(speed.value)],
    speedPosition: () => Number(speed.value),
    setSpeedPosition(position) { speed.value = String(position); showSpeed(); },
  };
}
