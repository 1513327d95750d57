// Benchmark (not a test): every held-out drawing of tests/fixtures/drawn-digits.json drawn
// with the mouse on the pad in `#embed=1&panels=draw`, read by the ready drawing model.
// Prints the share recognised and the share of digits given the same answer at all four
// places and sizes (bars: >= 0.95 and >= 0.90). usage: node tests/bench-drawing.mjs [tune]
import { launch, serve } from './browser.mjs';
import { DRAWINGS, openDrawEmbed, score } from './drawing.mjs';

const which = process.argv[2] === 'tune' ? 'tune' : 'heldOut';
const server = await serve();
const browser = await launch();
const errors = [];
try {
  const page = await openDrawEmbed(browser, server.url, errors);
  const started = performance.now();
  const r = await score(page, DRAWINGS[which]);
  const seconds = (performance.now() - started) / 1000;
  console.log(`drawn digits (${which}, in the page, mouse on the pad): recognised ${r.recognised}/${r.drawings} = ${(r.recognised / r.drawings).toFixed(3)}; `
    + `same answer at all 4 places and sizes ${r.same}/${r.digits} = ${(r.same / r.digits).toFixed(3)} (${seconds.toFixed(0)} s)`);
  for (const m of r.mistakes) console.log(`  mistake: ${m}`);
  if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.stop();
}
