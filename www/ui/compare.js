// Compare runs: the last few finished runs' test-accuracy curves overlaid, and a table of
// their settings and results.
import { summarize } from '../lessons.js';
import { fitCanvas, onResize, renderLegend } from './canvas-fit.js';
import { drawInOwnFrame } from './frames.js';

const KEEP = 6;
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

export function createCompare(canvas, tbody, drawChart, describe) {
  let runs = [];
  let count = 0;
  // Six runs kept, six colours: consecutive run numbers never share one.
  const legend = document.createElement('p');
  legend.className = 'legend';
  canvas.after(legend);
  // Each figure carries its column's name, which the phone layout shows (style.css).
  const headers = [...tbody.closest('table').querySelectorAll('thead th')].map((th) => th.textContent);

  function render() {
    canvas.hidden = runs.length === 0;
    const names = runs.map((r) => `#${r.number} ${r.label}`);
    const colors = runs.map((r) => r.color);
    const series = runs.map((r) => Float64Array.from(r.points.filter((p) => p.testAccuracy !== undefined)
      .flatMap((p) => [p.iteration, p.testAccuracy])));
    const xMax = Math.max(1, ...runs.map((r) => r.config.iterations - 1));
    if (runs.length) {
      const ys = series.flatMap((s) => Array.from(s).filter((_, i) => i % 2 === 1));
      const low = Math.max(0, Math.floor((Math.min(...ys) - 0.02) * 20) / 20);
      const high = Math.min(1, Math.ceil((Math.max(...ys) + 0.02) * 20) / 20);
      // In a frame of its own (frames.js): a run's end changes much of the page at once.
      drawInOwnFrame(canvas, () => {
        const { scale } = fitCanvas(canvas, canvas.clientWidth < 380 ? 0.62 : 0.45, 180);
        drawChart(canvas, 'test accuracy', colors, series, [], [], xMax, low, high, scale);
      });
    }
    renderLegend(legend, runs.map((r, i) => ({ name: names[i], color: r.color })));
    tbody.replaceChildren(...runs.map((run) => {
      const { peak, final, train } = summarize(run.points);
      const row = document.createElement('tr');
      // A no-break space keeps "(iteration 12)" whole where a narrow column wraps the figure.
      const cells = [
        `#${run.number} ${run.label}`, describe(run.config),
        `${peak.testAccuracy.toFixed(4)} (iteration\u00a0${peak.iteration})`,
        run.restored ? `${run.restored.testAccuracy.toFixed(4)} (restored from\u00a0${run.restored.iteration})` : final.testAccuracy.toFixed(4),
        train.toFixed(3), run.seconds.toFixed(2),
      ];
      for (const [i, text] of cells.entries()) {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        cell.textContent = text;
        // The run's chart colour marks its name's edge (style.css) rather than colouring
        // the name: orange or sky-blue text on white is too faint to read.
        if (i === 0) { cell.scope = 'row'; cell.style.setProperty('--run', run.color); } else cell.dataset.label = headers[i];
        row.append(cell);
      }
      return row;
    }));
  }

  canvas.hidden = true;
  onResize([canvas], () => { if (runs.length) render(); });
  return {
    /** run: { label, config, points, seconds, restored? } */
    add(run) {
      count += 1;
      runs = [...runs, { ...run, number: count, color: PALETTE[(count - 1) % PALETTE.length] }].slice(-KEEP);
      render();
    },
    runs: () => runs,
  };
}
