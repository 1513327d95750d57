// The class's lesson results, as the example course page keeps them: one row per lesson
// attempt, filled in from the lab's learning events (reglab:lesson-started, reglab:answered,
// reglab:lesson-finished; the lab's README), kept in this page's localStorage and exported
// as CSV. The lab never learns who the student is: the name stays in this page.
// Pure apart from the storage given; unit-tested in tests/class-results.test.mjs.

// `answer` is the answer's id, `prediction` its words (the events' answerText); `title` is
// kept for the table but not exported: `lesson` names the lesson in the CSV.
export const COLUMNS = ['student', 'lesson', 'answer', 'prediction', 'correct', 'started', 'finished', 'figures'];

/** One CSV field: quoted when it holds a comma, quote, line break or edge space. */
function field(value) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A spreadsheet runs a cell that starts like a formula; a typed name must stay a name.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (objects with COLUMNS' keys) as CSV text, header first, CRLF line ends (RFC 4180). */
export function toCsv(rows) {
  return [COLUMNS, ...rows.map((row) => COLUMNS.map((c) => row[c]))].map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}

/** "peakTestAccuracy" as "peak test accuracy". */
const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** A lesson's figures, { name: number }, as one readable cell: "peak test accuracy 0.8114; ...". */
export const figuresText = (figures) => Object.entries(figures ?? {}).map(([k, v]) => `${words(k)} ${+Number(v).toFixed(4)}`).join('; ');

/**
 * `storage`: a localStorage (or null: kept in memory only); `key`: where the rows live.
 * `heard(student, event, now)` folds one learning event into the rows and returns whether
 * it changed them; `rows()`, `clear()`.
 */
export function createClassResults(storage, key = 'course-class-results') {
  let rows = [];
  try { rows = JSON.parse(storage?.getItem(key) ?? '[]'); } catch { rows = []; }
  if (!Array.isArray(rows)) rows = [];
  const save = () => { try { storage?.setItem(key, JSON.stringify(rows)); } catch { /* full or refused: kept in memory */ } };
  /** The newest unfinished attempt at this lesson. */
  const open = (lesson) => rows.findLast((r) => r.lesson === lesson && !r.finished);

  function heard(student, event, now = new Date().toISOString()) {
    if (!event || typeof event.lesson !== 'string') return false;
    if (event.type === 'reglab:lesson-started') {
      rows.push({ student, lesson: event.lesson, title: event.title ?? event.lesson, answer: '', prediction: '', correct: '', started: now, finished: '', figures: '' });
    } else if (event.type === 'reglab:answered') {
      const row = open(event.lesson);
      if (!row) return false;
      row.answer = String(event.answer);
      row.prediction = String(event.answerText ?? event.answer);
    } else if (event.type === 'reglab:lesson-finished') {
      const row = open(event.lesson);
      if (!row) return false;
      Object.assign(row, {
        answer: event.answer ?? row.answer, prediction: event.answerText ?? row.prediction, correct: event.correct === null ? '' : event.correct ? 'yes' : 'no',
        finished: now, figures: figuresText(event.figures),
      });
    } else {
      return false;
    }
    save();
    return true;
  }

  return {
    heard,
    rows: () => rows.map((r) => ({ ...r })),
    clear() { rows = []; save(); },
  };
}
