// "Your handwriting" end to end in the full page: the learner's kept drawings are scored
// on every test pass (a third curve, a column of the figures table, the misread digits
// listed) and by the drawing model; lesson 8 waits for ten drawings, runs its three
// trainings and explains them in the learner's numbers. Fails on any page error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axe, launch, serve, OUT, watchErrors } from './browser.mjs';
import { DRAWINGS, drawAndRead } from './drawing.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function open(t, hash = '') {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, errors);
  t.after(async () => { await page.close(); assert.deepEqual(errors, [], 'the page logged errors'); });
  await page.goto(`${server.url}${hash}`);
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
  await page.getByTestId('draw-model-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 60000 });
  return page;
}

/** Draws one tuning drawing of each digit 0-9 and keeps each as the digit meant. */
async function keepTenDigits(page) {
  for (let label = 0; label < 10; label += 1) {
    const digit = DRAWINGS.tune.find((d) => d.label === label);
    await drawAndRead(page, digit.drawings[0]);
    await page.getByRole('button', { name: `I meant ${label}: keep this drawing in your digits` }).click();
    await page.getByTestId('your-digits-summary').filter({ hasText: new RegExp(`Your digits: ${label + 1}( of the 10 the lesson needs)? kept`) }).waitFor();
  }
}

const latest = (page) => page.evaluate(() => {
  const canvas = document.getElementById('accuracy-chart');
  return canvas.getAttribute('aria-label');
});

test('your digits are scored on every test pass: a third curve, a table column, the misread ones listed', async (t) => {
  const page = await open(t);
  await keepTenDigits(page);
  const drawingScore = page.getByTestId('your-digits-score').filter({ hasText: /The drawing model reads (\d+) of 10 right/ });
  await drawingScore.waitFor();
  const byModel = Number((await drawingScore.textContent()).match(/reads (\d+) of 10/)[1]);
  assert.ok(byModel >= 9, `the drawing model reads ${byModel} of 10 of the tuning drawings`);

  // The book's plain run at full speed.
  await page.getByRole('button', { name: 'Overfitting', exact: true }).click();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.locator('#train').filter({ hasText: 'Train again' }).waitFor({ timeout: 120000 });
  assert.match(await page.getByTestId('curves-legend').textContent(), /your handwriting/);
  const label = await latest(page);
  const onChart = Number(label.match(/your handwriting (\d\.\d+)/)[1]);
  const score = page.getByTestId('your-digits-score').filter({ hasText: /Your run, at iteration 349: (\d+) of 10 right/ });
  await score.waitFor();
  const right = Number((await score.textContent()).match(/349: (\d+) of 10/)[1]);
  assert.equal(onChart, right / 10, 'the curve and the score agree');
  const misread = page.getByTestId('your-digits-mistakes').getByRole('img');
  assert.equal(await misread.count(), 10 - right, 'every misread digit is listed');
  if (right < 10) assert.match(await misread.first().getAttribute('aria-label'), /^Your \d, read as \d$/);

  assert.deepEqual(await axe(page, 'your digits scored, misread ones listed'), []);
  await page.locator('#figures summary').click();
  const lastRow = page.getByTestId('figures-table').locator('tbody tr').last();
  assert.equal(await lastRow.locator('td').last().textContent(), (right / 10).toFixed(4));
  await page.locator('.draw').screenshot({ path: `${OUT}/handwriting-draw-panel.png` });
  await page.locator('.curves').screenshot({ path: `${OUT}/handwriting-curves.png` });
});

test('lesson 8 waits for ten digits, then trains three networks and explains them in your numbers', async (t) => {
  const page = await open(t, '#lesson=handwriting');
  const lesson = page.getByTestId('lesson-text');
  await lesson.filter({ hasText: 'you have kept 0 of 10' }).waitFor();
  await page.getByRole('button', { name: 'Go to the drawing pad' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pad');
  await page.getByTestId('your-digits-summary').filter({ hasText: 'Your digits: 0 of the 10 the lesson needs' }).waitFor();
  await keepTenDigits(page);
  // By the pad, a way back to the lesson, whose question now waits.
  await page.getByRole('button', { name: 'Back to the lesson' }).click();
  await lesson.filter({ hasText: 'Predict first' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Clearly higher');
  await page.getByRole('button', { name: 'Clearly lower' }).click();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await lesson.filter({ hasText: 'Run 1 of 3' }).waitFor();
  await page.screenshot({ path: `${OUT}/handwriting-lesson-running.png` });
  await page.getByRole('button', { name: 'Skip to the end' }).click();
  await lesson.filter({ hasText: 'Run 3 of 3' }).waitFor({ timeout: 120000 });
  await page.locator('#lesson-text .outro').waitFor({ timeout: 120000 });
  await page.screenshot({ path: `${OUT}/handwriting-lesson-end.png` });
  const text = (await lesson.textContent()).replace(/\s+/g, ' ');
  assert.match(text, /You predicted “Clearly lower”(: right\.|; what happened was “[^”]+”\.)/);
  // The figures table: each run's test accuracy, your digits right and the ones it misread.
  const rows = await page.getByTestId('lesson-figures').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ["the book's training", 'true ReLU derivative', 'augmented, biases, softmax, shuffled', 'the ready drawing model'], JSON.stringify(rows));
  for (const [, test, right, misread] of rows.slice(0, 3)) {
    assert.match(test, /^\d+\.\d%$/);
    const k = Number(right.match(/^(\d+) of 10$/)[1]);
    assert.equal(misread === 'none' ? 0 : misread.split(', ').length, 10 - k, `misread ${misread} for ${right}`);
  }
  assert.match(rows[3][1], /^98\.\d%$/);
  assert.match(text, /With the book's training your digits (scored|were)/);
  assert.match(text, /one digit is 10 points/);
  // Two earlier runs' "your handwriting" curves stay on the chart beside the current ones.
  const legend = await page.getByTestId('curves-legend').textContent();
  assert.match(legend, /your handwriting, the book's training/);
  assert.match(legend, /your handwriting, true ReLU derivative/);
  assert.match(legend, /your handwriting, augmented, biases, softmax, shuffled/, 'the current run is named too');

  assert.deepEqual(await axe(page, 'lesson 8, explained'), []);

  // "Set it up" loads the experiment it names; the learner presses Train.
  await page.getByRole('button', { name: 'Set it up' }).click();
  assert.equal(await page.locator('#hidden').inputValue(), '128');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'train');
  // Its run (all 60,000 images, 20 passes) ends with what happened, the learner's digits read.
  await page.locator('#train').click();
  const said = page.locator('#lesson-text .experiment');
  await said.waitFor({ timeout: 900000 });
  assert.match((await said.textContent()).replace(/\s+/g, ' '), /^What happened in your experiment: Your drawing-model run ended at 9\d\.\d% on MNIST's test set and read \d+\.\d% of your digits\./);
});
