// The two learning-curve charts (error, accuracy), drawn by the page's wasm instance with
// plotters. Keeps the run's history; redraws at most once per animation frame.

const TRAIN = '#0072B2';
const TEST = '#E69F00';

export function createCurves(errorCanvas, accuracyCanvas, drawChart) {
  let points = [];
  let iterations = 1;
  let queued = false;

  function render() {
    queued = false;
    const train = points;
    const test = points.filter((p) => p.testError !== undefined);
    const series = (list, key) => Float64Array.from(list.flatMap((p) => [p.iteration, p[key]]));
    const finite = (list, key) => list.map((p) => p[key]).filter(Number.isFinite);
    const errorTop = Math.max(0.5, ...finite(train, 'trainError'), ...finite(test, 'testError')) * 1.05;
    const names = ['train', 'test'];
    drawChart(errorCanvas, 'Error (mean squared)', 'error', names, [TRAIN, TEST],
      [series(train, 'trainError'), series(test, 'testError')], iterations, errorTop);
    drawChart(accuracyCanvas, 'Accuracy', 'accuracy', names, [TRAIN, TEST],
      [series(train, 'trainAccuracy'), series(test, 'testAccuracy')], iterations, 1.0);
  }

  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(render);
  }

  return {
    reset(totalIterations) { points = []; iterations = Math.max(1, totalIterations - 1); schedule(); },
    add(newPoints) { if (newPoints.length) { points.push(...newPoints); schedule(); } },
    points: () => points,
  };
}
