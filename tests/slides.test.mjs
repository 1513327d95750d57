// End-to-end: an embed in a slide deck trains only while its slide is shown. The host page
// (a second origin) does what reveal.js does: slides that are not current are hidden
// (display:none far away, visibility:hidden when stacked), and it posts the string
// 'slide:start' to the iframes of the slide it shows and 'slide:stop' to those of the slide
// it leaves. The lab (www/embed.js) pauses through the run controller's gate and goes on,
// and its status line says which.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve, OUT } from './browser.mjs';

const RUN = '#embed=1&panels=draw,network&iterations=4000&trainSize=1000&hidden=100&testEvery=500';
let browser;
let lab;
let host;
let deck = '';

before(async () => {
  lab = await serve();
  browser = await launch();
  host = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(deck));
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
after(async () => { await browser?.close(); lab?.stop(); host?.close(); });

test('reveal.js\'s slide:stop pauses an embedded run and slide:start resumes it', async (t) => {
  deck = '<!doctype html><html lang="en"><title>Deck</title><style>body{margin:0}section{position:absolute;inset:0}</style>'
    + '<section id="one"><h1>Week 8</h1></section>'
    + `<section id="two" style="display:none"><iframe src="${lab.url}${RUN}" title="Lab" width="1000" height="700" style="border:0"></iframe></section>`
    + '<script>window.seen=[];addEventListener("message",(e)=>window.seen.push({...e.data,at:performance.now()}));'
    + 'window.show=(on,how)=>{const s=document.getElementById("two");if(how==="display")s.style.display=on?"block":"none";else s.style.visibility=on?"visible":"hidden";'
    + 's.querySelector("iframe").contentWindow.postMessage(on?"slide:start":"slide:stop","*");};</script>';
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(`http://localhost:${host.address().port}/`);
  const progress = () => page.evaluate(() => window.seen.filter((m) => m.type === 'reglab:progress'));
  const lastIteration = async () => (await progress()).at(-1)?.iteration ?? 0;
  const status = page.frameLocator('iframe').locator('#status-text');
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:ready'), null, { timeout: 60000 });

  // The lab's slide is not the current one (display:none): nothing trains.
  await page.waitForTimeout(2500);
  assert.equal((await progress()).length, 0, 'no training on a slide that is not shown');
  // The deck moves to its slide.
  await page.evaluate(() => window.show(true, 'display'));
  await page.waitForFunction(() => window.seen.filter((m) => m.type === 'reglab:progress').length >= 5, null, { timeout: 30000 })
    .catch(async (error) => { throw new Error(`no run on its shown slide; the lab's status: "${await status.textContent()}" (${error.message})`); });
  assert.doesNotMatch(await status.textContent(), /Waiting|Paused/, 'it trains, and the status line does not say it waits');

  // Stacked behind the next slide: visibility:hidden keeps its box, so only the deck's message can tell.
  await page.evaluate(() => window.show(false, 'visibility'));
  await page.waitForTimeout(800);
  const stopped = await lastIteration();
  await page.waitForTimeout(1500);
  assert.equal(await lastIteration(), stopped, 'paused while its slide is not shown');
  assert.ok(stopped < 4000, 'not simply finished');
  await page.evaluate(() => { document.getElementById('two').style.visibility = 'visible'; });
  assert.match(await status.textContent(), /Paused while its slide is not shown/);

  // Back on its slide: it goes on, and says so.
  await page.evaluate(() => window.show(true, 'visibility'));
  await page.waitForFunction((b) => window.seen.filter((m) => m.type === 'reglab:progress').at(-1).iteration > b, stopped, { timeout: 30000 });
  assert.match(await status.textContent(), /Training again/);

  // Messages that are not reveal.js's, or not from the parent, change nothing.
  const inner = await (await page.locator('iframe').elementHandle()).contentFrame();
  await inner.evaluate(() => window.postMessage('slide:stop', '*'));
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ type: 'slide:stop' }, '*'));
  const before = await lastIteration();
  await page.waitForFunction((b) => window.seen.filter((m) => m.type === 'reglab:progress').at(-1).iteration > b + 2, before, { timeout: 30000 });
});

/** Draws a 7 on the pad and waits for the answer and the ten outputs. */
async function drawSeven(page) {
  const box = await page.locator('#pad').boundingBox();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.2, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('draw-answer').filter({ hasText: /\d/ }).waitFor({ timeout: 30000 });
  await page.locator('#bars li').first().waitFor();
}

const boxes = (page) => page.evaluate(() => Object.fromEntries(['#pad', '#preview', '#draw-answer', '#bars', '#meant', '#meant-title', '#clear']
  .map((sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [sel, { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }]; })));

test('the compact pad fits a 720 px slide: pad, preview, outputs and "Which digit did you mean"', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(`${lab.url}#embed=1&panels=draw&iterations=1`);
  await page.getByTestId('draw-model-status').filter({ hasText: /Ready/ }).waitFor({ timeout: 60000 });
  await drawSeven(page);
  const b = await boxes(page);
  for (const [sel, r] of Object.entries(b)) {
    assert.ok(r.height > 0, `${sel} is shown`);
    assert.ok(r.bottom <= 720, `${sel} ends at ${Math.round(r.bottom)} px, inside 720`);
  }
  assert.ok(b['#pad'].height >= 240, `the pad stays big enough to draw on (${b['#pad'].height} px)`);
  const height = await page.evaluate(() => document.body.getBoundingClientRect().height);
  assert.ok(height <= 720, `the whole embed is ${height} px tall`);
  await page.screenshot({ path: `${OUT}/issue21-compact-pad-1280x720.png` });
});

test('the draw embed on a phone: the pad, its preview, the answer and the digit row on the first screen', async (t) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(`${lab.url}#embed=1&panels=draw&iterations=1`);
  await page.getByTestId('draw-model-status').filter({ hasText: /Ready/ }).waitFor({ timeout: 60000 });
  await drawSeven(page);
  const b = await boxes(page);
  for (const sel of ['#pad', '#preview', '#draw-answer', '#meant']) assert.ok(b[sel].bottom <= 780, `${sel} ends at ${Math.round(b[sel].bottom)} px`);
  assert.ok(b['#preview'].left >= b['#pad'].right, 'the preview sits beside the pad');
  for (const sel of ['#preview']) assert.ok(b[sel].right <= 360 - 8, `${sel} stays inside the card (${Math.round(b[sel].right)} px)`);
  await page.screenshot({ path: `${OUT}/issue21-compact-pad-360x780.png` });
});
