// A run's settings in words, from the core's settings table (crate/src/settings.rs:
// `describe`, `mode_name`), so a new setting is described by its row alone.
import { SIZES, describeSettings, settingsMode } from './core.js';

/** The network's shape, e.g. 784-40-10. */
export const architecture = (hidden) => `${SIZES.pixels}-${hidden}-${SIZES.outputs}`;

/** A run's short name: 'plain', 'dropout', 'batch', with every option beyond the book ('plain + true derivative'). */
export const modeOf = (config) => settingsMode(config);

/** One sentence for a run's settings, e.g. "784-100-10, α 0.005, 350 iterations, dropout keep 0.5, ...". */
export const describe = (config) => describeSettings(config);
