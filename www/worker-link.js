// The page's end of the training worker: starts (and restarts) it, routes each report to
// its handler, and notices when the worker dies, loudly (an error event) or silently (no
// report for WATCHDOG_MS while a run is going). Speaks protocol.js.

/** While training the worker reports at least once a second. */
const WATCHDOG_MS = 5000;

/**
 * `handlerFor(kind)` is the function for a report of that kind (or undefined); `unknown(kind)` for a kind with no handler;
 * `stopped(why)` when the worker died; `running()` says whether a run should be reporting.
 */
export function createWorkerLink(url, { handlerFor, unknown, stopped, running }) {
  let worker = null;
  let dead = false;
  let lastHeard = 0;

  function start() {
    worker?.terminate();
    dead = false;
    worker = new Worker(url, { type: 'module' });
    worker.onmessage = (event) => {
      lastHeard = performance.now();
      const handler = handlerFor(event.data?.kind);
      if (handler) handler(event.data);
      else unknown(event.data?.kind);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      die(event.message || 'it could not start');
    };
  }

  function die(why) {
    dead = true;
    stopped(why);
  }

  setInterval(() => {
    if (running() && !dead && performance.now() - lastHeard > WATCHDOG_MS) die('it stopped responding');
  }, 1000);

  return {
    start,
    /** Posts a request; before the first start there is no worker and nothing is sent. */
    send(kind, body = {}) { worker?.postMessage({ kind, ...body }); },
    /** A run starts now: the watchdog counts from here, not from the last report. */
    heardNow() { lastHeard = performance.now(); },
    dead: () => dead,
  };
}
