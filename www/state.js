// Everything a link can carry. The training settings come from the core's table
// (`settings_table()` in the wasm package, crate/src/settings.rs); the page adds its own
// keys below. `parse(hash)` reads a hash into a complete state (bad or out-of-range
// values become defaults, each with a notice) and `toHash(state)` writes only what
// differs from the defaults. Pure: no DOM and no wasm of its own, so it is unit-tested
// under Node with the table and the checker passed in.

export const PANELS = ['lessons', 'controls', 'curves', 'network', 'samples', 'draw', 'compare', 'weights'];
/**
 * Controls a link can hide or lock besides the training settings (which go by their own
 * names): the page's own settings, then buttons and groups that change the run.
 */
export const PAGE_CONTROLS = ['speed', 'dataset', 'step', 'reset', 'presets', 'model'];
/** Controls that hold a value a link restores; hiding or locking one fixes that value. */
const PAGE_SETTINGS = ['speed', 'dataset'];
/** Longest raw value quoted back in a notice; a hostile link can carry megabytes. */
const QUOTE_MAX = 100;

/** The page's own keys, in the shape of the core's rows (enums and lists list what they allow). */
const pageRows = (lessonIds, names) => [
  { name: 'speed', kind: 'int', default: 8, min: 0, max: 8 },
  { name: 'dataset', kind: 'enum', default: 'mnist', allowed: ['mnist', 'fashion'] },
  { name: 'lesson', kind: 'enum', default: '', allowed: ['', ...lessonIds] },
  { name: 'embed', kind: 'enum', default: '0', allowed: ['0', '1'] },
  { name: 'xapi', kind: 'enum', default: '0', allowed: ['0', '1'] }, // learning events also as xAPI (www/learning-events.js)
  { name: 'panels', kind: 'list', default: PANELS.join(','), allowed: PANELS },
  // Which controls a teacher's link hides (`hide=speed,step`) or shows read-only
  // (`lock=hidden,alpha`, `lock=all`): both fixed once the lab opens (www/host-commands.js).
  { name: 'hide', kind: 'names', default: '', allowed: [...names, ...PAGE_CONTROLS] },
  { name: 'lock', kind: 'names', default: '', allowed: [...names, ...PAGE_CONTROLS, 'all'] },
];

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A comma list of names: the known ones, each once, in the order given, and the unknown
 * ones to report (a typo in `hide=` must not leave a control showing without a word).
 */
export function readNames(raw, allowed) {
  const items = [...new Set(String(raw).split(',').map((item) => item.trim()).filter(Boolean))];
  return { known: items.filter((item) => allowed.includes(item)), unknown: items.filter((item) => !allowed.includes(item)) };
}

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
  const names = settings.map((s) => s.name);
  const rows = [...settings, ...pageRows(lessonIds, names)];
  const defaults = Object.freeze(Object.fromEntries(rows.map((r) => [r.name, r.default])));
  const configOf = (state) => Object.fromEntries(names.map((k) => [k, state[k]]));

  function parse(hash) {
    const params = new URLSearchParams(String(hash).replace(/^#/, ''));
    const state = { ...defaults };
    const notices = [];
    for (const row of rows) {
      if (!params.has(row.name)) continue;
      const raw = params.get(row.name);
      if (row.kind === 'names') {
        const { known, unknown } = readNames(raw, row.allowed);
        if (unknown.length) notices.push(`${row.name}: no control is called ${quote(unknown.join(', '))}; ignored (the controls: ${row.allowed.join(', ')})`);
        state[row.name] = known.join(',');
        continue;
      }
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

  /**
   * What a state's `hide` and `lock` mean: the hidden and the locked control names (Sets,
   * `lock=all` spelt out as every setting, the presets and the model file), and `fixed`, the settings neither a later link
   * nor a host may change (hidden or locked, of the training settings, speed and dataset).
   */
  function restrictions(state) {
    const hidden = new Set(readNames(state.hide ?? '', [...names, ...PAGE_CONTROLS]).known);
    const lockList = readNames(state.lock ?? '', [...names, ...PAGE_CONTROLS, 'all']).known;
    const locked = new Set(lockList.includes('all') ? [...names, ...PAGE_SETTINGS, 'presets', 'model', ...lockList.filter((n) => n !== 'all')] : lockList);
    const fixed = new Set([...hidden, ...locked].filter((name) => names.includes(name) || PAGE_SETTINGS.includes(name)));
    return { hidden, locked, fixed };
  }

  return { defaults, names, parse, toHash, configOf, restrictions };
}
