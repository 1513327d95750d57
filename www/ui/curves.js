// The two learning-curve charts (error, accuracy), drawn by the page's wasm instance with
// plotters. Keeps the run's history; redraws at most once per animation frame.

export const COLORS = { train: '#0072B2', test: '#E69F00', validation: '#009E73' };

export function createCurves(errorCanvas, accuracyCanvas, drawChart) {
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
  }

  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(render);
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
