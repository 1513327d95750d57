// The lab's service worker: the lab works with no network from the end of the first
// visit. On install it caches the app shell and the MNIST data, the list that
// scripts/precache.mjs generates at build time, in a cache named after that build's
// content hash; on activate it deletes every other cache of the lab, so an update
// replaces the old files whole. Precached files are served from the cache, so a page
// never mixes two builds' files; a new build is fetched in the background (the browser
// notices precache.js changed) and shows on the next load. Anything else of the lab's
// own (Fashion-MNIST, picked by few) is fetched and kept for offline use.
// URLs are relative to this file, so the lab works from any folder of any static host.
importScripts('www/pkg/precache.js');

const { version, files } = self.PRECACHE;
const CACHE = `reglab-${version}`;
const PRECACHED = new Set(files.map((file) => new URL(file, self.location).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'no-cache': the HTTP cache may hold an older build's file under the same URL.
    await cache.addAll(files.map((file) => new Request(file, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('reglab-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  url.search = '';
  if (PRECACHED.has(url.href)) event.respondWith(precached(event.request));
  else event.respondWith(url.pathname.endsWith('.gz') ? cacheFirst(event.request) : networkFirst(event.request));
});

/** A file of this build; the network only if the cache lost it (storage cleared). */
async function precached(request) {
  const hit = await (await caches.open(CACHE)).match(request, { ignoreSearch: true });
  return hit ?? fetch(request);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw offline;
  }
}
