// Unit tests of www/your-digits.js (pure, no browser): the personal test set survives a
// "reload" (a new store over the same storage), exports and imports, ignores bad input,
// and stays within its cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY, MAX, createYourDigits } from '../www/your-digits.js';

function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), map };
}
const image = (v) => new Uint8Array(784).fill(v);

test('digits survive a reload, export and import, and clear', () => {
  const storage = memoryStorage();
  const store = createYourDigits(storage);
  assert.equal(store.add(3, image(200)), true);
  store.add(7, image(9));
  const again = createYourDigits(storage);
  assert.deepEqual(again.all().map((d) => d.label), [3, 7]);
  assert.deepEqual(again.all()[0].image, image(200));
  const text = again.exportText();
  const other = createYourDigits(memoryStorage());
  assert.equal(other.importText(text), 2);
  assert.deepEqual(other.all(), again.all());
  again.clear();
  assert.equal(createYourDigits(storage).all().length, 0);
  // About 1.07 KB a digit.
  const one = createYourDigits(memoryStorage());
  one.add(1, image(255));
  assert.ok(one.storedChars() > 1000 && one.storedChars() < 1100, `${one.storedChars()} characters for one digit`);
});

test('bad files and bad storage change nothing and throw nothing', () => {
  const storage = memoryStorage();
  storage.setItem(KEY, '{not json');
  const store = createYourDigits(storage);
  assert.deepEqual(store.all(), []);
  for (const text of ['', 'null', '{"digits": 3}', '{"digits": [{"label": 11, "image": ""}, {"label": 2, "image": "%%%"}, {"label": 2, "image": "AAAA"}]}']) {
    assert.equal(store.importText(text), 0, text);
  }
  const broken = createYourDigits({ getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); } });
  assert.equal(broken.add(4, image(1)), false, 'a refused save is reported');
  assert.equal(broken.all().length, 1, 'the digit is still kept for this visit');
});

test('the set keeps the newest MAX digits', () => {
  const store = createYourDigits(memoryStorage());
  for (let i = 0; i < MAX + 5; i += 1) store.add(i % 10, image(i % 256));
  assert.equal(store.all().length, MAX);
  assert.equal(store.all()[0].label, 5);
});
