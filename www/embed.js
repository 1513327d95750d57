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
 * Whether the lab is actually shown, from three signals, each of which alone misses a case:
 * the IntersectionObserver (scrolled out of the viewport; also a `display:none` slide,
 * which has no box), the page's visibility (a hidden tab, a minimised window), and a
 * slide deck's word: reveal.js posts the string 'slide:start' to every iframe of the slide
 * it shows and 'slide:stop' to those of the slide it leaves (its "generic postMessage
 * API"), which is the only way a cross-origin frame learns that its slide is stacked
 * behind another or made `visibility:hidden`: the observer still sees it intersect.
 * `changed()` runs whenever the answer may have changed; `why()` says what hides it
 * ('slide' | 'page' | 'offscreen') or null when shown.
 */
function watchShown(win, target, changed) {
  let onScreen = !('IntersectionObserver' in win);
  let slideShown = true; // until a deck says otherwise: most hosts are not decks
  const pageShown = () => win.document.visibilityState !== 'hidden';
  if (!onScreen) {
    // One call may bring several entries for the target, oldest first: a busy page or a
    // frame shown after display:none gets "not intersecting" and "intersecting" together,
    // and only the last one is how things are now.
    new win.IntersectionObserver((entries) => {
      onScreen = entries.at(-1).isIntersecting;
      changed();
    }, { threshold: [0, 0.1] }).observe(target);
  }
  win.document.addEventListener('visibilitychange', changed);
  win.addEventListener('message', (event) => {
    // Only the frame's own parent is a deck that shows or hides it; reveal.js posts to '*',
    // so its origin is not known in advance (the worst a parent can do is pause or resume).
    if (event.source !== win.parent || win.parent === win) return;
    if (event.data !== 'slide:start' && event.data !== 'slide:stop') return;
    slideShown = event.data === 'slide:start';
    changed();
  });
  return () => (!slideShown ? 'slide' : !pageShown() ? 'page' : !onScreen ? 'offscreen' : null);
}

/**
 * `target`: the element whose visibility counts (the page's body). `train()` and
 * `pause(why)` start and stop the worker; `waiting(why)` tells the learner why nothing runs
 * yet ('offscreen' | 'slide' | 'page' | 'turn' | null). Returns the gate the orchestrator
 * tells about runs.
 */
export function createEmbedGate(win, target, { train, pause, waiting }) {
  let wanted = false; // a run should be going (asked for, not finished or paused by the learner)
  let running = false;
  let asked = false; // a turn was requested or is held
  const turns = createTurns(win);
  const hiddenBecause = watchShown(win, target, () => update());
  const visible = () => hiddenBecause() === null;

  function letGo() {
    asked = false;
    turns.release();
  }

  function update() {
    const why = hiddenBecause();
    if (wanted && why) {
      if (running) pause(why);
      letGo();
      waiting(why);
      return;
    }
    if (!wanted || running || asked) return;
    asked = true;
    const queued = turns.request(() => { if (wanted && visible()) train(); else letGo(); });
    if (queued) waiting('turn');
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
    visible,
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
    pause: (why) => run.gateClosed(why),
    waiting(why) { if (why) run.gateClosed(why); },
  });
  run.useGate(gate);
  const button = doc.getElementById('embed-run');
  run.subscribe((state) => {
    const going = state.phase === 'running' || state.phase === 'waiting';
    gate.running(state.phase === 'running');
    if (state.phase === 'waiting') status.waiting(state.waitingWhy, state);
    else status.waitOver(state);
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
