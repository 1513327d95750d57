// The school-network benchmark (not a test): the lab through one shared link shaped to
// 1.6 Mbit/s and 150 ms round trip (tests/shaping-proxy.mjs), in fresh browser profiles,
// as a class on one uplink sees it. Prints issue 20's table: when Train is enabled and the
// bytes before it, files fetched twice, the whole first visit, and the draw-only embed's
// first answer and MNIST bytes. Printed by scripts/bench; BENCH_RATE / BENCH_RTT override.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serve } from './browser.mjs';
import { startShapingProxy } from './shaping-proxy.mjs';
import { DRAWINGS, drawStrokes } from './drawing.mjs';

const RATE = Number(process.env.BENCH_RATE ?? 1.6e6);
const RTT = Number(process.env.BENCH_RTT ?? 150);
const dir = mkdtempSync(join(tmpdir(), 'reglab-net-'));
const logFile = join(dir, 'requests.jsonl');
process.env.REGLAB_REQUEST_LOG = logFile; // the server (a child) logs every response
const server = await serve();
const proxy = await startShapingProxy({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, bitsPerSecond: RATE, rttMs: RTT });
const url = `http://127.0.0.1:${proxy.port}/`;
const browser = await launch();
const mb = (n) => (n / 1e6).toFixed(2);
const requests = () => readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** Waits until no byte has crossed the link for `quietMs` (at most `limitMs`). */
async function quiet(quietMs, limitMs) {
  const end = Date.now() + limitMs;
  let last = proxy.bytes();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    if (proxy.bytes() !== last) { last = proxy.bytes(); since = Date.now(); } else if (Date.now() - since >= quietMs) return true;
  }
  return false;
}

try {
  // ---- the full page, first visit ----
  let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let page = await context.newPage();
  const before = proxy.bytes();
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.getElementById('train')?.disabled === false, null, { timeout: 300000, polling: 100 });
  const trainAt = (Date.now() - t0) / 1000;
  const trainBytes = proxy.bytes() - before;
  const beforeTrain = requests();
  if (process.env.BENCH_VERBOSE) for (const r of beforeTrain) console.log(`    before Train: ${r.status} ${r.path} ${r.bytes}`);
  const settled = await quiet(5000, 400000);
  const visitBytes = proxy.bytes() - before;
  const visitSeconds = (Date.now() - t0) / 1000 - 5;
  const offline = await page.locator('#offline-status').textContent().catch(() => '');
  const fetched = requests().filter((r) => r.status === 200);
  const counts = new Map();
  for (const r of fetched) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  console.log(`school network (${RATE / 1e6} Mbit/s shared, ${RTT} ms RTT, fresh profiles):`);
  console.log(`  Train enabled for the default run: ${trainAt.toFixed(1)} s from navigation (bar <= 15 s)`);
  console.log(`  bytes before Train is enabled: ${mb(trainBytes)} MB (bar <= 2.5 MB)`);
  console.log(`  files downloaded more than once: ${twice.length}${twice.length ? ` (${twice.map(([p, n]) => `${p} x${n}`).join(', ')})` : ''} (bar 0)`);
  console.log(`  whole first visit: ${mb(visitBytes)} MB in ${fetched.length} responses, ${visitSeconds.toFixed(0)} s${settled ? '' : ' (still loading at the limit)'} (bar <= 13 MB); offline status: ${offline.trim() || 'none'}`);
  await context.close();

  // ---- the draw-only embed, first visit, a digit drawn at once ----
  const logged = requests().length;
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  const d0 = Date.now();
  await page.goto(`${url}#embed=1&panels=draw`, { waitUntil: 'commit' });
  // The pad takes ink from here (www/ui/ink.js); it is drawn on once the page's layout is
  // final (main.js hides the other panels), so the strokes land where the pad will stay.
  await page.waitForFunction(() => document.body?.classList.contains('embed'), null, { polling: 50, timeout: 60000 });
  await page.locator('#pad[data-ink="ready"]').waitFor({ state: 'visible', timeout: 60000 });
  const inkAt = (Date.now() - d0) / 1000;
  const { strokes, steps } = DRAWINGS.tune[0].drawings[0];
  await drawStrokes(page, { strokes, steps });
  await page.getByTestId('draw-answer').filter({ hasText: /says: \d/ }).waitFor({ timeout: 120000 });
  const answerAt = (Date.now() - d0) / 1000;
  await quiet(3000, 60000);
  const embedRequests = requests().slice(logged).filter((r) => r.status === 200);
  const mnistBytes = embedRequests.filter((r) => r.path.startsWith('/data/mnist/')).reduce((n, r) => n + r.bytes, 0);
  const embedBytes = embedRequests.reduce((n, r) => n + r.bytes, 0);
  await context.close();

  console.log(`  draw embed: pad takes ink after ${inkAt.toFixed(1)} s, first answer to a digit drawn then ${answerAt.toFixed(1)} s (bar <= 8 s)`);
  console.log(`  draw embed: MNIST bytes downloaded ${mnistBytes} (bar 0), all bytes ${mb(embedBytes)} MB`);
} finally {
  await browser.close();
  proxy.stop();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
