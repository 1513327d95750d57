// The drawing pad: mouse, touch and pen through Pointer Events, and the keyboard. Keeps
// the pen's points, not pixels: the strokes go to the core (preprocess_strokes), which
// draws them at MNIST's stroke width, so the size and speed of the drawing do not matter.
// Reports the strokes at most once per animation frame while drawing, as a flat
// Float64Array [x0, y0, x1, y1, ..., NaN, NaN, ...] in pad pixels (NaN pair between
// strokes), or null when the pad is empty.
//
// Keyboard (the pad is focusable): arrow keys move the pen (Shift: 5 times further),
// Space puts it down or lifts it, Escape or Delete clears.

import { paintStrokes, padPoint, takeEarlyInk } from './ink.js';

const STEP = 8; // pad pixels per arrow key press

export function createDrawPad(pad, onStrokes) {
  const ctx = pad.getContext('2d');
  // Each stroke an array of [x, y] in pad pixels; those drawn before the page's scripts ran first.
  const { strokes, drawing: drawingEarly } = takeEarlyInk();
  let drawing = drawingEarly; // a pointer stroke in progress
  let queued = false;
  let cursor = null; // the keyboard pen: { x, y, down }

  const point = (event) => padPoint(pad, event);

  /** Draws every stroke (a fixed pen for the eye; the network gets its own rendering). */
  function paint() {
    ctx.clearRect(0, 0, pad.width, pad.height);
    paintStrokes(ctx, strokes, pad.width);
    if (cursor) {
      ctx.beginPath();
      ctx.strokeStyle = cursor.down ? '#c0392b' : '#2b6cb0';
      ctx.lineWidth = 2;
      ctx.arc(cursor.x, cursor.y, pad.width / 24, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  function changed() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; paint(); emit(); });
  }

  function emit() {
    if (!strokes.length) { onStrokes(null); return; }
    onStrokes(flat(strokes));
  }

  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture?.(event.pointerId);
    drawing = true;
    strokes.push([point(event)]);
    changed();
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length ? events : [event]) strokes.at(-1).push(point(e));
    changed();
  });
  const stop = () => { drawing = false; };
  pad.addEventListener('pointerup', stop);
  pad.addEventListener('pointercancel', stop);

  pad.addEventListener('keydown', (event) => {
    const far = event.shiftKey ? 5 * STEP : STEP;
    const moves = { ArrowLeft: [-far, 0], ArrowRight: [far, 0], ArrowUp: [0, -far], ArrowDown: [0, far] };
    cursor ??= { x: pad.width / 2, y: pad.height / 2, down: false };
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      cursor.x = Math.max(0, Math.min(pad.width, cursor.x + dx));
      cursor.y = Math.max(0, Math.min(pad.height, cursor.y + dy));
      if (cursor.down) strokes.at(-1).push([cursor.x, cursor.y]);
    } else if (event.key === ' ') {
      cursor.down = !cursor.down;
      if (cursor.down) strokes.push([[cursor.x, cursor.y]]);
    } else if (event.key === 'Escape' || event.key === 'Delete') {
      clear();
      return;
    } else {
      return;
    }
    event.preventDefault();
    changed();
  });
  pad.addEventListener('blur', () => { if (cursor) { cursor = null; paint(); } });

  function clear() {
    strokes.length = 0;
    if (cursor) cursor.down = false;
    paint();
    emit();
  }

  if (strokes.length) changed(); // ink from before the scripts: its answer comes as soon as a model is there

  return {
    clear,
    isEmpty: () => strokes.length === 0,
    emit,
  };
}

/** Strokes as a flat Float64Array with a NaN pair after each stroke. */
export function flat(strokes) {
  const out = new Float64Array(strokes.reduce((n, s) => n + 2 * s.length + 2, 0));
  let at = 0;
  for (const stroke of strokes) {
    for (const [x, y] of stroke) { out[at] = x; out[at + 1] = y; at += 2; }
    out[at] = NaN; out[at + 1] = NaN; at += 2;
  }
  return out;
}
