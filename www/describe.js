// One sentence for a run's settings, used by the metrics line and the compare table.
import { SIZES } from './core.js';

/** The network's shape, e.g. 784-40-10. */
export const architecture = (hidden) => `${SIZES.pixels}-${hidden}-${SIZES.outputs}`;

/** What kind of run a config is: 'batch', 'dropout' or 'plain'. */
export function modeOf(config) {
  if (config.batch > 1) return 'batch';
  return config.keep < 1 ? 'dropout' : 'plain';
}

export function describe(c) {
  const mode = {
    plain: 'plain SGD',
    dropout: `dropout (keep ${c.keep})`,
    batch: `mini-batches of ${c.batch}${c.keep < 1 ? `, dropout keep ${c.keep}` : ''}`,
  }[modeOf(c)];
  const early = c.validation > 0 ? `, early stopping (${c.validation} validation images, patience ${c.patience})` : '';
  return `${architecture(c.hidden)}, ${mode}, α ${c.alpha}, ${c.iterations} iterations, ${c.trainSize} training images, seed ${c.seed}${early}`;
}
