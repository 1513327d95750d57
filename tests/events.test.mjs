// End-to-end, from a course page on a second origin: the README's host-API example works
// pasted as it is; a lesson embed asks before it trains and tells the page what the
// learner did (learning events, and xAPI statements when asked); a sandboxed frame that
// cannot start says what the host must allow.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT } from './browser.mjs';

let browser;
let lab;
let host; // the course pages' server: another site (localhost against the lab's 127.0.0.1)
const hostPages = {}; // path -> html

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

/** A course page in a fresh context that records every message a frame sends it. */
async function course(t, path, { viewport = { width: 1280, height: 800 }, allowErrors = false } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    if (window !== window.top) return;
    window.seen = [];
    addEventListener('message', (event) => window.seen.push({ origin: event.origin, ...event.data, at: performance.now() }));
  });
  t.after(async () => { await context.close(); if (!allowErrors) assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(hostUrl(path));
  return page;
}
const seen = (page, type) => page.evaluate((ty) => window.seen.filter((m) => m.type === ty), type);
const waitSeen = (page, type, count = 1, timeout = 60000) => page.waitForFunction(([ty, n]) => window.seen.filter((m) => m.type === ty).length >= n, [type, count], { timeout });

/** The README's host-API example: the js block of "Embedding in a course page". */
function readmeExample() {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('**Host API.**'));
  const block = section.match(/```js\n([\s\S]*?)```/);
  assert.ok(block, 'README has the host API example');
  return block[1];
}

test('the README\'s host API example, pasted as it is, configures and trains the lab', async (t) => {
  const code = readmeExample();
  hostPages['/readme.html'] = `<!doctype html><html lang="en"><title>Course</title><link rel="icon" href="data:,">
    <iframe data-reglab src="${lab.url}#embed=1&panels=curves" title="Lab" width="800" height="600"></iframe>
    <script>${code}</script>`;
  const page = await course(t, '/readme.html');
  const frame = page.frameLocator('iframe');
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:progress' && m.iteration >= 2), null, { timeout: 60000 });
  // The example's settings (100 hidden, keep 0.5), not the embed's default run (40 hidden):
  // the run that trains is the one the lab's own link describes (kept from the worker's reply).
  // (The "Ready: …" line is gone as soon as training starts, so it cannot be waited for.)
  const labFrame = page.frames().find((f) => f !== page.mainFrame());
  const params = new URLSearchParams((await labFrame.evaluate(() => location.hash)).slice(1));
  assert.deepEqual([params.get('hidden'), params.get('keep')], ['100', '0.5'], `the lab's link: ${params}`);
  assert.deepEqual(await seen(page, 'reglab:error'), []);
});

test('a lesson embed waits for the prediction, then reports started, answered, finished (and xAPI when asked)', async (t) => {
  const src = `${lab.url}#embed=1&panels=lessons,curves&lesson=overfitting`;
  hostPages['/lesson.html'] = `<!doctype html><html lang="en"><title>Course</title><link rel="icon" href="data:,">
    <iframe data-reglab src="${src}" title="Lab" width="1000" height="760"></iframe>
    <script>
      const lab = document.querySelector('iframe');
      addEventListener('message', (e) => {
        if (e.source === lab.contentWindow && e.data.type === 'reglab:ready') lab.contentWindow.postMessage({ type: 'reglab:configure', settings: { xapi: true } }, new URL(lab.src).origin);
      });
    </script>`;
  const page = await course(t, '/lesson.html');
  const frame = page.frameLocator('iframe');
  await waitSeen(page, 'reglab:lesson-started');
  await frame.getByRole('button', { name: 'Rise, then fall' }).waitFor();
  await page.waitForTimeout(3000); // on screen, ready, the lesson open: nothing may train yet
  assert.equal((await seen(page, 'reglab:progress')).length, 0, 'no training before the prediction');
  await frame.getByRole('button', { name: 'Rise, then fall' }).click();
  await waitSeen(page, 'reglab:answered');
  await page.waitForTimeout(1000);
  assert.equal((await seen(page, 'reglab:progress')).length, 0, 'no training before Start');
  await frame.getByRole('button', { name: 'Start the run' }).click();
  await frame.getByRole('button', { name: 'Skip to the end' }).click();
  await waitSeen(page, 'reglab:lesson-finished', 1, 180000);
  await page.screenshot({ path: `${OUT}/60-lesson-events.png` });

  const order = await page.evaluate(() => window.seen.map((m) => m.type)
    .filter((ty) => ['reglab:lesson-started', 'reglab:answered', 'reglab:progress', 'reglab:lesson-finished'].includes(ty))
    .filter((ty, k, all) => all.indexOf(ty) === k));
  assert.deepEqual(order, ['reglab:lesson-started', 'reglab:answered', 'reglab:progress', 'reglab:lesson-finished']);
  const [started] = await seen(page, 'reglab:lesson-started');
  assert.equal(started.lesson, 'overfitting');
  assert.equal(started.origin, new URL(lab.url).origin);
  const [answered] = await seen(page, 'reglab:answered');
  assert.deepEqual([answered.lesson, answered.answer, answered.title, answered.answerText], ['overfitting', 'fall', '1. Overfitting', 'Rise, then fall']);
  const [finished] = await seen(page, 'reglab:lesson-finished');
  assert.equal(finished.lesson, 'overfitting');
  assert.equal(finished.answer, 'fall');
  assert.equal(finished.answerText, 'Rise, then fall');
  assert.equal(typeof finished.correct, 'boolean');
  const verdict = await frame.locator('.verdict').textContent();
  assert.equal(finished.correct, /: right\./.test(verdict), `correct agrees with the verdict on screen (${verdict})`);
  const { peakTestAccuracy, finalTestAccuracy, trainAccuracy, peakIteration } = finished.figures;
  assert.ok(peakTestAccuracy > 0.5 && finalTestAccuracy > 0.5 && trainAccuracy > 0.9 && peakIteration > 0, JSON.stringify(finished.figures));
  assert.match(await frame.getByTestId('lesson-text').textContent(), new RegExp(`fell to ${+finalTestAccuracy.toFixed(4)}`));

  // The xAPI forms: the configure came after lesson-started, so answered and completed.
  const statements = (await seen(page, 'reglab:xapi')).map((m) => m.statement);
  assert.deepEqual(statements.map((s) => s.verb.id), ['http://adlnet.gov/expapi/verbs/answered', 'http://adlnet.gov/expapi/verbs/completed']);
  const [said, done] = statements;
  assert.equal(said.object.id, `${lab.url}#lesson=overfitting`);
  assert.equal(said.object.definition.name['en-US'], '1. Overfitting');
  assert.equal(said.result.response, 'fall');
  assert.deepEqual(done.result, { completion: true, response: 'fall', success: finished.correct });
  assert.ok(!Number.isNaN(Date.parse(done.timestamp)));
  assert.equal('actor' in done, false);
});

test('with xapi=1 in the link, opening a lesson is an attempted statement', async (t) => {
  hostPages['/xapi.html'] = `<!doctype html><html lang="en"><title>Course</title><link rel="icon" href="data:,">
    <iframe src="${lab.url}#embed=1&panels=lessons,curves&lesson=dropout&xapi=1" title="Lab" width="1000" height="760"></iframe>`;
  const page = await course(t, '/xapi.html');
  await waitSeen(page, 'reglab:xapi');
  const [{ statement }] = await seen(page, 'reglab:xapi');
  assert.equal(statement.verb.id, 'http://adlnet.gov/expapi/verbs/attempted');
  assert.deepEqual(statement.verb.display, { 'en-US': 'attempted' });
  assert.equal(statement.object.id, `${lab.url}#lesson=dropout`);
  await page.waitForTimeout(1500);
  assert.equal((await seen(page, 'reglab:progress')).length, 0, 'the dropout lesson waits for its prediction too');
});

test('a sandboxed frame without allow-same-origin says what the host must allow', async (t) => {
  hostPages['/sandbox.html'] = `<!doctype html><html lang="en"><title>Course</title><link rel="icon" href="data:,">
    <iframe sandbox="allow-scripts" src="${lab.url}#embed=1&panels=curves" title="Lab" width="800" height="400"></iframe>`;
  // The browser logs its refusals (module scripts, CORS) as console errors: expected here.
  const page = await course(t, '/sandbox.html', { allowErrors: true });
  await waitSeen(page, 'reglab:error', 1, 20000);
  const [error] = await seen(page, 'reglab:error');
  assert.match(error.message, /allow-same-origin/);
  const status = page.frameLocator('iframe').locator('#status-text');
  await status.filter({ hasText: 'sandbox="allow-scripts allow-same-origin"' }).waitFor();
  assert.doesNotMatch(await status.textContent(), /Loading the network/);
  // Only the sentence: no Train button that could never work.
  assert.equal(await page.frameLocator('iframe').getByRole('button', { name: 'Train' }).count(), 0);
  await page.screenshot({ path: `${OUT}/61-sandboxed.png` });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.locator('iframe').evaluate((f) => { f.width = 340; });
  await page.screenshot({ path: `${OUT}/61-sandboxed-phone.png` });
});

test('the example course page keeps the class\'s lesson results and exports them as CSV', async (t) => {
  const page = await course(t, `/course.html?lab=${encodeURIComponent(lab.url)}`);
  await page.getByLabel('Your name').fill('Lovelace, "Ada"');
  const iframe = page.locator('iframe[data-lab-id="class"]');
  await iframe.scrollIntoViewIfNeeded();
  const frame = page.frameLocator('iframe[data-lab-id="class"]');
  await frame.getByRole('button', { name: 'Rise, then fall' }).click({ timeout: 60000 });
  const table = page.getByRole('table', { name: /Class results/ });
  await table.getByRole('row').filter({ hasText: 'fall' }).waitFor();
  await frame.getByRole('button', { name: 'Start the run' }).click();
  await frame.getByRole('button', { name: 'Skip to the end' }).click();
  await page.getByText('Class results: 1 attempt').waitFor();
  const row = table.getByRole('row').nth(1);
  await row.filter({ hasText: /peak test accuracy 0\.\d+/ }).waitFor({ timeout: 180000 });
  const cells = await row.getByRole('cell').allTextContents();
  assert.deepEqual(cells.slice(0, 3), ['Lovelace, "Ada"', '1. Overfitting', 'Rise, then fall']);
  assert.match(cells[3], /^(yes|no)$/);
  const verdict = await frame.locator('.verdict').textContent();
  assert.equal(cells[3], /: right\./.test(verdict) ? 'yes' : 'no');
  await page.setViewportSize({ width: 1280, height: 800 });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/62-course-class-table.png` });
  await page.setViewportSize({ width: 360, height: 780 });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/63-course-class-table-phone.png` });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'student,lesson,answer,prediction,correct,started,finished,figures');
  assert.match(lines[1], /^"Lovelace, ""Ada""",overfitting,fall,"Rise, then fall",(yes|no),\d{4}-\d\d-\d\dT[^,]+,\d{4}-[^,]+,peak test accuracy 0\.\d+; /);
  // Kept in the course page's storage: a reload still shows the attempt.
  await page.reload();
  await page.getByRole('table', { name: /Class results: 1 attempt/ }).waitFor();
});
