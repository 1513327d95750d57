// "Your digits": the learner's own drawings with the digit they meant, a personal test set
// kept in the browser (localStorage: it survives a reload), exported and imported as a
// JSON file, and cleared. Pure storage, no DOM: the Draw panel shows it.
//
// Stored under KEY as { version: 1, digits: [{ label, image }] }, image = the 784 bytes the
// network saw, base64 (1,048 characters). One digit is about 1.07 KB of JSON, so the cap
// of MAX digits is about 535 KB, inside every browser's 5 MB localStorage quota.

export const KEY = 'reglab.yourDigits';
export const MAX = 500;
const PIXELS = 784;

const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
function fromBase64(text) {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** Digits from a parsed file or store; anything malformed is left out, never thrown. */
export function parseDigits(value) {
  const list = Array.isArray(value?.digits) ? value.digits : [];
  const out = [];
  for (const d of list) {
    try {
      const image = fromBase64(String(d.image));
      if (Number.isInteger(d.label) && d.label >= 0 && d.label <= 9 && image.length === PIXELS) out.push({ label: d.label, image });
    } catch { /* not base64: skipped */ }
  }
  return out.slice(-MAX);
}

export function serialize(digits) {
  return JSON.stringify({ version: 1, digits: digits.map((d) => ({ label: d.label, image: toBase64(d.image) })) });
}

/** The store over `storage` (window.localStorage); works, unsaved, when storage fails. */
export function createYourDigits(storage) {
  let digits = [];
  try { digits = parseDigits(JSON.parse(storage?.getItem(KEY) ?? 'null')); } catch { digits = []; }
  const save = () => {
    try { storage?.setItem(KEY, serialize(digits)); return true; } catch { return false; }
  };
  return {
    all: () => digits,
    /** Adds a drawing (784 bytes) meant as `label`; false if it could not be saved. */
    add(label, image) {
      digits.push({ label, image: Uint8Array.from(image) });
      if (digits.length > MAX) digits = digits.slice(-MAX);
      return save();
    },
    clear() { digits = []; save(); },
    /** The JSON file's text. */
    exportText: () => serialize(digits),
    /** Adds the digits of a file's text; returns how many it held. */
    importText(text) {
      let parsed = [];
      try { parsed = parseDigits(JSON.parse(text)); } catch { parsed = []; }
      digits = [...digits, ...parsed].slice(-MAX);
      save();
      return parsed.length;
    },
    /** Characters kept in localStorage (each a UTF-16 code unit there). */
    storedChars: () => serialize(digits).length,
  };
}
