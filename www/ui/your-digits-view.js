// The Draw panel's "your digits" row: tap the digit you meant to keep the drawing in your
// personal test set (www/your-digits.js); export, import, replace or clear it; and how the
// networks read it: the drawing model's score, and the run's at its latest test pass with
// the digits it misread (the accuracy chart's "your handwriting" curve comes from the same
// test passes).
//
// Nothing the learner made goes without a word: every change says what it did, or that
// it did not happen and why (storage full, the cap, a file that is not one); Delete,
// Replace and going past the cap ask first, in the page, and offer Export; stored digits
// that could not be read stay set aside with a notice and a download.
import { SIZES } from '../core.js';
import { ASIDE, KEY, MAX, createYourDigits } from '../your-digits.js';
import { framedByOther } from '../frame-guard.js';
import { createAsk } from './ask.js';
import { drawDigit } from './samples.js';

const MISTAKES_SHOWN = 12;
const count = (n) => `${n} digit${n === 1 ? '' : 's'}`;

/**
 * `image()` is the drawing the network sees now (784 bytes) or null; `changed(images,
 * labels)` runs whenever the set changes (and once at the start); `score()` asks the
 * drawing model to read the set again; `goal()` is how many digits a waiting lesson needs
 * (0: none waits), and `backToLesson()` takes the learner back to it once there are enough.
 */
export function createYourDigitsView(doc, { image, changed, score, goal = () => 0, backToLesson = () => {}, kept = () => {} }) {
  const $ = (id) => doc.getElementById(id);
  const store = createYourDigits(browserStorage());
  let drawingScore = null; // { accuracy, predictions } of the drawing model, or null
  let runScore = null; // { iteration, accuracy, predictions } of the run's latest test pass
  // A question in the page before anything is lost (Delete, Replace, the cap); after a
  // choice, focus goes back where it was, or to the row's first button if that is gone.
  const ask = createAsk(doc, { fallback: () => $('your-digits-export') });
  // Inside another site's page a replace is not offered at all (an embed needs none), and
  // Delete asks like everywhere: two clicks in two places, the second on a question's button.
  $('your-digits-replace-button').hidden = framedByOther();

  /** Why a change was not saved, in a sentence; the set is as it was. */
  function notSaved(reason, what) {
    const yours = `Your ${count(store.all().length)} are as they were.`;
    if (reason === 'full') return `Not saved: this browser's storage is full, so ${what}. ${yours} To make room, export your digits and clear them, or remove other sites' data in the browser's settings.`;
    if (reason === 'locked') return `Not saved: your digits stored earlier could not be read and there is no room to set them aside, so ${what}. Download the damaged copy above, then delete it, to save again.`;
    return `Not saved: this browser refused to store anything, so ${what}. ${yours}`;
  }

  const row = $('meant');
  row.replaceChildren(...Array.from({ length: 10 }, (_, digit) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = String(digit);
    button.setAttribute('aria-label', `I meant ${digit}: keep this drawing in your digits`);
    button.addEventListener('click', () => {
      const bytes = image();
      if (!bytes) { summary('Draw a digit first, then tap the one you meant.'); return; }
      keep(digit, bytes, button);
    });
    return button;
  }));

  /** Keeps a drawing as `digit`; at the cap, asks before the oldest digit goes. */
  function keep(digit, bytes, button, dropOldest = false) {
    const wanted = goal();
    const result = store.add(digit, bytes, { dropOldest });
    if (result.reason === 'cap') {
      const oldest = store.all()[0];
      ask({
        after: $('your-digits-summary'),
        question: `You have ${MAX} digits, the most the lab keeps. Keep this ${digit} and let your oldest digit (a ${oldest.label}) go?`,
        choices: [
          exportChoice('Export first'),
          { label: 'Let the oldest go', act: () => keep(digit, bytes, button, true) },
          { label: 'Don\u2019t keep it', safe: true, act: () => summary(`Not kept: you still have your ${MAX} digits. To make room, export them, then clear them.`) },
        ],
        returnTo: button,
      });
      return;
    }
    if (!result.ok) { summary(notSaved(result.reason, `this ${digit} was not kept`)); return; }
    const gone = result.dropped.length ? ` Your oldest digit (a ${result.dropped[0].label}) was let go.` : '';
    // The pad clears for the next digit: one drawn over a kept one would be two in one.
    kept();
    update(store.saved() ? `Kept as a ${digit}; the pad is clear for the next.${gone}` : `Kept as a ${digit} for this visit only; the pad is clear for the next.`);
    if (wanted && store.all().length >= wanted) offerLesson();
  }

  /** "Export first" inside a question: downloads the set and says so; the question stays. */
  const exportChoice = (label) => ({ label, stay: true, act: () => { exportFile(); return `Exported ${count(store.all().length)} as your-digits.json (see your downloads).`; } });

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
    const where = store.saved() ? `kept in this browser (${kb} KB)` : 'kept for this visit only (this browser does not let the lab save them here)';
    // Said before the cap is reached, so the question at the cap is no surprise.
    const room = n >= MAX ? `, the most the lab keeps: to keep more, export them, then clear them` : n >= MAX - 50 ? `; room for ${MAX - n} more` : '';
    // The damaged copy's notice sits with the tools below the outputs: point to it from here.
    const damaged = store.unreadable().length ? ' A damaged copy of your digits saved earlier is set aside: see below the outputs.' : '';
    $('your-digits-summary').textContent = `${note ? `${note} ` : ''}Your digits: ${n}${of} ${where}${room}.${damaged}`;
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

  /** Offers `text` as a file in the downloads. */
  function download(text, name, type = 'application/json') {
    const anchor = doc.createElement('a');
    anchor.href = URL.createObjectURL(new Blob([text], { type }));
    anchor.download = name;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 10000);
  }
  const exportFile = () => download(store.exportText(), 'your-digits.json');

  /** What an import did, counted: added, and each reason something was not. */
  function importNote(name, r, replaced) {
    if (r.reason === 'not-a-file') return `${name} is not a file of digits: nothing changed.`;
    if (!r.ok) return notSaved(r.reason, `the digits of ${name} were not added`);
    const refused = [
      r.duplicates && `${r.duplicates} already in your digits`,
      r.malformed && `${r.malformed} that could not be read`,
      r.overCap && `${r.overCap} past the ${MAX} the lab keeps`,
    ].filter(Boolean);
    const did = replaced ? `Replaced yours with ${count(r.added)} from ${name}.` : r.added ? `Added ${count(r.added)} from ${name}.` : `Nothing added from ${name}.`;
    return `${did}${refused.length ? ` Not added: ${refused.join(', ')}.` : ''}`;
  }

  $('your-digits-export').addEventListener('click', () => {
    exportFile();
    summary(`Exported ${count(store.all().length)} as your-digits.json.`);
  });
  const picker = $('your-digits-import');
  let replacing = false; // the file picked is to replace the set (after a question), not join it
  $('your-digits-import-button').addEventListener('click', () => { replacing = false; picker.click(); });
  $('your-digits-replace-button').addEventListener('click', () => { replacing = true; picker.click(); });
  picker.addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    event.target.value = '';
    const mine = store.all().length;
    if (!replacing || mine === 0) {
      const result = store.importText(text);
      if (result.added) update(importNote(file.name, result, false)); else summary(importNote(file.name, result, false));
      return;
    }
    // Replace: only after the learner has seen what goes and what comes.
    const found = store.peek(text);
    if (!found.whole) { summary(`${file.name} is not a file of digits: nothing changed.`); return; }
    if (!found.digits.length) { summary(`${file.name} holds no digits that can be read: nothing changed.`); return; }
    ask({
      after: $('your-digits-actions'),
      hide: $('your-digits-actions'),
      question: `Replace your ${count(mine)} with the ${count(found.digits.length)} of ${file.name}? Yours will be gone unless you export them first.`,
      choices: [
        exportChoice('Export mine first'),
        {
          label: 'Replace mine',
          act() {
            const result = store.importText(text, { replace: true });
            if (result.ok) update(importNote(file.name, result, true)); else summary(importNote(file.name, result, true));
          },
        },
        { label: 'Keep mine', safe: true, act: () => summary(`Nothing replaced: your ${count(mine)} are as they were.`) },
      ],
      returnTo: $('your-digits-replace-button'),
    });
  });
  $('your-digits-clear').addEventListener('click', () => {
    const n = store.all().length;
    if (!n) { summary('There are no digits to delete.'); return; }
    ask({
      after: $('your-digits-actions'),
      hide: $('your-digits-actions'),
      question: `Delete all ${count(n)}? They cannot be brought back unless you export them first.`,
      choices: [
        exportChoice('Export first'),
        {
          label: `Delete all ${n}`,
          act() {
            const result = store.clear();
            if (result.ok) update(`Deleted ${count(n)}.`); else summary(notSaved(result.reason, 'nothing was deleted'));
          },
        },
        { label: 'Keep them', safe: true, act: () => summary('Nothing deleted.') },
      ],
      returnTo: $('your-digits-clear'),
    });
  });

  /** The stored copies that could not be read: each said, downloadable, deleted only when asked. */
  function showUnreadable() {
    const box = $('your-digits-unreadable');
    const copies = store.unreadable();
    box.hidden = copies.length === 0;
    box.replaceChildren(...copies.map((copy, i) => {
      const item = doc.createElement('div');
      item.className = 'your-digits-copy';
      const text = doc.createElement('p');
      text.textContent = copy.key
        ? 'Your digits saved in this browser could not all be read (the saved copy is damaged). The copy is set aside, not deleted: download it to keep it as a file.'
        : 'Your digits saved in this browser could not be read (the saved copy is damaged), and there is no room to set the copy aside. Nothing new is saved until you download it and delete it.';
      const stamp = copy.key ? copy.key.slice(ASIDE.length).replace(/[:.]/g, '-') : 'now';
      const get = doc.createElement('button');
      get.type = 'button';
      get.textContent = 'Download the damaged copy';
      get.addEventListener('click', () => download(copy.text, `your-digits-damaged-${stamp}.txt`, 'text/plain'));
      const drop = doc.createElement('button');
      drop.type = 'button';
      drop.textContent = 'Delete it…';
      drop.addEventListener('click', () => ask({
        after: drop.parentElement,
        question: 'Delete the damaged copy? It cannot be brought back unless you download it first.',
        choices: [
          { label: 'Download it first', stay: true, act: () => { get.click(); return 'Downloaded (see your downloads).'; } },
          {
            label: 'Delete it',
            act() {
              const result = store.forget(copy.key);
              showUnreadable();
              summary(result.ok ? 'The damaged copy is deleted.' : 'The damaged copy could not be deleted.');
            },
          },
          { label: 'Keep it', safe: true, act: () => {} },
        ],
        returnTo: drop,
      }));
      const buttons = doc.createElement('div');
      buttons.className = 'your-digits-ask-buttons';
      buttons.append(get, drop);
      item.append(text, buttons);
      item.dataset.copy = String(i);
      return item;
    }));
  }

  // Another tab kept or cleared digits: show its set, so a save here does not surprise.
  globalThis.addEventListener?.('storage', (event) => {
    if (event.key !== KEY && event.key !== null) return;
    if (store.reload()) update('Your digits changed in another tab of the lab.');
    showUnreadable();
  });
  showUnreadable();
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
