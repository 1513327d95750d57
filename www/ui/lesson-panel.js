// The Lessons panel and the lesson flow: a lesson loads its settings, says what to watch,
// runs (one run or several), and ends with "what happened" in the learner's numbers.
import { LESSONS, summarize } from '../lessons.js';

/** `configure(config, { autoTrain })` sets up a run; `changed()` after the lesson changes. */
export function createLessonPanel(doc, { configure, changed }) {
  const $ = (id) => doc.getElementById(id);
  let active = null; // { def, index, results }

  for (const def of LESSONS) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = def.title;
    button.dataset.lesson = def.id;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => start(def));
    $('lesson-buttons').append(button);
  }
  const press = (id) => {
    for (const b of $('lesson-buttons').children) b.setAttribute('aria-pressed', String(b.dataset.lesson === id));
  };
  const paragraph = (text, className = '') => {
    const p = doc.createElement('p');
    p.className = className;
    p.textContent = text.replace(/\s+/g, ' ');
    return p;
  };

  /** Opens a lesson; with `run` false its settings load but it waits for Train. */
  function start(def, { run = true } = {}) {
    active = { def, index: 0, results: [] };
    press(def.id);
    $('lesson-text').replaceChildren(paragraph(def.intro));
    if (def.focus && run) $(def.focus).scrollIntoView({ block: 'start' });
    next(run);
    changed();
  }

  function next(autoTrain) {
    configure({ ...active.def.runs[active.index].config }, { autoTrain });
  }

  function end() {
    if (!active) return;
    active = null;
    press(null);
    changed();
  }

  return {
    start: (id, options) => start(LESSONS.find((l) => l.id === id), options),
    end,
    id: () => active?.def.id ?? '',
    /** The name of the run in progress, for the compare table. */
    runLabel: () => active?.def.runs[active.index].label ?? null,
    /** A run finished: go on to the lesson's next run, or tell what happened. */
    finished(run) {
      if (!active) return;
      active.results.push(run);
      active.index += 1;
      if (active.index < active.def.runs.length) {
        next(true);
        return;
      }
      $('lesson-text').append(paragraph(`What happened: ${active.def.outro(active.results)}`, 'outro'));
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
