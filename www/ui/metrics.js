// The one-line summary above the charts: where the run is and its latest figures.
import { describe } from '../describe.js';

export function createMetrics(element) {
  let live = ''; // the run's own line, shown again when replay returns to the end
  return {
    /**
     * report: a progress report; points: the run so far; early: early stopping's state;
     * asking: a lesson waits for its prediction, which comes before its run.
     */
    show(report, config, points, early, asking = false) {
      element.dataset.wasmBytes = String(report.wasmBytes);
      if (report.step === 0) {
        element.textContent = `Ready: ${describe(config)}. ${asking ? 'Answer the lesson\'s question, then press its Start the run (Train skips the question).' : 'Press Train.'}`;
        return;
      }
      const last = points.at(-1);
      const tested = points.filter((p) => p.testAccuracy !== undefined);
      const test = tested.at(-1);
      const parts = [`Iteration <strong>${report.iteration}</strong> of ${config.iterations}`];
      if (last) parts.push(`train accuracy <strong>${last.trainAccuracy.toFixed(3)}</strong> (error ${last.trainError.toFixed(3)})`);
      if (test) {
        const best = tested.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a));
        parts.push(`test accuracy <strong>${test.testAccuracy.toFixed(4)}</strong> (error ${test.testError.toFixed(3)}; its peak ${best.testAccuracy.toFixed(4)} at iteration ${best.iteration})`);
      }
      if (early && early.bestIteration >= 0) {
        parts.push(`validation best ${early.bestAccuracy.toFixed(3)} at iteration ${early.bestIteration}${early.stoppedAt !== null ? `, stop at ${early.stoppedAt}` : ''}`);
      }
      parts.push(`${report.seconds.toFixed(1)} s`);
      element.innerHTML = parts.join(' · ');
      live = element.innerHTML;
    },
    /** Replay: the figures as they were after iteration `k` (0-based, as the log), or,
     * for `null`, the run's own line again. */
    replayAt(k, points) {
      if (k === null) { element.innerHTML = live; return; }
      if (k < 0) {
        element.innerHTML = 'Replay: <strong>the random start</strong>, before any training: the weights as the seed drew them';
        return;
      }
      const upTo = points.filter((p) => p.iteration <= k);
      const last = upTo.at(-1);
      const test = upTo.filter((p) => p.testAccuracy !== undefined).at(-1);
      const parts = [`Replay: after iteration <strong>${k}</strong>`];
      if (last) parts.push(`train accuracy <strong>${last.trainAccuracy.toFixed(3)}</strong>`);
      if (test) parts.push(`test accuracy <strong>${test.testAccuracy.toFixed(4)}</strong> (measured at iteration ${test.iteration})`);
      element.innerHTML = parts.join(' · ');
    },
  };
}
