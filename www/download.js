// The training worker's downloads, with a stall limit: a connection that stays open but
// brings no bytes for STALL_MS is given up with an error that says so, which the page
// shows with a Retry. `download` fetches small files whole; `stream` hands a file on
// chunk by chunk as it arrives (the training images, decoded while they download).

export const STALL_MS = 20000;

/** An abort signal that fires after `stallMs` without a `poke()` (or when `outer` aborts). */
function stallGuard(stallMs, outer) {
  const controller = new AbortController();
  let timer = 0;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data arrived for ${stallMs / 1000} s (the network may be down or very slow)`)), stallMs);
  };
  const cancel = () => controller.abort(outer.reason ?? new Error('the download was cancelled'));
  outer?.addEventListener('abort', cancel, { once: true });
  poke();
  return {
    signal: controller.signal,
    poke,
    /** The error to report: the stall's (or the cancel's) when it aborted, else `error`. */
    why: (error) => (controller.signal.aborted ? controller.signal.reason : error),
    stop() { clearTimeout(timer); outer?.removeEventListener('abort', cancel); },
    abort: () => controller.abort(),
  };
}

async function open(url, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`cannot download ${url.pathname.split('/').pop()} (HTTP ${response.status})`);
  return response;
}

/** Fetches `urls` together; `progress(loaded, total)` per chunk; resolves to one Uint8Array per URL. */
export async function download(urls, progress, stallMs = STALL_MS) {
  const guard = stallGuard(stallMs);
  try {
    const responses = await Promise.all(urls.map((url) => open(url, guard.signal)));
    const total = responses.reduce((sum, r) => sum + Number(r.headers.get('Content-Length') ?? 0), 0);
    let loaded = 0;
    return await Promise.all(responses.map(async (response) => {
      const chunks = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        guard.poke();
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
    throw guard.why(error);
  } finally {
    guard.stop();
  }
}

/**
 * Fetches `url` and calls `chunk(bytes, loaded, total)` for each piece as it arrives
 * (total: the Content-Length, 0 if none); resolves when the file has ended. `signal`
 * cancels it.
 */
export async function stream(url, chunk, { signal, stallMs = STALL_MS } = {}) {
  const guard = stallGuard(stallMs, signal);
  try {
    const response = await open(url, guard.signal);
    const total = Number(response.headers.get('Content-Length') ?? 0);
    const reader = response.body.getReader();
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      guard.poke();
      loaded += value.length;
      chunk(value, loaded, total);
    }
  } catch (error) {
    const why = guard.why(error);
    guard.abort(); // a chunk refused (a corrupt file) stops the download too
    throw why;
  } finally {
    guard.stop();
  }
}
