// Everything a link can carry. The training settings come from the core's table
// (`settings_table()` in the wasm package, crate/src/settings.rs); the page adds its own
// keys below. `parse(hash)` reads a hash into a complete state (bad or out-of-range
// values become defaults, each with a notice) and `toHash(state)` writes only what
// differs from the defaults. Pure: no DOM and no wasm of its own, so it is unit-tested
// under Node with the table and the checker passed in.

export const PANELS = ['lessons', 'controls', 'curves', 'network', 'samples', 'draw', 'compare', 'weights'];
/** Longest raw value quoted back in a notice; a hostile link can carry megabytes. */
const QUOTE_MAX = 100;

/** The page's own keys, in the shape of the core's rows (enums and lists list what they allow). */
const pageRows = (lessonIds) => [
  { name: 'speed', kind: 'int', default: 8, min: 0, max: 8 },
  { name: 'dataset', kind: 'enum', default: 'mnist', allowed: ['mnist', 'fashion'] },
  { name: 'lesson', kind: 'enum', default: '', allowed: ['', ...lessonIds] },
  { name: 'embed', kind: 'enum', default: '0', allowed: ['0', '1'] },
  { name: 'xapi', kind: 'enum', default: '0', allowed: ['0', '1'] }, // learning events also as xAPI (www/learning-events.js)
  { name: 'panels', kind: 'list', default: PANELS.join(','), allowed: PANELS },
];

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function read(row, raw) {
  if (row.kind === 'enum') return row.allowed.includes(raw) ? raw : undefined;
  if (row.kind === 'list') {
    const items = raw.split(',').filter(Boolean);
    return items.length && items.every((p) => row.allowed.includes(p)) ? [...new Set(items)].join(',') : undefined;
  }
  if (!NUMBER.test(raw)) return undefined;
  const value = Number(raw);
  if (row.kind !== 'float' && !Number.isInteger(value)) return undefined;
  const aboveMin = row.minExclusive ? value > row.min : value >= row.min;
  return aboveMin && value <= row.max ? value : undefined;
}

/** `raw`, cut to a readable length for a notice. */
export const quote = (raw) => (raw.length > QUOTE_MAX ? `${raw.slice(0, QUOTE_MAX)}… (${raw.length.toLocaleString('en')} characters)` : raw);

/**
 * The link state for a settings table (rows of `settings_table()`), with `check(config)`
 * returning the core's problems ([{name, mustBe, value}]) for settings that depend on
 * each other, and the lessons' ids (`LESSON_IDS` of www/lessons.js, the one list). Without
 * a table only the page's own keys are read (enough for the layout before the wasm module
 * is ready).
 */
export function createLinks(settings = [], check = () => [], lessonIds = []) {
  const rows = [...settings, ...pageRows(lessonIds)];
  const names = settings.map((s) => s.name);
  const defaults = Object.freeze(Object.fromEntries(rows.map((r) => [r.name, r.default])));
  const configOf = (state) => Object.fromEntries(names.map((k) => [k, state[k]]));

  function parse(hash) {
    const params = new URLSearchParams(String(hash).replace(/^#/, ''));
    const state = { ...defaults };
    const notices = [];
    for (const row of rows) {
      if (!params.has(row.name)) continue;
      const raw = params.get(row.name);
      const value = read(row, raw);
      if (value === undefined) notices.push(`${row.name}=${quote(raw)} is not valid here; using ${row.default}`);
      else state[row.name] = value;
    }
    for (const key of new Set(params.keys())) {
      if (!(key in defaults)) notices.push(`${quote(key)} is not a setting; ignored`);
    }
    // Settings that depend on each other: each one the core refuses goes back to its
    // default, until the whole set can run (a default never makes it worse).
    for (let round = 0; round < names.length; round += 1) {
      const problems = check(configOf(state));
      if (!problems.length) break;
      for (const { name, mustBe } of problems) {
        notices.push(`${name}=${state[name]} must be ${mustBe}; using ${defaults[name]}`);
        state[name] = defaults[name];
      }
    }
    return { state, notices };
  }

  function toHash(state) {
    const params = new URLSearchParams();
    for (const { name } of rows) {
      if (state[name] !== undefined && String(state[name]) !== String(defaults[name])) params.set(name, String(state[name]));
    }
    const text = params.toString();
    return text ? `#${text}` : '';
  }

  return { defaults, names, parse, toHash, configOf };
}
