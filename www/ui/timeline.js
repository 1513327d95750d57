// The replay timeline under the curves: after a run finishes, a slider over its iterations
// (arrow keys step one iteration, Page Up/Down ten, Home/End the ends). Moving it shows the
// curves, the sample grid, the weight pictures and the network view as they were.
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
  let last = 0;

  // Iterations are numbered from 0, as the book's log prints them (I:0 ... I:349).
  const text = (k) => (k >= last ? `iteration ${k}, the last (numbered from 0, as in the log)` : `iteration ${k}`);
  slider.addEventListener('input', () => {
    const k = Number(slider.value);
    output.textContent = text(k);
    slider.setAttribute('aria-valuetext', text(k));
    seek(k >= last ? null : k);
  });

  return {
    /** A run finished at iteration `end`: the slider covers 0..end, at the end. */
    show(end) {
      last = end;
      slider.max = String(end);
      slider.value = String(end);
      output.textContent = text(end);
      slider.setAttribute('aria-valuetext', text(end));
      const kb = bytes() / 1024;
      memory.textContent = `Drag (or use the arrow keys) to see the run as it was. The snapshots this needs take ${kb < 1024 ? `${kb.toFixed(0)} KB` : `${(kb / 1024).toFixed(1)} MB`}.`;
      box.hidden = false;
    },
    hide() { box.hidden = true; },
  };
}
