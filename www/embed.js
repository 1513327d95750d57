// Embedded runs that wait to be seen and share the CPU. An embed that trains by itself
// (one without the Experiment panel) starts only once it is on screen (or when its
// button is clicked); any embedded run pauses while it is scrolled out of sight and goes
// on when it is back. Several labs on one course page take turns: a run holds the
// turn (see createTurns) while it trains, so on a two-core laptop one embed trains at full
// speed instead of three at a third each, and the next one on screen starts when it
// finishes or is scrolled away. Without IntersectionObserver or BroadcastChannel it simply runs.

/**
 * Whether an embed showing these panels trains by itself. One without the Experiment panel
 * does, so its other panels have a model; one with the Lessons panel never does: a lesson
 * asks its question first, and its run starts from the lesson's own Start.
 */
export const trainsByItself = (panels) => !panels.includes('controls') && !panels.includes('lessons');

const CHANNEL = 'reglab-cpu';
const BEAT_MS = 500; // a training lab says "busy" this often
const STALE_MS = 1500; // a lab not heard from for this long is gone (closed, crashed)

/**
 * Turns to train among the labs of one origin on one page, over a BroadcastChannel (Web
 * Locks would do, but browsers refuse them to cross-site iframes, which embeds usually
 * are). A lab that wants a turn says "want" (again every half second while it waits);
 * the lab whose turn it is says "busy" every half second. A lab takes its turn when no
 * other is busy and no other waiting lab has a smaller id, after waiting a moment to hear
 * the others: two labs that scroll into view together agree on who goes first.
 */
function createTurns(win) {
  const id = Math.random().toString(36).slice(2);
  let channel = null;
  try { channel = new win.BroadcastChannel(CHANNEL); } catch { /* no channel: no sharing */ }
  const busy = new Map(); // lab id -> when it last said busy
  const wanting = new Map(); // lab id -> when it last said want
  let holding = false;
  let beat = 0;
  let waiter = null;
  let poll = 0;
  const fresh = (map) => [...map].filter(([, t]) => performance.now() - t < STALE_MS).map(([k]) => k);
  const say = (what) => channel?.postMessage({ id, what });
  function tryGrant() {
    if (!waiter || holding) return;
    if (fresh(busy).length || fresh(wanting).some((other) => other < id)) { say('want'); return; }
    const granted = waiter;
    waiter = null;
    clearInterval(poll);
    holding = true;
    say('busy');
    beat = setInterval(() => say('busy'), BEAT_MS);
    granted();
  }
  channel?.addEventListener('message', ({ data }) => {
    if (!data || typeof data.id !== 'string') return;
    const now = performance.now();
    if (data.what === 'busy') { busy.set(data.id, now); wanting.delete(data.id); }
    else if (data.what === 'want') wanting.set(data.id, now);
    else { busy.delete(data.id); wanting.delete(data.id); tryGrant(); }
  });
  return {
    /** `granted()` runs when it is this lab's turn; returns whether another holds it now. */
    request(granted) {
      waiter = granted;
      say('want');
      clearInterval(poll);
      poll = setInterval(tryGrant, BEAT_MS);
      setTimeout(tryGrant, channel ? 200 : 0);
      return fresh(busy).length > 0;
    },
    release() {
      clearInterval(poll);
      if (!waiter && !holding) return;
      waiter = null;
      holding = false;
      clearInterval(beat);
      say('done');
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

/**
 * An embedded lab's part of the page: runs start only on screen and in turn (the gate
 * above, given to the run controller), the status says why one waits, an embed that trains
 * by itself (`autoEmbed`) gets its own Train/Pause button, and the host hears the height.
 */
export function wireEmbed(win, doc, { run, status, host, autoEmbed, watchHeight }) {
  const gate = createEmbedGate(win, doc.body, {
    train: () => run.gateOpen(),
    pause: () => run.gateClosed('offscreen'),
    waiting(why) { if (why) run.gateClosed(why); },
  });
  run.useGate(gate);
  const button = doc.getElementById('embed-run');
  run.subscribe((state) => {
    const going = state.phase === 'running' || state.phase === 'waiting';
    gate.running(state.phase === 'running');
    if (state.phase === 'waiting') status.waiting(state.waitingWhy, state);
    if (autoEmbed) button.textContent = going ? 'Pause' : state.phase === 'finished' ? 'Train again' : 'Train';
  });
  const title = doc.getElementById('embed-title');
  title.hidden = false;
  title.textContent = `Regularization Lab: ${[...doc.querySelectorAll('[data-panel]:not([hidden]) h2')].map((h) => h.textContent).join(', ')}`;
  if (host.embedded) watchHeight(doc, host.post);
  if (autoEmbed) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const { phase } = run.state();
      if (phase === 'running' || phase === 'waiting') run.pause(); else run.train();
    });
  }
}
