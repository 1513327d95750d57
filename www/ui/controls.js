// The experiment panel: one field per row of the core's settings table, the book's
// presets, run buttons and speed. It owns these elements only; it reports what the
// learner asked for through callbacks, and only settings the core accepts.
import { PRESETS, SETTINGS, problemsOf } from '../core.js';

/** Steps per second for each speed-slider position; 0 = as fast as possible. */
export const SPEEDS = [1, 3, 10, 30, 100, 1000, 10000, 100000, 0];

/**
 * A row of the settings table as a field: its label and input (a checkbox for a switch),
 * and a "?" button that shows the row's help under it. A title alone is never seen on a
 * phone or from the keyboard; the input is described by the help, shown or not.
 */
function field(doc, row) {
  const wrap = doc.createElement('div');
  wrap.className = `field${row.kind === 'switch' ? ' switch-field' : ''}`;
  const label = doc.createElement('label');
  const input = doc.createElement('input');
  const helpText = `${row.help} (${row.range})`;
  Object.assign(input, { id: row.name, title: helpText });
  input.setAttribute('aria-describedby', `${row.name}-help`);
  const name = doc.createElement('span');
  Object.assign(name, { id: `${row.name}-label`, textContent: row.label });
  if (row.kind === 'switch') {
    input.type = 'checkbox';
    label.className = 'switch';
    label.append(input, ' ', name);
  } else {
    input.type = 'number';
    input.step = row.kind === 'int' ? '1' : 'any';
    input.inputMode = row.kind === 'int' ? 'numeric' : 'decimal';
    input.min = String(row.min);
    input.max = String(row.max);
    label.append(name, ' ', input);
  }
  const help = doc.createElement('p');
  Object.assign(help, { id: `${row.name}-help`, className: 'field-help', textContent: helpText, hidden: true });
  // One name for every such button, and the field's label as its description: a name
  // like "What is Training images?" would also answer to a search for the "Train" button
  // or for the field by its label.
  const toggle = doc.createElement('button');
  Object.assign(toggle, { type: 'button', className: 'help-toggle', textContent: '?' });
  toggle.setAttribute('aria-label', 'What is this?');
  toggle.setAttribute('aria-describedby', name.id);
  toggle.setAttribute('aria-controls', help.id);
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', () => {
    help.hidden = !help.hidden;
    toggle.setAttribute('aria-expanded', String(!help.hidden));
  });
  wrap.append(label, toggle, help);
  return wrap;
}

/** The options beyond the book's chapter, folded away until asked for. */
function beyondGroup(doc) {
  const details = doc.createElement('details');
  details.className = 'wide beyond';
  const summary = doc.createElement('summary');
  // Named from the table, so a new row beyond the book is listed here by itself.
  summary.textContent = `Beyond the book: ${SETTINGS.filter((row) => row.beyondBook).map((row) => row.label.toLowerCase()).join(', ')}`;
  const fields = doc.createElement('div');
  fields.className = 'fields';
  details.append(summary, fields);
  return details;
}

export function createControls(doc, handlers) {
  const el = (id) => doc.getElementById(id);
  const container = el('settings-fields');
  const beyond = beyondGroup(doc);
  container.append(beyond);
  const inputs = {};
  for (const row of SETTINGS) {
    const item = field(doc, row);
    if (row.beyondBook) beyond.lastChild.append(item);
    else container.insertBefore(item, container.querySelector('.wide'));
    inputs[row.name] = item.querySelector('input');
  }
  const labels = Object.fromEntries(SETTINGS.map((row) => [row.name, row.label]));
  const message = el('config-message');
  const trainButton = el('train');
  const speed = el('speed');
  const speedLabel = el('speed-label');
  let trainCount = 0; // training images there are, once the data is loaded
  let phase = 'loading'; // the run controller's (www/run-controller.js)
  let going = false; // a run goes, or will as soon as it is set up: the button pauses it
  let invalid = false;
  let lastConfig = null; // the settings last written or sent: a refused preset goes back to them
  let allows = () => []; // a link's rule (see restrict): the fixed settings a config would change
  const lockedButtons = new Set(); // ids a link locked: they stay disabled whatever the phase

  // An empty or non-numeric field reads as NaN, which the core refuses by name.
  const read = () => Object.fromEntries(SETTINGS.map(({ name, kind }) => {
    if (kind === 'switch') return [name, inputs[name].checked ? 1 : 0];
    const raw = inputs[name].value.trim();
    return [name, raw === '' ? NaN : Number(raw)];
  }));

  /** Shows a config in the fields; `write` also makes it the one a refused preset returns to. */
  function fill(config) {
    for (const { name, kind } of SETTINGS) {
      if (kind === 'switch') inputs[name].checked = config[name] === 1;
      else inputs[name].value = String(config[name]);
    }
    beyond.open ||= SETTINGS.some((row) => row.beyondBook && config[row.name] !== row.default);
    mark([]);
  }

  function write(config) {
    fill(config);
    lastConfig = config;
  }

  /** Marks every refused field and lists what each must be; Train waits until none is. */
  function mark(problems) {
    const refused = new Set(problems.map((p) => p.name));
    for (const { name } of SETTINGS) inputs[name].setAttribute('aria-invalid', String(refused.has(name)));
    message.textContent = problems.map((p) => `${labels[p.name]} must be ${p.mustBe}.`).join(' ');
    invalid = problems.length > 0;
    showButtons();
  }

  /** A refused field stops a new run from starting, never the Pause of one that goes on. */
  function showButtons() {
    const hasRun = ['ready', 'waiting', 'running', 'paused', 'finished', 'diverged'].includes(phase);
    trainButton.disabled = going ? false : !hasRun && phase !== 'configuring' ? true : invalid;
    for (const id of ['step', 'step-iteration']) el(id).disabled = !['ready', 'waiting', 'running', 'paused'].includes(phase) || lockedButtons.has(id);
    for (const id of ['reset', 'save-model', 'load-model']) el(id).disabled = (!hasRun && phase !== 'configuring') || lockedButtons.has(id);
  }

  function submit() {
    const config = read();
    const refused = allows(config);
    if (refused.length) {
      // A preset that would change a setting the link fixed: nothing changes, and it says why.
      if (lastConfig) fill(lastConfig);
      message.textContent = `This link keeps ${refused.map((name) => labels[name] ?? name).join(', ')} as ${refused.length > 1 ? 'they are' : 'it is'}; nothing changed.`;
      return;
    }
    const problems = problemsOf(config, trainCount);
    mark(problems);
    if (!problems.length) { lastConfig = config; handlers.configure(config); }
  }

  /** The elements of each control name a link can hide or lock (www/state.js). */
  const controlElements = (name) => {
    if (inputs[name]) return [inputs[name].closest('.field')];
    const groups = {
      speed: [speed.closest('label')], dataset: [el('dataset').closest('label')],
      step: [el('step'), el('step-iteration')], reset: [el('reset')],
      presets: [doc.querySelector('.presets'), el('preset-help')], model: [doc.querySelector('.model-row')],
    };
    return groups[name] ?? [];
  };

  /**
   * A teacher's link: `hidden` and `locked` control names (Sets), and `refusedBy(config)`,
   * the one rule (www/host-commands.js) naming the fixed settings a config would change.
   * Hidden controls are not shown; locked ones are shown read-only and say so.
   */
  function restrict({ hidden, locked, fixed }, refusedBy) {
    allows = refusedBy;
    for (const name of hidden) for (const element of controlElements(name)) element.classList.add('control-hidden');
    for (const name of locked) {
      for (const element of controlElements(name)) {
        element.classList.add('control-locked');
        for (const input of element.matches('input, select, button') ? [element] : element.querySelectorAll('input, select, button:not(.help-toggle)')) {
          if (input.type === 'number') input.readOnly = true; else input.disabled = true;
          if (input.id) lockedButtons.add(input.id);
        }
        if (element.matches('button')) { element.title = 'Fixed by this link'; continue; }
        const mark = doc.createElement('span');
        Object.assign(mark, { className: 'locked-mark', textContent: '(fixed by this link)' });
        // Beside the control's name (a field's label span), else at the end of its group.
        (element.querySelector('label > span[id$="-label"]') ?? element.querySelector('label') ?? element).append(mark);
      }
    }
    // A model file brings settings of its own.
    if (fixed.size) lockedButtons.add('load-model');
    showButtons();
  }

  for (const { name } of SETTINGS) inputs[name].addEventListener('change', submit);
  for (const button of doc.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => { fill(PRESETS[button.dataset.preset]); submit(); });
  }
  // The button says what it will do: Train, Pause, Resume, or Train again (a fresh start).
  trainButton.addEventListener('click', () => {
    if (going) handlers.pause();
    else if (phase === 'finished' || phase === 'diverged') handlers.trainAgain();
    else handlers.train();
  });
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
    setTrainCount(count) { trainCount = count; inputs.trainSize.max = String(count); },
    setConfig: write,
    /**
     * The worker set up a run with `config`. When that is what the fields last sent, they
     * stay as they are: what the learner typed meanwhile (even a refused value, still
     * marked) is not wiped by the reply to an earlier request.
     */
    runConfigured(config) {
      if (lastConfig && SETTINGS.every(({ name }) => Number(config[name]) === Number(lastConfig[name]))) return;
      write(config);
    },
    restrict,
    /** The run controller's state: the buttons say and allow what its phase allows. */
    show(state) {
      ({ phase } = state);
      going = phase === 'running' || phase === 'waiting' || (state.intent && (phase === 'configuring' || phase === 'loading'));
      trainButton.textContent = going ? 'Pause' : phase === 'finished' || phase === 'diverged' ? 'Train again'
        : phase === 'paused' && state.started ? 'Resume' : 'Train';
      showButtons();
    },
    /** A sentence under the settings (a refused request, a model file that could not load); '' clears it. */
    showMessage(text) { message.textContent = text; },
    /** A lesson paces the run: say so beside the slider (null: the slider's own speed again). */
    showPace(text) { if (text) speedLabel.textContent = text; else showSpeed(); },
    speed: () => SPEEDS[Number(speed.value)],
    speedPosition: () => Number(speed.value),
    setSpeedPosition(position) { speed.value = String(position); showSpeed(); },
  };
}
