// The Share dialog, a link builder: the teacher picks the lesson, the panels, the seed and
// what the student may change (each control free, locked or hidden: `hide=`, `lock=`), and
// the link, the iframe snippet and the sentence saying what the embed will do follow at
// once (www/share-links.js makes them). The snippet embeds only the chosen panels. The snippet's tiny script sizes the iframe to the lab's
// content (the lab posts `reglab:resize`, see host-api.js); where a course page does not
// allow scripts the iframe keeps a fixed height estimated from the chosen panels.
// The dialog is modal (showModal) and keeps Tab and Shift+Tab inside it.
import { PAGE_CONTROLS, PANELS } from '../state.js';
import { SETTINGS } from '../core.js';
import { LESSONS } from '../lessons.js';
import { buildLinks, embedBehaviour } from '../share-links.js';

const NAMES = {
  lessons: 'Lessons', controls: 'Experiment', curves: 'Learning curves', network: 'Inside the network',
  samples: 'Test digits', draw: 'Draw a digit', compare: 'Compare runs', weights: 'Weight pictures',
};
/** About how tall each panel is in a one-column embed 600-800 px wide (CSS px). */
const HEIGHTS = { lessons: 200, controls: 640, curves: 560, network: 480, samples: 560, draw: 560, compare: 560, weights: 480 };
const STATUS_HEIGHT = 40;
/** How the builder names each control a link can hide or lock (the settings by their labels). */
const CONTROL_LABELS = {
  ...Object.fromEntries(SETTINGS.map((row) => [row.name, row.label])),
  speed: 'Speed', dataset: 'Dataset', step: 'Step buttons', reset: 'Reset', presets: 'Presets', model: 'Model file buttons',
};
const CONTROLS = [...SETTINGS.map((row) => row.name), ...PAGE_CONTROLS];
const SEED = SETTINGS.find((row) => row.name === 'seed');

/** The iframe's height for when its script cannot run. */
export const fixedHeight = (panels) => STATUS_HEIGHT + panels.reduce((sum, p) => sum + HEIGHTS[p] + 8, 8);

/** The snippet: the iframe and the script that follows the lab's height. */
export function snippet(embedUrl, panels) {
  const origin = new URL(embedUrl).origin;
  const iframe = `<iframe src="${embedUrl.replace(/&/g, '&amp;')}" title="Regularization Lab" width="100%" height="${fixedHeight(panels)}" style="border:0" loading="lazy" data-reglab></iframe>`;
  const script = '<script>addEventListener("message",function(e){var d=e.data;'
    + `if(e.origin!=="${origin}"||!d||d.type!=="reglab:resize"||!(d.height>0))return;`
    + 'document.querySelectorAll("iframe[data-reglab]").forEach(function(f){'
    + 'if(f.contentWindow===e.source)f.style.height=Math.min(d.height,20000)+"px";});});</script>';
  return `${iframe}\n${script}`;
}

const FOCUSABLE = 'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function trapFocus(dialog) {
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && el.getClientRects().length);
    if (!items.length) return;
    const [first, last] = [items[0], items.at(-1)];
    const active = dialog.ownerDocument.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (active === last || !dialog.contains(active))) { event.preventDefault(); first.focus(); }
  });
}

/** `currentState()` is the page's link state, `toHash` writes it (see state.js). */
export function createShare(doc, currentState, toHash) {
  const $ = (id) => doc.getElementById(id);
  const make = (tag, props = {}, ...children) => {
    const el = Object.assign(doc.createElement(tag), props);
    el.append(...children);
    return el;
  };
  const dialog = $('share-dialog');
  let boxes = [];
  let access = {};

  /** The builder's fields, made when the dialog opens and removed when it closes. */
  function build() {
    const lessonSelect = make('select', { id: 'share-lesson' }, make('option', { value: '', textContent: 'No lesson' }),
      ...LESSONS.map((lesson) => make('option', { value: lesson.id, textContent: lesson.title })));
    const seed = make('input', { id: 'share-seed', type: 'number', step: '1', inputMode: 'numeric', min: String(SEED.min), max: String(SEED.max) });
    seed.setAttribute('aria-describedby', 'share-seed-message');
    const choices = make('div', { className: 'share-choices' },
      make('span', {}, make('label', { htmlFor: 'share-lesson', textContent: 'Lesson' }), ' ', lessonSelect),
      make('span', {}, make('label', { htmlFor: 'share-seed', textContent: 'Seed of the run' }), ' ', seed));
    const seedMessage = make('p', { id: 'share-seed-message', className: 'message' });
    seedMessage.setAttribute('role', 'alert');
    boxes = PANELS.map((panel) => make('input', { type: 'checkbox', value: panel, checked: panel === 'draw' }));
    const panels = make('fieldset', { id: 'share-panels', className: 'share-panels' }, make('legend', { textContent: 'Embed only these panels' }),
      ...boxes.map((box) => make('label', {}, box, ` ${NAMES[box.value]}`)));
    // One select a control: the student may change it, sees it locked, or does not see it.
    access = Object.fromEntries(CONTROLS.map((name) => [name, make('select', { id: `share-access-${name}` },
      make('option', { value: 'free', textContent: 'can change' }),
      make('option', { value: 'locked', textContent: 'locked' }),
      make('option', { value: 'hidden', textContent: 'hidden' }))]));
    const rows = Object.entries(access).map(([name, select]) => make('div', { className: 'share-access-row' },
      make('label', { htmlFor: select.id, textContent: CONTROL_LABELS[name] }), select));
    const lockAll = make('input', { id: 'share-lock-all', type: 'checkbox' });
    const group = make('details', { className: 'share-access-group' },
      make('summary', { textContent: 'What the student may change (hide or lock controls)' }),
      make('label', { className: 'switch' }, lockAll, ' Lock every setting (shown, read-only)'),
      make('div', { id: 'share-access', className: 'share-access' }, ...rows));
    $('share-builder').replaceChildren(choices, seedMessage, panels, group);
    // A lesson needs the Lessons panel: picking one ticks it (and picking none again
    // unticks it, unless the teacher ticked it), so the boxes show what the embed has.
    const lessonsBox = boxes.find((box) => box.value === 'lessons');
    let tickedForLesson = false;
    lessonSelect.addEventListener('change', () => {
      if (lessonSelect.value && !lessonsBox.checked) { lessonsBox.checked = true; tickedForLesson = true; }
      else if (!lessonSelect.value && tickedForLesson) { lessonsBox.checked = false; tickedForLesson = false; }
    });
    lessonsBox.addEventListener('change', () => { tickedForLesson = false; });
  }
  dialog.addEventListener('close', () => { $('share-builder').replaceChildren(); boxes = []; access = {}; });

  const base = () => `${location.origin}${location.pathname}`;
  /** The dialog's choices, starting from what the page does now (its own hide= and lock=). */
  function load() {
    const state = currentState();
    $('share-lesson').value = state.lesson;
    if (state.lesson) boxes.find((box) => box.value === 'lessons').checked = true;
    $('share-seed').value = String(state.seed);
    const hidden = new Set(state.hide.split(',').filter(Boolean));
    const locked = new Set(state.lock.split(',').filter(Boolean));
    $('share-lock-all').checked = locked.has('all');
    for (const [name, select] of Object.entries(access)) select.value = hidden.has(name) ? 'hidden' : locked.has(name) ? 'locked' : 'free';
  }

  function fill() {
    const state = currentState();
    const seedText = $('share-seed').value.trim();
    const seed = Number(seedText);
    const seedOk = seedText !== '' && Number.isInteger(seed) && seed >= SEED.min && seed <= SEED.max;
    $('share-seed').setAttribute('aria-invalid', String(!seedOk));
    $('share-seed-message').textContent = seedOk ? '' : `The seed must be a whole number from ${SEED.min} to ${SEED.max}; the link keeps ${state.seed}.`;
    const lockAll = $('share-lock-all').checked;
    for (const select of Object.values(access)) select.querySelector('[value="locked"]').textContent = lockAll ? 'locked (all are)' : 'locked';
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    const lesson = $('share-lesson').value;
    const built = buildLinks(state, {
      lesson, seed: seedOk ? seed : state.seed, panels: checked.length ? checked : PANELS, lockAll,
      access: Object.fromEntries(Object.entries(access).map(([name, select]) => [name, select.value])),
    });
    $('share-link').value = base() + toHash(built.page);
    const panels = built.embed.panels.split(',');
    $('share-embed').value = snippet(base() + toHash(built.embed), panels);
    const lessonTitle = LESSONS.find((l) => l.id === lesson)?.title;
    const added = lesson && !checked.includes('lessons') ? ' The Lessons panel is added, so the lesson can be seen.' : '';
    $('share-behaviour').textContent = embedBehaviour({ panels, lesson, lessonTitle }) + added;
  }
  dialog.addEventListener('input', fill);
  dialog.addEventListener('change', fill);
  const copy = (id) => navigator.clipboard?.writeText($(id).value).catch(() => $(id).select());
  $('copy-link').addEventListener('click', () => copy('share-link'));
  $('copy-embed').addEventListener('click', () => copy('share-embed'));
  trapFocus(dialog);
  $('share').addEventListener('click', () => { build(); load(); fill(); dialog.showModal(); });
}
