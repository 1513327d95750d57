// The drawing pad: mouse, touch and pen through Pointer Events. Reports the ink (the
// canvas's alpha channel, 0 = paper) at most once per animation frame while drawing.

export function createDrawPad(pad, onInk) {
  const ctx = pad.getContext('2d', { willReadFrequently: true });
  let drawing = false;
  let last = null;
  let queued = false;
  let empty = true;

  const point = (event) => {
    const rect = pad.getBoundingClientRect();
    return [(event.clientX - rect.left) * (pad.width / rect.width),
      (event.clientY - rect.top) * (pad.height / rect.height)];
  };

  function line(from, to) {
    ctx.strokeStyle = '#111';
    ctx.lineWidth = pad.width / 12; // about MNIST's stroke once scaled to 20 pixels
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    empty = false;
    emitSoon();
  }

  function emitSoon() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; emit(); });
  }

  function emit() {
    if (empty) { onInk(null); return; }
    const { data } = ctx.getImageData(0, 0, pad.width, pad.height);
    const ink = new Uint8Array(pad.width * pad.height);
    for (let i = 0; i < ink.length; i += 1) ink[i] = data[i * 4 + 3];
    onInk(ink, pad.width, pad.height);
  }

  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    line(last, last);
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const events = event.getCoalescedEvents?.() ?? [event];
    for (const e of events.length ? events : [event]) {
      const next = point(e);
      line(last, next);
      last = next;
    }
  });
  const stop = () => { drawing = false; last = null; };
  pad.addEventListener('pointerup', stop);
  pad.addEventListener('pointercancel', stop);

  return {
    clear() { ctx.clearRect(0, 0, pad.width, pad.height); empty = true; emit(); },
    isEmpty: () => empty,
    emit,
  };
}
