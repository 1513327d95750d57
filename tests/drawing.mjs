// Drawing on the Draw panel's pad with the mouse, as a learner would, for the drawn-digit
// test and benchmark. Fixture: tests/fixtures/drawn-digits.json (tests/make-drawings.mjs).
import { readFileSync } from 'node:fs';
import { watchErrors } from './browser.mjs';

export const DRAWINGS = JSON.parse(readFileSync(new URL('./fixtures/drawn-digits.json', import.meta.url), 'utf8'));

/** A page on `hash` (a draw-only embed by default) with the drawing model ready; collects page errors. */
export async function openDrawEmbed(browser, url, errors, hash = '#embed=1&panels=draw') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, errors);
  await page.goto(`${url}${hash}`);
  await page.getByTestId('draw-model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 60000 });
  return page;
}

/** Draws `strokes` (in pad units, `steps` mouse moves a segment) on the pad where it is now. */
export async function drawStrokes(page, { steps, strokes }) {
  const box = await page.getByRole('application', { name: 'Drawing pad' }).boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const [first, ...rest] of strokes) {
    await page.mouse.move(...at(first));
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(...at(p), { steps });
    await page.mouse.up();
  }
}

/** Clears the pad, draws `drawing` ({ steps, strokes } in pad units) and returns the answer's digit. */
export async function drawAndRead(page, { steps, strokes }) {
  const pad = page.getByRole('application', { name: 'Drawing pad' });
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await pad.scrollIntoViewIfNeeded(); // the mouse draws only where the viewport is
  await drawStrokes(page, { steps, strokes });
  // Two frames for the pad's last report, then the answer to the last question asked.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => {
    const bars = document.getElementById('bars');
    return bars.dataset.asked && bars.dataset.asked === bars.dataset.answered;
  });
  const text = await page.getByTestId('draw-answer').textContent();
  const digit = text.match(/says: (\d)/);
  return digit ? Number(digit[1]) : null;
}

/** Draws every drawing of `digits`; { recognised, drawings, same, digits, mistakes }. */
export async function score(page, digits, onDigit = () => {}) {
  let recognised = 0;
  let drawings = 0;
  let same = 0;
  const mistakes = [];
  for (const digit of digits) {
    const answers = [];
    for (const drawing of digit.drawings) {
      const answer = await drawAndRead(page, drawing);
      answers.push(answer);
      drawings += 1;
      if (answer === digit.label) recognised += 1;
      else mistakes.push(`${digit.label} (shape ${digit.style}, ${drawing.place}) read as ${answer}`);
    }
    if (answers.every((a) => a === answers[0])) same += 1;
    onDigit(digit, answers);
  }
  return { recognised, drawings, same, digits: digits.length, mistakes };
}
