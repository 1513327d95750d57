// The four guided lessons of chapter 8. Each loads its settings, says what to watch,
// runs, and ends with what happened, in the learner's own numbers. The text is ours; the
// ideas and the printed figures are the book's.
import { PRESETS } from './core.js';

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const fix = (x) => (Number.isFinite(x) ? String(+x.toFixed(4)) : '–');
const BOOK_EXACT = (config, preset) => Object.entries(PRESETS[preset]).every(([k, v]) => config[k] === v)
  && !(config.validation > 0);

/** Peak and final test accuracy of a run's points. */
export function summarize(points) {
  const tested = points.filter((p) => p.testAccuracy !== undefined);
  const peak = tested.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a), tested[0]);
  const last = points.at(-1);
  return { peak, final: tested.at(-1), train: last?.trainAccuracy, last };
}

export const LESSONS = [
  {
    id: 'overfitting',
    title: '1. Overfitting',
    runs: [{ label: 'plain', config: { ...PRESETS.plain } }],
    intro: `The book's first run: 40 hidden neurons learn 1,000 training digits, one at a
      time, 350 times over. Watch the accuracy chart. The training curve climbs toward 100%:
      the network is memorizing these 1,000 images. The test curve (10,000 digits it never
      trains on) rises fast, peaks early, then slowly sinks. Like a clay mold pressed with
      the same few three-pronged forks until a four-pronged fork no longer fits, the network
      learns details true of its training images but not of digits in general: noise, not signal.`,
    markers: ({ peak }) => (peak ? [[peak.iteration, 'test peak']] : []),
    outro([run]) {
      const { peak, final, train } = summarize(run.points);
      let text = `Test accuracy peaked at ${fix(peak.testAccuracy)} at iteration ${peak.iteration};
        by the end it had fallen to ${fix(final.testAccuracy)} while training accuracy reached
        ${fix(train)}. That gap, train ${pct(train)} against test ${pct(final.testAccuracy)}, is
        overfitting: more training made the network worse at digits it has not seen.`;
      if (BOOK_EXACT(run.config, 'plain')) text += ` The book printed 0.7073; you got ${fix(final.testAccuracy)}.`;
      return text;
    },
  },
  {
    id: 'early-stopping',
    title: '2. Early stopping',
    runs: [{ label: 'early stop', config: { ...PRESETS.plain, validation: 1000, patience: 20, iterations: 150 } }],
    intro: `The cheapest regularizer is to stop in time. But when? Not by watching the test set:
      pick the moment by it and the test set stops being a fair exam, because you would be
      fitting it too. So the 1,000 training images after the training slice become a
      validation set. After every iteration the network is scored on them; when validation
      accuracy has not improved for 20 iterations, the best weights come back. This run keeps
      going past the stop, so you can see what the test curve did afterwards.`,
    markers: ({ early }) => (early ? [[early.bestIteration, 'best'], ...(early.stoppedAt !== null ? [[early.stoppedAt, 'stop']] : [])] : []),
    outro([run]) {
      const { final } = summarize(run.points);
      const { early, restored } = run;
      const stop = early.stoppedAt === null ? 'patience never ran out' : `patience ran out at iteration ${early.stoppedAt}`;
      return `Validation accuracy was best at iteration ${early.bestIteration} (${fix(early.bestAccuracy)});
        ${stop}. The restored weights score ${fix(restored.testAccuracy)} on the test set, against
        ${fix(final.testAccuracy)} had training gone on to iteration ${final.iteration}.
        The command line agrees: reglab train --validation 1000 --patience 20 stops at the same iteration.`;
    },
  },
  {
    id: 'dropout',
    title: '3. Dropout',
    focus: 'network-title', // the visualizer, front and centre
    runs: [{ label: 'dropout', config: { ...PRESETS.dropout } }],
    intro: `Dropout switches off a random half of the hidden neurons for every training
      example, and doubles the kept half so the next layer sees the same total. Each example
      trains a different, smaller network inside the big one. Small networks cannot memorize
      fine detail, and each random sub-network latches onto different noise, so like an
      ensemble of many networks voting, the noise cancels and the shared signal remains.
      Watch "Inside the network", and see that training accuracy can no longer race to 100%.`,
    markers: ({ peak }) => (peak ? [[peak.iteration, 'test peak']] : []),
    outro([run]) {
      const { peak, final, train } = summarize(run.points);
      let text = `Training accuracy ended at ${fix(train)}, below 100%, while test accuracy held at
        ${fix(final.testAccuracy)} (best ${fix(peak.testAccuracy)} at iteration ${peak.iteration}).
        Without dropout the overfitting run ended at 0.7073.`;
      const at290 = run.points.find((p) => p.iteration === 290 && p.testAccuracy !== undefined);
      if (BOOK_EXACT(run.config, 'dropout') && at290) text += ` The book printed 0.8181 at iteration 290; you got ${fix(at290.testAccuracy)}.`;
      return text;
    },
  },
  {
    id: 'batches',
    title: '4. Mini-batches',
    runs: [
      { label: 'per example, α 0.005', config: { ...PRESETS.dropout, iterations: 100 } },
      { label: 'batches of 100, α 0.1', config: { ...PRESETS.dropout, iterations: 100, batch: 100, alpha: 0.1 } },
    ],
    intro: `One example at a time, every weight update follows one noisy digit. Mini-batch
      gradient descent averages the updates of 100 examples and takes one step: a steadier
      direction, so it can take bigger steps (a higher α). This lesson runs both for 100
      passes over the same 1,000 digits, with dropout: first per example (α 0.005), then
      batches of 100 (α 0.1, twenty times higher). The comparison below overlays their test
      curves and times them.`,
    markers: () => [],
    outro([single, batched]) {
      const ms = (run) => (run.seconds * 1000) / run.config.iterations;
      const a = summarize(single.points).final;
      const b = summarize(batched.points).final;
      return `Per example: test accuracy ${fix(a.testAccuracy)}, ${ms(single).toFixed(1)} ms per
        iteration, 1,000 updates per pass. Batches of 100: ${fix(b.testAccuracy)},
        ${ms(batched).toFixed(1)} ms per iteration, 10 updates per pass: a hundred times fewer,
        averaged steps reach a similar accuracy. In numpy a batch is also much faster per pass,
        because one matrix product beats 100 vector products; this lab's core already runs each
        example at vector speed, so here the time per pass is about the same. (The book's printed
        batch table comes from code whose update sits inside the per-example loop, applying the
        same averaged step 100 times per batch; the lab uses the averaged update the text describes.)`;
    },
  },
];
