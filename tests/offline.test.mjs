// The lab offline from the end of the first visit, in a brand-new browser profile with no
// second online load; dist/ (scripts/package) served from a sub-path of a plain static
// host, where it trains and goes offline the same way; one request per file on a first
// visit; two labs on one origin; an update under an open page; a file that does not match
// its build's list.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
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
  await offlineStatus(page, /Not yet available offline: \d+\.\d MB to go/).waitFor();
  await ready(page);
  const scope = await activeWorkerScope(page);
  assert.equal(scope, new URL('./', url).href, 'the service worker controls the lab\'s folder');
  await offlineStatus(page, 'Available offline').waitFor({ timeout: 60000 });
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

/** The offline status line, once it says `text`. */
// A string must be the whole line ("Available offline" is also inside "Not yet available offline…").
const offlineStatus = (page, text) => page.locator('#offline-status').filter({ hasText: typeof text === 'string' ? new RegExp(`^\\W*${text}`) : text });

/** This lab's cache name for a build: the scope's path and the build's version. */
const cacheName = (url, version) => `reglab-${new URL('./', url).pathname}-${version}`;

/** The precache list of an app folder (what scripts/precache.mjs wrote). */
function manifest(folder) {
  const text = readFileSync(join(folder, 'www/pkg/precache.js'), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

test('after one online visit in a new profile the lab works offline', async (t) => {
  const { page, cache, fetched } = await offlineAfterFirstVisit(t, server.url);
  const { version, files } = manifest(ROOT);
  assert.deepEqual(cache.names, [cacheName(server.url, version)], 'one cache, named after the lab and the build');
  assert.deepEqual(new Set(cache.urls), new Set(files.map((f) => new URL(f.path, server.url).href)));
  // Everything the page fetched on its first visit is in the cache: the list is complete.
  const notCached = [...fetched].filter((u) => !cache.urls.includes(u) && !/\/sw\.js$|\/precache\.js$/.test(u));
  assert.deepEqual(notCached, [], 'fetched on the first visit but not precached');
  t.diagnostic(`cache after the first visit: ${cache.entries} entries, ${cache.bytes} bytes`);
  await page.screenshot({ path: `${OUT}/26-offline.png`, fullPage: true });
});

/** A plain static server with each folder at its prefix ({ '/course/lab/': dist }): an
 * ETag (304 when it matches) and `Cache-Control: cacheControl`, by default 'no-cache' (as
 * scripts/server.mjs sends); GitHub Pages sends 'max-age=600'. `served` counts the requests
 * that reach it and the bytes of the bodies it sent, per path. */
async function staticHost(folders, { cacheControl = 'no-cache' } = {}) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
  const served = new Map();
  const host = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(folders).find((p) => path.startsWith(p));
    if (!prefix) return res.writeHead(404).end();
    const folder = folders[prefix];
    const file = join(folder, normalize(path.slice(prefix.length) || '/').replace(/\/$/, '/index.html'));
    if (!file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    const body = readFileSync(file);
    const etag = `"${statSync(file).mtimeMs.toString(36)}-${body.length}"`;
    const fresh = req.headers['if-none-match'] === etag;
    const seen = served.get(path) ?? { requests: 0, bytes: 0 };
    served.set(path, { requests: seen.requests + 1, bytes: seen.bytes + (fresh ? 0 : body.length) });
    if (fresh) return res.writeHead(304, { ETag: etag, 'Cache-Control': cacheControl }).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, ETag: etag, 'Cache-Control': cacheControl }).end(body);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${host.address().port}`;
  return { origin, url: `${origin}${Object.keys(folders)[0]}`, served, close: () => host.close() };
}

/** A copy of dist/ to change (its data linked, not copied), removed after the test. */
function appCopy(t) {
  const dir = mkdtempSync(join(tmpdir(), 'reglab-app-'));
  for (const f of ['index.html', 'sw.js', 'www']) cpSync(`${ROOT}dist/${f}`, join(dir, f), { recursive: true });
  symlinkSync(`${ROOT}dist/data`, join(dir, 'data'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new build of an app folder: a changed script, and its list made again. */
function rebuild(folder, marker) {
  appendFileSync(join(folder, 'www/describe.js'), `\n// ${marker}\n`);
  execFileSync(process.execPath, [`${ROOT}scripts/precache.mjs`, folder]);
}

/** What the page gets for www/describe.js now (through its service worker). */
const describeJs = (page) => page.evaluate(() => fetch('www/describe.js').then((r) => r.text()));

/** Asks the browser to look for a new build; resolves to the new worker's final state
 * ('installed' when it waits, 'redundant' when its install failed). */
const checkForUpdate = (page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.ready;
  await registration.update();
  const next = registration.installing ?? registration.waiting;
  if (!next) return 'none';
  if (next.state === 'installed' || next.state === 'redundant') return next.state;
  return new Promise((resolve) => next.addEventListener('statechange', () => {
    if (['installed', 'redundant', 'activated'].includes(next.state)) resolve(next.state);
  }));
});

test('dist/ trains from a sub-path of a plain static host, and offline after one visit', async (t) => {
  const dist = `${ROOT}dist`;
  assert.ok(existsSync(`${dist}/index.html`), 'dist/ is built (scripts/package; scripts/test does it)');
  const host = await staticHost({ '/course/lab/': dist });
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

/** A page with its errors collected (checked when the test ends) at a desktop size. */
async function newPage(t, context) {
  const page = context.pages?.()[0] ?? await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], 'page errors'));
  return page;
}

/** The top of the page (header, status, offline line) at 1280x800 and 360x780. */
async function screenshots(page, name) {
  for (const [width, height] of [[1280, 800], [360, 780]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${OUT}/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const stepOnce = async (page) => {
  await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.getByTestId('metrics').filter({ hasText: /Iteration \d+ .*test accuracy 0\.\d+/ }).waitFor();
};

test('a first visit in a fresh profile fetches every file from the server once', async (t) => {
  const dist = `${ROOT}dist`;
  // Served as GitHub Pages serves it: with the HTTP cache's help the page, the training
  // worker and the evaluator share one download of the wasm (with 'no-cache' and no ETag,
  // as scripts/server.mjs sends, each of the three would download it).
  const host = await staticHost({ '/course/lab/': dist }, { cacheControl: 'max-age=600' });
  // A real profile on disk, as a student's browser has: its HTTP cache keeps what the page
  // loaded, which is where the service worker takes the first visit's files from.
  const profile = mkdtempSync(join(tmpdir(), 'reglab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); host.close(); });
  const page = await newPage(t, context);
  await page.goto(host.url);
  await offlineStatus(page, /Not yet available offline: \d+\.\d MB to go/).waitFor();
  await screenshots(page, '27-offline-not-yet');
  await ready(page);
  await offlineStatus(page, 'Available offline').waitFor({ timeout: 90000 });
  await screenshots(page, '28-offline-available');
  await page.waitForTimeout(1000); // anything late would show up as a second request

  const twice = [...host.served].filter(([, s]) => s.requests > 1).map(([path, s]) => `${path} ×${s.requests}`);
  assert.deepEqual(twice, [], 'files the server sent more than once');
  const listed = manifest(dist).files.filter((f) => f.path !== 'index.html').map((f) => new URL(f.path, host.url).pathname);
  assert.deepEqual(listed.filter((path) => !host.served.has(path)), [], 'listed files the server never sent');
  const bytes = (filter) => [...host.served].filter(([path]) => filter(path)).reduce((sum, [, s]) => sum + s.bytes, 0);
  t.diagnostic(`first visit: ${host.served.size} requests, ${bytes(() => true)} bytes (MNIST ${bytes((p) => p.includes('/data/mnist/'))}, `
    + `drawing model ${bytes((p) => p.includes('/data/models/'))}, the rest ${bytes((p) => !p.includes('/data/'))})`);
  for (const [path, s] of host.served) t.diagnostic(`${path.slice('/course/lab/'.length) || './'} ${s.requests} × ${s.bytes}`);
});

test('two labs on one origin keep their own caches and both work offline', async (t) => {
  const one = appCopy(t);
  const two = appCopy(t);
  rebuild(two, 'the second lab'); // another build, as a second course's lab would be
  const host = await staticHost({ '/ml101/lab/': one, '/ml102/lab/': two });
  t.after(() => host.close());
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await newPage(t, context);
  const labs = ['/ml101/lab/', '/ml102/lab/'].map((path) => `${host.origin}${path}`);
  for (const lab of labs) {
    await page.goto(lab);
    await ready(page);
    await offlineStatus(page, 'Available offline').waitFor({ timeout: 90000 });
  }
  assert.deepEqual((await page.evaluate(() => caches.keys())).sort(),
    [cacheName(labs[0], manifest(one).version), cacheName(labs[1], manifest(two).version)].sort());
  await context.setOffline(true);
  for (const lab of labs) {
    await page.goto(lab);
    await ready(page);
    await offlineStatus(page, 'Available offline').waitFor();
    await stepOnce(page);
  }
});

/** A copy of the app on a static host under /course/lab/, visited once until it is available offline. */
async function visitedCopy(t) {
  const app = appCopy(t);
  const host = await staticHost({ '/course/lab/': app });
  t.after(() => host.close());
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await newPage(t, context);
  await page.goto(host.url);
  await ready(page);
  await offlineStatus(page, 'Available offline').waitFor({ timeout: 90000 });
  return { app, host, page };
}

test('an update under an open page waits for Reload and never mixes builds', async (t) => {
  const { app, host, page } = await visitedCopy(t);
  const before = manifest(app).version;

  rebuild(app, 'the second build');
  assert.equal(await checkForUpdate(page), 'installed', 'the new build waits while the old page is open');
  const reload = page.getByRole('button', { name: 'Reload' });
  await offlineStatus(page, 'A new version of the lab is ready').waitFor();
  await screenshots(page, '29-update-offer');
  assert.doesNotMatch(await describeJs(page), /the second build/, 'the open page keeps its own build');
  assert.ok((await page.evaluate(() => caches.keys())).includes(cacheName(host.url, before)), 'the old build\'s cache stays');
  await stepOnce(page);

  await Promise.all([page.waitForNavigation(), reload.click()]);
  await ready(page);
  assert.match(await describeJs(page), /the second build/, 'after Reload, the new build');
  await page.waitForFunction((name) => caches.keys().then((names) => names.join() === name), cacheName(host.url, manifest(app).version));
  // The new build took the unchanged files (the MNIST data) from the old cache: ready at once.
  await offlineStatus(page, 'Available offline').waitFor();
  await stepOnce(page);
});

test('a file that does not match its hash fails the install, and the old build keeps working', async (t) => {
  const { app, host, page } = await visitedCopy(t);
  const before = cacheName(host.url, manifest(app).version);

  rebuild(app, 'the listed build');
  appendFileSync(join(app, 'www/describe.js'), '// not what the list says\n');
  assert.equal(await checkForUpdate(page), 'redundant', 'the install failed');
  assert.deepEqual(await page.evaluate(() => caches.keys()), [before], 'no half-filled cache is left');
  assert.equal(await page.getByRole('button', { name: 'Reload' }).count(), 0, 'no update is offered');
  await page.reload();
  await ready(page);
  assert.doesNotMatch(await describeJs(page), /the listed build/, 'still the old build');
  await offlineStatus(page, 'Available offline').waitFor();
  await stepOnce(page);
});
