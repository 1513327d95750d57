// The two learning-curve charts (error, accuracy), drawn by the page's wasm instance with
// plotters, sharp at any pixel ratio (canvas-fit.js), with an HTML legend. Keeps the run's
// history; redraws at most ten times a second. The accuracy axis zooms to the data unless
// the learner asks for 0 to 1. A lesson can keep earlier runs' test curves on the chart
// (overlay), and replay can show the run as it was at an earlier iteration (cursor).
import { fitCanvas, onResize, renderLegend } from './canvas-fit.js';
import { drawInOwnFrame } from './frames.js';

export const COLORS = { train: '#0072B2', test: '#E69F00', validation: '#009E73', yours: '#D55E00' };
/** Earlier runs kept on the accuracy chart: colours no current curve uses. */
const OVERLAY_COLORS = ['#CC79A7', '#000000', '#56B4E9']; // sky blue last: it is near the train curve's blue

/**
 * `figures` is a <details> holding a <tbody id="figures-rows">: the tested iterations as a
 * table, the charts' text alternative (filled only while open). Each canvas's label also
 * carries the latest figures.
 */
export function createCurves(errorCanvas, accuracyCanvas, drawChart, figures) {
  let points = [];
  let iterations = 1;
  let markers = [];
  let queued = false;
  let dropout = false;
  let overlays = []; // [{ label, points, yours? }]: yours = keep the run's "your handwriting" curve, not its test curve
  let cursor = null; // replay: show the run up to this iteration
  let runName = ''; // in a lesson that keeps earlier runs, the current run's name (the legend tells them apart)

  // The legend and the axis toggle go right under the charts.
  const charts = accuracyCanvas.parentElement;
  const below = document.createElement('div');
  below.className = 'chart-below';
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.dataset.testid = 'curves-legend';
  const toggle = document.createElement('label');
  toggle.className = 'toggle';
  const full = document.createElement('input');
  full.type = 'checkbox';
  full.id = 'accuracy-full';
  toggle.append(full, ' Accuracy axis from 0 to 1');
  full.addEventListener('change', () => schedule());
  below.append(legend, toggle);
  charts.after(below);

  // With a lesson's earlier runs on the chart, the current run's curves carry its name too.
  const names = () => {
    const of = runName && overlays.length ? `, ${runName}` : '';
    return { train: `${dropout ? 'train, with dropout on' : 'train'}${of}`, test: `test${of}`, validation: 'validation', yours: runName && overlays.some((o) => o.yours) ? `your handwriting, ${runName}` : 'your handwriting' };
  };
  const overlayKey = (o) => (o.yours ? 'yoursAccuracy' : 'testAccuracy');

  function render() {
    queued = false;
    const shown = cursor === null ? points : points.filter((p) => p.iteration <= cursor);
    const has = (key) => shown.filter((p) => p[key] !== undefined);
    const series = (list, key) => Float64Array.from(list.filter((p) => p[key] !== undefined).flatMap((p) => [p.iteration, p[key]]));
    const optional = ['validation', 'yours'].filter((k) => points.some((p) => p[`${k}Accuracy`] !== undefined));
    const kinds = ['train', 'test', ...optional];
    const values = (key) => has(key).map((p) => p[key]).filter(Number.isFinite);
    const errorTop = Math.max(0.5, ...kinds.flatMap((k) => values(`${k}Error`))) * 1.05;
    const ms = [...markers, ...(cursor === null ? [] : [[Math.max(0, cursor), cursor < 0 ? 'random start' : `iteration ${cursor}`]])];
    const xs = ms.map(([x]) => x);
    const labels = ms.map(([, label]) => label);
    const colors = kinds.map((k) => COLORS[k]);
    const aspect = () => (errorCanvas.clientWidth < 380 ? 0.62 : 0.55);
    const errorSeries = kinds.map((k) => series(shown, `${k}Error`));
    // Each chart in an animation frame of its own (frames.js).
    drawInOwnFrame(errorCanvas, () => {
      const e = fitCanvas(errorCanvas, aspect(), 180);
      drawChart(errorCanvas, 'error (mean squared)', colors,
        errorSeries, xs, labels, iterations, 0, Math.min(errorTop, 10), e.scale);
    });
    const extra = overlays.map((o, i) => ({ ...o, color: OVERLAY_COLORS[i % OVERLAY_COLORS.length] }));
    const accuracySeries = [...kinds.map((k) => series(shown, `${k}Accuracy`)), ...extra.map((o) => series(o.points, overlayKey(o)))];
    const [low, high] = full.checked ? [0, 1] : zoom(accuracySeries);
    drawInOwnFrame(accuracyCanvas, () => {
      const a = fitCanvas(accuracyCanvas, aspect(), 180);
      drawChart(accuracyCanvas, 'accuracy', [...colors, ...extra.map((o) => o.color)],
        accuracySeries, xs, labels, iterations, low, high, a.scale);
      accuracyCanvas.dataset.yMin = String(low);
      accuracyCanvas.dataset.shown = String(shown.length);
    });
    renderLegend(legend, [...kinds.map((k) => ({ name: names()[k], color: COLORS[k] })),
      ...extra.map((o) => ({ name: `${o.yours ? 'your handwriting' : 'test'}, ${o.label}`, color: o.color }))]);
    describe(shown);
  }

  /** The accuracy axis around the data: 5-point steps, with a margin, within 0 to 1. */
  function zoom(series) {
    const ys = series.flatMap((s) => Array.from(s).filter((_, i) => i % 2 === 1)).filter(Number.isFinite);
    if (!ys.length) return [0, 1];
    const low = Math.max(0, Math.floor((Math.min(...ys) - 0.02) * 20) / 20);
    const high = Math.min(1, Math.ceil((Math.max(...ys) + 0.02) * 20) / 20);
    return high - low < 0.1 ? [Math.max(0, high - 0.1), high] : [low, high];
  }

  function describe(shown = points) {
    const last = shown.at(-1);
    const test = shown.filter((p) => p.testAccuracy !== undefined).at(-1);
    const latest = (kind, a, b) => (last ? `${kind} per iteration; latest: train ${last[a].toFixed(3)} at iteration ${last.iteration}`
      + (test ? `, test ${test[b].toFixed(3)} at iteration ${test.iteration}` : '') : `${kind} per iteration; no figures yet`);
    errorCanvas.setAttribute('aria-label', latest('Training and test error', 'trainError', 'testError'));
    const yours = test?.yoursAccuracy !== undefined ? `; your handwriting ${test.yoursAccuracy.toFixed(3)}` : '';
    accuracyCanvas.setAttribute('aria-label', latest(`Training${dropout ? ' (with dropout on)' : ''} and test accuracy`, 'trainAccuracy', 'testAccuracy') + yours);
    if (!figures.open) return;
    const rows = shown.filter((p) => p.testAccuracy !== undefined).map((p) => {
      const row = document.createElement('tr');
      const yoursCell = p.yoursAccuracy === undefined ? '–' : p.yoursAccuracy.toFixed(4);
      for (const value of [p.iteration, p.trainError.toFixed(4), p.trainAccuracy.toFixed(4), p.testError.toFixed(4), p.testAccuracy.toFixed(4), yoursCell]) {
        const cell = document.createElement('td');
        cell.textContent = String(value);
        row.append(cell);
      }
      return row;
    });
    figures.querySelector('tbody').replaceChildren(...rows);
  }
  figures.addEventListener('toggle', () => describe());

  // At most ten redraws a second: smooth enough for curves, and it leaves the CPU to the
  // workers (on a two-core machine the page, trainer and evaluator share it).
  let lastDrawn = 0;
  function schedule() {
    if (queued) return;
    queued = true;
    const wait = Math.max(0, 100 - (performance.now() - lastDrawn));
    setTimeout(() => { lastDrawn = performance.now(); render(); }, wait);
  }
  onResize([errorCanvas, accuracyCanvas], schedule);

  return {
    /** A new run: its length, its settings (dropout labels the train curve), earlier runs to keep and its name. */
    reset(totalIterations, config = {}, keep = [], name = '') {
      runName = name;
      points = []; markers = []; cursor = null;
      iterations = Math.max(1, totalIterations - 1);
      dropout = config.keep < 1;
      overlays = keep;
      schedule();
    },
    add(newPoints) { if (newPoints.length) { points.push(...newPoints); schedule(); } },
    /** [[iteration, label], ...] dashed vertical lines on both charts. */
    setMarkers(next) {
      if (JSON.stringify(next) === JSON.stringify(markers)) return;
      markers = next;
      schedule();
    },
    /** Replay: show the run up to iteration `k` (null: all of it). */
    setCursor(k) { cursor = k; schedule(); },
    points: () => points,
  };
}
