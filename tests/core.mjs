// The page's wasm package under Node, for unit tests of the pure page modules: the
// settings table and checks come from the core, as in the page.
import { readFileSync } from 'node:fs';
import { initSync, settings_table as settingsTable, check_settings as checkSettings, book_presets as bookPresets } from '../www/pkg/reglab.js';

initSync({ module: readFileSync(new URL('../www/pkg/reglab_bg.wasm', import.meta.url)) });

export const SETTINGS = settingsTable();
export const PRESETS = bookPresets();
/** The core's problems with a config, for MNIST's 60,000 training images. */
export const check = (config) => checkSettings(config, 60000);
