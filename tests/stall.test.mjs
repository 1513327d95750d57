// End-to-end: a download that stalls (the connection open, no bytes coming) is given up
// after the stall limit (www/download.js) with a message and a Retry that works. A proxy in
// front of the lab's server holds the training images after their first bytes.
import assert from 'node:assert/strict';
import { request as httpRequest, createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve, OUT } from './browser.mjs';

let browser;
let lab;
let proxy;
let stall = true;
const held = []; // responses the proxy holds open

before(async () => {
  lab = await serve();
  browser = await launch();
  const target = new URL(lab.url);
  proxy = createServer((req, res) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      if (stall && req.url.includes('train-images')) {
        // The headers and one chunk, then nothing: the connection stays open.
        answer.once('data', (chunk) => { res.write(chunk); answer.pause(); held.push(res); });
        return;
      }
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  for (const res of held) res.destroy();
  await browser?.close();
  lab?.stop();
  proxy?.close();
});

test('a stalled download is given up with a message and a Retry that works', async (t) => {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, []); });
  await page.goto(`http://127.0.0.1:${proxy.address().port}/`);
  await page.locator('#status-text').filter({ hasText: /Downloading MNIST/ }).waitFor({ timeout: 30000 });
  await page.locator('#status-text').filter({ hasText: /no data arrived for 20 s/ }).waitFor({ timeout: 60000 });
  await page.screenshot({ path: `${OUT}/stalled-download.png` });
  assert.equal(await page.locator('#train').isDisabled(), true, 'nothing to train yet');
  stall = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.locator('#status-text').filter({ hasText: 'MNIST ready' }).waitFor({ timeout: 120000 });
  await page.locator('#train:not([disabled])').waitFor();
});
