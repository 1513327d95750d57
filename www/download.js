// The training worker's downloads: several files at once, with one progress figure for
// all of them, and a stall limit. A connection that stays open but brings no bytes for
// STALL_MS is given up with an error that says so, which the page shows with a Retry.

export const STALL_MS = 20000;

/** Fetches `urls` together; `progress(loaded, total)` per chunk; resolves to one Uint8Array per URL. */
export async function download(urls, progress, stallMs = STALL_MS) {
  const controller = new AbortController();
  let timer = 0;
  const stalled = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data arrived for ${stallMs / 1000} s (the network may be down or very slow)`)), stallMs);
  };
  stalled();
  try {
    const responses = await Promise.all(urls.map(async (url) => {
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) throw new Error(`cannot download ${url.pathname.split('/').pop()} (HTTP ${response.status})`);
      return response;
    }));
    const total = responses.reduce((sum, r) => sum + Number(r.headers.get('Content-Length') ?? 0), 0);
    let loaded = 0;
    return await Promise.all(responses.map(async (response) => {
      const chunks = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        stalled();
        chunks.push(value);
        loaded += value.length;
        progress(loaded, total);
      }
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) { all.set(c, at); at += c.length; }
      return all;
    }));
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}
