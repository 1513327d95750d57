// End-to-end: every lesson's "Try next", as a learner does it: take the lesson (skipping to
// its end), press Set it up, then Train; when that run ends the lesson says what happened in
// it, in the run's own numbers, and why where it surprises. The handwriting lesson's
// experiment (the drawing preset) is tried in tests/handwriting.test.mjs, after its digits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, watchErrors } from './browser.mjs';

let browser;
let server;
let page;
const errors = [];

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
});
after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(errors, [], 'the page logged errors');
});

/** Takes the lesson, then its experiment; returns the "What happened in your experiment" text. */
async function experiment(title) {
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('group', { name: 'Your prediction' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('button', { name: 'Skip to the end' }).click();
  await page.locator('#lesson-text .outro').waitFor({ timeout: 300000 });
  await page.locator('#lesson-try-next').click();
  await page.locator('#train').filter({ hasText: /^Train$/ }).waitFor();
  await page.locator('#train').click();
  const said = page.locator('#lesson-text .experiment');
  await said.waitFor({ timeout: 300000 });
  return (await said.textContent()).replace(/\s+/g, ' ');
}

const EXPERIMENTS = [
  ['1. Overfitting', /^What happened in your experiment: With 100 training images, training accuracy reached [\d.]+%; test accuracy peaked at 0\.\d+ \(iteration \d+\) and ended at 0\.\d+\. The gap is [\d.]+ points, against [\d.]+ points with 1,000 images\. Fewer forks/],
  ['2. Early stopping', /With patience 5, it stopped at iteration \d+; validation was best at iteration \d+, and the restored weights score 0\.\d+ on the test set, against 0\.\d+ with patience 20\./],
  ['3. Capacity', /400 neurons on 100 images: train [\d.]+%, test [\d.]+%, a gap of [\d.]+ points, against [\d.]+ points on 1,000 images\./],
  ['4. Dropout', /With keep probability 0\.8, test accuracy ended at 0\.\d+ \(train, with dropout on, 0\.\d+\): a gap of [\d.]+ points, against [\d.]+ points without dropout and [\d.]+ points with keep 0\.5\./],
  ['5. A hundred networks', /One network with dropout ended at [\d.]+% on the test set \(train, with dropout on, [\d.]+%\); your 10 networks' vote reached [\d.]+% and the best alone [\d.]+%\./],
  ['6. Mini-batches', /Batches of 100 with α 0\.005 ended at 0\.\d+ after 100 passes \(train [\d.]+%\), against 0\.\d+ with α 0\.1\. .*1,000 small steps in all, where the per-example run took 100,000\./],
  // The surprising one: dropout hurts on 10,000 images, and training accuracy is below test.
  ['7. More data', /With dropout on 10,000 images, test accuracy ended at 0\.8\d+, against 0\.8\d+ without .*Here dropout did not help\. .*Training accuracy is below test because it is measured with dropout on/],
];

for (const [title, said] of EXPERIMENTS) {
  test(`${title}: its Try next ends with what happened`, async () => {
    const text = await experiment(title);
    assert.match(text, said);
    assert.doesNotMatch(text, /NaN|undefined|–/, 'every figure is there');
    if (title.startsWith('7.')) await page.locator('#lesson-text').screenshot({ path: `${OUT}/18-experiment-more-data.png` });
  });
}

test('an experiment edited before it runs gets no "what happened" of its own', async () => {
  await page.getByRole('button', { name: '1. Overfitting', exact: true }).click();
  await page.getByRole('group', { name: 'Your prediction' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('button', { name: 'Skip to the end' }).click();
  await page.locator('#lesson-text .outro').waitFor({ timeout: 300000 });
  await page.locator('#lesson-try-next').click();
  await page.getByLabel('Iterations').fill('20');
  await page.getByLabel('Iterations').blur();
  await page.locator('#train').filter({ hasText: /^Train$/ }).waitFor();
  await page.locator('#train').click();
  await page.locator('#train').filter({ hasText: 'Train again' }).waitFor({ timeout: 120000 });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#lesson-text .experiment').count(), 0);
});
