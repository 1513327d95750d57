// The host API: how a course page that embeds the lab in an <iframe> drives it and listens
// to it, over window.postMessage. Every message is a plain object whose `type` starts
// with "reglab:"; anything else (another library's messages) is ignored silently.
//
// Host page -> lab (send to iframe.contentWindow, with the lab's origin as target):
//   { type: 'reglab:configure', settings: { hidden: 100, keep: 0.5, ... } }
//        the link's keys (README, "Links and embedding"; www/state.js): merged into the
//        current settings and applied as a link would be; a bad value becomes its default
//        and is reported back as `reglab:error`.
//   { type: 'reglab:train' }   start (or resume) the configured run; before the lab is
//                               ready it waits for it
//   { type: 'reglab:pause' }   pause the run
//   { type: 'reglab:reset' }   start the configured run over from its initial weights
//   { type: 'reglab:lesson', id, run?: boolean }
//        open a lesson by its id (LESSON_IDS in www/lessons.js: the README lists them); its
//        settings load; with run: true it starts as soon as they are set up
//   A command that arrives before `reglab:ready` waits for it and is then carried out, in
//   the order sent; if the lab cannot get ready (the data did not load, the worker stopped)
//   each waiting command is answered by reglab:error saying why. (A message posted before
//   the iframe has loaded the lab never reaches it: the browser drops it, since the frame's
//   origin is not yet the lab's. Send commands once `reglab:ready` arrives.) A command that
//   arrives while a run is being set up is carried out once it can be
//   (www/run-controller.js); one that cannot be is answered by reglab:error.
//   Settings values may be numbers, short strings or booleans (true = 1, false = 0).
//   settings: { xapi: 1 } (or the link key xapi=1) asks for xAPI statements as well
//   (reglab:xapi below); xapi: 0 stops them. Alone, it leaves the run as it is.
//
// Lab -> host page (received by the host's `message` listener; check event.origin):
//   { type: 'reglab:ready' }                                   data loaded, a run is configured
//   { type: 'reglab:progress', iteration, trainAccuracy, testAccuracy }   at most 10 a second
//        while training (testAccuracy: the latest test pass's, null before the first)
//   { type: 'reglab:finished', iteration, seconds, testAccuracy }        the run ended (iteration:
//        iterations trained; testAccuracy: the final one, or early stopping's restored one)
//   { type: 'reglab:prediction', digit, outputs: number[10] }            the learner drew a digit
//   { type: 'reglab:resize', height }   the lab's content height in CSS pixels, on every change
//   { type: 'reglab:error', message }   a message was refused, or the lab hit a problem
// Learning events, from the lesson panel (www/ui/lesson-panel.js), lesson: a LESSON_IDS id;
// each also carries `title` (the lesson's title, "1. Overfitting") and, with an answer,
// `answerText` (the answer's words as the student saw them, "Rise, then fall"):
//   { type: 'reglab:lesson-started', lesson }           a lesson was opened (at its question)
//   { type: 'reglab:answered', lesson, answer }         the learner predicted: the answer's id
//        (the `answers` ids in www/lessons.js, e.g. overfitting: rise, level, fall)
//   { type: 'reglab:lesson-finished', lesson, answer, correct, figures }   the explanation is
//        shown: answer (null if the run was started without one), correct (the prediction
//        came true; null without one), figures ({ name: number } the explanation quotes)
//   { type: 'reglab:xapi', statement }   with xapi on, each learning event again as an xAPI
//        statement (www/xapi.js): verb attempted / answered / completed (ADL), object.id the
//        lab's URL + #lesson=<id>, result.response, result.success, result.completion,
//        timestamp. No actor: the platform that stores it adds its learner.
//
// Origins: the lab only listens to its own parent window (event.source === window.parent),
// and, when the browser tells it the parent's origin (location.ancestorOrigins, else the
// referrer), only to messages from that origin. It answers the origin the host spoke from;
// until the host has spoken, events go to the origin the browser reported (`reglab:ready`
// to any origin when none is known: it carries nothing). A well-formed "reglab:" message
// with an unknown type or bad fields gets a `reglab:error` and changes nothing.

export const HOST_COMMANDS = Object.freeze(['reglab:configure', 'reglab:train', 'reglab:pause', 'reglab:reset', 'reglab:lesson']);
export const HOST_EVENTS = Object.freeze(['reglab:ready', 'reglab:progress', 'reglab:finished', 'reglab:prediction', 'reglab:resize', 'reglab:error',
  'reglab:lesson-started', 'reglab:answered', 'reglab:lesson-finished', 'reglab:xapi']);

/** Longest settings object a host may send (in keys) and longest value (in characters). */
const MAX_KEYS = 100;
const MAX_VALUE = 1000;

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * Checks one host message; returns { command } (the fields the lab acts on) or
 * { error } (a sentence for `reglab:error`), or null for messages that are not the lab's.
 * Pure, unit-tested in tests/host-api.test.mjs.
 */
export function readCommand(data) {
  if (!isPlainObject(data) || typeof data.type !== 'string' || !data.type.startsWith('reglab:')) return null;
  const { type } = data;
  if (!HOST_COMMANDS.includes(type)) return { error: `${type.slice(0, 40)} is not a command of the lab (${HOST_COMMANDS.join(', ')})` };
  if (type === 'reglab:configure') {
    const { settings } = data;
    if (!isPlainObject(settings)) return { error: 'reglab:configure needs settings: an object of link keys' };
    const entries = Object.entries(settings);
    if (entries.length > MAX_KEYS) return { error: `reglab:configure: at most ${MAX_KEYS} settings at once` };
    for (const [key, value] of entries) {
      const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean'
        || (typeof value === 'string' && value.length <= MAX_VALUE);
      if (!ok) return { error: `reglab:configure: the value of ${key.slice(0, 40)} must be a number or a short string` };
    }
    const text = (v) => (v === true ? '1' : v === false ? '0' : String(v)); // link values are text
    return { command: { type, settings: Object.fromEntries(entries.map(([k, v]) => [k, text(v)])) } };
  }
  if (type === 'reglab:lesson') {
    if (typeof data.id !== 'string' || data.id.length > 40) return { error: 'reglab:lesson needs an id (a lesson name)' };
    return { command: { type, id: data.id, run: data.run === true } };
  }
  return { command: { type } };
}

/** The parent page's origin as the browser reports it, or null. */
function reportedParentOrigin(win) {
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length) return ancestors[0];
  try { return win.document.referrer ? new URL(win.document.referrer).origin : null; } catch { return null; }
}

/**
 * Starts listening when the page is embedded (win.parent !== win); `act(command)` carries
 * out a checked command and may throw (the message goes back as `reglab:error`).
 * Commands wait until the lab posts `reglab:ready`. Returns { post(type, body),
 * cannotStart(why) }: post does nothing when the lab is not embedded; cannotStart answers
 * every waiting command (and any later one) with reglab:error.
 */
export function createHostApi(win, act) {
  const embedded = win.parent && win.parent !== win;
  const reported = embedded ? reportedParentOrigin(win) : null;
  let hostOrigin = reported && reported !== 'null' ? reported : null;
  let ready = false;
  let broken = null; // why the lab will never be ready
  const waiting = []; // commands that came before reglab:ready, in order

  function post(type, body = {}) {
    if (!embedded) return;
    const target = hostOrigin ?? (type === 'reglab:ready' ? '*' : null);
    if (target) win.parent.postMessage({ type, ...body }, target);
    if (type === 'reglab:ready' && !ready) {
      ready = true;
      broken = null; // started after all (the learner pressed Retry)
      for (const command of waiting.splice(0)) carryOut(command);
    }
  }

  function carryOut(command) {
    try {
      act(command);
    } catch (error) {
      post('reglab:error', { message: String(error?.message ?? error) });
    }
  }

  function cannotStart(why) {
    if (ready || broken) return;
    broken = why;
    for (const command of waiting.splice(0)) post('reglab:error', { message: `${command.type}: ${why}` });
  }

  if (embedded) {
    win.addEventListener('message', (event) => {
      if (event.source !== win.parent) return;
      if (reported && reported !== 'null' && event.origin !== reported) return;
      const read = readCommand(event.data);
      if (!read) return;
      hostOrigin = event.origin === 'null' ? hostOrigin : event.origin;
      if (read.error) { post('reglab:error', { message: read.error }); return; }
      if (broken) post('reglab:error', { message: `${read.command.type}: ${broken}` });
      else if (ready) carryOut(read.command);
      else waiting.push(read.command);
    });
  }
  return { embedded, post, cannotStart };
}

/** Posts the document's content height whenever it changes (for `reglab:resize`). */
export function watchHeight(doc, post) {
  let last = 0;
  const measure = () => {
    const height = Math.ceil(doc.body.getBoundingClientRect().height);
    if (height && height !== last) {
      last = height;
      post('reglab:resize', { height });
    }
  };
  new ResizeObserver(measure).observe(doc.body);
  measure();
}
