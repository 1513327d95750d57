// The two learning-curve charts (error, accuracy), drawn by the page's wasm instance with
// plotters. Keeps the run's history; redraws at most once per animation frame.

export const COLORS = { train: '#0072B2', test: '#E69F00', validation: '#009E73' };

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

  function render() {
    queued = false;
    const has = (key) => points.filter((p) => p[key] !== undefined);
    const series = (key) => Float64Array.from(has(key).flatMap((p) => [p.iteration, p[key]]));
    const kinds = ['train', 'test', ...(has('validationAccuracy').length ? ['validation'] : [])];
    const values = (key) => has(key).map((p) => p[key]).filter(Number.isFinite);
    const errorTop = Math.max(0.5, ...kinds.flatMap((k) => values(`${k}Error`))) * 1.05;
    const xs = markers.map(([x]) => x);
    const labels = markers.map(([, label]) => label);
    const colors = kinds.map((k) => COLORS[k]);
    drawChart(errorCanvas, 'Error (mean squared)', 'error', kinds, colors,
      kinds.map((k) => series(`${k}Error`)), xs, labels, iterations, Math.min(errorTop, 10));
    drawChart(accuracyCanvas, 'Accuracy', 'accuracy', kinds, colors,
      kinds.map((k) => series(`${k}Accuracy`)), xs, labels, iterations, 1.0);
    describe();
  }

  function describe() {
    const last = points.at(-1);
    const test = points.filter((p) => p.testAccuracy !== undefined).at(-1);
    const latest = (kind, a, b) => (last ? `${kind} per iteration; latest: train ${last[a].toFixed(3)} at iteration ${last.iteration}`
      + (test ? `, test ${test[b].toFixed(3)} at iteration ${test.iteration}` : '') : `${kind} per iteration; no figures yet`);
    errorCanvas.setAttribute('aria-label', latest('Training and test error', 'trainError', 'testError'));
    accuracyCanvas.setAttribute('aria-label', latest('Training and test accuracy', 'trainAccuracy', 'testAccuracy'));
    if (!figures.open) return;
    const rows = points.filter((p) => p.testAccuracy !== undefined).map((p) => {
      const row = document.createElement('tr');
      for (const value of [p.iteration, p.trainError.toFixed(4), p.trainAccuracy.toFixed(4), p.testError.toFixed(4), p.testAccuracy.toFixed(4)]) {
        const cell = document.createElement('td');
        cell.textContent = String(value);
        row.append(cell);
      }
      return row;
    });
    figures.querySelector('tbody').replaceChildren(...rows);
  }
  figures.addEventListener('toggle', describe);

  // At most ten redraws a second: smooth enough for curves, and it leaves the CPU to the
  // workers (on a two-core machine the page, trainer and evaluator share it).
  let lastDrawn = 0;
  function schedule() {
    if (queued) return;
    queued = true;
    const wait = Math.max(0, 100 - (performance.now() - lastDrawn));
    setTimeout(() => requestAnimationFrame(() => { lastDrawn = performance.now(); render(); }), wait);
  }

  return {
    reset(totalIterations) { points = []; markers = []; iterations = Math.max(1, totalIterations - 1); schedule(); },
    add(newPoints) { if (newPoints.length) { points.push(...newPoints); schedule(); } },
    /** [[iteration, label], ...] dashed vertical lines on both charts. */
    setMarkers(next) {
      if (JSON.stringify(next) === JSON.stringify(markers)) return;
      markers = next;
      schedule();
    },
    points: () => points,
  };
}
