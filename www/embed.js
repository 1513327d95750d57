// Embedded runs that wait to be seen and share the CPU. An embed that trains by itself
// (one without the Experiment panel) starts only once it is on screen (or when its
// button is clicked); any embedded run pauses while it is scrolled out of sight and goes
// on when it is back. Several labs on one course page take turns: a run holds the
// turn (see createTurns) while it trains, so on a two-core laptop one embed trains at full
// speed instead of three at a third each, and the next one on screen starts when it
// finishes or is scrolled away. Without IntersectionObserver or BroadcastChannel it simply runs.

const CHANNEL = 'reglab-cpu';
const BEAT_MS = 500; // a training lab says "busy" this often
const STALE_MS = 1500; // a lab not heard from for this long is gone (closed, crashed)

/**
 * Turns to train among the labs of one origin on one page, over a BroadcastChannel (Web
 * Locks would do, but browsers refuse them to cross-site iframes, which embeds usually
 * are). The lab whose turn it is says "busy" every half second; a lab that wants a turn
 * waits until no other has said so for 1.5 s. A short random delay before taking a turn
 * keeps two labs that become visible together from starting together.
 */
function createTurns(win) {
  const id = Math.random().toString(36).slice(2);
  let channel = null;
  try { channel = new win.BroadcastChannel(CHANNEL); } catch { /* no channel: no sharing */ }
  const others = new Map(); // lab id -> when it last said busy
  let holding = false;
  let beat = 0;
  let waiter = null;
  let poll = 0;
  const busyElsewhere = () => [...others.values()].some((t) => performance.now() - t < STALE_MS);
  const say = (busy) => channel?.postMessage({ id, busy });
  function tryGrant() {
    if (!waiter || holding || busyElsewhere()) return;
    const granted = waiter;
    waiter = null;
    clearInterval(poll);
    holding = true;
    say(true);
    beat = setInterval(() => say(true), BEAT_MS);
    granted();
  }
  channel?.addEventListener('message', ({ data }) => {
    if (!data || typeof data.id !== 'string') return;
    if (data.busy) others.set(data.id, performance.now()); else others.delete(data.id);
    tryGrant();
  });
  return {
    holding: () => holding,
    /** `granted()` runs when it is this lab's turn; returns whether it had to wait. */
    request(granted) {
      waiter = granted;
      clearInterval(poll);
      poll = setInterval(tryGrant, 250);
      setTimeout(tryGrant, Math.random() * 150);
      return busyElsewhere();
    },
    release() {
      waiter = null;
      clearInterval(poll);
      if (!holding) return;
      holding = false;
      clearInterval(beat);
      say(false);
    },
  };
}

/**
 * `target`: the element whose visibility counts (the page's body). `train()` and
 * `pause()` start and stop the worker; `waiting(why)` tells the learner why nothing runs
 * yet ('offscreen' | 'turn' | null). Returns the gate the orchestrator tells about runs.
 */
export function createEmbedGate(win, target, { train, pause, waiting }) {
  let visible = !('IntersectionObserver' in win);
  let wanted = false; // a run should be going (asked for, not finished or paused by the learner)
  let running = false;
  let asked = false; // a turn was requested or is held
  const turns = createTurns(win);

  function letGo() {
    asked = false;
    turns.release();
  }

  function update() {
    if (wanted && !visible) {
      if (running) pause();
      letGo();
      waiting('offscreen');
      return;
    }
    if (!wanted || running || asked) return;
    asked = true;
    const queued = turns.request(() => { if (wanted && visible) train(); else letGo(); });
    if (queued) waiting('turn');
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
