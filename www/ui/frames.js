// The big canvas redraws (the two learning curves, the network diagram) take turns, one
// per animation frame. Each is a few milliseconds of drawing plus a canvas the compositor
// has to take in; two or three of them in one frame made the page's longest main-thread
// tasks while training (scripts/bench). A redraw waits for the ones before it; a newer
// redraw of the same canvas takes the place of the one waiting.

const waiting = new Map(); // key -> draw, in the order they first asked
let requested = false;

/** Runs `draw` in an animation frame of its own; `key` names what it draws. */
export function drawInOwnFrame(key, draw) {
  waiting.set(key, draw);
  if (!requested) {
    requested = true;
    requestAnimationFrame(next);
  }
}

function next() {
  const [key, draw] = waiting.entries().next().value;
  waiting.delete(key);
  // Asked for before drawing, so that a draw that throws does not stop the others.
  requested = waiting.size > 0;
  if (requested) requestAnimationFrame(next);
  draw();
}
