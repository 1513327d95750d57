// End-to-end: the lab embedded in course pages on a second origin. The host API
// (www/host-api.js) driven by docs/course.html; embeds that fit their content, wait to be
// on screen, pause when scrolled away, take turns and replay; messages that are not the
// lab's, or not from its parent, change nothing; the iframe's hash reconfigures the lab.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT } from './browser.mjs';

let browser;
let lab;
let host; // the course pages' server: a second origin (another site, even: localhost)
let hostPages = {}; // path -> html, for pages a test writes itself

before(async () => {
  lab = await serve();
  browser = await launch();
  host = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const types = { html: 'text/html', js: 'text/javascript', css: 'text/css' };
    if (hostPages[path]) { res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostPages[path]); return; }
    const file = path.replace(/^\/+/, '');
    if (!/^[\w-]+\.(html|js|css)$/.test(file)) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'Content-Type': types[file.split('.').pop()] }).end(readFileSync(`${ROOT}docs/${file}`));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
after(async () => { await browser?.close(); lab?.stop(); host?.close(); });
const hostUrl = (path) => `http://localhost:${host.address().port}${path}`;

/** A course page in a fresh context that records every message the labs send it. */
async function course(t, path, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    if (window !== window.top) return;
    window.seen = [];
    addEventListener('message', (event) => {
      const frames = [...document.querySelectorAll('iframe')];
      window.seen.push({ frame: frames.findIndex((f) => f.contentWindow === event.source), origin: event.origin, ...event.data, at: performance.now() });
    });
  });
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(hostUrl(path));
  return page;
}
const seen = (page, frame, type) => page.evaluate(([f, ty]) => window.seen.filter((m) => m.frame === f && m.type === ty), [frame, type]);
const waitSeen = (page, frame, type, count = 1, timeout = 60000) => page.waitForFunction(([f, ty, n]) => window.seen.filter((m) => m.frame === f && m.type === ty).length >= n, [frame, type, count], { timeout });

test('the example course page configures, trains and follows a lab through the host API', async (t) => {
  const page = await course(t, `/course.html?lab=${encodeURIComponent(lab.url)}`);
  await waitSeen(page, 0, 'reglab:ready');
  const labOrigin = new URL(lab.url).origin;
  assert.ok((await seen(page, 0, 'reglab:ready')).every((m) => m.origin === labOrigin));
  // The first lab trains by itself once on screen; the page then asks for dropout instead.
  await page.getByRole('button', { name: 'With dropout' }).click();
  const frame = page.frameLocator('iframe').first();
  // (An embed without controls trains what it is given by itself; Train is then a no-op.)
  await frame.getByTestId('metrics').filter({ hasText: /784-100-10, .*dropout keep 0\.5| of 300 / }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Train' }).first().click();
  await waitSeen(page, 0, 'reglab:finished', 1, 120000);
  const progress = await seen(page, 0, 'reglab:progress');
  assert.ok(progress.length >= 10, `progress events (${progress.length})`);
  const last = progress.at(-1);
  assert.equal(last.iteration, 300);
  assert.ok(last.trainAccuracy > 0.8 && last.testAccuracy > 0.7, JSON.stringify(last));
  const [finished] = (await seen(page, 0, 'reglab:finished')).slice(-1);
  assert.equal(finished.iteration, 300);
  assert.ok(finished.testAccuracy > 0.7 && finished.seconds > 0);
  await page.getByText(/Lab 1: finished 300 iterations/).waitFor();
  // Fits its content: the iframe is as tall as the lab says it is, not the fixed 608 px.
  const resized = (await seen(page, 0, 'reglab:resize')).at(-1);
  const inner = await page.locator('iframe').first().evaluate((f) => f.clientHeight);
  assert.ok(Math.abs(inner - resized.height) <= 1, `iframe ${inner} px inside, lab ${resized.height} px; ${JSON.stringify((await seen(page, 0, "reglab:resize")).map((m) => m.height))}`);
  const content = await frame.locator('body').evaluate((b) => b.getBoundingClientRect().height);
  assert.ok(Math.abs(content - resized.height) <= 1, `content ${content} px; ${JSON.stringify((await seen(page, 0, "reglab:resize")).map((m) => m.height))}`);
  assert.ok(await frame.locator('#error-chart').isVisible());
  await page.screenshot({ path: `${OUT}/40-course-page.png`, fullPage: true });
  t.diagnostic(`curves embed: ${resized.height} px`);

  // Lab 3: a lesson opened by the host page, then the prediction events of lab 2.
  await page.getByRole('button', { name: 'Open the dropout lesson' }).click();
  await page.frameLocator('iframe').nth(2).getByTestId('lesson-text').filter({ hasText: 'Dropout switches off' }).waitFor({ timeout: 60000 });
  const drawFrame = page.frameLocator('iframe').nth(1);
  const pad = drawFrame.locator('#pad');
  await pad.scrollIntoViewIfNeeded();
  await waitSeen(page, 1, 'reglab:finished', 1, 120000);
  const pbox = await pad.boundingBox();
  await page.mouse.move(pbox.x + pbox.width / 2, pbox.y + pbox.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(pbox.x + pbox.width / 2, pbox.y + pbox.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await waitSeen(page, 1, 'reglab:prediction');
  const [prediction] = (await seen(page, 1, 'reglab:prediction')).slice(-1);
  assert.equal(prediction.outputs.length, 10);
  assert.equal(prediction.digit, prediction.outputs.indexOf(Math.max(...prediction.outputs)));
  const heights = await page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => Math.round(f.getBoundingClientRect().height)));
  t.diagnostic(`embed heights: ${heights.join(', ')} px`);
});

const embedPage = (srcs, spacer = 0) => `<!doctype html><html lang="en"><title>Course</title><link rel="icon" href="data:,"><h1>Week 8</h1>`
  + `<div style="height:${spacer}px">spacer</div>`
  + srcs.map((src) => `<iframe data-reglab src="${lab.url}${src}" title="Lab" width="600" height="560" style="border:0"></iframe>`).join('');

test('an embed trains only on screen, idles when scrolled away, and can be replayed', async (t) => {
  hostPages['/wait.html'] = embedPage(['#embed=1&panels=draw,network&iterations=4000&trainSize=1000&hidden=100&testEvery=500'], 2500);
  const page = await course(t, '/wait.html');
  await waitSeen(page, 0, 'reglab:ready');
  await page.waitForTimeout(2500);
  assert.equal((await seen(page, 0, 'reglab:progress')).length, 0, 'no training while out of sight');
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await waitSeen(page, 0, 'reglab:progress', 5);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  const before = (await seen(page, 0, 'reglab:progress')).at(-1).iteration;
  await page.waitForTimeout(1500);
  const later = (await seen(page, 0, 'reglab:progress')).at(-1).iteration;
  assert.equal(later, before, 'paused while scrolled away');
  assert.ok(before < 4000);
  const frame = page.frameLocator('iframe');
  assert.match(await frame.locator('#status-text').textContent(), /Paused while out of sight/);
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await page.waitForFunction((b) => window.seen.filter((m) => m.type === 'reglab:progress').at(-1).iteration > b, before);
  // Skip to the end quickly: the host pauses it, and the replay button trains it again.
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ type: 'reglab:configure', settings: { iterations: 3, hidden: 40 } }, '*'));
  await waitSeen(page, 0, 'reglab:finished');
  await frame.getByRole('button', { name: 'Train again' }).click();
  await waitSeen(page, 0, 'reglab:finished', 2);
});

test('several embeds on one page take turns', async (t) => {
  const run = '#embed=1&panels=draw,network&iterations=300&trainSize=1000&hidden=100&keep=0.5&testEvery=100';
  hostPages['/two.html'] = embedPage([run, run]).replace(/width="600" height="560"/g, 'width="600" height="300"');
  const page = await course(t, '/two.html', { width: 1280, height: 900 });
  await waitSeen(page, 0, 'reglab:finished', 1, 120000);
  await waitSeen(page, 1, 'reglab:finished', 1, 120000);
  const spans = await page.evaluate(() => [0, 1].map((f) => {
    const p = window.seen.filter((m) => m.frame === f && m.type === 'reglab:progress');
    const done = window.seen.find((m) => m.frame === f && m.type === 'reglab:finished');
    return [p[0].at, done.at];
  }));
  const [first, second] = spans.sort((a, b) => a[0] - b[0]);
  assert.ok(second[0] >= first[1] - 50, `the second trained after the first (${JSON.stringify(spans)})`);
});

test('messages that are not the lab\'s, or not from its parent, change nothing; the hash reconfigures', async (t) => {
  hostPages['/hostile.html'] = embedPage(['#embed=1&panels=controls,curves&iterations=5']);
  const page = await course(t, '/hostile.html');
  await waitSeen(page, 0, 'reglab:ready');
  const frame = page.frameLocator('iframe');
  await page.evaluate(() => {
    const lab = document.querySelector('iframe').contentWindow;
    for (const m of [null, 'reglab:train', 42, [], { type: 7 }, { kind: 'train' }, { type: 'reglab:nope' },
      { type: 'reglab:configure', settings: 5 }, { type: 'reglab:configure', settings: { hidden: { toString: null } } },
      { type: 'reglab:lesson', id: 'cooking' }, { type: 'reglab:configure', settings: { hidden: 'lots' } }]) lab.postMessage(m, '*');
  });
  await waitSeen(page, 0, 'reglab:error', 5);
  const errors = (await seen(page, 0, 'reglab:error')).map((m) => m.message);
  assert.match(errors.join('\n'), /reglab:nope is not a command/);
  assert.match(errors.join('\n'), /hidden=lots is not valid here; using 40/);
  assert.match(errors.join('\n'), /no lesson cooking/);
  // The lab talking to itself (not its parent) is ignored.
  const inner = await (await page.locator('iframe').elementHandle()).contentFrame();
  await inner.evaluate(() => window.postMessage({ type: 'reglab:train' }, '*'));
  await page.waitForTimeout(1000);
  assert.equal((await seen(page, 0, 'reglab:progress')).length, 0);
  assert.equal(await frame.getByRole('button', { name: 'Train' }).isEnabled(), true);
  // The host changes the iframe's hash: the lab reconfigures itself.
  await page.evaluate((url) => { document.querySelector('iframe').src = `${url}#embed=1&panels=controls,curves&hidden=77&iterations=5`; }, lab.url);
  await frame.getByTestId('metrics').filter({ hasText: '784-77-10' }).waitFor();
  assert.equal(await frame.getByLabel('Hidden units').inputValue(), '77');
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ type: 'reglab:train' }, '*'));
  await waitSeen(page, 0, 'reglab:finished');
});
