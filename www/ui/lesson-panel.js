// The Lessons panel and its flow: predict -> watch -> explain. Opening a lesson loads its
// first run's settings and asks its question; an answer shows Start; the run is paced so
// it can be watched (about LESSON_SECONDS in all, with Faster and Skip to the end); the
// explanation comes after, in the learner's numbers, and says whether the guess was right.
// Nothing here scrolls the page while a lesson runs; only an explanation that starts off
// screen (a phone, scrolled down to the chart) is brought into view when it comes.
import { DEFINITION, LESSONS, summarize } from '../lessons.js';
import { createVoteGrid } from './vote-grid.js';
import { tableRegion } from './table-region.js';
import { GLOSSARY } from '../glossary.js';

/** A lesson's runs take about this long at the default pace. */
export const LESSON_SECONDS = 30;
const FASTER = 4; // each press of Faster multiplies the pace by this

/**
 * The lesson's figures for the host: only finite numbers, as a plain object. A figure that
 * cannot be worked out (a run without a test pass) is left out; it must never stop the
 * explanation the learner is waiting for.
 */
function figuresOf(def, results, context) {
  let figures = {};
  try { figures = def.figures?.(results, context) ?? {}; } catch { figures = {}; }
  return Object.fromEntries(Object.entries(figures).filter(([, v]) => Number.isFinite(v)));
}

/** Training steps a run takes: one per example, or one per batch. */
const stepsOf = (c) => c.iterations * Math.ceil(c.trainSize / c.batch);

/** The same settings (an experiment's run is the one it set up, not one edited since). */
const sameConfig = (a, b) => Object.keys(b).every((k) => a[k] === b[k]);

/**
 * Callbacks: `configure(config, { autoTrain })` sets up a run; `train()` starts it;
 * `speed(stepsPerSecond)` changes the running pace (0 = full speed); `changed()` after the
 * lesson changes (for the URL); `yourDigits()` -> { count, drawingAccuracy } the learner's
 * own digits and how the drawing model reads them; `goDraw()` takes the learner to the pad;
 * `showChart()` and `showNetwork()` bring the accuracy chart or "Inside the network" into view; `learned(type, body)` tells the host
 * what the learner did (www/learning-events.js): reglab:lesson-started { lesson },
 * reglab:answered { lesson, answer } and reglab:lesson-finished { lesson, answer, correct, figures };
 * `vote` (a lesson that votes, www/lessons.js `votes`): `vote.join(restart)` adds the run's
 * network to the vote, `vote.count(shown)` asks for the count, which comes back as `voted`;
 * `replayAt(iteration, changes)` moves the replay of the finished run there (null: its end)
 * and shows the weight pictures (`changes`: what training changed, not the weights).
 */
export function createLessonPanel(doc, { configure, train, speed, changed, yourDigits, goDraw, showChart, showNetwork = () => {}, learned = () => {}, vote = null, replayAt = () => {} }) {
  const $ = (id) => doc.getElementById(id);
  const text = $('lesson-text');
  let active = null; // { def, runs, index, results, phase, answer, factor, vote }
  // A "Try next" that was set up: { def, results, context, config }; its run's end says
  // what happened, unless the settings changed before it ran.
  let experiment = null;
  // A teacher's link (hide=, lock=; www/host-commands.js): the fixed names a change would
  // alter, `{ lesson }` or a config. The lesson's own runs are the lesson and go ahead; what
  // the learner may pick here (another lesson, Set it up, Next lesson) is refused.
  let refusedBy = () => [];
  let labelOf = (name) => name;

  // The definition stays within reach of every lesson: open where the learner starts,
  // folded under its own name once a lesson is open (at 1280x800 its question and Start
  // must fit beside the curves).
  const definition = doc.createElement('details');
  definition.className = 'definition';
  definition.open = true;
  const [term, ...rest] = DEFINITION.replace(/\s+/g, ' ').split(' ');
  definition.append(Object.assign(doc.createElement('summary'), { textContent: 'What regularization is' }),
    Object.assign(doc.createElement('p'), { textContent: '' }));
  definition.lastChild.append(Object.assign(doc.createElement('strong'), { textContent: term }), ` ${rest.join(' ')}`);
  $('lesson-buttons').before(definition);
  // The words the lab uses, one line each, folded beside the definition in every lesson.
  const glossary = doc.createElement('details');
  glossary.className = 'definition glossary';
  const terms = doc.createElement('dl');
  for (const [word, line] of GLOSSARY) {
    terms.append(Object.assign(doc.createElement('dt'), { textContent: word }), Object.assign(doc.createElement('dd'), { textContent: line }));
  }
  glossary.append(Object.assign(doc.createElement('summary'), { textContent: 'Words used here' }), terms);
  // Folded, the two sit on one line (teach.css .lesson-help).
  const help = doc.createElement('div');
  help.className = 'lesson-help';
  definition.replaceWith(help);
  help.append(definition, glossary);

  for (const def of LESSONS) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = def.title;
    button.dataset.lesson = def.id;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => { if (!refusedBy({ lesson: def.id }).length) open(def); });
    $('lesson-buttons').append(button);
  }
  // Under the buttons, in words (a greyed button's title is never seen on a phone): why
  // some lessons cannot open with this link.
  const lockedNote = doc.createElement('p');
  lockedNote.className = 'caption lesson-locked-note';
  lockedNote.hidden = true;
  $('lesson-buttons').after(lockedNote);
  const press = (id) => {
    let greyed = 0;
    for (const b of $('lesson-buttons').children) {
      b.setAttribute('aria-pressed', String(b.dataset.lesson === id));
      b.disabled = refusedBy({ lesson: b.dataset.lesson }).length > 0;
      b.title = b.disabled ? 'Fixed by this link' : '';
      if (b.disabled) greyed += 1;
    }
    lockedNote.hidden = greyed === 0;
    lockedNote.textContent = greyed ? 'This link keeps some settings fixed; the greyed lessons would change them, so they do not open here.' : '';
  };
  const el = (tag, content = '', className = '') => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    node.textContent = content.replace(/\s+/g, ' ').trim();
    return node;
  };
  const button = (label, onClick, className = '') => {
    const b = el('button', label, className);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  };

  /** The pace in words, the same beside the lesson's buttons and the speed slider. */
  const paceWords = () => (!active ? '' : active.factor === 0 ? 'full speed' : active.factor === 1 ? 'paced to watch' : `${active.factor}× the watching pace`);

  /** Steps per second for the current run at the current pace (null outside a lesson run). */
  function pace() {
    if (!active || active.phase !== 'running') return null;
    if (active.factor === 0) return 0;
    const config = active.runs[active.index].config;
    const seconds = LESSON_SECONDS / active.runs.length;
    return Math.max(1, Math.round((stepsOf(config) / seconds) * active.factor));
  }

  /** Digits the lesson still needs the learner to draw (0 when it needs none). */
  const missing = (def) => Math.max(0, (def.needsYourDigits ?? 0) - yourDigits().count);

  /** Opens a lesson at its question (or first asks for drawings), with its first run's settings loaded. */
  function open(def) {
    // A lesson's runs may be made as it opens (the ensemble's fresh seeds).
    const runs = typeof def.runs === 'function' ? def.runs() : def.runs;
    active = { def, runs, index: 0, results: [], phase: missing(def) ? 'collect' : 'question', answer: null, factor: 1, vote: null };
    experiment = null;
    press(def.id);
    definition.open = false;
    render();
    // On one column the lesson the learner just tapped opens below the fold: its start comes up.
    bringIntoView();
    configure({ ...runs[0].config }, { autoTrain: false });
    changed();
    learned('reglab:lesson-started', { lesson: def.id });
  }

  function answer(id) {
    active.answer = id;
    active.phase = 'ready';
    render();
    learned('reglab:answered', { lesson: active.def.id, answer: id });
    $('lesson-start').focus({ preventScroll: true });
  }

  function begin() {
    active.phase = 'running';
    render();
    train();
  }

  /**
   * On one column (a phone), a lesson text that starts off screen, or low on it, scrolls up
   * to the top: when a lesson opens and when its explanation comes. Beside the curves (two
   * columns) nothing moves. Its own document only (scrollBy, not scrollIntoView): an embed
   * never scrolls its host page.
   */
  function bringIntoView() {
    const view = doc.defaultView;
    if (!view?.matchMedia?.('(max-width: 760px)').matches) return;
    const top = text.getBoundingClientRect().top;
    if (top < 0 || top > view.innerHeight * 0.6) view.scrollBy(0, top - 8);
  }

  function render() {
    const { def, phase } = active;
    const nodes = [el('h3', def.title, 'lesson-title'), el('p', def.setup)];
    const q = def.question;
    if (phase === 'collect') {
      const { count } = yourDigits();
      nodes.push(el('p', `First, your own digits: you have kept ${count} of ${def.needsYourDigits}. Draw a digit on the
        pad, then tap the digit you meant under it; the lesson goes on by itself once there are
        ${def.needsYourDigits}. Draw each digit 0 to 9 once, in your own hand.`, 'question'));
      nodes.push(button('Go to the drawing pad', () => goDraw(), 'primary'));
    } else if (phase === 'question' || phase === 'ready') {
      nodes.push(el('p', `Predict first: ${q.text}`, 'question'));
      const group = el('div', '', 'answers');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Your prediction');
      for (const [id, label] of q.answers) {
        const b = button(label, () => answer(id));
        b.setAttribute('aria-pressed', String(active.answer === id));
        group.append(b);
      }
      nodes.push(group);
      if (phase === 'ready') {
        const start = button('Start the run', begin, 'primary');
        start.id = 'lesson-start';
        nodes.push(start);
      }
    } else if (phase === 'counting') {
      nodes.push(el('p', `The ${active.runs.length} networks are voting on the 10,000 test digits…`, 'watch'));
    } else if (phase === 'running') {
      const { runs } = active;
      const which = runs.length > 1 ? `Run ${active.index + 1} of ${runs.length}: ${runs[active.index].label}. ` : '';
      nodes.push(el('p', `${which}${def.watch}`, 'watch'));
      const sofar = def.sofar?.(active.results);
      if (sofar) nodes.push(el('p', sofar, 'sofar'));
      const row = el('div', '', 'pace');
      row.setAttribute('role', 'group');
      row.setAttribute('aria-label', 'Pace');
      const faster = button('Faster', () => {
        active.factor = active.factor === 0 ? 0 : Math.min(64, active.factor * FASTER);
        speed(pace());
        render();
        $('lesson-faster')?.focus({ preventScroll: true });
      });
      faster.id = 'lesson-faster';
      faster.disabled = active.factor === 0 || active.factor >= 64;
      const skip = button('Skip to the end', () => {
        active.factor = 0;
        speed(0);
        render();
        $('lesson-skip')?.focus({ preventScroll: true });
      });
      skip.id = 'lesson-skip';
      skip.disabled = active.factor === 0;
      const label = el('span', paceWords(), 'pace-label');
      // On a phone the chart and the network are below the lesson: one tap brings each up,
      // nothing moves by itself.
      const see = button('See the chart', () => showChart(), 'see-chart');
      const network = button('See the network', () => showNetwork(), 'see-chart');
      row.append(faster, skip, see, network, label);
      nodes.push(row);
    }
    text.replaceChildren(...nodes);
  }

  function explain() {
    const { def, results, answer: guess } = active;
    const context = { yours: yourDigits(), vote: active.vote };
    const truth = def.question.right(results, context);
    const said = def.question.answers.find(([id]) => id === guess)?.[1];
    const came = def.question.answers.find(([id]) => id === truth)?.[1];
    const verdict = !said ? `The answer: “${came}”.`
      : guess === truth ? `You predicted “${said}”: right.` : `You predicted “${said}”; what happened was “${came}”.`;
    learned('reglab:lesson-finished', { lesson: def.id, answer: guess, correct: guess ? guess === truth : null, figures: figuresOf(def, results, context) });
    const nodes = [el('h3', def.title, 'lesson-title'), el('p', verdict, `verdict ${guess === truth ? 'right' : 'wrong'}`),
      el('p', `What happened: ${def.outro(results, context)}`, 'outro')];
    if (def.table) nodes.push(figures(def.table(results, context)));
    if (def.votes && context.vote) nodes.push(createVoteGrid(doc, context.vote));
    if (def.replay) nodes.push(replayButtons(def.replay(results)));
    if (def.aside) nodes.push(el('p', def.aside(results, context), 'aside'));
    nodes.push(tryNext(def, results, context));
    const after = LESSONS[LESSONS.indexOf(def) + 1];
    if (after && !refusedBy({ lesson: after.id }).length) {
      const go = button(`Next lesson: ${after.title}`, () => open(after));
      go.id = 'lesson-next';
      nodes.push(go);
    } else if (after) {
      nodes.push(el('p', 'The link this lab was opened with keeps its lesson and settings: the next lesson is for another link.', 'aside'));
    }
    text.replaceChildren(...nodes);
    // The learner was waiting for it (on a phone perhaps scrolled down to the chart).
    bringIntoView();
    // The run's controls are gone: keep focus on something the learner can use.
    if (!doc.activeElement || doc.activeElement === doc.body || !doc.contains(doc.activeElement)) {
      ($('lesson-next') ?? $('train')).focus({ preventScroll: true });
    }
  }

  /**
   * Buttons that move the finished run's replay to moments the explanation names:
   * [[label, iteration | null (the end), changes (show what training changed)]].
   */
  function replayButtons(moments) {
    const row = el('p', '', 'replay-moments');
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', 'Replay this run at');
    for (const [label, iteration, changes] of moments) row.append(button(label, () => replayAt(iteration, changes)), ' ');
    return row;
  }

  /** A lesson's figures as a small table (in a focusable region: it may scroll on a phone). */
  function figures({ caption, head, rows }) {
    const { wrap, table } = tableRegion(doc, { caption: caption.replace(/\s+/g, ' ').trim(), testid: 'lesson-figures' });
    const headRow = doc.createElement('tr');
    for (const h of head) { const th = el('th', h); th.scope = 'col'; headRow.append(th); }
    table.append(doc.createElement('thead'), doc.createElement('tbody'));
    table.tHead.append(headRow);
    for (const row of rows) {
      const tr = doc.createElement('tr');
      for (const cell of row) tr.append(el('td', cell));
      table.tBodies[0].append(tr);
    }
    return wrap;
  }

  /** "Try next": the experiment in words, and a button that sets it up (the learner presses Train). */
  function tryNext(def, results, context) {
    const row = el('p', '', 'next');
    row.append(el('span', def.next.text));
    const config = def.next.config(results.at(-1).config, results, context);
    const fixed = refusedBy(config);
    const setUp = button('Set it up', () => {
      if (refusedBy(config).length) return;
      configure(config, { autoTrain: false });
      experiment = { def, results, context, config };
      for (const old of text.querySelectorAll('.experiment')) old.remove();
      $('train').focus({ preventScroll: true });
    });
    setUp.id = 'lesson-try-next';
    setUp.disabled = fixed.length > 0;
    row.append(' ', setUp);
    if (fixed.length) row.append(' ', el('span', `(this lab's link keeps ${fixed.map(labelOf).join(', ')} fixed)`, 'locked-mark'));
    return row;
  }

  /** An experiment's run ended: what happened, in its numbers, under the lesson's explanation. */
  function experimentDone(run) {
    const { def, results, context } = experiment;
    experiment = null;
    let said;
    try { said = def.next.after(run, results, context); } catch { said = null; }
    if (!said) return;
    for (const old of text.querySelectorAll('.experiment')) old.remove();
    const node = el('p', `What happened in your experiment: ${said}`, 'outro experiment');
    node.setAttribute('role', 'status');
    const row = text.querySelector('.next');
    if (row) row.after(node);
    else text.append(node);
  }

  function end() {
    if (!active) {
      experiment = null; // the settings changed after "Set it up": that run is not the experiment
      return;
    }
    // Left before its end (settings changed, another dataset, a model file): say so, and
    // take away the pace buttons that no longer belong to a lesson.
    if (active.phase !== 'done') text.replaceChildren(el('p', `${active.def.title} stopped: the settings changed. Pick a lesson to take it again.`));
    active = null;
    press(null);
    changed();
  }

  return {
    /** A teacher's link fixes settings: `rule(change)` names what a change would alter, `label(name)` says it. */
    restrict(rule, label) {
      refusedBy = rule;
      labelOf = label;
      press(active?.def.id ?? null);
    },
    /** Opens a lesson by id at its question (links open it too). */
    start: (id) => open(LESSONS.find((l) => l.id === id)),
    end,
    id: () => active?.def.id ?? '',
    pace,
    /** The pace in words ('paced to watch', '4× the watching pace', 'full speed'; '' outside a lesson run). */
    paceLabel: () => (active?.phase === 'running' ? paceWords() : ''),
    /** True while the open lesson waits for its prediction (or the learner's digits) before its run. */
    asking: () => ['collect', 'question', 'ready'].includes(active?.phase),
    /** The main button started or paused the run: starting skips an unanswered question. */
    running(isRunning) {
      if (isRunning && active && ['collect', 'question', 'ready'].includes(active.phase)) {
        active.phase = 'running';
        render();
        speed(pace());
      }
    },
    /** The name of the run in progress, for the compare table. */
    runLabel: () => (active && active.phase === 'running' ? active.runs[active.index].label : null),
    /** The name of the lesson run that is set up now (running or about to), or null. */
    currentRunLabel: () => (active ? active.runs[active.index]?.label ?? null : null),
    /** The lesson's earlier runs in this lesson, to keep on the accuracy chart: [{ label, points, yours }]. */
    overlay: () => (active?.def.overlay ? active.results.map((r) => ({ label: r.label, points: r.points, yours: active.def.overlay === 'yours' })) : []),
    /** How many of their own digits the open lesson waits for (0 when it waits for none). */
    digitsWanted: () => (active?.phase === 'collect' ? active.def.needsYourDigits : 0),
    /** The learner's digits changed: a lesson waiting for them goes on once there are enough. */
    digitsChanged() {
      if (active?.phase !== 'collect') return;
      if (!missing(active.def)) active.phase = 'question';
      render();
    },
    /** A run finished: go on to the lesson's next run, or explain what happened. */
    finished(run) {
      if (!active) {
        if (experiment && sameConfig(run.config, experiment.config)) experimentDone(run);
        return;
      }
      if (active.phase !== 'running') return;
      active.results.push(run);
      // A voting lesson's network joins the vote before the next run replaces it.
      if (active.def.votes) vote?.join(active.index === 0);
      active.index += 1;
      if (active.index < active.runs.length) {
        render();
        configure({ ...active.runs[active.index].config }, { autoTrain: true });
        return;
      }
      if (active.def.votes && vote) {
        active.phase = 'counting';
        render();
        vote.count(active.def.votes.shown);
        return;
      }
      active.phase = 'done';
      explain();
      end();
    },
    /** The vote was counted (`result` from the core), or could not be (`failed`: why). */
    voted(result, failed = '') {
      if (active?.phase !== 'counting') return;
      active.vote = result ?? { failed };
      active.phase = 'done';
      explain();
      end();
    },
    /** Dashed markers for the charts: the lesson's, or early stopping's best and stop. */
    markers(points, early) {
      const summary = points.some((p) => p.testAccuracy !== undefined) ? summarize(points) : {};
      if (active) return active.def.markers({ ...summary, early });
      if (!early || !(early.bestIteration >= 0)) return [];
      return [[early.bestIteration, 'best'], ...(early.stoppedAt !== null ? [[early.stoppedAt, 'stop']] : [])];
    },
  };
}
