// Embedded runs that wait to be seen and share the CPU. An embed that trains by itself
// (one without the Experiment panel) starts only once it is on screen (or when its
// button is clicked); any embedded run pauses while it is scrolled out of sight and goes
// on when it is back. Several labs on one course page take turns: a run holds the Web
// Lock "reglab-cpu" (shared by the labs of one origin on one site) while it trains, so on
// a two-core laptop one embed trains at full speed instead of three at a third each, and
// the next one on screen starts when it finishes or is scrolled away.
// Without IntersectionObserver or Web Locks (old browsers, plain http) it simply runs.

const LOCK = 'reglab-cpu';

/**
 * `target`: the element whose visibility counts (the page's body). `train()` and
 * `pause()` start and stop the worker; `waiting(why)` tells the learner why nothing runs
 * yet ('offscreen' | 'turn' | null). Returns the gate the orchestrator tells about runs.
 */
export function createEmbedGate(win, target, { train, pause, waiting }) {
  let visible = !('IntersectionObserver' in win);
  let wanted = false; // a run should be going (asked for, not finished or paused by the learner)
  let running = false;
  let release = null; // ends our hold of the lock
  let pending = null; // AbortController of a lock request not granted yet

  const locks = win.navigator.locks;

  function letGo() {
    pending?.abort();
    pending = null;
    release?.();
    release = null;
  }

  function update() {
    if (wanted && !visible) {
      if (running) pause();
      letGo();
      waiting('offscreen');
      return;
    }
    if (!wanted || running || pending || release) return;
    if (!locks) { train(); return; }
    pending = new AbortController();
    let granted = false;
    locks.request(LOCK, { signal: pending.signal }, () => new Promise((resolve) => {
      granted = true;
      pending = null;
      release = resolve;
      if (wanted && visible) train(); else letGo();
    })).catch(() => {}); // aborted: scrolled away before our turn
    // The callback runs in a later task when the lock is free; if it is taken, say so.
    setTimeout(() => { if (!granted && pending) waiting('turn'); }, 100);
  }

  if (!visible) {
    new win.IntersectionObserver(([entry]) => {
      visible = entry.isIntersecting;
      update();
    }, { threshold: [0, 0.1] }).observe(target);
  }

  return {
    /** Start a run (now if on screen and it is our turn, else when it is). */
    want() { wanted = true; update(); },
    /** The worker started or stopped training. */
    running(next) {
      running = next;
      if (next) waiting(null);
    },
    /** The run ended, or the learner (or the host page) paused it: give up our turn. */
    done() { wanted = false; letGo(); },
    visible: () => visible,
  };
}
