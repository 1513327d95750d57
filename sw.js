// The lab's service worker: the lab works with no network once this lab's cache holds the
// list that scripts/precache.mjs writes at build time (each file with its size and sha256).
//   - One download per file. Install caches the app shell (page, scripts, wasm) but not the
//     MNIST data or the drawing model, which the training worker downloads anyway: a data file
//     that streams through here is answered at once and a copy kept (`keep`). On the first
//     visit the worker starts before this service worker exists, so the page posts
//     'reglab:backfill' once its own download is done, and the files still missing are then
//     taken from the browser's HTTP cache ('force-cache'), where that download left them.
//   - One cache per lab: the name holds the scope's path, `reglab-<scope path>-<version>`,
//     and activate deletes only this scope's older caches, so two labs on one origin keep
//     theirs.
//   - An update never mixes builds: a new build installs and waits (no skipWaiting) while a
//     page of the old build is open; that page keeps the old worker and its cache, and
//     offers a reload. Only the very first install claims the page, so its visit is cached.
//   - Install checks every file it caches against its sha256 and fails on a mismatch: the
//     old build stays in charge, whole.
// Anything else of the lab's own (Fashion-MNIST, picked by few) is kept as it streams by.
// URLs are relative to this file, so the lab works from any folder of any static host.
importScripts('www/pkg/precache.js');

const { version, files } = self.PRECACHE;
const PREFIX = `reglab-${new URL(self.registration.scope).pathname}-`;
const CACHE = `${PREFIX}${version}`;
const urlOf = (file) => new URL(file.path, self.location).href;
const LISTED = new Map(files.map((file) => [urlOf(file), file]));
let firstInstall = false;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    firstInstall = !self.registration.active;
    const existed = await caches.has(CACHE);
    const cache = await caches.open(CACHE);
    try {
      const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
      const have = await cachedUrls(cache);
      // Files an older build of this lab already holds with the same content (the MNIST data,
      // the drawing model) are copied, not downloaded again; the rest of the shell is fetched,
      // once per content ("./" and index.html are the same bytes).
      const fetched = new Map();
      await Promise.all(files.filter((file) => !have.has(urlOf(file))).map(async (file) => {
        const copy = await fromOlder(older, file);
        if (copy) return cache.put(urlOf(file), copy);
        if (file.group !== 'shell') return null;
        if (!fetched.has(file.sha256)) fetched.set(file.sha256, fetchChecked(file));
        return cache.put(urlOf(file), (await fetched.get(file.sha256)).clone());
      }));
    } catch (error) {
      if (!existed) await caches.delete(CACHE); // a failed install leaves nothing behind
      throw error;
    }
    await broadcast();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // A worker activates once no page of the old build is left (or the last one asked to
    // reload, 'reglab:skip-waiting'), so this lab's older caches are no one's any more.
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    if (firstInstall) await self.clients.claim(); // no old build to mix with
    await broadcast();
  })());
});

self.addEventListener('message', (event) => {
  const { kind } = event.data ?? {};
  if (kind === 'reglab:status') event.waitUntil(status().then((s) => event.source?.postMessage(s)));
  else if (kind === 'reglab:backfill') event.waitUntil(backfill());
  else if (kind === 'reglab:skip-waiting') event.waitUntil(skipWaitingIfAlone(event.source));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  url.search = '';
  url.hash = '';
  const file = LISTED.get(url.href);
  if (file || url.pathname.endsWith('.gz')) event.respondWith(cacheFirst(event, url.href, file));
  else event.respondWith(networkFirst(event, url.href));
});

/** A listed file or a data file: from this build's cache, else from the network, kept as it streams by. */
async function cacheFirst(event, key, file) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(event.request);
  keep(event, cache, key, response, file);
  return response;
}

async function networkFirst(event, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    keep(event, cache, key, response);
    return response;
  } catch (offline) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw offline;
  }
}

/** Stores a copy of `response` while the page reads the original: the answer never waits for
 * `cache.put` (a 10 MB file stored first looked like a stalled worker). A listed file is
 * checked against its sha256 once stored, and dropped if it does not match. */
function keep(event, cache, key, response, file) {
  if (response.status !== 200) return;
  event.waitUntil((async () => {
    await cache.put(key, response.clone());
    if (file && !(await matches(await cache.match(key), file))) await cache.delete(key);
    await broadcast();
  })().catch(() => {})); // a page closed mid-download: nothing kept, fetched again next time
}

/** A shell file for install: the HTTP cache's copy if it is this build's (the first visit's
 * page just loaded it), else the network's; an error when neither matches the list. */
async function fetchChecked(file) {
  for (const mode of ['force-cache', 'no-cache']) {
    const response = await fetch(new Request(urlOf(file), { cache: mode }));
    if (response.status === 200 && await matches(response.clone(), file)) return response;
  }
  throw new Error(`${file.path} does not match this build's list (sha256 ${file.sha256})`);
}

async function fromOlder(names, file) {
  for (const name of names) {
    const hit = await (await caches.open(name)).match(urlOf(file));
    if (hit && await matches(hit.clone(), file)) return hit;
  }
  return null;
}

async function matches(response, file) {
  if (!response) return false;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') === file.sha256;
}

/** The listed files still missing, once the page's own download is done: from the HTTP cache
 * if that download left them there, else the network. One at a time, after the page. */
let backfilling = null;
function backfill() {
  backfilling ??= (async () => {
    const cache = await caches.open(CACHE);
    const have = await cachedUrls(cache);
    for (const file of files.filter((f) => !have.has(urlOf(f)))) {
      try {
        await cache.put(urlOf(file), await fetchChecked(file));
        await broadcast();
      } catch { /* offline or a wrong file: still missing, and the page says so */ }
    }
  })().finally(() => { backfilling = null; });
  return backfilling;
}

async function cachedUrls(cache) {
  return new Set((await cache.keys()).map((request) => request.url));
}

/** What this build still needs before the lab works offline, for the page's status line. */
async function status() {
  const have = await cachedUrls(await caches.open(CACHE));
  const missing = files.filter((file) => !have.has(urlOf(file)));
  return { kind: 'reglab:offline', version, files: files.length, missingFiles: missing.length,
    missingBytes: missing.reduce((sum, file) => sum + file.bytes, 0) };
}

/** Tells this lab's open pages (in this worker's scope) how far caching has got. */
async function broadcast() {
  const message = await status();
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    if (client.url.startsWith(self.registration.scope)) client.postMessage(message);
  }
}

/** The learner pressed Reload: take over only if no other page of the lab is open, since
 * those run the old build and would get this build's files from then on. */
async function skipWaitingIfAlone(asking) {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const others = pages.filter((p) => p.id !== asking?.id && p.url.startsWith(self.registration.scope));
  if (others.length) asking?.postMessage({ kind: 'reglab:other-pages', count: others.length });
  else await self.skipWaiting();
}
