// The training images while they download (training worker): the lab is made as soon as
// the first chunk is in, every later chunk goes into it (the core decodes it as it comes,
// Lab.push_train_images), and a run that needs images not there yet waits for them here.
// A run on the book's first 1,000 images (the first ~164 KB of the 9.9 MB file) can so
// start while the other 59,000 are still on their way; the images and their order are
// those of the whole file.
import { stream } from './download.js';

/** Bytes of the image file before the lab is made: a few hundred images. */
const FIRST_BYTES = 1 << 16;

/**
 * Starts downloading the training images at `url`. `make(startBytes)` makes the lab from
 * the file's first bytes; `changed(state)` hears each change of the state ({ loaded,
 * total, arrived, done, failed }). Returns { lab: Promise<Lab>, when(count), state(), cancel() }.
 */
export function startArrival(url, make, changed = () => {}) {
  const controller = new AbortController();
  const waiters = new Set(); // { count, resolve, reject }
  const s = { loaded: 0, total: 0, arrived: 0, done: false, failed: null };
  let lab = null;
  let start = [];
  let startBytes = 0;
  let labMade;
  let labFailed;
  const labPromise = new Promise((resolve, reject) => { labMade = resolve; labFailed = reject; });
  labPromise.catch(() => {}); // the caller hears it through `lab`; no unhandled rejection

  function settle() {
    for (const waiter of waiters) {
      if (s.failed) waiter.reject(s.failed);
      else if (s.arrived >= waiter.count || s.done) waiter.resolve();
      else continue;
      waiters.delete(waiter);
    }
  }

  function makeLab() {
    const bytes = new Uint8Array(startBytes);
    let at = 0;
    for (const piece of start) { bytes.set(piece, at); at += piece.length; }
    start = null;
    lab = make(bytes);
    s.arrived = lab.train_count();
    labMade(lab);
  }

  function chunk(bytes, loaded, total) {
    Object.assign(s, { loaded, total });
    if (!lab) {
      start.push(bytes);
      startBytes += bytes.length;
      if (startBytes >= FIRST_BYTES) makeLab();
    } else {
      s.arrived = lab.push_train_images(bytes);
    }
    settle();
    changed({ ...s });
  }

  stream(url, chunk, { signal: controller.signal })
    .then(() => {
      if (controller.signal.aborted) return;
      if (!lab) makeLab();
      lab.finish_train_images();
      s.arrived = lab.train_count();
      s.done = true;
    })
    .catch((error) => {
      if (controller.signal.aborted) return;
      s.failed = error;
      if (!lab) labFailed(error);
    })
    .finally(() => {
      if (controller.signal.aborted) return;
      settle();
      changed({ ...s });
    });

  return {
    lab: labPromise,
    /** Resolves once `count` images are there (or the file has ended); rejects if the download fails. */
    when(count) {
      if (s.failed) return Promise.reject(s.failed);
      if (s.arrived >= count || s.done) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.add({ count, resolve, reject }));
    },
    state: () => ({ ...s }),
    /** Stops the download (a new dataset replaces this one); waiters are told so. */
    cancel() {
      controller.abort();
      for (const waiter of waiters) waiter.reject(new Error('the data changed while this run waited for its images'));
      waiters.clear();
    },
  };
}
