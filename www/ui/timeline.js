// The replay timeline under the curves: after a run finishes, a slider over the moments
// every view kept (www/replay.js `stops()`: the random start, then the test passes with
// weight pictures). Arrow keys step one test pass, Home/End go to the ends. At each stop
// the curves, the figures, the grid, the weight pictures and the network view all show the
// same iteration, and the slider's text names it.
export function createTimeline(after, { seek, bytes }) {
  const box = document.createElement('div');
  box.className = 'timeline';
  box.hidden = true;
  const label = document.createElement('label');
  label.htmlFor = 'timeline';
  label.textContent = 'Replay';
  const slider = document.createElement('input');
  Object.assign(slider, { type: 'range', id: 'timeline', min: '0', max: '0', step: '1', value: '0' });
  const output = document.createElement('output');
  output.htmlFor = 'timeline';
  const memory = document.createElement('p');
  memory.className = 'memory';
  box.append(label, slider, output, memory);
  after.after(box);
  let stops = [];

  // Iterations are numbered from 0, as the book's log prints them (I:0 ... I:349).
  const text = (i) => {
    const k = stops[i];
    if (k < 0) return 'the random start, before any training';
    const pass = `test pass ${stops[0] < 0 ? i : i + 1} of ${stops.filter((s) => s >= 0).length} kept`;
    return i === stops.length - 1 ? `after iteration ${k}, the last (${pass}; numbered from 0, as in the log)` : `after iteration ${k} (${pass})`;
  };
  const say = (i) => {
    output.textContent = text(i);
    slider.setAttribute('aria-valuetext', text(i));
  };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    say(i);
    seek(i >= stops.length - 1 ? null : stops[i]);
  });

  return {
    /** A run finished: the slider covers its stops (iterations; -1 the random start), at the end. */
    show(runStops) {
      stops = runStops.length ? runStops : [0];
      slider.max = String(stops.length - 1);
      slider.value = slider.max;
      say(stops.length - 1);
      const kb = bytes() / 1024;
      memory.textContent = `Drag (or use the arrow keys) to see the run as it was at each test pass, from its random start. The snapshots this needs take ${kb < 1024 ? `${kb.toFixed(0)} KB` : `${(kb / 1024).toFixed(1)} MB`}.`;
      box.hidden = false;
    },
    hide() { box.hidden = true; },
    /** Moves the slider to the stop at or before iteration k (the lesson's "show me"). */
    goTo(k) {
      let i = stops.length - 1;
      while (i > 0 && stops[i] > k) i -= 1;
      slider.value = String(i);
      slider.dispatchEvent(new Event('input'));
    },
    stops: () => [...stops],
  };
}
