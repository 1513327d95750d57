// Everything a link can carry, in one table that drives both directions: `parse(hash)`
// reads a URL hash into a complete state (bad or out-of-range values become defaults,
// each with a notice) and `toHash(state)` writes only what differs from the defaults.
// Pure functions: no DOM, so they are unit-tested under Node.

export const PANELS = ['lessons', 'controls', 'curves', 'network', 'samples', 'draw', 'compare', 'weights'];
export const LESSON_IDS = ['overfitting', 'early-stopping', 'dropout', 'batches'];
const MAX_IMAGES = 60000;

/** [key, kind, default, min, max] or [key, 'enum', default, allowed]. */
const TABLE = [
  ['hidden', 'int', 40, 1, 1024],
  ['alpha', 'float', 0.005, 0, 10], // alpha must be above its minimum
  ['iterations', 'int', 350, 1, 100000],
  ['batch', 'int', 1, 1, MAX_IMAGES],
  ['keep', 'float', 1, 0, 1], // keep must be above its minimum
  ['seed', 'int', 1, 0, 4294967295],
  ['trainSize', 'int', 1000, 100, MAX_IMAGES],
  ['testEvery', 'int', 10, 1, 100000],
  ['validation', 'int', 0, 0, MAX_IMAGES - 100],
  ['patience', 'int', 10, 1, 100000],
  ['speed', 'int', 8, 0, 8],
  ['dataset', 'enum', 'mnist', ['mnist', 'fashion']],
  ['lesson', 'enum', '', ['', ...LESSON_IDS]],
  ['embed', 'enum', '0', ['0', '1']],
  ['panels', 'list', PANELS.join(','), PANELS],
];
const EXCLUSIVE_MIN = new Set(['alpha', 'keep']);

export const DEFAULTS = Object.freeze(Object.fromEntries(TABLE.map(([key, , fallback]) => [key, fallback])));

function read([key, kind, fallback, ...rule], raw) {
  if (kind === 'enum') return rule[0].includes(raw) ? raw : undefined;
  if (kind === 'list') {
    const items = raw.split(',').filter(Boolean);
    return items.length && items.every((p) => rule[0].includes(p)) ? [...new Set(items)].join(',') : undefined;
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(raw)) return undefined;
  const value = Number(raw);
  const [min, max] = rule;
  if (kind === 'int' && !Number.isInteger(value)) return undefined;
  const aboveMin = EXCLUSIVE_MIN.has(key) ? value > min : value >= min;
  return aboveMin && value <= max ? value : undefined;
}

/** The state a hash describes, and a notice for every value that had to be replaced. */
export function parse(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const state = { ...DEFAULTS };
  const notices = [];
  for (const row of TABLE) {
    const [key, , fallback] = row;
    if (!params.has(key)) continue;
    const raw = params.get(key);
    const value = read(row, raw);
    if (value === undefined) notices.push(`${key}=${raw} is not valid here; using ${fallback}`);
    else state[key] = value;
  }
  for (const key of params.keys()) {
    if (!(key in DEFAULTS)) notices.push(`${key} is not a setting; ignored`);
  }
  // Settings that depend on each other.
  if (state.batch > state.trainSize) {
    notices.push(`batch=${state.batch} is more than the ${state.trainSize} training images; using 1`);
    state.batch = 1;
  }
  if (state.validation > MAX_IMAGES - state.trainSize) {
    notices.push(`validation=${state.validation} does not fit after ${state.trainSize} training images; using 0`);
    state.validation = 0;
  }
  return { state, notices };
}

/** The hash for a state: only the values that differ from the defaults. */
export function toHash(state) {
  const params = new URLSearchParams();
  for (const [key] of TABLE) {
    if (state[key] !== undefined && String(state[key]) !== String(DEFAULTS[key])) params.set(key, String(state[key]));
  }
  const text = params.toString();
  return text ? `#${text}` : '';
}

const CONFIG_KEYS = ['hidden', 'alpha', 'iterations', 'batch', 'keep', 'seed', 'trainSize', 'testEvery', 'validation', 'patience'];

/** The training settings within a state. */
export const configOf = (state) => Object.fromEntries(CONFIG_KEYS.map((k) => [k, state[k]]));
