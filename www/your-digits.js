// "Your digits": the learner's own drawings with the digit they meant, a personal test set
// kept in the browser (localStorage: it survives a reload), exported and imported as a
// JSON file, and cleared. Pure storage, no DOM: the Draw panel shows it.
//
// Stored under KEY as { version: 1, digits: [{ label, image }] }, image = the 784 bytes the
// network saw, base64 (1,048 characters). One digit is about 1.07 KB of JSON, so the cap
// of MAX digits is about 535 KB, inside every browser's 5 MB localStorage quota.
//
// The contract is that nothing the learner made is lost without being told:
// - a change is made to a copy and becomes the set only once storage took it, so a refused
//   save (storage full) leaves the set as it was, in memory and in storage;
// - a stored value that cannot be read in full is copied aside (ASIDE + time) before
//   anything is written over it; if even that copy is refused, KEY is never written;
// - an import merges (duplicates skipped) unless `replace` is asked for;
// - at MAX a new digit is refused unless `dropOldest` is asked for.
// Every change returns { ok, reason? }: reason 'full' (quota), 'refused' (another storage
// error), 'cap', 'locked' (an unreadable value could not be set aside), 'not-a-file'.

export const KEY = 'reglab.yourDigits';
/** Prefix of the keys that keep stored values which could not be read. */
export const ASIDE = `${KEY}.unreadable-`;
export const MAX = 500;
const PIXELS = 784;

const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
function fromBase64(text) {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** One entry of a file or store as { label, image }, or null if malformed. */
function readDigit(d) {
  try {
    const image = fromBase64(String(d?.image));
    if (Number.isInteger(d.label) && d.label >= 0 && d.label <= 9 && image.length === PIXELS) return { label: d.label, image };
  } catch { /* not base64 */ }
  return null;
}

/**
 * A file's or store's text as { digits, malformed, whole }: the good entries in order, how
 * many entries were malformed, and whether the text was a digits file at all (`whole`
 * false: not JSON, or no `digits` list). Never throws.
 */
export function parseText(text) {
  let value;
  try { value = JSON.parse(text); } catch { return { digits: [], malformed: 0, whole: false }; }
  if (!Array.isArray(value?.digits)) return { digits: [], malformed: 0, whole: false };
  const digits = [];
  let malformed = 0;
  for (const entry of value.digits) {
    const d = readDigit(entry);
    if (d) digits.push(d); else malformed += 1;
  }
  return { digits, malformed, whole: true };
}

export function serialize(digits) {
  return JSON.stringify({ version: 1, digits: digits.map((d) => ({ label: d.label, image: toBase64(d.image) })) });
}

/** Same label and same 784 bytes: the same digit. */
const identity = (d) => `${d.label}:${toBase64(d.image)}`;

/** Why storage refused a write: 'full' for the quota (named differently by browsers), else 'refused'. */
function refusal(error) {
  const quota = error?.name === 'QuotaExceededError' || error?.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error?.code === 22 || error?.code === 1014;
  return quota ? 'full' : 'refused';
}

/**
 * The store over `storage` (window.localStorage), or over nothing (null: a browser that
 * refuses storage here), when the set lives for this visit only and says so (`saved()`).
 * `now()` names the set-aside copies.
 */
export function createYourDigits(storage, { now = () => Date.now() } = {}) {
  let digits = [];
  let known = null; // the stored text the set was read from or last written as
  let locked = false; // KEY holds an unreadable value that could not be set aside
  let aside = []; // [{ key, text }] unreadable values kept aside, in this and earlier visits

  const get = (key) => { try { return storage.getItem(key); } catch { return null; } };
  function write(text) {
    if (!storage) return { ok: true };
    try { storage.setItem(KEY, text); } catch (error) { return { ok: false, reason: refusal(error) }; }
    known = text;
    return { ok: true };
  }
  /** The set becomes `next` only if storage took it. */
  function commit(next) {
    if (locked) return { ok: false, reason: 'locked' };
    const result = write(serialize(next));
    if (result.ok) digits = next;
    return result;
  }

  function listAside() {
    const found = [];
    try {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key?.startsWith(ASIDE)) found.push({ key, text: get(key) ?? '' });
      }
    } catch { /* a storage without key(): only this visit's copy is known */ }
    return found.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /**
   * Reads KEY again if another tab (or anything) changed it since we last did, so a save
   * never writes over digits it has not seen. An unreadable value is set aside first.
   */
  function sync() {
    if (!storage) return;
    const raw = get(KEY);
    if (raw === known) return;
    known = raw;
    if (raw === null) { digits = []; return; }
    const { digits: good, malformed, whole } = parseText(raw);
    digits = good.slice(0, MAX);
    if (whole && malformed === 0 && good.length <= MAX) { locked = false; return; }
    // Part or all of it cannot be read: keep the whole text aside, untouched, before any
    // save (once: a reload before the next save finds the same text already aside).
    if (aside.some((a) => a.key && a.text === raw)) { locked = false; return; }
    const key = `${ASIDE}${new Date(now()).toISOString()}`;
    try {
      storage.setItem(key, raw);
      aside = [...aside.filter((a) => a.key !== key), { key, text: raw }];
      locked = false;
    } catch {
      aside = [...aside, { key: null, text: raw }]; // only in memory: it can still be downloaded
      locked = true;
    }
  }

  if (storage) {
    aside = listAside();
    sync();
  }

  return {
    all: () => digits,
    /** False when the set lives for this visit only (no storage in this browser, here). */
    saved: () => Boolean(storage),
    /** True when saving is off: an unreadable stored value could not be set aside. */
    locked: () => locked,
    /** The unreadable stored values, [{ key, text }] (key null: not in storage, only here). */
    unreadable: () => aside,
    /** Drops a set-aside copy (the learner asked, after being offered its download). */
    forget(key) {
      try { if (key) storage.removeItem(key); } catch (error) { return { ok: false, reason: refusal(error) }; }
      aside = aside.filter((a) => a.key !== key);
      if (key === null) { locked = false; known = get(KEY); } // the learner lets KEY's value go
      return { ok: true };
    },
    /** Reads storage again (another tab may have changed it); true if the set changed. */
    reload() {
      const before = known;
      sync();
      return known !== before;
    },
    /**
     * Keeps a drawing (784 bytes) meant as `label`. At MAX it is refused (reason 'cap')
     * unless `dropOldest`; { ok, reason?, dropped? } (dropped: the oldest digit let go).
     */
    add(label, image, { dropOldest = false } = {}) {
      sync();
      const digit = { label, image: Uint8Array.from(image) };
      if (digits.length >= MAX && !dropOldest) return { ok: false, reason: 'cap' };
      const dropped = digits.length >= MAX ? digits.slice(0, digits.length - MAX + 1) : [];
      const result = commit([...digits.slice(dropped.length), digit]);
      return result.ok ? { ...result, dropped } : result;
    },
    /** Forgets every digit; { ok, reason? }. */
    clear() {
      sync();
      return commit([]);
    },
    /** The JSON file's text. */
    exportText: () => serialize(digits),
    /**
     * Reads a file's text without changing anything: { whole, digits, malformed }
     * (see parseText), for a question before `importText(text, { replace: true })`.
     */
    peek: (text) => parseText(text),
    /**
     * Adds the digits of a file's text to the set (or, with `replace`, makes them the set):
     * { ok, reason?, added, duplicates, malformed, overCap, inFile }. Duplicates (same
     * label and bytes, of the set or earlier in the file) are skipped; past MAX the rest
     * are refused. Nothing changes unless ok.
     */
    importText(text, { replace = false } = {}) {
      sync();
      const { digits: found, malformed, whole } = parseText(text);
      const counts = { added: 0, duplicates: 0, malformed, overCap: 0, inFile: found.length + malformed };
      if (!whole) return { ok: false, reason: 'not-a-file', ...counts };
      const next = replace ? [] : [...digits];
      const seen = new Set(next.map(identity));
      for (const d of found) {
        const id = identity(d);
        if (seen.has(id)) counts.duplicates += 1;
        else if (next.length >= MAX) counts.overCap += 1;
        else { seen.add(id); next.push(d); counts.added += 1; }
      }
      const result = counts.added ? commit(next) : { ok: true }; // nothing to add: nothing written
      return { ...result, ...counts, added: result.ok ? counts.added : 0 };
    },
    /** Characters kept in localStorage (each a UTF-16 code unit there). */
    storedChars: () => serialize(digits).length,
  };
}
