// The page's own instance of the wasm package, ready when this module is. The settings
// table, the book's presets and the image sizes come from the core
// (crate/src/settings.rs, crate/src/wasm/page.rs) and are never retyped in JavaScript.
import init, {
  book_presets as bookPresets, check_settings as checkSettings, describe_settings as describeSettings, draw_chart as drawChart,
  settings_mode as settingsMode, fresh_seeds as freshSeedsOf,
  preprocess_drawing as preprocessDrawing, preprocess_strokes as preprocessStrokes, settings_table as settingsTable, sizes,
} from './pkg/reglab.js';

try {
  await init();
} catch (error) {
  // Nothing of the lab can run; say so where the status line is.
  const status = document.getElementById('status-text');
  if (status) status.textContent = `This browser cannot run the lab: ${error.message}`;
  throw error;
}

/** Rows of the settings table: { name, label, help, kind, default, min, minExclusive, max, range }. */
export const SETTINGS = Object.freeze(settingsTable());
/** The book's three runs as settings objects: { plain, dropout, batch }. */
export const PRESETS = Object.freeze(bookPresets());
/** { side, pixels, outputs }. */
export const SIZES = Object.freeze(sizes());
/** The core's problems with a config for `available` training images: [{ name, mustBe, value }]. */
export const problemsOf = (config, available) => checkSettings(config, available);
/** One sentence for a run's settings, and its short name, both from the core's table (every option beyond the book named). */
export { describeSettings, settingsMode };
export { drawChart, preprocessDrawing, preprocessStrokes };
/** `count` fresh random seeds from the core (getrandom: the browser's crypto), each a valid seed setting. */
export const freshSeeds = (count) => Array.from(freshSeedsOf(count));
