// Unit tests of www/your-digits.js (pure, no browser): the personal test set survives a
// "reload" (a new store over the same storage), exports and imports; and nothing the
// learner made is lost silently: imports merge, a full storage keeps the old set, an
// unreadable stored value is set aside, the cap refuses instead of dropping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASIDE, KEY, MAX, createYourDigits, serialize } from '../www/your-digits.js';

/** localStorage's interface over a Map; `quota` (characters of all values) makes it full. */
function memoryStorage(quota = Infinity) {
  const map = new Map();
  const used = () => [...map.values()].reduce((n, v) => n + v.length, 0);
  return {
    map,
    get length() { return map.size; },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      const text = String(v);
      if (used() - (map.get(k)?.length ?? 0) + text.length > quota) {
        throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      }
      map.set(k, text);
    },
    removeItem: (k) => map.delete(k),
  };
}
const image = (v) => new Uint8Array(784).fill(v);
/** A digit whose bytes are unique for i < 784 * 255. */
const distinct = (i) => { const im = new Uint8Array(784); im[i % 784] = 1 + Math.floor(i / 784); return im; };
const fileOf = (list) => serialize(list.map(([label, im]) => ({ label, image: im })));

test('digits survive a reload, export and import, and clear', () => {
  const storage = memoryStorage();
  const store = createYourDigits(storage);
  assert.deepEqual(store.add(3, image(200)), { ok: true, dropped: [] });
  store.add(7, image(9));
  const again = createYourDigits(storage);
  assert.deepEqual(again.all().map((d) => d.label), [3, 7]);
  assert.deepEqual(again.all()[0].image, image(200));
  const text = again.exportText();
  const other = createYourDigits(memoryStorage());
  assert.equal(other.importText(text).added, 2);
  assert.deepEqual(other.all(), again.all());
  assert.equal(again.clear().ok, true);
  assert.equal(createYourDigits(storage).all().length, 0);
  // About 1.07 KB a digit.
  const one = createYourDigits(memoryStorage());
  one.add(1, image(255));
  assert.ok(one.storedChars() > 1000 && one.storedChars() < 1100, `${one.storedChars()} characters for one digit`);
});

test('an import merges: duplicates skipped, malformed and over-the-cap entries counted', () => {
  const storage = memoryStorage();
  const store = createYourDigits(storage);
  for (let i = 0; i < 5; i += 1) store.add(i, distinct(i));
  // A file of MAX digits, two of them the learner's own, one repeated, one broken.
  const list = Array.from({ length: MAX }, (_, i) => [i % 10, distinct(1000 + i)]);
  list[0] = [0, distinct(0)];
  list[1] = [1, distinct(1)];
  list[2] = [list[3][0], list[3][1]];
  const text = JSON.stringify({ version: 1, digits: [...JSON.parse(fileOf(list)).digits, { label: 12, image: '' }] });
  const result = store.importText(text);
  assert.deepEqual(result, { ok: true, added: MAX - 5, duplicates: 3, malformed: 1, overCap: 2, inFile: MAX + 1 });
  assert.equal(store.all().length, MAX);
  assert.deepEqual(store.all().slice(0, 5).map((d) => d.image), [0, 1, 2, 3, 4].map(distinct), 'the learner\'s five are first, untouched');
  assert.equal(createYourDigits(storage).all().length, MAX, 'and stored');
  // The same file again adds nothing: the two left out are still over the cap.
  assert.deepEqual(store.importText(text), { ok: true, added: 0, duplicates: MAX - 2, malformed: 1, overCap: 2, inFile: MAX + 1 });
});

test('replacing is asked for by name, and an unreadable file changes nothing', () => {
  const store = createYourDigits(memoryStorage());
  store.add(5, image(5));
  for (const text of ['', 'null', '{not json', '{"digits": 3}']) {
    assert.deepEqual(store.importText(text, { replace: true }), { ok: false, reason: 'not-a-file', added: 0, duplicates: 0, malformed: 0, overCap: 0, inFile: 0 }, text);
  }
  assert.equal(store.importText('{"digits": [{"label": 11, "image": ""}, {"label": 2, "image": "%%%"}, {"label": 2, "image": "AAAA"}]}', { replace: true }).malformed, 3);
  assert.deepEqual(store.all().map((d) => d.label), [5], 'a file with no good digit replaces nothing');
  const peeked = store.peek(fileOf([[1, image(1)], [2, image(2)]]));
  assert.equal(peeked.digits.length, 2);
  assert.deepEqual(store.all().map((d) => d.label), [5], 'peek changes nothing');
  assert.equal(store.importText(fileOf([[1, image(1)], [2, image(2)]]), { replace: true }).added, 2);
  assert.deepEqual(store.all().map((d) => d.label), [1, 2]);
});

test('a full storage keeps the set it had, in memory and in storage', () => {
  const storage = memoryStorage();
  const store = createYourDigits(storage);
  for (let i = 0; i < 3; i += 1) store.add(i, distinct(i));
  const before = storage.getItem(KEY);
  storage.setItem = () => { throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' }); };
  assert.deepEqual(store.add(9, image(9)), { ok: false, reason: 'full' });
  const imported = store.importText(fileOf([[4, image(4)], [6, image(6)]]));
  assert.equal(imported.ok, false);
  assert.equal(imported.reason, 'full');
  assert.equal(imported.added, 0, 'nothing claims to be added');
  assert.deepEqual(store.clear(), { ok: false, reason: 'full' });
  assert.equal(store.all().length, 3, 'memory keeps the old set');
  assert.equal(storage.getItem(KEY), before, 'storage keeps the old value');
  // Another error than the quota is not called full.
  storage.setItem = () => { throw new Error('denied'); };
  assert.deepEqual(store.add(9, image(9)), { ok: false, reason: 'refused' });
});

test('without storage the set lives for this visit, and says so', () => {
  const store = createYourDigits(null);
  assert.equal(store.saved(), false);
  assert.equal(store.add(4, image(1)).ok, true);
  assert.equal(store.all().length, 1);
});

test('an unreadable stored value is set aside before anything is written over it', () => {
  for (const garbage of ['{not json', '{"digits": [{"label": 3, "image": "%%%"}]}', '[1, 2]']) {
    const storage = memoryStorage();
    storage.setItem(KEY, garbage);
    const store = createYourDigits(storage, { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    const key = `${ASIDE}2025-01-02T03:04:05.000Z`;
    assert.deepEqual(store.unreadable(), [{ key, text: garbage }], garbage);
    assert.equal(storage.getItem(key), garbage);
    assert.equal(store.add(1, image(1)).ok, true);
    assert.equal(storage.getItem(key), garbage, 'the copy stays after a keep');
    // A later visit still knows the copy, and does not copy it again.
    const later = createYourDigits(storage, { now: () => Date.UTC(2025, 0, 3) });
    assert.deepEqual(later.unreadable(), [{ key, text: garbage }]);
    assert.equal(later.all().length, 1);
    assert.equal(later.forget(key).ok, true);
    assert.equal(storage.getItem(key), null);
  }
  // Good digits beside a broken one are read, and the whole text is still set aside.
  const storage = memoryStorage();
  const mixed = JSON.stringify({ version: 1, digits: [...JSON.parse(fileOf([[7, image(7)]])).digits, { label: 3 }] });
  storage.setItem(KEY, mixed);
  const store = createYourDigits(storage);
  assert.deepEqual(store.all().map((d) => d.label), [7]);
  assert.equal(store.unreadable()[0].text, mixed);
  // Reloading before any keep does not pile up copies.
  assert.equal(createYourDigits(storage, { now: () => 1 }).unreadable().length, 1);
});

test('an unreadable value that cannot be set aside is never written over', () => {
  const storage = memoryStorage(30); // room for the garbage, not for a copy of it
  storage.setItem(KEY, '{"digits": "broken, 20 c"}');
  const store = createYourDigits(storage);
  assert.equal(store.locked(), true);
  assert.equal(store.unreadable()[0].key, null, 'kept in memory, to download');
  assert.deepEqual(store.add(1, image(1)), { ok: false, reason: 'locked' });
  assert.deepEqual(store.clear(), { ok: false, reason: 'locked' });
  assert.equal(storage.getItem(KEY), '{"digits": "broken, 20 c"}');
  // Only once the learner lets it go (after the offer to download it) is it written over.
  store.forget(null);
  assert.equal(store.locked(), false);
  assert.equal(store.clear().ok, true);
});

test('at the cap a new digit is refused unless the learner lets the oldest go', () => {
  const storage = memoryStorage();
  const store = createYourDigits(storage);
  store.importText(fileOf(Array.from({ length: MAX }, (_, i) => [i % 10, distinct(i)])));
  assert.equal(store.all().length, MAX);
  assert.deepEqual(store.add(3, image(3)), { ok: false, reason: 'cap' });
  assert.equal(store.all().length, MAX);
  assert.deepEqual(store.all()[0].image, distinct(0), 'nothing dropped');
  const kept = store.add(3, image(3), { dropOldest: true });
  assert.equal(kept.ok, true);
  assert.deepEqual(kept.dropped.map((d) => d.label), [0]);
  assert.equal(store.all().length, MAX);
  assert.deepEqual(store.all().at(-1).image, image(3));
});

test('a save never writes over digits another tab kept meanwhile', () => {
  const storage = memoryStorage();
  const tabA = createYourDigits(storage);
  const tabB = createYourDigits(storage);
  tabA.add(1, image(1));
  tabB.add(2, image(2));
  assert.deepEqual(createYourDigits(storage).all().map((d) => d.label), [1, 2]);
  assert.equal(tabA.reload(), true);
  assert.equal(tabA.all().length, 2);
});
