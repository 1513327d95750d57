// Benchmark (not a test): how long a course page freezes while three embedded labs load
// and the first trains. The host page ticks a timer every 10 ms from its first script; the
// longest gap between ticks is the longest time a student's scroll or click on the course
// page would wait. Measured twice: the course page on the lab's own site (another port of
// 127.0.0.1: the same renderer process, as a course site that hosts its own copy would be)
// and on another site (localhost: its own process). Printed by scripts/bench.
import { createServer } from 'node:http';
import { launch, serve } from './browser.mjs';

const SECONDS = 15;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const lab = await serve();
const browser = await launch();
const page = (labUrl) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>three labs</title>
<script>
  window.gaps = []; let last = performance.now();
  setInterval(() => { const now = performance.now(); window.gaps.push(now - last); last = now; }, 10);
  window.ready = 0;
  addEventListener('message', (e) => { if (e.data?.type === 'reglab:ready') window.ready += 1; });
</script></head><body>
${['curves', 'network,draw', 'lessons,controls,curves'].map((panels) => `<iframe src="${labUrl}#embed=1&panels=${panels}" width="1200" height="700" title="lab"></iframe>`).join('\n')}
</body></html>`;
const host = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(lab.url)));
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const { port } = host.address();

try {
  for (const [name, origin] of [['same site', `http://127.0.0.1:${port}`], ['other site', `http://localhost:${port}`]]) {
    const worst = [];
    let readyAt = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 2300 } });
      const tab = await context.newPage();
      const start = Date.now();
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => window.ready >= 3, null, { timeout: 60000 });
      readyAt.push((Date.now() - start) / 1000);
      await tab.waitForTimeout(Math.max(0, SECONDS * 1000 - (Date.now() - start)));
      worst.push(await tab.evaluate(() => Math.max(...window.gaps.slice(1))));
      await context.close();
    }
    worst.sort((a, b) => a - b);
    readyAt = readyAt.sort((a, b) => a - b);
    console.log(`  three embeds, course page on the ${name}: host page's longest freeze ${worst.map((w) => w.toFixed(0)).join(', ')} ms`
      + ` over ${RUNS} loads (first ${SECONDS} s; all three ready after ${readyAt[Math.floor(RUNS / 2)].toFixed(1)} s, median)`);
  }
} finally {
  await browser.close();
  lab.stop();
  host.close();
}
