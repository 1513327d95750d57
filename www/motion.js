// Reduced motion: when the learner's system asks for it (prefers-reduced-motion: reduce),
// the canvases that follow training (the network diagram, the learning curves) change at
// most once a second instead of many times a second, and nothing animates per step.

const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');

/** True while the system asks for reduced motion (followed live). */
export const reducedMotion = () => Boolean(query?.matches);

/** Shortest time between two redraws of one canvas, in ms, for a normal `ms`. */
export const redrawInterval = (ms) => (reducedMotion() ? 1000 : ms);

/**
 * Wraps `draw(canvas, ...args)` so that under reduced motion each canvas is drawn at
 * most once a second: a call that comes sooner is held and replaced by later ones, and
 * the latest is drawn when the second is up (so the final picture is always shown).
 */
export function calmDraw(draw) {
  const canvases = new Map(); // canvas -> { at, held, timer }
  return (canvas, ...args) => {
    const entry = canvases.get(canvas) ?? { at: -Infinity, held: null, timer: 0 };
    canvases.set(canvas, entry);
    const wait = entry.at + redrawInterval(0) - performance.now();
    if (wait <= 0 && !entry.timer) {
      entry.at = performance.now();
      return draw(canvas, ...args);
    }
    entry.held = args;
    if (!entry.timer) {
      entry.timer = setTimeout(() => {
        entry.timer = 0;
        entry.at = performance.now();
        draw(canvas, ...entry.held);
      }, Math.max(0, wait));
    }
    return undefined;
  };
}
