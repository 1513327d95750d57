// End-to-end: links and embedding, accessibility, phones, and failures injected
// on purpose (a broken data file, a worker that dies, a learning rate that diverges).
// Offline is in offline.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT } from './browser.mjs';

let browser;
let server;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

/** A page in its own context; fails the test on page errors. `prepare(context)` runs
 * before the page loads (to inject faults). */
async function open(t, hash = '', options = {}, prepare = async () => {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  await prepare(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(server.url + hash);
  return { page, context };
}
// A run is set up (Step is enabled only then: Train already is while the first run is on its way).
const ready = (page) => page.waitForFunction(() => !document.getElementById('train').disabled && !document.getElementById('step').disabled, null, { timeout: 60000 });
const shot = (page, name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

test('a link restores its settings, and the URL follows changes', async (t) => {
  const { page } = await open(t, '#hidden=100&keep=0.5&seed=7&speed=3&iterations=20');
  await ready(page);
  assert.equal(await page.getByLabel('Hidden units').inputValue(), '100');
  assert.equal(await page.getByLabel('Keep probability').inputValue(), '0.5');
  assert.equal(await page.getByLabel('Seed').inputValue(), '7');
  assert.equal(await page.getByLabel('Iterations').inputValue(), '20');
  assert.equal(await page.locator('#speed-label').textContent(), '30 steps/s');
  await page.getByTestId('metrics').filter({ hasText: 'Ready: 784-100-10, α 0.005, 20 iterations, dropout keep 0.5, seed 7' }).waitFor();
  await page.getByLabel('Seed').fill('9');
  await page.getByLabel('Seed').blur();
  await page.waitForFunction(() => location.hash.includes('seed=9') && location.hash.includes('hidden=100'));
});

test('bad values in a link become defaults with a visible notice', async (t) => {
  const { page } = await open(t, '#hidden=-4&alpha=lots&dataset=cifar');
  await ready(page);
  const notice = page.getByRole('alert').filter({ hasText: 'not valid' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /hidden=-4 is not valid here; using 40/);
  assert.equal(await page.getByLabel('Hidden units').inputValue(), '40');
  assert.equal(await page.getByLabel('Learning rate α').inputValue(), '0.005');
  await shot(page, '20-bad-link');
});

test('a link to a lesson opens it, ready to run', async (t) => {
  const { page } = await open(t, '#lesson=dropout');
  await ready(page);
  await page.getByTestId('lesson-text').filter({ hasText: 'Dropout switches off a random half' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '4. Dropout' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByLabel('Hidden units').inputValue(), '100');
  assert.equal(await page.getByRole('button', { name: 'Train' }).isEnabled(), true);
});

test('the share dialog gives the link and an embed snippet; the embed works from another origin', async (t) => {
  const { page } = await open(t, '#seed=3');
  await ready(page);
  await page.getByRole('button', { name: 'Share or embed…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this lab' });
  await dialog.waitFor();
  assert.match(await page.locator('#share-link').inputValue(), /#seed=3$/);
  const snippet = await page.locator('#share-embed').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#seed=3&amp;embed=1&amp;panels=draw"|^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#seed=3&embed=1&panels=draw"/);
  await shot(page, '21-share');
  const src = snippet.match(/src="([^"]+)"/)[1];

  // A teacher's page on a second origin embeds only the drawing pad.
  const host = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>Course</title><h1>Week 8</h1>${snippet}`);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  t.after(() => host.close());
  const course = await page.context().newPage();
  await course.goto(`http://127.0.0.1:${host.address().port}/`);
  const frame = course.frameLocator('iframe');
  await frame.locator('body.embed #pad').waitFor();
  assert.equal(await frame.locator('[data-panel]:visible').count(), 1, 'only the drawing pad is shown');
  assert.equal(await frame.locator('.top').isVisible(), false, 'no page chrome');
  // The ready drawing model reads a drawn 1 from the first seconds, without training.
  const box = await frame.locator('#pad').boundingBox();
  await course.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
  await course.mouse.down();
  await course.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8, { steps: 8 });
  await course.mouse.up();
  await frame.getByTestId('draw-answer').filter({ hasText: 'The drawing model says: 1' }).waitFor({ timeout: 30000 });
  await course.screenshot({ path: `${OUT}/22-embedded.png`, fullPage: true });
  assert.ok(src.includes('embed=1'));
});

test('a diverging learning rate stops training and says why', async (t) => {
  const { page } = await open(t, '#alpha=10&iterations=5');
  await ready(page);
  await page.getByRole('button', { name: 'Train' }).click();
  const status = page.locator('#status-text').filter({ hasText: 'the error became infinite or not a number' });
  await status.waitFor();
  assert.match(await status.textContent(), /With α = 10 each update overshoots/);
  await shot(page, '23-diverged');
  await page.getByRole('button', { name: 'Use α 0.005' }).click();
  await page.getByTestId('metrics').filter({ hasText: 'α 0.005' }).waitFor();
});

test('a corrupt data file gets a clear message and a Retry that works', async (t) => {
  const labels = readFileSync(`${ROOT}data/mnist/t10k-labels-idx1-ubyte.gz`);
  const { page, context } = await open(t, '', { serviceWorkers: 'block' }, (c) => c.route('**/t10k-labels-idx1-ubyte.gz',
    (route) => route.fulfill({ body: labels.subarray(0, 2000), contentType: 'application/octet-stream' })));
  const status = page.locator('#status-text').filter({ hasText: 'Could not load the data' });
  await status.waitFor({ timeout: 60000 });
  assert.match(await status.textContent(), /t10k-labels-idx1-ubyte\.gz: the label file (is not valid gzip|is truncated)/);
  await shot(page, '24-corrupt-data');
  await context.unrouteAll();
  await page.getByRole('button', { name: 'Retry' }).click();
  await ready(page);
  await page.locator('#status-text').filter({ hasText: 'MNIST ready' }).waitFor();
});

test('a bad training label file is named, not its image file', async (t) => {
  const labels = readFileSync(`${ROOT}data/mnist/train-labels-idx1-ubyte.gz`);
  const raw = gunzipSync(labels);
  const { page } = await open(t, '', { serviceWorkers: 'block' }, (c) => c.route('**/train-labels-idx1-ubyte.gz',
    (route) => route.fulfill({ body: gzipSync(raw.subarray(0, 5000)), contentType: 'application/octet-stream' })));
  const status = page.locator('#status-text').filter({ hasText: 'Could not load the data' });
  await status.waitFor({ timeout: 60000 });
  assert.match(await status.textContent(), /train-labels-idx1-ubyte\.gz: the label file is truncated/);
});

test('a worker that dies is reported, and Restart brings training back', async (t) => {
  const { page, context } = await open(t, '', { serviceWorkers: 'block' }, (c) => c.route('**/www/worker.js',
    (route) => route.fulfill({ body: 'throw new Error("injected crash");', contentType: 'text/javascript' })));
  const status = page.locator('#status-text').filter({ hasText: 'The training worker stopped' });
  await status.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Train' }).isDisabled(), true);
  await page.getByRole('application', { name: 'Drawing pad' }).scrollIntoViewIfNeeded();
  await context.unrouteAll();
  await page.getByRole('button', { name: 'Restart' }).click();
  await ready(page);
});

test('a worker killed mid-run is noticed, and Restart brings training back', async (t) => {
  // The worker closes itself (as a killed worker would, with no error event) 1.5 s into the run.
  const killer = "import './worker.js?real'; self.addEventListener('message', (e) => { if (e.data?.kind === 'train') setTimeout(() => self.close(), 1500); });";
  const { page, context } = await open(t, '#iterations=100000&hidden=200', { serviceWorkers: 'block' },
    (c) => c.route(/\/www\/worker\.js$/, (route) => route.fulfill({ body: killer, contentType: 'text/javascript' })));
  await ready(page);
  await page.getByRole('button', { name: 'Train' }).click();
  const status = page.locator('#status-text').filter({ hasText: 'The training worker stopped (it stopped responding)' });
  await status.waitFor({ timeout: 20000 });
  // The run had started, so the main button offers to resume it (and cannot, until Restart).
  assert.equal(await page.locator('#train').isDisabled(), true);
  await shot(page, '28-worker-killed');
  await context.unrouteAll();
  await page.getByRole('button', { name: 'Restart' }).click();
  await ready(page);
  await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.getByTestId('metrics').filter({ hasText: /Iteration 1 / }).waitFor();
});

test('axe finds no serious or critical accessibility problem', async (t) => {
  const { page } = await open(t, '', { bypassCSP: true });
  await ready(page);
  await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.evaluate(readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8'));
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
});

test('every control is reachable with the keyboard, with a visible focus ring', async (t) => {
  const { page } = await open(t);
  await ready(page);
  const seen = new Set();
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (el === document.body) return null; // past the last control
      const style = getComputedStyle(el);
      return { id: el.id || el.dataset.preset || el.dataset.lesson || el.textContent.trim().slice(0, 20), outline: style.outlineStyle };
    });
    if (!info) continue;
    seen.add(info.id);
    assert.notEqual(info.outline, 'none', `${info.id} shows its focus`);
  }
  for (const id of ['train', 'step', 'reset', 'speed', 'hidden', 'dataset', 'mistakes', 'clear', 'share']) assert.ok(seen.has(id), `${id} reached by Tab`);
});

test('on a 360 px phone the lab fits and drawing works by touch', async (t) => {
  const { page } = await open(t, '', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#pad').boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + box.width / 2, y: box.y + box.height * y }],
  });
  await touch('touchStart', 0.2);
  for (let y = 0.25; y <= 0.8; y += 0.05) await touch('touchMove', y);
  await touch('touchEnd', 0.8);
  await page.getByTestId('draw-answer').filter({ hasText: 'The drawing model says' }).waitFor();
  await shot(page, '25-phone');
});

test('a trained model downloads, loads back, and a bad file changes nothing', async (t) => {
  const { page } = await open(t, '#iterations=3');
  await ready(page);
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.getByTestId('metrics').filter({ hasText: /Iteration 3 / }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model' }).click()]);
  const bytes = readFileSync(await download.path());
  // Version 3 (crate/src/model.rs): a 20-byte header, the kept settings by name (a length
  // byte, the name, an f64 each), then the weights (no biases here).
  assert.equal(bytes.subarray(0, 8).toString('latin1'), 'RGLBMDL3');
  const settings = bytes.readUInt32LE(16);
  let at = 20;
  const names = [];
  for (let i = 0; i < settings; i += 1) { names.push(bytes.subarray(at + 1, at + 1 + bytes[at]).toString('latin1')); at += 1 + bytes[at] + 8; }
  assert.ok(names.includes('hidden') && names.includes('keep'), `settings by name: ${names}`);
  assert.equal(bytes.length, at + 8 * 794 * 40);
  assert.match(download.suggestedFilename(), /^reglab-784-40-10-iteration-3\.rglb$/);

  const trainedRight = await page.locator('#sample-grid li[data-correct="true"]').count();
  assert.ok(trainedRight >= 16, `the trained model gets most samples right (${trainedRight})`);

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByTestId('metrics').filter({ hasText: /^Ready/ }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#sample-grid li[data-correct="true"]').length <= 6);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load model…' }).click();
  await (await chooser).setFiles({ name: 'trained.rglb', mimeType: 'application/octet-stream', buffer: bytes });
  await page.locator('#status-text').filter({ hasText: 'Loaded trained.rglb: 784-40-10 trained for 3 iterations on MNIST' }).waitFor();
  // The loaded weights score like the trained ones did: the sample grid is mostly right.
  await page.waitForFunction(() => document.querySelectorAll('#sample-grid li[data-correct="true"]').length >= 16);

  for (const [name, buffer, reason] of [
    ['cut.rglb', bytes.subarray(0, 1000), 'truncated or corrupt'],
    ['notes.txt', Buffer.from('these are my notes, not a model, but long enough to have a header.'), 'not a Regularization Lab model file'],
  ]) {
    const next = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Load model…' }).click();
    await (await next).setFiles({ name, mimeType: 'application/octet-stream', buffer });
    const message = page.locator('#config-message').filter({ hasText: `Could not load ${name}` });
    await message.waitFor();
    assert.match(await message.textContent(), new RegExp(`${reason}.*The current model is unchanged`));
  }
  assert.ok(await page.locator('#sample-grid li[data-correct="true"]').count() >= 16, 'the loaded model is still there');
  await shot(page, '27-model-file');
});
