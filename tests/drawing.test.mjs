// The Draw panel end to end in `#embed=1&panels=draw`: the ready drawing model reads
// drawn digits (mouse on the pad) from held-out drawings it was never tuned on, the
// same wherever and however big they are drawn; the pad works by keyboard; a test digit
// can be picked instead; the outputs are text. Fails on any page error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve, OUT } from './browser.mjs';
import { DRAWINGS, drawAndRead, openDrawEmbed, score } from './drawing.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function open(t, hash) {
  const errors = [];
  const page = await openDrawEmbed(browser, server.url, errors, hash);
  t.after(async () => { await page.close(); assert.deepEqual(errors, [], 'the page logged errors'); });
  return page;
}

test('the ready model says what it is and reads held-out drawings at any place and size', async (t) => {
  const page = await open(t);
  assert.match(await page.getByTestId('draw-model-status').textContent(),
    /Drawing model: trained on 60,000 images, test accuracy 0\.98/);
  // One digit of each label from the held-out set (shapes and jitters mixed), 4 drawings each.
  const sample = Array.from({ length: 10 }, (_, label) => DRAWINGS.heldOut[label * 6 + (label % 3) * 2 + (label % 2)]);
  assert.deepEqual(sample.map((d) => d.label), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const r = await score(page, sample);
  assert.ok(r.recognised / r.drawings >= 0.95, `recognised ${r.recognised}/${r.drawings}: ${r.mistakes.join('; ')}`);
  assert.ok(r.same / r.digits >= 0.9, `same answer at all places for ${r.same}/${r.digits}`);
  await page.screenshot({ path: `${OUT}/draw-embed-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: `${OUT}/draw-embed-360.png`, fullPage: true });
});

// With the network panel the embed trains a run (and has MNIST): its network can answer too.
const WITH_RUN = '#embed=1&panels=draw,network';

test("the outputs are text, and the learner can switch to the run's network and back", async (t) => {
  const page = await open(t, WITH_RUN);
  const seven = DRAWINGS.heldOut[7 * 6].drawings[0];
  assert.equal(await drawAndRead(page, seven), 7);
  const bars = page.getByTestId('bars').getByRole('listitem');
  assert.equal(await bars.count(), 10);
  const values = await bars.evaluateAll((items) => items.map((li) => li.querySelector('.value').textContent));
  assert.ok(values.every((v) => /^\d\.\d\d$/.test(v)), `values shown: ${values}`);
  assert.match(await bars.nth(7).getAttribute('aria-label'), /^7: 0\.\d{3}|^7: 1\.000/);
  await page.locator('#draw-examples').waitFor();
  assert.match(await page.locator('#draw-examples-caption').textContent(), /Training images of a 7/);

  await page.getByLabel('The network of your run').check();
  await page.getByTestId('draw-model-status').filter({ hasText: "your run's network" }).waitFor();
  await page.getByTestId('draw-answer').filter({ hasText: 'The network says' }).waitFor();
  // The book's run has linear outputs: the caption says they are not probabilities.
  await page.getByTestId('bars-caption').filter({ hasText: /^Raw outputs, one per digit: .*can fall below 0/ }).waitFor();
  await page.getByLabel('The drawing model').check();
  await page.getByTestId('draw-answer').filter({ hasText: 'The drawing model says: 7' }).waitFor();
});

test('the pad is a named control that draws by keyboard; a test digit needs no drawing', async (t) => {
  const page = await open(t, WITH_RUN);
  const pad = page.getByRole('application', { name: 'Drawing pad' });
  await pad.focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pad');
  // A 1: pen down at the centre, up 8 presses, back down 16, pen up.
  for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  for (let i = 0; i < 16; i += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.getByTestId('draw-answer').filter({ hasText: 'The drawing model says: 1' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('draw-answer').filter({ hasText: 'Draw a digit.' }).waitFor();

  await page.getByRole('button', { name: 'Pick a test digit' }).click();
  const answer = page.getByTestId('draw-answer').filter({ hasText: /says: \d — for test digit #\d+ \(labelled \d\)/ });
  await answer.waitFor({ timeout: 60000 });
});

test('a drawing tapped as the digit meant joins your digits, which survive a reload and clear', async (t) => {
  const page = await open(t);
  assert.equal(await drawAndRead(page, DRAWINGS.heldOut[3 * 6].drawings[0]), 3);
  // The drawing model has softmax outputs, and says so.
  assert.match(await page.getByTestId('bars-caption').textContent(), /^Softmax outputs: .*add up to 1/);
  await page.getByRole('button', { name: 'I meant 3: keep this drawing in your digits' }).click();
  await page.getByTestId('your-digits-summary').filter({ hasText: 'Kept as a 3; the pad is clear for the next. Your digits: 1 kept' }).waitFor();
  // The next digit starts on an empty pad, not over the kept one.
  await page.getByTestId('draw-answer').filter({ hasText: 'Draw a digit.' }).waitFor();
  await page.reload();
  await page.getByTestId('your-digits-summary').filter({ hasText: /^Your digits: 1 kept in this browser \(1\.\d KB\)/ }).waitFor();
  await page.getByRole('button', { name: 'Delete your digits…' }).click();
  await page.getByRole('button', { name: 'Delete all 1' }).click(); // Delete asks first (tests/your-digits-page.test.mjs)
  await page.getByTestId('your-digits-summary').filter({ hasText: 'Your digits: 0 kept' }).waitFor();
});
