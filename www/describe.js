// One sentence for a run's settings, used by the metrics line and the compare table.
import { modeOf } from './ui/controls.js';

export function describe(c) {
  const mode = {
    plain: 'plain SGD',
    dropout: `dropout (keep ${c.keep})`,
    batch: `mini-batches of ${c.batch}${c.keep < 1 ? `, dropout keep ${c.keep}` : ''}`,
  }[modeOf(c)];
  const early = c.validation > 0 ? `, early stopping (${c.validation} validation images, patience ${c.patience})` : '';
  return `784-${c.hidden}-10, ${mode}, α ${c.alpha}, ${c.iterations} iterations, ${c.trainSize} training images, seed ${c.seed}${early}`;
}
