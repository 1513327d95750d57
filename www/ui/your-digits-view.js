// The Draw panel's "your digits" row: tap the digit you meant to keep the drawing in your
// personal test set (www/your-digits.js); export, import or clear it; and how the networks
// read it: the drawing model's score, and the run's at its latest test pass with the
// digits it misread (the accuracy chart's "your handwriting" curve comes from the same
// test passes).
import { SIZES } from '../core.js';
import { createYourDigits } from '../your-digits.js';
import { drawDigit } from './samples.js';

const MISTAKES_SHOWN = 12;

/**
 * `image()` is the drawing the network sees now (784 bytes) or null; `changed(images,
 * labels)` runs whenever the set changes (and once at the start); `score()` asks the
 * drawing model to read the set again; `goal()` is how many digits a waiting lesson needs
 * (0: none waits), and `backToLesson()` takes the learner back to it once there are enough.
 */
export function createYourDigitsView(doc, { image, changed, score, goal = () => 0, backToLesson = () => {} }) {
  const $ = (id) => doc.getElementById(id);
  const store = createYourDigits(browserStorage());
  let drawingScore = null; // { accuracy, predictions } of the drawing model, or null
  let runScore = null; // { iteration, accuracy, predictions } of the run's latest test pass
  const row = $('meant');
  row.replaceChildren(...Array.from({ length: 10 }, (_, digit) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = String(digit);
    button.setAttribute('aria-label', `I meant ${digit}: keep this drawing in your digits`);
    button.addEventListener('click', () => {
      const bytes = image();
      if (!bytes) { summary('Draw a digit first, then tap the one you meant.'); return; }
      const wanted = goal();
      const saved = store.add(digit, bytes);
      update(saved ? `Kept as a ${digit}.` : 'Kept for this visit only (the browser refused storage).');
      if (wanted && store.all().length >= wanted) offerLesson();
    });
    return button;
  }));

  /** Enough digits for the waiting lesson: a button back to its question. */
  function offerLesson() {
    const back = doc.createElement('button');
    back.type = 'button';
    back.className = 'primary';
    back.textContent = 'Back to the lesson';
    back.addEventListener('click', () => { back.remove(); backToLesson(); });
    $('your-digits-summary').after(back);
    back.focus({ preventScroll: true });
  }

  /** The set changed: tell the worker, and the scores no longer fit it. */
  function update(note) {
    drawingScore = null;
    runScore = null;
    const digits = store.all();
    const images = new Uint8Array(digits.length * SIZES.pixels);
    digits.forEach((d, i) => images.set(d.image, i * SIZES.pixels));
    changed(images, Uint8Array.from(digits, (d) => d.label));
    score();
    summary(note);
    showScores();
  }

  function summary(note = '') {
    const n = store.all().length;
    const kb = (store.storedChars() / 1000).toFixed(1);
    const wanted = goal();
    // A lesson waiting for drawings: its count is here, by the pad, where the learner is.
    const of = wanted ? ` of the ${wanted} the lesson needs` : '';
    $('your-digits-summary').textContent = `${note ? `${note} ` : ''}Your digits: ${n}${of} kept in this browser (${kb} KB).`;
  }

  const fraction = (accuracy) => `${Math.round(accuracy * store.all().length)} of ${store.all().length}`;

  function showScores() {
    const digits = store.all();
    const lines = [];
    if (drawingScore) lines.push(`The drawing model reads ${fraction(drawingScore.accuracy)} right.`);
    if (runScore) lines.push(`Your run, at iteration ${runScore.iteration}: ${fraction(runScore.accuracy)} right.`);
    $('your-digits-score').textContent = digits.length ? lines.join(' ') : '';
    const misread = runScore ? digits.map((d, i) => ({ ...d, read: runScore.predictions[i] })).filter((d) => d.read !== d.label) : [];
    const list = $('your-digits-mistakes');
    list.hidden = misread.length === 0;
    $('your-digits-mistakes-title').hidden = misread.length === 0;
    list.replaceChildren(...misread.slice(0, MISTAKES_SHOWN).map((d) => {
      const item = doc.createElement('li');
      const canvas = doc.createElement('canvas');
      canvas.width = SIZES.side;
      canvas.height = SIZES.side;
      drawDigit(canvas, d.image);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Your ${d.label}, read as ${d.read}`);
      const caption = doc.createElement('span');
      caption.textContent = `${d.label} → ${d.read}`;
      caption.setAttribute('aria-hidden', 'true');
      item.append(canvas, caption);
      return item;
    }));
    if (misread.length > MISTAKES_SHOWN) {
      const more = doc.createElement('li');
      more.className = 'more';
      more.textContent = `and ${misread.length - MISTAKES_SHOWN} more`;
      list.append(more);
    }
  }

  $('your-digits-export').addEventListener('click', () => {
    const anchor = doc.createElement('a');
    anchor.href = URL.createObjectURL(new Blob([store.exportText()], { type: 'application/json' }));
    anchor.download = 'your-digits.json';
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 10000);
  });
  $('your-digits-import-button').addEventListener('click', () => $('your-digits-import').click());
  $('your-digits-import').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const added = store.importText(await file.text());
    event.target.value = '';
    update(added ? `Imported ${added} digits.` : `${file.name} held no digits.`);
  });
  $('your-digits-clear').addEventListener('click', () => { store.clear(); update('Cleared.'); });
  summary();
  showScores();

  return {
    store,
    /** Sends the set to the worker again (it has just started) and asks for the drawing model's score. */
    sync: () => update(),
    /** The line under the digit buttons again (a lesson started or stopped waiting for digits). */
    refresh: () => summary(),
    /** { count, drawingAccuracy } for the lessons (drawingAccuracy null until scored). */
    summary: () => ({ count: store.all().length, drawingAccuracy: drawingScore?.accuracy ?? null }),
    /** The worker's answer to `score-yours` (protocol.js): the drawing model's reading. */
    scored({ model, count, accuracy }) {
      if (model !== 'drawing' || count !== store.all().length || accuracy === null) return;
      drawingScore = { accuracy };
      showScores();
    },
    /** A test pass scored the digits (progress report's `yours`). */
    runScored(yours) {
      if (yours.predictions.length !== store.all().length) return;
      runScore = yours;
      showScores();
    },
    /** The digits the run misread at its latest test pass, [{ label, read }], or null if not scored. */
    misread() {
      if (!runScore) return null;
      return store.all().map((d, i) => ({ label: d.label, read: runScore.predictions[i] })).filter((d) => d.read !== d.label);
    },
    /** A new run: its old scores do not describe it. */
    newRun() { runScore = null; showScores(); },
  };
}

/** localStorage, or null where the browser refuses it (an embed on another site may not
 * read it at all: even the property throws); the store then works unsaved. */
function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
