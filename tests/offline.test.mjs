// The lab offline from the end of the first visit, in a brand-new browser profile with no
// second online load; and dist/ (scripts/package) served from a sub-path of a plain
// static host, where it trains and goes offline the same way.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT } from './browser.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const ready = (page) => page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });

/** What the lab's caches hold, as seen by the page: names, entries, bytes, URLs. */
const cacheContents = (page) => page.evaluate(async () => {
  const names = await caches.keys();
  const urls = [];
  let bytes = 0;
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      urls.push(request.url);
      bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
    }
  }
  return { names, entries: urls.length, bytes, urls };
});

/** The scope of the page's active service worker; fails (rather than waits for ever)
 * when none becomes active, as when its script or a file it caches cannot be fetched. */
const activeWorkerScope = (page) => page.evaluate(() => Promise.race([
  navigator.serviceWorker.ready.then((r) => r.scope),
  new Promise((_, reject) => setTimeout(() => reject(new Error('no active service worker after 30 s')), 30000)),
]));

/** One online visit of `url` in a new profile until the service worker is active, then
 * offline: the reload shows the lab, its data loads and an iteration trains. Returns the
 * cache after the first visit and the same-origin URLs that visit fetched. */
async function offlineAfterFirstVisit(t, url, { beforeOffline = async () => {} } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  const origin = new URL(url).origin;
  const fetched = new Set();
  context.on('request', (r) => { if (!r.serviceWorker() && r.url().startsWith(origin)) fetched.add(r.url().split(/[?#]/)[0]); });

  await page.goto(url);
  await ready(page);
  const scope = await activeWorkerScope(page);
  assert.equal(scope, new URL('./', url).href, 'the service worker controls the lab\'s folder');
  await beforeOffline(page);
  const cache = await cacheContents(page);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Regularization Lab' }).waitFor();
  assert.ok(await page.locator('.card.controls').isVisible(), 'the layout is styled (the CSS came from the cache)');
  await ready(page);
  // The Draw panel's ready model comes from the cache too.
  await page.getByTestId('draw-model-status').filter({ hasText: 'Drawing model: trained on 60,000 images' }).waitFor();
  await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.getByTestId('metrics').filter({ hasText: /Iteration \d+ .*test accuracy 0\.\d+/ }).waitFor();
  return { page, cache, fetched };
}

/** The precache list of an app folder (what scripts/precache.mjs wrote). */
function manifest(folder) {
  const text = readFileSync(join(folder, 'www/pkg/precache.js'), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

test('after one online visit in a new profile the lab works offline', async (t) => {
  const { page, cache, fetched } = await offlineAfterFirstVisit(t, server.url);
  const { version, files } = manifest(ROOT);
  assert.deepEqual(cache.names, [`reglab-${version}`], 'one cache, named after the build');
  assert.deepEqual(new Set(cache.urls), new Set(files.map((f) => new URL(f, server.url).href)));
  // Everything the page fetched on its first visit is in the cache: the list is complete.
  const notCached = [...fetched].filter((u) => !cache.urls.includes(u) && !/\/sw\.js$|\/precache\.js$/.test(u));
  assert.deepEqual(notCached, [], 'fetched on the first visit but not precached');
  t.diagnostic(`cache after the first visit: ${cache.entries} entries, ${cache.bytes} bytes`);
  await page.screenshot({ path: `${OUT}/26-offline.png`, fullPage: true });
});

test('a new build replaces the old cache whole', async (t) => {
  // Two builds' service workers, told apart by the precache list's version: the server
  // answers precache.js with a changed version once the first build is active.
  let version = 'first-build';
  const real = readFileSync(`${ROOT}www/pkg/precache.js`, 'utf8');
  const context = await browser.newContext();
  await context.route(/\/www\/pkg\/precache\.js$/, (route) => route.fulfill({
    contentType: 'text/javascript', body: real.replace(/"version": "[^"]+"/, `"version": "${version}"`),
  }));
  const page = await context.newPage();
  t.after(() => context.close());
  await page.goto(server.url);
  await activeWorkerScope(page);
  assert.deepEqual(await page.evaluate(() => caches.keys()), ['reglab-first-build']);
  version = 'second-build';
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    await registration.update();
    const next = registration.installing ?? registration.waiting;
    if (next && next.state !== 'activated') {
      await new Promise((resolve) => next.addEventListener('statechange', () => next.state === 'activated' && resolve()));
    }
  });
  await page.waitForFunction(async () => (await caches.keys()).join() === 'reglab-second-build');
  const { entries } = await cacheContents(page);
  assert.equal(entries, manifest(ROOT).files.length, 'the new cache holds the whole list');
});

/** A plain static server (no special headers) with `folder` at `prefix`. */
async function staticHost(folder, prefix) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
  const host = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    const file = join(folder, normalize(path.slice(prefix.length) || '/').replace(/\/$/, '/index.html'));
    if (!file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${host.address().port}${prefix}`, close: () => host.close() };
}

test('dist/ trains from a sub-path of a plain static host, and offline after one visit', async (t) => {
  const dist = `${ROOT}dist`;
  assert.ok(existsSync(`${dist}/index.html`), 'dist/ is built (scripts/package; scripts/test does it)');
  const host = await staticHost(dist, '/course/lab/');
  t.after(() => host.close());
  const { cache } = await offlineAfterFirstVisit(t, `${host.url}#iterations=3`, {
    beforeOffline: async (page) => {
      await page.getByRole('button', { name: 'Train' }).click();
      await page.getByTestId('metrics').filter({ hasText: /Iteration 3 / }).waitFor({ timeout: 60000 });
    },
  });
  assert.ok(cache.urls.every((u) => u.startsWith(host.url)), 'everything cached is under the sub-path');
  assert.equal(cache.entries, manifest(dist).files.length);
});
