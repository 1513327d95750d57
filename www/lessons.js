// The guided lessons of chapter 8 (LESSONS; their ids are the only list of lesson ids:
// links, the host API and the page take them from LESSON_IDS). Each asks a question before it runs, says what to
// watch while it runs, and ends with what happened in the learner's own numbers, whether
// the prediction was right, and one experiment to try next. The text is ours; the ideas
// and the printed figures are the book's (www/ui/lesson-panel.js runs the flow).
import { PRESETS, freshSeeds } from './core.js';

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const fix = (x) => (Number.isFinite(x) ? String(+x.toFixed(4)) : '–');
const BOOK_EXACT = (config, preset) => Object.entries(PRESETS[preset]).every(([k, v]) => config[k] === v)
  && !(config.validation > 0);

/** The handwriting lesson's network: the book's, 100 neurons on 10,000 images for 10 passes. */
const HANDWRITING = { ...PRESETS.plain, hidden: 100, trainSize: 10000, iterations: 10, testEvery: 1 };

/** One sentence, where the learner starts (shown above the lessons). */
export const DEFINITION = `Regularization is anything that makes a network learn the signal
  (what every 3 has in common) instead of the noise (the quirks of its few training images):
  like a fork mold pressed from many forks, or made of clay too coarse to copy every scratch,
  which then fits a four-pronged fork it has never seen.`;

/** Peak and final test accuracy of a run's points. */
export function summarize(points) {
  const tested = points.filter((p) => p.testAccuracy !== undefined);
  const peak = tested.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a), tested[0]);
  const last = points.at(-1);
  return { peak, final: tested.at(-1), train: last?.trainAccuracy, last };
}

/** Training accuracy minus final test accuracy. */
const gapOf = (run) => { const s = summarize(run.points); return s.train - s.final.testAccuracy; };
const inPoints = (x) => `${(x * 100).toFixed(1)} points`;

/**
 * The mini-batches lesson's speed, as measured in this browser (the worker's training time, without the
 * lesson's pacing): never the book's claim where this run says otherwise.
 */
function speedSentence(single, batched) {
  const perPass = (run) => (run.seconds * 1000) / run.config.iterations;
  const updatesPerPass = (run) => run.config.trainSize / run.config.batch;
  const [a, b] = [perPass(single), perPass(batched)];
  const ms = (x) => `${x.toFixed(1)} ms`;
  const us = (x) => `${Math.round(x * 1000).toLocaleString('en')} µs`;
  const measured = `Measured here, a pass took ${ms(a)} one example at a time (${us(a / updatesPerPass(single))} an update)
    and ${ms(b)} in batches (${us(b / updatesPerPass(batched))} an update).`;
  // Why (crate/src/trainer.rs): both ways compute each image on its own over its inked
  // pixels, so a batch saves no multiplications and adds the summing of its updates.
  const why = `this lab computes every image on its own either way, over its inked pixels only,
    so a batch saves no multiplications and adds the work of summing 100 updates into one.
    The book's Python code multiplies 100 images as one matrix, which its library does much
    faster than 100 single products: there, batches make each pass much faster.`;
  if (b < a * 0.9) {
    return `${measured} Batches were faster per pass here too. In the book's Python code, which
      multiplies 100 images as one matrix, they are much faster than 100 single products.`;
  }
  return `${measured} So here batches were ${b > a * 1.1 ? 'slower' : 'no faster'} per pass: ${why}`;
}

/** The capacity lesson's hidden-layer widths: one that underfits, the book's, a wide one. */
const CAPACITY_WIDTHS = [10, 40, 400];
/** How many networks the ensemble lesson trains, and how many test digits its grid shows. */
const ENSEMBLE_SIZE = 10;
const VOTE_SHOWN = 8;

/** Weights of a 784-h-10 network without biases (the book's). */
const weightsOf = (h) => 784 * h + h * 10;
/** The run with the biggest gap (ties: the first). */
const widestGap = (runs) => runs.reduce((a, b) => (gapOf(b) > gapOf(a) ? b : a));

/**
 * A lesson: `question` (text, answers [id, text], `right(results)` -> the id that came
 * true), `setup` (before the run), `watch` (during it), `runs` (one or more, each with a
 * label and settings), `markers`, `outro(results, { yours })`, `aside(results)` (optional,
 * a side note), `table(results, { yours })` (optional: { caption, head, rows } of the runs' figures), `next` ({ text, config(lastConfig, results, context) }: one experiment to try, set up by a button,
 * and `after(run, results, context)`: what happened in it, once its run ends).
 * `runs` may be a function, called as the lesson opens (fresh seeds). `votes` ({ shown }): each run's
 * network joins a vote, counted by the core after the last run; the explanation's context
 * then has `vote` (www/protocol.js Report.ENSEMBLE_VOTE) and shows `shown` test digits.
 * The context is { yours, vote }. `replay(results)` (optional): [[label, iteration, changes]] moments of the
 * finished run a button shows (www/ui/lesson-panel.js replayButtons).
 * With `overlay`, the accuracy chart keeps the lesson's earlier runs' test curves ('yours':
 * their "your handwriting" curves). `needsYourDigits`: the learner draws this many first.
 */
export const LESSONS = [
  {
    id: 'overfitting',
    title: '1. Overfitting',
    setup: `40 hidden neurons learn 1,000 training digits, one at a time, 350 times over.
      Training accuracy will climb toward 100%: the network is memorizing these images.`,
    question: {
      text: 'What will test accuracy (10,000 digits it never trains on) do?',
      answers: [['rise', 'Keep rising with it'], ['level', 'Level off and stay'], ['fall', 'Rise, then fall']],
      right([run]) {
        const { peak, final } = summarize(run.points);
        if (final.testAccuracy < peak.testAccuracy - 0.02) return 'fall';
        return final.iteration - peak.iteration < 30 ? 'rise' : 'level';
      },
    },
    watch: `Watch the accuracy chart: blue is the 1,000 training digits, orange the 10,000 test
      digits. Note where the orange curve is highest.`,
    runs: [{ label: 'plain', config: { ...PRESETS.plain } }],
    figures([run]) {
      const { peak, final, train } = summarize(run.points);
      return { peakTestAccuracy: peak.testAccuracy, peakIteration: peak.iteration, finalTestAccuracy: final.testAccuracy, trainAccuracy: train };
    },
    markers: ({ peak }) => (peak ? [[peak.iteration, 'test peak']] : []),
    outro([run]) {
      const { peak, final, train } = summarize(run.points);
      let text = `Your test accuracy peaked at ${fix(peak.testAccuracy)} at iteration ${peak.iteration}
        and fell to ${fix(final.testAccuracy)}, while training accuracy reached ${pct(train)}. The gap,
        ${pct(train)} against ${pct(final.testAccuracy)}, is overfitting: like a mold pressed with the
        same three-pronged forks until a four-pronged one no longer fits, the network learned details
        of its 1,000 images (noise), not of digits in general (signal). How well what it learned
        holds for digits it never saw is called generalization; overfitting is generalizing badly.`;
      if (BOOK_EXACT(run.config, 'plain')) text += ` The book printed 0.7073; you got ${fix(final.testAccuracy)}.`;
      return `${text} Networks learn broad shapes first and noise later. The buttons below show, under
        Weight pictures, what training had changed in each neuron's weights by the test peak (look for
        smooth strokes: the signal) and by the end (speckle: the quirks of these 1,000 images), and the
        random start those changes were added to.`;
    },
    replay([run]) {
      const { peak } = summarize(run.points);
      return [['The random start', -1, false], [`What it learned by the test peak (iteration ${peak.iteration})`, peak.iteration, true],
        ['What it learned by the end', null, true]];
    },
    next: {
      text: 'Try next: set Training images to 100 and train again. With a tenth of the forks, how big does the gap get?',
      config: (c) => ({ ...c, trainSize: 100 }),
      after(run, [base]) {
        const e = summarize(run.points);
        const [gap, before] = [gapOf(run), gapOf(base)];
        return `With ${run.config.trainSize.toLocaleString('en')} training images, training accuracy reached
          ${pct(e.train)}; test accuracy peaked at ${fix(e.peak.testAccuracy)} (iteration ${e.peak.iteration})
          and ended at ${fix(e.final.testAccuracy)}. The gap is ${inPoints(gap)}, against ${inPoints(before)}
          with ${base.config.trainSize.toLocaleString('en')} images. ${gap > before
    ? 'Fewer forks left more room to copy each one\'s scratches: the network memorized its few images and generalized worse.'
    : 'The gap did not grow this time: with so few images even the test peak is low, so there was less to lose.'}`;
      },
    },
  },
  {
    id: 'early-stopping',
    title: '2. Early stopping',
    setup: `The cheapest regularizer: stop in time. Not by the test set (it would stop being a
      fair exam): the 1,000 images after the training slice become a validation set, scored
      every iteration. After 20 iterations without a better score, the best weights come back.
      The run goes on to 150 so you see what the test curve did afterwards.`,
    question: {
      text: 'Will the weights it keeps score better on the test set than the weights at the end of the 150 passes?',
      answers: [['better', 'Better'], ['same', 'About the same'], ['worse', 'Worse']],
      right([run]) {
        const d = run.restored.testAccuracy - summarize(run.points).final.testAccuracy;
        return d > 0.005 ? 'better' : d < -0.005 ? 'worse' : 'same';
      },
    },
    watch: 'Watch the green validation curve: "best" marks its highest point, "stop" where patience ran out.',
    runs: [{ label: 'early stop', config: { ...PRESETS.plain, validation: 1000, patience: 20, iterations: 150 } }],
    figures([run]) {
      const { final } = summarize(run.points);
      return { bestIteration: run.early.bestIteration, bestValidationAccuracy: run.early.bestAccuracy, stoppedAt: run.early.stoppedAt,
        restoredTestAccuracy: run.restored.testAccuracy, finalTestAccuracy: final.testAccuracy, finalIteration: final.iteration };
    },
    markers: ({ early }) => (early ? [[early.bestIteration, 'best'], ...(early.stoppedAt !== null ? [[early.stoppedAt, 'stop']] : [])] : []),
    outro([run]) {
      const { final } = summarize(run.points);
      const { early, restored } = run;
      const stop = early.stoppedAt === null ? 'patience never ran out' : `patience ran out at iteration ${early.stoppedAt}`;
      return `Validation accuracy was best at iteration ${early.bestIteration} (${fix(early.bestAccuracy)});
        ${stop}. The restored weights score ${fix(restored.testAccuracy)} on the test set, against
        ${fix(final.testAccuracy)} for the weights at the end of all ${run.config.iterations} passes.
        From now on the drawing pad and the test digits use the restored weights of iteration
        ${restored.iteration}, not those of iteration ${final.iteration}.`;
    },
    next: {
      text: 'Try next: set Patience to 5 and train again. Does it stop earlier, and is the result worse?',
      config: (c) => ({ ...c, patience: 5 }),
      after(run, [base]) {
        if (!run.early || !run.restored) return null;
        const [e, b] = [run.early, base.early];
        const stop = e.stoppedAt === null ? 'patience never ran out' : `it stopped at iteration ${e.stoppedAt}`;
        const d = run.restored.testAccuracy - base.restored.testAccuracy;
        const verdict = e.bestIteration === b.bestIteration
          ? `Both runs kept the weights of iteration ${e.bestIteration}: less patience stopped sooner at no cost here. With a
            bumpier validation curve, too little patience stops at a dip before the real best.`
          : d < 0 ? `Less patience stopped before the best weights were found: a dip in the validation curve looked like the end.`
            : `Here less patience even kept better weights: validation accuracy is an estimate, and the test set disagrees with it a little.`;
        return `With patience ${run.config.patience}, ${stop}; validation was best at iteration ${e.bestIteration}, and
          the restored weights score ${fix(run.restored.testAccuracy)} on the test set, against
          ${fix(base.restored.testAccuracy)} with patience ${base.config.patience}. ${verdict}`;
      },
    },
  },
  {
    id: 'capacity',
    title: '3. Capacity',
    overlay: true,
    setup: `The chapter's other claim: the smaller the network, the less it can overfit. A mold of
      coarse rocks cannot take the fine scratches a mold of fine sand copies. Put to the test:
      the same 1,000 digits, the same seed and 350 passes, three times, with 10 hidden neurons,
      the book's 40, and 400 (ten times the weights).`,
    question: {
      text: 'Which network will end with the biggest gap between training and test accuracy?',
      answers: CAPACITY_WIDTHS.map((h) => [`hidden-${h}`, `${h} neurons`]),
      right: (runs) => `hidden-${widestGap(runs).config.hidden}`,
    },
    watch: `Each run's test curve stays on the accuracy chart. Watch how high each training
      figure climbs, and how far below it the test figure ends. The 400-neuron run takes longest:
      ten times the weights to update.`,
    runs: CAPACITY_WIDTHS.map((h) => ({ label: `${h} neurons`, config: { ...PRESETS.plain, hidden: h } })),
    figures: (runs) => Object.fromEntries(runs.flatMap((run) => {
      const { final, train } = summarize(run.points);
      const h = run.config.hidden;
      return [[`trainAccuracy${h}`, train], [`testAccuracy${h}`, final.testAccuracy], [`gap${h}`, train - final.testAccuracy]];
    })),
    markers: () => [],
    table: (runs) => ({
      caption: 'Your three networks after the last pass (hidden neurons; the gap is train minus test, in points)',
      head: ['Neurons', 'Weights', 'Train', 'Test', 'Gap'],
      rows: runs.map((run) => {
        const { final, train } = summarize(run.points);
        return [String(run.config.hidden), weightsOf(run.config.hidden).toLocaleString('en'), pct(train), pct(final.testAccuracy), ((train - final.testAccuracy) * 100).toFixed(1)];
      }),
    }),
    outro(runs) {
      const [small, , wide] = runs;
      const most = widestGap(runs);
      const s = summarize(small.points);
      const w = summarize(wide.points);
      const bestTest = runs.reduce((a, b) => (summarize(b.points).final.testAccuracy > summarize(a.points).final.testAccuracy ? b : a));
      let text = `The biggest gap was the ${most.config.hidden}-neuron network's, ${inPoints(gapOf(most))}.`;
      text += s.train < 0.97
        ? ` The 10-neuron network reached only ${pct(s.train)} on its own training digits and
          ${pct(s.final.testAccuracy)} on the test set: too little capacity to learn even all of
          the signal. That is underfitting, the opposite failure: both figures low.`
        : ` Even the 10-neuron network learned its training digits (${pct(s.train)}); with fewer
          neurons still it could not, and would underfit: both figures low.`;
      if (most === wide) {
        text += ` As the chapter says, the widest network had the most room to memorize, and used it.`;
      } else {
        text += ` The chapter's rule says the 400-neuron network should overfit most. In your run it did
          not: its gap is ${inPoints(gapOf(wide))}${bestTest === wide ? `, and its test accuracy, ${pct(w.final.testAccuracy)}, is the best of the three` : ''}.
          That is a newer finding than the chapter: trained like this, very wide networks often
          generalize better again (named "double descent": as capacity grows, test error falls,
          rises where the network can only just memorize its images, then falls again). Capacity
          alone does not say how much a network overfits.`;
      }
      return `${text} Dropout, next, keeps a big network's capacity but gives it less room to
        memorize while it trains: each example trains a smaller network inside it.`;
    },
    next: {
      text: 'Try next: the 400-neuron network on only 100 training images. With so much clay and so few forks, how big is the gap?',
      config: (c) => ({ ...c, hidden: 400, trainSize: 100 }),
      after(run, runs) {
        const wide = runs.find((r) => r.config.hidden === run.config.hidden) ?? runs.at(-1);
        const e = summarize(run.points);
        const [gap, before] = [gapOf(run), gapOf(wide)];
        return `${run.config.hidden} neurons on ${run.config.trainSize.toLocaleString('en')} images: train
          ${pct(e.train)}, test ${pct(e.final.testAccuracy)}, a gap of ${inPoints(gap)}, against
          ${inPoints(before)} on ${wide.config.trainSize.toLocaleString('en')} images. ${gap > before
    ? 'Lots of clay and few forks is the recipe for memorizing: capacity overfits most when the data is small.'
    : 'The gap did not grow: with this little data even the test figure has little room to rise.'}`;
      },
    },
  },
  {
    id: 'dropout',
    title: '4. Dropout',
    overlay: true,
    setup: `Dropout switches off a random half of the hidden neurons for every training example
      (and doubles the kept half, so the next layer sees the same total). Each example trains a
      different, smaller network inside the big one: coarse clay that cannot copy every scratch.
      To compare like with like, the same 100-neuron network trains twice on the same 1,000
      digits with the same seed: first without dropout, then with it.`,
    question: {
      text: 'Which run will have the higher test accuracy after 300 passes?',
      answers: [['plain', 'Without dropout'], ['same', 'About the same'], ['dropout', 'With dropout']],
      right([plain, dropout]) {
        const d = summarize(dropout.points).final.testAccuracy - summarize(plain.points).final.testAccuracy;
        return d > 0.01 ? 'dropout' : d < -0.01 ? 'plain' : 'same';
      },
    },
    watch: `The first run has no dropout: every neuron in "Inside the network" is live. In the
      second, grey neurons are the ones switched off for that example. On the accuracy chart the
      first run's test curve stays beside the dropout run's.`,
    runs: [
      { label: 'plain, 100 neurons', config: { ...PRESETS.dropout, keep: 1 } },
      { label: 'dropout', config: { ...PRESETS.dropout } },
    ],
    figures([plain, dropout]) {
      const p = summarize(plain.points);
      const d = summarize(dropout.points);
      return { plainPeakTestAccuracy: p.peak.testAccuracy, plainPeakIteration: p.peak.iteration, plainFinalTestAccuracy: p.final.testAccuracy,
        plainTrainAccuracy: p.train, dropoutPeakTestAccuracy: d.peak.testAccuracy, dropoutFinalTestAccuracy: d.final.testAccuracy, dropoutTrainAccuracy: d.train };
    },
    markers: ({ peak }) => (peak ? [[peak.iteration, 'test peak']] : []),
    outro([plain, dropout]) {
      const p = summarize(plain.points);
      const d = summarize(dropout.points);
      const higherPeak = p.peak.testAccuracy > d.peak.testAccuracy;
      let text = `Without dropout, test accuracy peaked at ${fix(p.peak.testAccuracy)} (iteration
        ${p.peak.iteration}), then fell to ${fix(p.final.testAccuracy)} (train ${fix(p.train)}). With
        dropout it peaked at ${fix(d.peak.testAccuracy)} and ended at ${fix(d.final.testAccuracy)}
        (train, with dropout on, ${fix(d.train)}). ${higherPeak ? 'The plain run\'s peak is higher but does not last; ' : ''}dropout
        keeps the gap small, ${inPoints(d.train - d.final.testAccuracy)} instead of
        ${inPoints(p.train - p.final.testAccuracy)}, so when you stop matters much less.`;
      const at290 = dropout.points.find((q) => q.iteration === 290 && q.testAccuracy !== undefined);
      if (BOOK_EXACT(dropout.config, 'dropout') && at290) text += ` The book printed the test figure of iteration 290, 0.8181; yours at iteration 290 was ${fix(at290.testAccuracy)}.`;
      return text;
    },
    next: {
      text: 'Try next: set “Dropout: keep probability” to 0.8 (less dropout) and train again. Where does the gap end up?',
      config: (c) => ({ ...c, keep: 0.8 }),
      after(run, [plain, dropout]) {
        const e = summarize(run.points);
        const [gap, none, half] = [gapOf(run), gapOf(plain), gapOf(dropout)];
        const between = gap < none && gap > half;
        return `With keep probability ${run.config.keep}, test accuracy ended at ${fix(e.final.testAccuracy)}
          (train, with dropout on, ${fix(e.train)}): a gap of ${inPoints(gap)}, against ${inPoints(none)}
          without dropout and ${inPoints(half)} with keep 0.5. ${between
    ? 'In between, as the clay metaphor says: the fewer neurons switched off, the more room to memorize.'
    : 'Not in between this time: with dropout the training figure is measured on half-networks, so gaps of different keep probabilities are not quite like for like.'}`;
      },
    },
  },
  {
    id: 'ensemble',
    title: '5. A hundred networks',
    votes: { shown: VOTE_SHOWN },
    setup: `Why does dropout work? The chapter starts with many networks. Lesson 1's network
      (40 neurons, 1,000 digits, 350 passes) trains ${ENSEMBLE_SIZE} times (the chapter imagines a hundred), each from its own random start:
      a fresh seed, shown. Each memorizes noise, but not the same noise. Then they vote on each of
      the 10,000 test digits.`,
    question: {
      text: `Will the ${ENSEMBLE_SIZE} networks' vote beat the best of them on the test set?`,
      answers: [['worse', 'No: worse than the best'], ['same', 'About the same as the best'], ['better', 'Yes: better than the best']],
      right(runs, { vote }) {
        if (!vote || vote.failed) return 'same';
        const d = vote.majorityAccuracy - vote.best;
        return d > 0.005 ? 'better' : d < -0.005 ? 'worse' : 'same';
      },
    },
    watch: `Same digits, same order; only the start differs. Watch where each test curve ends.`,
    runs: () => freshSeeds(ENSEMBLE_SIZE).map((seed) => ({ label: `seed ${seed}`, config: { ...PRESETS.plain, seed } })),
    sofar: (runs) => (runs.length
      ? `Test accuracy so far: ${runs.map((r) => pct(summarize(r.points).final.testAccuracy)).join(', ')}.`
      : ''),
    figures: (runs, { vote }) => (vote && !vote.failed ? {
      networks: vote.seeds.length, meanTestAccuracy: vote.mean, bestTestAccuracy: vote.best,
      majorityTestAccuracy: vote.majorityAccuracy, averagedTestAccuracy: vote.averagedAccuracy, splitShare: vote.splitShare,
    } : {}),
    markers: () => [],
    table: (runs, { vote }) => (vote && !vote.failed ? {
      caption: `Your ${vote.seeds.length} networks on the 10,000 test digits, alone and voting`,
      head: ['Who answers', 'Test accuracy'],
      rows: [['one network, on average', pct(vote.mean)], ['the best network alone', pct(vote.best)],
        ['the majority vote', pct(vote.majorityAccuracy)], ['their averaged outputs', pct(vote.averagedAccuracy)]],
    } : { caption: 'The vote could not be counted', head: ['Network', 'Test accuracy'], rows: runs.map((r) => [r.label, pct(summarize(r.points).final.testAccuracy)]) }),
    outro(runs, { vote }) {
      if (!vote || vote.failed) return `Your networks trained, but their vote could not be counted (${vote?.failed ?? 'no answer'}).`;
      const worst = Math.min(...vote.memberAccuracy);
      const d = vote.majorityAccuracy - vote.best;
      let text = `Alone, your ${vote.seeds.length} networks scored ${pct(vote.mean)} on average on the test
        digits, from ${pct(worst)} to ${pct(vote.best)}. They disagreed often: on ${pct(vote.splitShare)} of the
        test digits some were right and others wrong, and only ${pct(vote.allWrongShare)} fooled them all.
        Voting, the majority was right on ${pct(vote.majorityAccuracy)} of them, and their averaged outputs on
        ${pct(vote.averagedAccuracy)}. `;
      text += d > 0.005
        ? `The vote beat the best network by ${inPoints(d)}. Each network learned much the same signal (what
          digits share) and its own noise (quirks that came from its random start); in a vote the shared signal
          wins and each one's noise is outvoted.`
        : `Here the vote did not beat the best network (${d < 0 ? `${inPoints(-d)} below it` : 'about level'}):
          their mistakes overlapped more than they differed, so there was little noise to outvote.`;
      return `${text} Any of them can be trained again: put its seed in the Seed setting. Dropout is this idea inside one network: each training example switches off a random
        half of the neurons, so each example trains a different sub-network, all sharing weights. At test time
        every neuron works at once, like a vote of those many sub-networks, for the price of one network.`;
    },
    next: {
      text: `Try next: one network with dropout (the same 40 neurons, keep probability 0.5: a different
        half-network for every example). Does one network get as far as the vote of ${ENSEMBLE_SIZE}?`,
      config: () => ({ ...PRESETS.plain, keep: 0.5 }),
      after(run, runs, { vote }) {
        const e = summarize(run.points);
        if (!vote || vote.failed) return `One network with dropout ended at ${pct(e.final.testAccuracy)} on the test set.`;
        const x = e.final.testAccuracy;
        return `One network with dropout ended at ${pct(x)} on the test set (train, with dropout on,
          ${pct(e.train)}); your ${vote.seeds.length} networks' vote reached ${pct(vote.majorityAccuracy)} and the best
          alone ${pct(vote.best)}. ${x >= vote.majorityAccuracy
    ? `One network trained as many half-networks went ${x > vote.majorityAccuracy + 0.005 ? 'further than' : 'as far as'} the vote of ${vote.seeds.length}, at the cost of one.`
    : x > vote.best ? 'It beat every single network without dropout, though not their vote, at the cost of one network.'
      : 'Here it did not beat the best single network: 350 passes of half-networks may not be enough.'}`;
      },
    },
  },
  {
    id: 'batches',
    title: '6. Mini-batches',
    overlay: true,
    setup: `One example at a time, every update follows one noisy digit. Mini-batches average the
      updates of 100 examples and take one step: a steadier direction, so the step can be bigger
      (α 20 times higher). Both runs make 100 passes over the same 1,000 digits, with dropout.`,
    question: {
      text: 'Batches make 100 times fewer updates per pass. After 100 passes, their test accuracy will be…',
      answers: [['lower', 'Clearly lower'], ['same', 'About the same'], ['higher', 'Clearly higher']],
      right([single, batched]) {
        const d = summarize(batched.points).final.testAccuracy - summarize(single.points).final.testAccuracy;
        return d > 0.02 ? 'higher' : d < -0.02 ? 'lower' : 'same';
      },
    },
    watch: 'The per-example run goes first; its test curve stays on the chart while the batches train.',
    runs: [
      { label: 'per example, α 0.005', config: { ...PRESETS.dropout, iterations: 100 } },
      { label: 'batches of 100, α 0.1', config: { ...PRESETS.dropout, iterations: 100, batch: 100, alpha: 0.1 } },
    ],
    figures: ([single, batched]) => ({ perExampleTestAccuracy: summarize(single.points).final.testAccuracy, batchesTestAccuracy: summarize(batched.points).final.testAccuracy }),
    markers: () => [],
    outro([single, batched]) {
      const a = summarize(single.points).final;
      const b = summarize(batched.points).final;
      return `Per example: test accuracy ${fix(a.testAccuracy)} after 100,000 updates. Batches of 100:
        ${fix(b.testAccuracy)} after 1,000 averaged updates, each 20 times bigger. Averaging cancels
        much of each digit's noise, so fewer, bigger steps get about as far. ${speedSentence(single, batched)}`;
    },
    next: {
      text: 'Try next: set Batch size to 100 and Learning rate α to 0.005, and train. Why is it so slow to learn?',
      config: (c) => ({ ...c, batch: 100, alpha: 0.005 }),
      after(run, [, batched]) {
        const e = summarize(run.points);
        const updates = run.config.iterations * Math.floor(run.config.trainSize / run.config.batch);
        return `Batches of ${run.config.batch} with α ${run.config.alpha} ended at ${fix(e.final.testAccuracy)} after
          ${run.config.iterations} passes (train ${pct(e.train)}), against ${fix(summarize(batched.points).final.testAccuracy)}
          with α ${batched.config.alpha}. An averaged update is no bigger than one example's, and there are
          ${run.config.batch} times fewer of them: ${updates.toLocaleString('en')} small steps in all, where the
          per-example run took ${(updates * run.config.batch).toLocaleString('en')}. That is why batches take a bigger α.`;
      },
    },
  },
  {
    id: 'more-data',
    title: '7. More data',
    overlay: true,
    setup: `The simplest remedy of all: more forks. A mold pressed from a few forks copies their
      scratches; pressed from thousands, only the shape they share remains. The same 40-neuron
      network trains for 50 passes on 100, then 1,000, then 10,000 training images.`,
    question: {
      text: 'What happens to the gap between training and test accuracy as the images grow?',
      answers: [['grows', 'It grows'], ['same', 'It stays the same'], ['closes', 'It closes']],
      right(runs) {
        const first = gapOf(runs[0]);
        const last = gapOf(runs.at(-1));
        return last < first - 0.05 ? 'closes' : last > first + 0.05 ? 'grows' : 'same';
      },
    },
    watch: 'Each run\'s test curve stays on the accuracy chart. Compare the end of each with its training accuracy.',
    runs: [100, 1000, 10000].map((n) => ({
      label: `${n.toLocaleString('en')} images`,
      config: { ...PRESETS.plain, trainSize: n, iterations: 50, testEvery: 5 },
    })),
    figures: (runs) => Object.fromEntries(runs.flatMap((run) => {
      const { final, train } = summarize(run.points);
      const n = run.config.trainSize;
      return [[`trainAccuracy${n}`, train], [`testAccuracy${n}`, final.testAccuracy]];
    })),
    markers: () => [],
    outro(runs) {
      const parts = runs.map((run) => {
        const { final, train } = summarize(run.points);
        return `${run.config.trainSize.toLocaleString('en')} images: train ${pct(train)}, test ${pct(final.testAccuracy)} (gap ${inPoints(train - final.testAccuracy)})`;
      });
      return `${parts.join('; ')}. With more images there is less room to memorize each one, and
        the test figure moves up toward the training figure: the gap closes. Data is the best
        regularizer when you can get it; the others are for when you cannot.`;
    },
    next: {
      text: 'Try next: train 10,000 images with dropout (keep probability 0.5). Does it still help?',
      config: (c) => ({ ...c, trainSize: 10000, keep: 0.5 }),
      after(run, runs) {
        const without = runs.find((r) => r.config.trainSize === run.config.trainSize) ?? runs.at(-1);
        const e = summarize(run.points);
        const w = summarize(without.points);
        const helped = e.final.testAccuracy > w.final.testAccuracy + 0.005;
        let text = `With dropout on ${run.config.trainSize.toLocaleString('en')} images, test accuracy ended at
          ${fix(e.final.testAccuracy)}, against ${fix(w.final.testAccuracy)} without (training accuracy, with dropout
          on: ${fix(e.train)}). `;
        text += helped ? 'Dropout helped even with this much data.'
          : `Here dropout did not help. With ${run.config.trainSize.toLocaleString('en')} images there was little
            overfitting to fix (the gap without dropout was ${inPoints(gapOf(without))}), and half-networks learn
            more slowly: ${run.config.iterations} passes were not enough for them. A regularizer pays off when the
            network can memorize; with enough data, it mostly slows learning down.`;
        if (e.train < e.final.testAccuracy) {
          text += ` Training accuracy is below test because it is measured with dropout on, half of the neurons
            off for each image; the test set is scored by the whole network.`;
        }
        return text;
      },
    },
  },
  {
    id: 'handwriting',
    title: '8. Your handwriting',
    overlay: 'yours',
    needsYourDigits: 10,
    setup: `MNIST's test digits were written on forms and scanned like its training digits, so
      the test set is a fair exam of that kind of digit. Yours are another kind: every test pass
      now scores them too, as the curve "your handwriting". The same 100-neuron network trains
      three times (10,000 images, 10 passes): the book's way; with the derivative fixed (the
      aside at the end says what that is); and with four more changes at once: augmentation
      (each image randomly shifted, tilted, resized and thickened), biases, softmax outputs with
      cross-entropy, and the images shuffled every pass.`,
    question: {
      text: 'Compared with its MNIST test accuracy, how will the book\'s network score on your digits?',
      answers: [['higher', 'Clearly higher'], ['same', 'About the same'], ['lower', 'Clearly lower']],
      right([book]) {
        const { final } = summarize(book.points);
        const d = final.yoursAccuracy - final.testAccuracy;
        return d > 0.05 ? 'higher' : d < -0.05 ? 'lower' : 'same';
      },
    },
    watch: `Compare the "your handwriting" curve with the test curve. Each earlier run's "your
      handwriting" curve stays on the accuracy chart, named in the legend.`,
    runs: [
      { label: 'the book\'s training', config: { ...HANDWRITING } },
      { label: 'true ReLU derivative', config: { ...HANDWRITING, trueDerivative: 1 } },
      {
        label: 'augmented, biases, softmax, shuffled',
        config: { ...HANDWRITING, trueDerivative: 1, augment: 1, biases: 1, softmax: 1, shuffle: 1 },
      },
    ],
    figures: (runs, { yours }) => Object.fromEntries([['yourDigits', yours.count], ...runs.flatMap((run, k) => {
      const { final } = summarize(run.points);
      return [[`run${k + 1}TestAccuracy`, final.testAccuracy], [`run${k + 1}YourDigitsAccuracy`, final.yoursAccuracy]];
    })]),
    markers: () => [],
    table(runs, { yours }) {
      const n = yours.count;
      const read = (a) => (Number.isFinite(a) ? `${Math.round(a * n)} of ${n}` : '–');
      const misread = (run) => (run.misread?.length ? run.misread.map((d) => `${d.label} → ${d.read}`).join(', ') : run.misread ? 'none' : '–');
      const rows = runs.map((run) => {
        const final = summarize(run.points).final;
        return [run.label, pct(final.testAccuracy), read(final.yoursAccuracy), misread(run)];
      });
      if (Number.isFinite(yours.drawingAccuracy)) rows.push(['the ready drawing model', Number.isFinite(yours.drawingTest) ? pct(yours.drawingTest) : '–', read(yours.drawingAccuracy), '']);
      return { caption: 'Your three runs, and the ready drawing model (all 60,000 images, 128 neurons, augmented, 20 passes); misread digits as meant → read',
        head: ['Run', 'MNIST test', 'Your digits', 'Misread'], rows };
    },
    outro([book], { yours }) {
      const final = summarize(book.points).final;
      const gap = final.yoursAccuracy - final.testAccuracy;
      const how = !Number.isFinite(gap) ? 'were not scored' : gap < -0.05 ? 'scored clearly lower than the test set'
        : gap > 0.05 ? 'scored clearly higher than the test set' : 'scored about as well as the test set';
      return `With the book's training your digits ${how}. A high test score says the network knows
        digits like MNIST's, not digits in general: the test set is not the world. The third run
        changed four things together, so its figure belongs to all four; the one aimed at your kind
        of digit is augmentation, which shows the network the differences it will meet (a shift, a
        tilt, a bigger or bolder hand), so what it learns holds for more kinds of digit. With ${yours.count} digits, one digit is
        ${Math.round(100 / Math.max(1, yours.count))} points: keep more (up to 500) for a steadier figure.`;
    },
    aside([book, fixed]) {
      const a = summarize(book.points).final.testAccuracy;
      const b = summarize(fixed.points).final.testAccuracy;
      return `Aside, a one-line bug in the book's code: relu2deriv is applied to the hidden layer
        after the ReLU, which is never negative, so the "derivative" is always 1 and neurons that
        were switched off for an image still learn from it. The true derivative (1 where the neuron
        was active, else 0) took your run's MNIST test accuracy from ${pct(a)} to ${pct(b)}. The book's lessons keep
        its version, so their figures match the printed tables.`;
    },
    next: {
      text: `Try next: the Drawing model preset trains the ready model itself (all 60,000 images, 20
        passes: several minutes). Then pick "The network of your run" in the Draw panel and draw.`,
      config: () => ({ ...PRESETS.drawing }),
      after(run) {
        const e = summarize(run.points);
        const yours = Number.isFinite(e.final.yoursAccuracy) ? ` and read ${pct(e.final.yoursAccuracy)} of your digits` : '';
        return `Your drawing-model run ended at ${pct(e.final.testAccuracy)} on MNIST's test set${yours}. Pick
          "The network of your run" in the Draw panel and draw: this is the network the pad answers with.`;
      },
    },
  },
];

/** Every lesson's id, in order: what `#lesson=` and the host's `reglab:lesson` accept. */
export const LESSON_IDS = Object.freeze(LESSONS.map((lesson) => lesson.id));
