// End-to-end: the lab in Debian's headless Chromium, used as a learner would. Every test
// fails on any page error or console error. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT, watchErrors } from './browser.mjs';

let browser;
let server;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

/** A fresh page with the data loaded and the run configured; collects errors. */
async function openLab(t) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  watchErrors(page, errors);
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'the page logged errors');
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Train' }).waitFor();
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll('#sample-grid li').length === 24);
  return page;
}

const shot = (page, name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
const metrics = (page) => page.getByTestId('metrics').textContent();
const canvasPixels = (page, id) => page.evaluate((id) => document.getElementById(id).toDataURL(), id);
const correctSamples = (page) => page.locator('[data-testid="sample-grid"] li[data-correct="true"]').count();

async function draw(page, strokes) {
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = await page.locator('#pad').boundingBox();
  for (const stroke of strokes) {
    const [[x0, y0], ...rest] = stroke;
    await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
    await page.mouse.up();
  }
}
const ONE = [[[0.5, 0.2], [0.5, 0.8]]];
const ZERO = [Array.from({ length: 25 }, (_, i) => {
  const a = (i / 24) * 2 * Math.PI;
  return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)];
})];

test('the layout shows at once and the data loads with progress', async (t) => {
  const page = await browser.newPage();
  t.after(() => page.close());
  const seen = [];
  // Each status change, with how many panels were laid out (visible, with a size) then.
  await page.exposeFunction('recordStatus', (text, panels) => seen.push({ text, panels }));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const panels = [...document.querySelectorAll('[data-panel]')].filter((p) => p.getBoundingClientRect().height > 50).length;
      window.recordStatus(document.getElementById('status-text')?.textContent, panels);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Regularization Lab' }).waitFor();
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
  const downloading = seen.filter((s) => /Downloading MNIST… [\d.]+ of [\d.]+ MB/.test(s.text ?? ''));
  assert.ok(downloading.length > 0, `progress shown: ${seen.map((s) => s.text).join(' | ')}`);
  assert.equal(downloading[0].panels, 8, 'all eight panels are laid out while the data still downloads');
  assert.match(await page.locator('#status-text').textContent(), /60,000 training and 10,000 test images/);
  await shot(page, '01-loaded');
});

test('training changes the metrics, the charts and the sample predictions; reset starts over', async (t) => {
  const page = await openLab(t);
  const chartBefore = await canvasPixels(page, 'accuracy-chart');
  const correctBefore = await correctSamples(page);
  assert.equal(await page.getByTestId('sample-grid').locator('li').count(), 24);
  await page.getByRole('button', { name: 'Train' }).click();
  await page.waitForFunction(() => /Iteration (\d\d+)/.test(document.getElementById('metrics').textContent));
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForTimeout(300);
  const text = await metrics(page);
  assert.match(text, /train accuracy 0\.\d+/);
  assert.match(text, /test accuracy 0\.\d+/);
  assert.notEqual(await canvasPixels(page, 'accuracy-chart'), chartBefore, 'the chart was redrawn');
  const correctAfter = await correctSamples(page);
  assert.ok(correctBefore <= 6 && correctAfter >= 18, `grid predictions improve: ${correctBefore} -> ${correctAfter} of 24`);
  assert.match(await page.getByTestId('log').textContent(), /^I:0 Train-Err:0\.722 Train-Acc:0\.537 Test-Err:0\.601 Test-Acc:0\.6488/);
  await shot(page, '02-trained');

  await page.getByLabel('Show the most confident mistakes').check();
  await page.waitForFunction(() => document.querySelectorAll('#sample-grid li[data-correct="true"]').length === 0);
  assert.equal(await page.locator('#sample-grid li[data-correct="false"]').count(), 24);
  await shot(page, '03-mistakes');

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => document.getElementById('metrics').textContent.startsWith('Ready'));
  assert.equal(await page.getByTestId('log').textContent(), '');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => /Iteration 0 /.test(document.getElementById('metrics').textContent));
  await shot(page, '04-reset');
});

test("a drawn 1 and a drawn 0 get a preview and the run's network's prediction", async (t) => {
  const page = await openLab(t);
  await page.getByTestId('draw-answer').filter({ hasText: 'Draw a digit.' }).waitFor();
  // This test is about the run's network (the pad starts with the ready drawing model).
  await page.getByLabel('The network of your run').check();
  await draw(page, ONE);
  await page.getByTestId('draw-answer').filter({ hasText: 'The network says' }).waitFor();
  assert.equal(await page.getByTestId('bars').locator('.bar').count(), 10);
  const previewInk = () => page.evaluate(() => {
    const data = document.getElementById('preview').getContext('2d').getImageData(0, 0, 28, 28).data;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) lit += data[i] > 0 ? 1 : 0;
    return lit;
  });
  assert.ok(await previewInk() > 15, 'the 28x28 preview shows the digit');
  assert.match(await page.getByTestId('network-caption').textContent(), /all 40 live/);

  // Train a few iterations, then the network should read both digits.
  await page.getByRole('button', { name: 'Step iteration' }).click();
  for (let i = 0; i < 4; i += 1) await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.waitForFunction(() => /Iteration 5 /.test(document.getElementById('metrics').textContent));
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.getByTestId('draw-answer').filter({ hasText: 'Draw a digit.' }).waitFor();
  await draw(page, ONE);
  await page.getByTestId('draw-answer').filter({ hasText: 'The network says: 1' }).waitFor();
  await shot(page, '05-drawn-one');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await draw(page, ZERO);
  await page.getByTestId('draw-answer').filter({ hasText: 'The network says: 0' }).waitFor();
  await shot(page, '06-drawn-zero');
});

test('dropout greys out neurons, with a new mask each step', async (t) => {
  const page = await openLab(t);
  await page.getByRole('button', { name: 'Dropout', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('metrics').textContent.includes('dropout keep 0.5'));
  const masks = [];
  for (let i = 0; i < 4; i += 1) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction((n) => new RegExp(`Iteration 0 .*`).test(document.getElementById('metrics').textContent)
      && document.getElementById('network-canvas').dataset.step === String(n + 1), i);
    masks.push(await page.locator('#network-canvas').getAttribute('data-mask-key'));
  }
  const caption = await page.getByTestId('network-caption').textContent();
  assert.match(caption, /dropout switched off (\d+) of 100 hidden neurons/);
  const dropped = Number(caption.match(/off (\d+) of/)[1]);
  assert.ok(dropped > 25 && dropped < 75, `about half dropped: ${dropped}`);
  assert.equal(new Set(masks).size, masks.length, 'each step draws a new mask');
  await shot(page, '07-dropout');
});

test("the book's plain run, seed 1, ends on the book's printed line", async (t) => {
  const page = await openLab(t);
  await page.getByRole('button', { name: 'Overfitting', exact: true }).click();
  await page.getByRole('button', { name: 'Train' }).click();
  await page.waitForFunction(() => document.getElementById('train').textContent === 'Train again', null, { timeout: 120000 });
  const book = readFileSync(`${ROOT}../shared/reference/book-ch8-plain.txt`, 'utf8').trim().split('\n');
  const log = (await page.getByTestId('log').textContent()).trim().split('\n');
  assert.equal(log.at(-1), book.at(-1));
  assert.deepEqual(log, book, 'every logged line equals the book');
  await shot(page, '08-book-plain-done');
});
