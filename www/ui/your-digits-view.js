// The Draw panel's "your digits" row: tap the digit you meant to keep the drawing in your
// personal test set (www/your-digits.js), and export, import or clear it.
import { createYourDigits } from '../your-digits.js';

/** `image()` is the drawing the network sees now (784 bytes) or null. */
export function createYourDigitsView(doc, { image }) {
  const $ = (id) => doc.getElementById(id);
  const store = createYourDigits(browserStorage());
  const row = $('meant');
  row.replaceChildren(...Array.from({ length: 10 }, (_, digit) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = String(digit);
    button.setAttribute('aria-label', `I meant ${digit}: keep this drawing in your digits`);
    button.addEventListener('click', () => {
      const bytes = image();
      if (!bytes) { summary('Draw a digit first, then tap the one you meant.'); return; }
      summary(store.add(digit, bytes) ? `Kept as a ${digit}.` : 'Could not save (the browser refused storage).');
    });
    return button;
  }));

  function summary(note = '') {
    const n = store.all().length;
    const kb = (store.storedChars() / 1000).toFixed(1);
    $('your-digits-summary').textContent = `${note ? `${note} ` : ''}Your digits: ${n} kept in this browser (${kb} KB).`;
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
    summary(added ? `Imported ${added} digits.` : `${file.name} held no digits.`);
  });
  $('your-digits-clear').addEventListener('click', () => { store.clear(); summary('Cleared.'); });
  summary();
  return { store };
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
