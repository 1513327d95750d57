// End-to-end: a teacher's link that hides and locks controls (hide=, lock=; www/state.js,
// enforced in www/host-commands.js). Hidden controls are not shown, a locked one is shown
// read-only, and a change of a locked setting is refused through a later hash and through
// the host API (from a course page on a second origin), with a notice on the page.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { axe, launch, serve, OUT } from './browser.mjs';
import { buildLinks, embedBehaviour } from '../www/share-links.js';

const RULES = 'hide=speed,step,reset,alpha&lock=hidden';
let browser;
let lab;
let host; // a second origin for the host-API test
let hostHtml = '';

before(async () => {
  lab = await serve();
  browser = await launch();
  host = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostHtml));
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
after(async () => { await browser?.close(); lab?.stop(); host?.close(); });

async function open(t, url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(url);
  return page;
}

test('a link with hide= shows none of those controls, lock= shows hidden read-only, and a hash cannot change it', async (t) => {
  const page = await open(t, `${lab.url}#${RULES}&keep=0.5`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 60000 });
  for (const id of ['speed', 'step', 'step-iteration', 'reset', 'alpha']) {
    assert.equal(await page.locator(`#${id}`).isVisible(), false, `${id} is hidden`);
  }
  const hidden = page.getByLabel('Hidden units');
  assert.equal(await hidden.isVisible(), true, 'a locked control is shown');
  assert.equal(await hidden.getAttribute('readonly'), '', 'and read-only');
  assert.match(await page.locator('.field', { has: hidden }).textContent(), /fixed by this link/);
  assert.equal(await page.getByLabel('Dropout: keep probability').isEditable(), true, 'other settings stay editable');
  assert.equal(await page.getByRole('button', { name: 'Train', exact: true }).isVisible(), true);
  assert.equal(await page.getByRole('button', { name: 'Load model…' }).isDisabled(), true, 'a model file would bring its own hidden size');
  assert.deepEqual(await axe(page, 'locked controls'), []);

  // A later hash asking for 100 hidden neurons: refused, with a notice, the URL as it was.
  await page.evaluate((rules) => { location.hash = `#${rules}&keep=0.5&hidden=100`; }, RULES);
  await page.locator('#notice').filter({ hasText: /keeps Hidden units as it is/ }).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /hidden=100/);
  // Taking the rules out of the hash does not lift them either.
  await page.evaluate(() => { location.hash = '#hidden=100'; });
  await page.locator('#notice').filter({ hasText: /keeps Hidden units, the hidden controls, the locked controls as they are/ }).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  // A lesson would bring its own hidden size: with settings fixed, the lesson is fixed too.
  await page.evaluate((rules) => { location.hash = `#${rules}&keep=0.5&lesson=dropout`; }, RULES);
  await page.locator('#notice').filter({ hasText: /keeps the lesson as it is/ }).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  // A setting the link did not fix still follows the hash.
  await page.evaluate((rules) => { location.hash = `#${rules}&keep=0.8`; }, RULES);
  await page.waitForFunction(() => document.getElementById('keep').value === '0.8');
  // A preset would change the locked hidden size: refused in the panel, nothing changes.
  await page.getByRole('button', { name: 'Dropout', exact: true }).click();
  await page.getByText(/This link keeps Hidden units as it is; nothing changed/).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  assert.equal(await page.getByLabel('Dropout: keep probability').inputValue(), '0.8');
});

test('unknown names in hide= and lock= are reported on the page', async (t) => {
  const page = await open(t, `${lab.url}#hide=speed,sped&lock=hiden`);
  await page.locator('#notice').filter({ hasText: /no control is called sped/ }).waitFor({ timeout: 30000 });
  assert.match(await page.locator('#notice').textContent(), /no control is called hiden/);
  assert.equal(await page.locator('#speed').isVisible(), false, 'the known name still applies');
});

test('in the page, a locked link keeps its lesson: other lessons, Set it up and Next lesson are refused', async (t) => {
  const page = await open(t, `${lab.url}#lock=trainSize&lesson=overfitting`);
  await page.getByRole('button', { name: 'Rise, then fall' }).waitFor({ timeout: 60000 });
  const lessonButton = (name) => page.locator('#lesson-buttons button', { hasText: name });
  assert.equal(await lessonButton('Early stopping').isDisabled(), true, 'another lesson would bring its own settings');
  assert.equal(await lessonButton('Overfitting').isEnabled(), true, 'the link\'s own lesson stays');
  assert.match(await page.locator('.lesson-locked-note').textContent(), /This link keeps some settings fixed; the greyed lessons would change them/);
  await page.getByRole('button', { name: 'Rise, then fall' }).click();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('button', { name: 'Skip to the end' }).click();
  const setUp = page.locator('#lesson-try-next');
  await setUp.waitFor({ timeout: 120000 });
  assert.equal(await setUp.isDisabled(), true, 'its experiment changes the locked Training images');
  assert.match(await page.locator('#lesson-text').textContent(), /keeps Training images fixed/);
  assert.equal(await page.locator('#lesson-next').count(), 0, 'no Next lesson');
  await setUp.click({ force: true }); // a disabled button does nothing, even when pressed
  assert.equal(await page.getByLabel('Training images').inputValue(), '1000');
  // The lesson the link opened may be taken again.
  assert.equal(await lessonButton('Overfitting').isEnabled(), true);
  await lessonButton('Overfitting').click();
  await page.getByRole('button', { name: 'Rise, then fall' }).waitFor();
  await page.screenshot({ path: `${OUT}/issue21-locked-lesson.png` });
});

test('through the host API a locked setting is refused by name, and nothing changes', async (t) => {
  hostHtml = `<!doctype html><html lang="en"><title>Course</title><h1>Week 8</h1>`
    + `<iframe src="${lab.url}#embed=1&panels=controls,curves&${RULES}&iterations=5" title="Lab" width="900" height="800"></iframe>`
    + '<script>window.seen=[];addEventListener("message",(e)=>window.seen.push(e.data));</script>';
  const page = await open(t, `http://localhost:${host.address().port}/`);
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:ready'), null, { timeout: 60000 });
  const frame = page.frameLocator('iframe');
  const post = (settings) => page.evaluate((s) => document.querySelector('iframe').contentWindow.postMessage({ type: 'reglab:configure', settings: s }, '*'), settings);
  await post({ hidden: 100, keep: 0.5 });
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:error'));
  const [error] = await page.evaluate(() => window.seen.filter((m) => m.type === 'reglab:error').map((m) => m.message));
  assert.match(error, /keeps hidden fixed/);
  await frame.locator('#notice').filter({ hasText: /keeps Hidden units as it is/ }).waitFor();
  assert.equal(await frame.getByLabel('Hidden units').inputValue(), '40');
  assert.equal(await frame.getByLabel('Dropout: keep probability').inputValue(), '1', 'nothing of the refused message was applied');
  // The same host may change what the link left free.
  await post({ keep: 0.5 });
  const inner = await (await page.locator('iframe').elementHandle()).contentFrame();
  await inner.waitForFunction(() => document.getElementById('keep').value === '0.5');
  assert.equal((await page.evaluate(() => window.seen.filter((m) => m.type === 'reglab:error').length)), 1);
  await page.screenshot({ path: `${OUT}/issue21-locked-embed.png` });
});

test('the builder\'s words follow the embed\'s rules (unit)', () => {
  assert.match(embedBehaviour({ panels: ['lessons', 'curves'], lesson: 'dropout', lessonTitle: '4. Dropout' }), /trains nothing until the student has answered/);
  assert.doesNotMatch(embedBehaviour({ panels: ['lessons', 'curves'], lesson: 'dropout', lessonTitle: '4. Dropout' }), /by itself while/);
  assert.match(embedBehaviour({ panels: ['controls', 'curves'], lesson: '' }), /presses Train/);
  assert.match(embedBehaviour({ panels: ['controls'], lesson: '' }), /leaves out/);
  assert.match(embedBehaviour({ panels: ['draw'], lesson: '' }), /drawing pad alone: a ready model .* Nothing trains/);
  assert.match(embedBehaviour({ panels: ['draw', 'network'], lesson: '' }), /trains its run by itself while it is shown/);
  // The lessons panel without a lesson is a lesson menu: nothing opens, so the panels decide.
  assert.match(embedBehaviour({ panels: ['lessons', 'draw'], lesson: '' }), /by itself/);
  const built = buildLinks({ seed: 1, panels: 'draw' }, { lesson: 'dropout', seed: 7, panels: ['draw'], lockAll: false, access: { speed: 'hidden', hidden: 'locked', alpha: 'free' } });
  assert.deepEqual([built.embed.panels, built.embed.hide, built.embed.lock, built.embed.seed, built.embed.embed], ['lessons,draw', 'speed', 'hidden', 7, '1']);
  assert.equal(built.page.embed, '0');
  assert.equal(buildLinks({}, { lesson: '', seed: 1, panels: ['draw'], lockAll: true, access: { hidden: 'locked' } }).embed.lock, 'all');
});

test('the link builder: lesson, panels, hidden and locked controls, seed; the link and the words follow', async (t) => {
  const page = await open(t, lab.url, { width: 1280, height: 720 });
  await page.getByText(/MNIST ready/).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Share or embed…' }).click();
  const dialog = page.getByRole('dialog');
  const embedCode = () => dialog.getByLabel('Embed code').inputValue();
  const words = dialog.locator('#share-behaviour');
  // The default: the pad alone, which reads digits with the ready model and trains nothing.
  assert.match(await words.textContent(), /drawing pad alone: a ready model .* Nothing trains/);
  await dialog.getByLabel('Lesson', { exact: true }).selectOption({ label: '4. Dropout' });
  assert.match(await embedCode(), /lesson=dropout/);
  assert.match(await embedCode(), /panels=lessons%2Cdraw|panels=lessons,draw/);
  assert.match(await words.textContent(), /opens the lesson “4. Dropout” and trains nothing until/);
  assert.doesNotMatch(await words.textContent(), /Press Train|by itself/);
  await dialog.getByLabel('Lesson', { exact: true }).selectOption('');
  await dialog.getByLabel('Experiment', { exact: true }).check();
  await dialog.getByLabel('Learning curves', { exact: true }).check();
  assert.match(await words.textContent(), /presses Train/);
  await dialog.locator('summary', { hasText: 'What the student may change' }).click();
  await dialog.getByLabel('Speed', { exact: true }).selectOption('hidden');
  await dialog.getByLabel('Hidden units', { exact: true }).selectOption('locked');
  await dialog.getByLabel('Seed of the run').fill('7');
  const link = await dialog.getByLabel('Link').inputValue();
  assert.match(link, /hide=speed/);
  assert.match(link, /lock=hidden/);
  assert.match(link, /seed=7/);
  assert.match(await embedCode(), /hide=speed&amp;lock=hidden/);
  await dialog.getByLabel('Seed of the run').fill('-3');
  assert.match(await dialog.locator('#share-seed-message').textContent(), /whole number/);
  assert.doesNotMatch(await dialog.getByLabel('Link').inputValue(), /seed=-3/);
  await dialog.getByLabel('Seed of the run').fill('7');
  await page.screenshot({ path: `${OUT}/issue21-link-builder-1280x720.png` });
  assert.deepEqual(await axe(page, 'link builder'), []);
  // The link does what the builder said: open it.
  const opened = await open(t, link);
  await opened.getByText(/MNIST ready/).waitFor({ timeout: 60000 });
  assert.equal(await opened.locator('#speed').isVisible(), false);
  assert.equal(await opened.getByLabel('Hidden units').getAttribute('readonly'), '');
  assert.equal(await opened.getByLabel('Seed').inputValue(), '7');
  await dialog.getByLabel('Lock every setting').check();
  assert.match(await dialog.getByLabel('Link').inputValue(), /lock=all/);
});

test('the link builder on a phone (screenshot)', async (t) => {
  const page = await open(t, lab.url, { width: 360, height: 780 });
  await page.getByText(/MNIST ready/).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Share or embed…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Lesson', { exact: true }).selectOption({ label: '4. Dropout' });
  await dialog.locator('summary', { hasText: 'What the student may change' }).click();
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `the dialog fits the width (${JSON.stringify(box)})`);
  await page.screenshot({ path: `${OUT}/issue21-link-builder-360x780.png` });
});
