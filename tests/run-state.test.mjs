// End-to-end: the run's state holds up when the page is driven hard, as a test harness or a
// course page would drive it. Memory stays bounded under a flood of test passes or of a
// host's configures; a host's configure, configure, train (or configure, reset, train) from
// a second origin ends in reglab:finished; Reset then Train shows Pause while progress
// moves; the lesson ids are one list for links, lessons and the host API.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve } from './browser.mjs';

let browser;
let lab;
let host; // a second origin that embeds the lab
let hostPage = '';

before(async () => {
  lab = await serve();
  browser = await launch();
  host = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostPage));
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
after(async () => { await browser?.close(); lab?.stop(); host?.close(); });

/** Resident memory of the browser this test launched, all its processes (renderers, GPU, utility), in MB. */
function browserMegabytes() {
  const root = process.pid; // the browser is this process's child
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const chromium = /chrom/i.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(Number(name), { ppid: Number(fields[1]), rssPages: chromium ? Number(fields[21]) : 0 });
    } catch { /* the process ended */ }
  }
  const inTree = (pid) => { for (let p = pid; p > 1; p = parents.get(p)?.ppid ?? 0) if (p === root) return true; return false; };
  let pages = 0;
  for (const [pid, { rssPages }] of parents) if (inTree(pid)) pages += rssPages;
  return (pages * 4096) / 1e6;
}

async function labPage(t, hash = '', viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(`${lab.url}${hash}`);
  await page.locator('#train:not([disabled])').waitFor({ timeout: 120000 });
  return page;
}

/** Samples the browser's memory every second for `seconds`; returns [start, peak] in MB. */
async function peakOver(seconds, page) {
  const start = browserMegabytes();
  let peak = start;
  for (let i = 0; i < seconds; i += 1) {
    await page.waitForTimeout(1000);
    peak = Math.max(peak, browserMegabytes());
  }
  return [start, peak];
}

test('a flood of test passes (one image, a test pass every iteration) keeps memory bounded for 40 s', async (t) => {
  const page = await labPage(t, '#trainSize=1&testEvery=1&iterations=100000&hidden=40');
  await page.locator('#train').click();
  await page.locator('#train').filter({ hasText: 'Pause' }).waitFor();
  const [start, peak] = await peakOver(40, page);
  const iteration = await page.evaluate(() => Number(/Iteration ([\d,]+)/.exec(document.body.innerText)?.[1]?.replace(/,/g, '') ?? 0));
  const tested = await page.locator('#log').evaluate((log) => log.textContent.split('\n').filter((l) => /Test-Acc/.test(l)).length);
  console.log(`flood: ${start.toFixed(0)} MB at the start, peak ${peak.toFixed(0)} MB over 40 s; iteration ${iteration}, ${tested} test lines shown`);
  assert.ok(peak - start < 400, `memory grew by ${(peak - start).toFixed(0)} MB (from ${start.toFixed(0)} to ${peak.toFixed(0)})`);
  assert.ok(tested > 100, 'test passes kept coming while training waited for each');
  assert.equal(await page.locator('#train').textContent(), 'Pause', 'still running');
});

/** A host page on the second origin that sends `script` (a list of messages) once the lab is ready. */
function hostWith(messages, hash = '#embed=1&panels=curves,controls') {
  hostPage = `<!doctype html><meta charset="utf-8"><title>host</title>
    <iframe id="lab" src="${lab.url}${hash}" style="width:1000px;height:700px"></iframe>
    <script>
      window.seen = [];
      const LAB = ${JSON.stringify(new URL(lab.url).origin)};
      const frame = document.getElementById('lab');
      addEventListener('message', (e) => {
        if (e.source !== frame.contentWindow) return;
        window.seen.push(e.data);
        if (e.data.type === 'reglab:ready' && !window.sent) {
          window.sent = true;
          for (const m of ${JSON.stringify(messages)}) frame.contentWindow.postMessage(m, LAB);
        }
      });
    </script>`;
  return `http://localhost:${host.address().port}/`;
}

async function hostPageOf(t, url) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(url);
  return page;
}

const small = { hidden: 20, iterations: 20, trainSize: 200, testEvery: 5 };
for (const [name, middle] of [['configure, configure, train', { type: 'reglab:configure', settings: { ...small, seed: 3 } }],
  ['configure, reset, train', { type: 'reglab:reset' }]]) {
  test(`a host's ${name} from a second origin ends in reglab:finished`, async (t) => {
    const page = await hostPageOf(t, hostWith([{ type: 'reglab:configure', settings: small }, middle, { type: 'reglab:train' }]));
    await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:finished'), null, { timeout: 120000 });
    const seen = await page.evaluate(() => window.seen);
    assert.deepEqual(seen.filter((m) => m.type === 'reglab:error'), [], 'no errors');
    const finished = seen.find((m) => m.type === 'reglab:finished');
    assert.equal(finished.iteration, small.iterations, 'the configured run, to its end');
    assert.ok(finished.testAccuracy > 0.3);
  });
}

test('a thousand host configures of a 1,024-unit network cost bounded memory, and the last one is the run', async (t) => {
  const flood = Array.from({ length: 1000 }, (_, i) => ({ type: 'reglab:configure', settings: { hidden: 1024, seed: i + 1 } }));
  const page = await hostPageOf(t, hostWith([...flood, { type: 'reglab:train' }]));
  await page.waitForFunction(() => window.sent, null, { timeout: 120000 });
  const [start, peak] = await peakOver(20, page);
  console.log(`1,000 configures: ${start.toFixed(0)} MB at the start, peak ${peak.toFixed(0)} MB over 20 s`);
  assert.ok(peak - start < 400, `memory grew by ${(peak - start).toFixed(0)} MB`);
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:progress' && m.iteration >= 1), null, { timeout: 120000 });
  const frame = page.frames().find((f) => f.url().startsWith(lab.url));
  assert.equal(await frame.locator('#hidden').inputValue(), '1024');
  assert.equal(await frame.locator('#seed').inputValue(), '1000', 'the newest configure won');
});

test('Reset then Train at once: the button says Pause while progress moves', async (t) => {
  const page = await labPage(t, '#iterations=200&speed=5');
  await page.locator('#train').click();
  await page.waitForFunction(() => /Iteration [1-9]/.test(document.getElementById('metrics').textContent));
  await page.locator('#train').click(); // pause
  await page.evaluate(() => { document.getElementById('reset').click(); document.getElementById('train').click(); });
  const iterationNow = () => page.evaluate(() => Number(/Iteration (\d+)/.exec(document.getElementById('metrics').textContent)?.[1] ?? -1));
  await page.waitForFunction(() => /Iteration [1-9]/.test(document.getElementById('metrics').textContent), null, { timeout: 30000 });
  const first = await iterationNow();
  await page.waitForFunction((k) => Number(/Iteration (\d+)/.exec(document.getElementById('metrics').textContent)?.[1] ?? -1) > k, first, { timeout: 30000 });
  assert.equal(await page.locator('#train').textContent(), 'Pause');
});

test('an invalid field during a run leaves Pause usable; the run goes on', async (t) => {
  const page = await labPage(t, '#iterations=300&speed=5');
  await page.locator('#train').click();
  // During a run: once it trains (Pause shows already while a loaded machine still sets it
  // up, and a pause then, rightly, leaves Train rather than Resume).
  await page.waitForFunction(() => /Iteration [1-9]/.test(document.getElementById('metrics').textContent), null, { timeout: 30000 });
  await page.locator('#train').filter({ hasText: 'Pause' }).waitFor();
  await page.locator('#hidden').fill('0');
  await page.locator('#hidden').dispatchEvent('change');
  assert.match(await page.locator('#config-message').textContent(), /must be/);
  assert.equal(await page.locator('#train').isEnabled(), true);
  await page.locator('#train').click();
  await page.locator('#train').filter({ hasText: 'Resume' }).waitFor();
});

test('lesson ids are one list: every lesson button, #lesson= link and reglab:lesson id is LESSON_IDS', async (t) => {
  const page = await labPage(t);
  const ids = await page.evaluate(async () => (await import('./www/lessons.js')).LESSON_IDS);
  const buttons = await page.locator('#lesson-buttons button').evaluateAll((bs) => bs.map((b) => b.dataset.lesson));
  assert.deepEqual(buttons, ids);
  assert.ok(ids.length >= 6);
  for (const id of ids) {
    await page.evaluate((lesson) => { location.hash = `lesson=${lesson}`; }, id);
    await page.locator(`#lesson-buttons button[data-lesson="${id}"][aria-pressed="true"]`).waitFor();
    // The page writes the lesson's settings into the link once its run is set up; the next
    // link comes after that, as a learner's would (one written at that instant is overwritten).
    await page.waitForFunction((lesson) => location.hash.includes(`lesson=${lesson}`) && !document.getElementById('step').disabled, id);
  }
  await page.evaluate(() => { location.hash = 'lesson=nope'; });
  await page.locator('#notice').filter({ hasText: 'lesson=nope' }).waitFor();
});

test('early stopping where validation improves after the stop restores and reports the best as of the stop', async (t) => {
  // Found with `reglab train --validation 100 --patience 2 --iterations 20 --json`: best 0.75
  // at iteration 5, patience runs out at 7, and iteration 9 reaches 0.77 after the stop.
  const page = await labPage(t, '#validation=100&patience=2&iterations=20');
  await page.locator('#train').click();
  await page.locator('#train').filter({ hasText: 'Train again' }).waitFor({ timeout: 120000 });
  const status = await page.locator('#status-text').textContent();
  const restored = Number(/restored the weights of iteration (\d+)/.exec(status)?.[1]);
  const metrics = await page.getByTestId('metrics').textContent();
  const [, best, stop] = /validation best [\d.]+ at iteration (\d+), stop at (\d+)/.exec(metrics) ?? [];
  assert.equal(Number(stop), 7, metrics);
  assert.equal(Number(best), 5, metrics);
  assert.equal(restored, 5, status);
  assert.ok(restored <= Number(stop), 'nothing after the stop is restored');
  // The run went on past the stop (the curve shows what the test set did), to its end.
  assert.match(metrics, /Iteration 20 of 20/);
});
