// The pad's ink, from the first paint: index.html loads this module (no imports) before
// the page's 40 others, so on a slow link a learner who draws at once sees ink and loses
// no stroke; the drawing pad (drawpad.js) takes the strokes over when it starts. Also the
// one way strokes are painted, for both.

/** Draws `strokes` (arrays of [x, y] pad pixels) with a fixed pen for the eye. */
export function paintStrokes(ctx, strokes, width) {
  ctx.strokeStyle = '#111';
  ctx.fillStyle = '#111';
  ctx.lineWidth = width / 16;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) {
    ctx.beginPath();
    ctx.moveTo(...stroke[0]);
    for (const p of stroke.slice(1)) ctx.lineTo(...p);
    if (stroke.length === 1) ctx.lineTo(...stroke[0]);
    ctx.stroke();
  }
}

/** A pointer event's position in `pad`'s own pixels. */
export function padPoint(pad, event) {
  const rect = pad.getBoundingClientRect();
  return [(event.clientX - rect.left) * (pad.width / rect.width), (event.clientY - rect.top) * (pad.height / rect.height)];
}

const early = { strokes: [], drawing: false, stop: () => {} };
const pad = globalThis.document?.getElementById('pad');
if (pad) {
  const ctx = pad.getContext('2d');
  const paint = () => { ctx.clearRect(0, 0, pad.width, pad.height); paintStrokes(ctx, early.strokes, pad.width); };
  const down = (event) => {
    event.preventDefault();
    pad.setPointerCapture?.(event.pointerId);
    early.drawing = true;
    early.strokes.push([padPoint(pad, event)]);
    paint();
  };
  const move = (event) => {
    if (!early.drawing) return;
    early.strokes.at(-1).push(padPoint(pad, event));
    paint();
  };
  const up = () => { early.drawing = false; };
  pad.addEventListener('pointerdown', down);
  pad.addEventListener('pointermove', move);
  pad.addEventListener('pointerup', up);
  pad.addEventListener('pointercancel', up);
  pad.dataset.ink = 'ready'; // tests and the network benchmark draw from here on
  early.stop = () => {
    pad.removeEventListener('pointerdown', down);
    pad.removeEventListener('pointermove', move);
    pad.removeEventListener('pointerup', up);
    pad.removeEventListener('pointercancel', up);
  };
}

/** The strokes drawn before the pad started, and whether one is still being drawn; once. */
export function takeEarlyInk() {
  early.stop();
  const taken = { strokes: early.strokes, drawing: early.drawing };
  early.strokes = [];
  early.drawing = false;
  return taken;
}
