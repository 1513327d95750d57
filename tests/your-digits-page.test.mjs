// End-to-end: nothing the learner kept in "your digits" is lost silently, on the Draw
// panel (`#embed=1&panels=draw`, not framed) as a learner acts: an import merges and
// counts; a full storage says "Not saved" and keeps the old set across a reload; a stored
// value that cannot be read is set aside with a notice and a download; at the cap a new
// digit asks first; Clear asks first and offers Export. And framing: the full page in
// another site's frame shows only a link, an embed there still works. Screenshots of the
// questions and notices at 1280x800 and 360x780 in test-output/. Fails on any page error.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { axe, launch, serve, OUT, watchErrors } from './browser.mjs';
import { DRAWINGS, drawAndRead } from './drawing.mjs';
import { ASIDE, KEY, MAX, serialize } from '../www/your-digits.js';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

/** A digit whose 784 bytes are unique for each i (below 784 * 255). */
function distinct(i, label = i % 10) {
  const image = new Uint8Array(784);
  image[i % 784] = 1 + Math.floor(i / 784);
  return { label, image };
}
const digitsText = (from, n) => serialize(Array.from({ length: n }, (_, i) => distinct(from + i)));
const THREE = DRAWINGS.heldOut[3 * 6].drawings[0];

/**
 * The Draw panel in a fresh context with `stored` (text, or null) under KEY before the
 * page's first script; `init` runs in the page before it too (a stub, say).
 */
async function open(t, { stored = null, init = null, viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'the page logged errors'); });
  // Seeded once, on the first load only, with the real setItem (a stub may replace it after).
  if (stored !== null) {
    await page.addInitScript(([key, text]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(key, text);
    }, [KEY, stored]);
  }
  if (init) await page.addInitScript(init);
  await page.goto(`${server.url}#embed=1&panels=draw`);
  await page.getByTestId('draw-model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 60000 });
  return page;
}
const summary = (page, text) => page.getByTestId('your-digits-summary').filter({ hasText: text }).waitFor();
/** The stored set's labels and first bytes, read as the page's storage holds it. */
const storedSet = (page) => page.evaluate((key) => {
  const value = JSON.parse(localStorage.getItem(key) ?? '{"digits": []}');
  return value.digits.map((d) => `${d.label}:${d.image.slice(0, 12)}`);
}, KEY);
const idOf = (d) => serialize([d]).match(/"label":(\d),"image":"(.{12})/).slice(1).join(':');

/** Picks `name` holding `text` in the file chooser that `button` opens. */
async function pickFile(page, button, name, text) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}
/** Screenshots at 1280x800 and 360x780 with the open question or notice in view. */
async function shots(page, name) {
  const shown = page.locator('[data-testid="your-digits-ask"], [data-testid="your-digits-unreadable"]').filter({ visible: true }).first();
  await shown.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/${name}-1280.png` });
  await page.setViewportSize({ width: 360, height: 780 });
  await shown.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/${name}-360.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an import merges: a file of 500 keeps the learner\'s 5, skips duplicates and says what it refused', async (t) => {
  const mine = Array.from({ length: 5 }, (_, i) => distinct(i));
  const page = await open(t, { stored: serialize(mine) });
  await summary(page, /^Your digits: 5 kept/);
  // 500 digits: two of them the learner's own, the rest new; room for 495.
  const file = serialize([distinct(0), distinct(1), ...Array.from({ length: MAX - 2 }, (_, i) => distinct(1000 + i))]);
  await pickFile(page, 'Import (adds to yours)', 'class-set.json', file);
  await summary(page, `Added 495 digits from class-set.json. Not added: 2 already in your digits, 3 past the ${MAX} the lab keeps. Your digits: 500 kept`);
  await page.reload();
  await summary(page, /^Your digits: 500 kept in this browser .*the most the lab keeps/);
  const stored = await storedSet(page);
  assert.equal(stored.length, MAX);
  assert.deepEqual(stored.slice(0, 5), mine.map(idOf), 'the learner\'s five are kept, first');
  // A file that is not one changes nothing.
  await pickFile(page, 'Import (adds to yours)', 'notes.json', '{"hello": 1}');
  await summary(page, 'notes.json is not a file of digits: nothing changed. Your digits: 500 kept');
});

test('replacing with a file asks first, offers Export, and Keep mine keeps them', async (t) => {
  const mine = Array.from({ length: 5 }, (_, i) => distinct(i));
  const page = await open(t, { stored: serialize(mine) });
  await pickFile(page, 'Replace mine with a file…', 'other.json', digitsText(2000, 7));
  const ask = page.getByRole('group', { name: 'Replace your 5 digits with the 7 digits of other.json? Yours will be gone unless you export them first.' });
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep mine', 'focus on the safe choice');
  await shots(page, 'your-digits-replace');
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await summary(page, 'Nothing replaced: your 5 digits are as they were. Your digits: 5 kept');
  assert.deepEqual(await storedSet(page), mine.map(idOf));
  await pickFile(page, 'Replace mine with a file…', 'other.json', digitsText(2000, 7));
  await page.getByRole('button', { name: 'Replace mine', exact: true }).click();
  await summary(page, 'Replaced yours with 7 digits from other.json. Your digits: 7 kept');
});

test('with the storage full, keeping says "Not saved" and the old digits are still there after a reload', async (t) => {
  const mine = Array.from({ length: 3 }, (_, i) => distinct(i));
  const page = await open(t, {
    stored: serialize(mine),
    // Every write refused as a full localStorage refuses it (reads still work).
    init: () => { Storage.prototype.setItem = function full() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; },
  });
  await summary(page, /^Your digits: 3 kept/);
  assert.equal(await drawAndRead(page, THREE), 3);
  await page.getByRole('button', { name: 'I meant 3: keep this drawing in your digits' }).click();
  await summary(page, /^Not saved: this browser's storage is full, so this 3 was not kept\. Your 3 digits are as they were\..* Your digits: 3 kept/);
  await page.getByTestId('your-digits-summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/your-digits-full-1280.png` });
  await pickFile(page, 'Import (adds to yours)', 'two.json', digitsText(3000, 2));
  await summary(page, /^Not saved: this browser's storage is full, so the digits of two\.json were not added\./);
  const text = await page.getByTestId('your-digits-summary').textContent();
  assert.doesNotMatch(text, /Added|Imported|Kept as/);
  await page.reload();
  await summary(page, /^Your digits: 3 kept/);
  assert.deepEqual(await storedSet(page), mine.map(idOf));
});

test('a stored value that cannot be read is set aside with a notice and a download, not written over', async (t) => {
  const garbage = '{"version":1,"digits":[{"label":3,"image":"AAAA';
  const page = await open(t, { stored: garbage });
  const notice = page.getByTestId('your-digits-unreadable');
  await notice.filter({ hasText: 'could not all be read' }).waitFor();
  await summary(page, 'Your digits: 0 kept in this browser (0.0 KB). A damaged copy of your digits saved earlier is set aside: see below the outputs.');
  await shots(page, 'your-digits-unreadable');
  assert.deepEqual(await axe(page, 'the damaged-copy notice'), []);
  // Keep a digit: it is saved, and the damaged copy stays aside.
  assert.equal(await drawAndRead(page, THREE), 3);
  await page.getByRole('button', { name: 'I meant 3: keep this drawing in your digits' }).click();
  await summary(page, 'Kept as a 3; the pad is clear for the next. Your digits: 1 kept');
  const aside = await page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => localStorage.getItem(k)), ASIDE);
  assert.deepEqual(aside, [garbage]);
  assert.equal((await storedSet(page)).length, 1);
  // The damaged copy downloads as it was stored; after a reload the notice is still there.
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download the damaged copy' }).click()]);
  assert.equal(readFileSync(await download.path(), 'utf8'), garbage);
  await page.reload();
  await notice.filter({ hasText: 'could not all be read' }).waitFor();
  // Deleting it asks first.
  await notice.getByRole('button', { name: 'Delete it…' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), ASIDE)).length, 1);
  await notice.getByRole('button', { name: 'Delete it…' }).click();
  await page.getByRole('button', { name: 'Delete it', exact: true }).click();
  await summary(page, 'The damaged copy is deleted.');
  assert.equal(await notice.isVisible(), false);
});

test('at the cap, keeping one more asks first and drops nothing unless the learner lets the oldest go', async (t) => {
  const page = await open(t, { stored: digitsText(0, MAX) });
  await summary(page, `Your digits: ${MAX} kept in this browser`);
  assert.equal(await drawAndRead(page, THREE), 3);
  const meant = page.getByRole('button', { name: 'I meant 3: keep this drawing in your digits' });
  await meant.click();
  const ask = page.getByRole('group', { name: `You have ${MAX} digits, the most the lab keeps. Keep this 3 and let your oldest digit (a 0) go?` });
  await ask.waitFor();
  await shots(page, 'your-digits-cap');
  await ask.getByRole('button', { name: 'Don’t keep it' }).click();
  await summary(page, `Not kept: you still have your ${MAX} digits.`);
  const before = await storedSet(page);
  assert.equal(before.length, MAX);
  assert.equal(before[0], idOf(distinct(0)), 'nothing dropped');
  await meant.click();
  await ask.getByRole('button', { name: 'Let the oldest go' }).click();
  await summary(page, 'Kept as a 3; the pad is clear for the next. Your oldest digit (a 0) was let go.');
  const now = await storedSet(page);
  assert.equal(now.length, MAX);
  assert.deepEqual(now.slice(0, -1), before.slice(1));
});

test('Delete asks first and offers Export; Keep them and Escape keep them; Delete all deletes', async (t) => {
  const page = await open(t, { stored: digitsText(0, 12) });
  await summary(page, /^Your digits: 12 kept/);
  const clear = page.getByRole('button', { name: 'Delete your digits…' });
  await clear.click();
  const ask = page.getByRole('group', { name: 'Delete all 12 digits? They cannot be brought back unless you export them first.' });
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep them', 'focus on the safe choice');
  assert.equal(await clear.isVisible(), false, 'the question stands in for the buttons');
  await shots(page, 'your-digits-clear');
  assert.deepEqual(await axe(page, 'the Clear question'), []);
  const [download] = await Promise.all([page.waitForEvent('download'), ask.getByRole('button', { name: 'Export first' }).click()]);
  assert.equal(JSON.parse(readFileSync(await download.path(), 'utf8')).digits.length, 12);
  await ask.getByText('Exported 12 digits').waitFor();
  await ask.getByRole('button', { name: 'Keep them' }).click();
  await summary(page, 'Nothing deleted. Your digits: 12 kept');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Delete your digits…', 'focus back where it was');
  // From the keyboard: Enter asks, focus is on the safe choice, Escape picks it.
  await clear.focus();
  await page.keyboard.press('Enter');
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep them');
  await page.keyboard.press('Escape');
  await summary(page, 'Nothing deleted. Your digits: 12 kept');
  assert.equal((await storedSet(page)).length, 12);
  await clear.click();
  await ask.getByRole('button', { name: 'Delete all 12' }).click();
  await summary(page, 'Deleted 12 digits. Your digits: 0 kept');
  assert.equal((await storedSet(page)).length, 0);
});

test('framed by another site the full page shows only a link to its own tab; an embed there still works', async (t) => {
  // The server: frame-ancestors for every file but the app page, which is also the embed.
  const appPage = (await fetch(server.url)).headers.get('content-security-policy');
  assert.doesNotMatch(appPage, /frame-ancestors/);
  const style = (await fetch(`${server.url}www/style.css`)).headers.get('content-security-policy');
  assert.match(style, /frame-ancestors 'self'/);
  const host = createServer((req, res) => {
    const src = req.url === '/embed' ? `${server.url}#embed=1&panels=draw` : server.url;
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>Another site</title><h1>Another site</h1><iframe src="${src}" title="Lab" style="width: 100%; height: 600px"></iframe>`);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  t.after(() => host.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const other = await context.newPage();
  const errors = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(`http://localhost:${host.address().port}/`);
  const frame = other.frameLocator('iframe');
  await frame.getByRole('link', { name: 'Open the lab in its own tab' }).waitFor();
  assert.equal(await frame.getByRole('button').count(), 0, 'no control at all to click');
  assert.equal(await frame.locator('#pad').isVisible(), false);
  await other.screenshot({ path: `${OUT}/framed-full-page-1280.png` });
  await other.setViewportSize({ width: 360, height: 780 });
  await other.screenshot({ path: `${OUT}/framed-full-page-360.png` });
  // The embed, from the same other site: the pad and Clear (which asks), no Replace.
  await other.goto(`http://localhost:${host.address().port}/embed`);
  await frame.getByTestId('draw-model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 60000 });
  assert.equal(await frame.getByRole('link', { name: 'Open the lab in its own tab' }).count(), 0);
  assert.equal(await frame.getByRole('button', { name: 'Replace mine with a file…' }).isVisible(), false);
  assert.equal(await frame.getByRole('button', { name: 'Delete your digits…' }).isVisible(), true);
  // The framing page turns the embed into the full page: the notice replaces it.
  await other.evaluate((url) => { document.querySelector('iframe').src = `${url}#panels=draw`; }, server.url);
  await frame.getByRole('link', { name: 'Open the lab in its own tab' }).waitFor();
  assert.equal(await frame.getByRole('button', { name: 'Delete your digits…' }).isVisible(), false);
  assert.deepEqual(errors, []);
});
