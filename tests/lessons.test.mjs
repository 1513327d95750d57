// End-to-end: the first seven lessons, compare runs and weight pictures, as a learner uses them
// (answering each lesson's question and skipping to the end of its runs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { launch, serve, OUT, ROOT, watchErrors } from './browser.mjs';

let browser;
let server;
let page;
const errors = [];

// One page for the whole file: lessons build on each other's finished runs (compare).
before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
});
after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(errors, [], 'the page logged errors');
});

async function runLesson(title, timeout = 120000) {
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('group', { name: 'Your prediction' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('button', { name: 'Skip to the end' }).click();
  await page.locator('#lesson-text .outro').waitFor({ timeout });
  return (await page.getByTestId('lesson-text').textContent()).replace(/\s+/g, ' ');
}

const shot = (name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

test('lesson 1, overfitting, ends with the book figure beside the learner\'s', async () => {
  const weightsBefore = await page.getByTestId('weight-grid').getAttribute('data-version');
  const text = await runLesson('1. Overfitting');
  assert.match(text, /Your test accuracy peaked at 0\.8\d* at iteration \d+/);
  assert.match(text, /The book printed 0\.7073; you got 0\.7073\./);
  const weightsAfter = await page.getByTestId('weight-grid').getAttribute('data-version');
  assert.notEqual(weightsAfter, weightsBefore, 'weight pictures were redrawn during training');
  assert.equal(await page.locator('#weight-grid canvas').count(), 40);
  await shot('10-lesson-overfitting');
});

test('lesson 2, early stopping, stops where the command line stops', async () => {
  const text = await runLesson('2. Early stopping');
  const cli = execFileSync(`${ROOT}target/release/reglab`,
    ['train', '--validation', '1000', '--patience', '20', '--iterations', '150', '--data', `${ROOT}data/mnist`],
    { encoding: 'utf8' }).trim().split('\n').at(-1);
  const [, stop, best, validAcc, testAcc] = cli.match(/Early stop at I:(\d+) .*best I:(\d+) Valid-Acc:([\d.]+); restored its weights: Test-Err:[\d.]+ Test-Acc:([\d.]+)/);
  assert.match(text, new RegExp(`best at iteration ${best} \\(${validAcc}\\); patience ran out at iteration ${stop}\\.`));
  assert.match(text, new RegExp(`The restored weights score ${testAcc} on the test set`));
  await shot('11-lesson-early-stopping');
});

test('lesson 3, capacity, shows each width\'s train, test and gap, and its sentences agree with them', async () => {
  const text = await runLesson('3. Capacity', 240000);
  const rows = await page.getByTestId('lesson-figures').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['10', '40', '400']);
  assert.deepEqual(rows.map((r) => r[1]), ['7,940', '31,760', '317,600']);
  const [train, test, gap] = [2, 3, 4].map((k) => rows.map((r) => parseFloat(r[k])));
  for (let k = 0; k < 3; k += 1) assert.ok(Math.abs(train[k] - test[k] - gap[k]) < 0.11, `gap = train - test in row ${rows[k]}`);
  assert.deepEqual([rows[1][2], rows[1][3]], ['100.0%', '70.7%'], 'the book\'s 40 neurons: its printed run');
  const widest = [10, 40, 400][gap.indexOf(Math.max(...gap))];
  assert.match(text, new RegExp(`The biggest gap was the ${widest}-neuron network's, ${Math.max(...gap).toFixed(1)} points`));
  assert.match(text, /underfitting/);
  assert.ok(train[0] < train[1], 'the small network cannot learn all its training digits');
  if (widest !== 400) assert.match(text, /In your run it did\s+not: its gap is .*double descent/);
  await shot('16-lesson-capacity');
});

test('lesson 4, dropout, against the same 100 neurons without it, matches the book', async () => {
  const text = await runLesson('4. Dropout');
  assert.match(text, /Without dropout, test accuracy peaked at 0\.837 \(iteration 20\)/);
  const train = Number(text.match(/\(train, with dropout on, ([\d.]+)\)/)[1]);
  assert.ok(train < 1, `train accuracy ${train}`);
  assert.match(text, /The book printed the test figure of iteration 290, 0\.8181; yours at iteration 290 was 0\.8181\./);
  // Finished runs keep their weight pictures: the right pane shows the run before this one.
  assert.match(await page.getByLabel('Right weight pictures: which run').locator('option:checked').textContent(), /plain, 100 neurons/);
  assert.equal(await page.getByTestId('weight-previous').locator('canvas').count(), 100);
  await shot('12-lesson-dropout');
});

test('lesson 5, a hundred networks: ten fresh seeds, and the vote the core counts, as the command line counts it', async () => {
  const text = await runLesson('5. A hundred networks', 300000);
  const grid = page.getByTestId('vote-grid');
  // Each row: [who, its test accuracy, the digit it read for each column].
  const rows = await grid.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.name').textContent,
    tr.querySelector('.accuracy').textContent, ...[...tr.cells].slice(1).map((c) => c.textContent)]));
  const networks = rows.filter((r) => r[0].startsWith('seed '));
  assert.ok(networks.length >= 10, `at least ten networks: ${networks.length}`);
  const seeds = networks.map((r) => Number(r[0].match(/^seed (\d+)$/)[1]));
  assert.equal(new Set(seeds).size, seeds.length, `distinct seeds ${seeds}`);
  // Each cell marks a mistake against the digit in its column.
  const labels = await grid.locator('thead th.digit span').allTextContents();
  assert.ok(labels.length >= 8, `test digits shown: ${labels}`);
  for (const row of rows) {
    row.slice(2).forEach((cell, j) => assert.equal(cell.startsWith('✗'), cell.replace('✗ ', '') !== labels[j], `cell ${row[0]} / ${j}`));
  }
  // The native core trains the same seeds and counts the same vote.
  const cli = execFileSync(`${ROOT}target/release/reglab`, ['vote', '--seeds', seeds.join(','), '--data', `${ROOT}data/mnist`], { encoding: 'utf8' }).trim().split('\n');
  const native = Object.fromEntries(cli.at(-1).replace(/^Vote /, '').split(' ').map((kv) => kv.split(':')).map(([k, v]) => [k, Number(v)]));
  const alone = cli.slice(0, -1).map((line) => Number(line.match(/Test-Acc:([\d.]+)/)[1]));
  const exact = await grid.evaluate((t) => ({ ...t.dataset }));
  assert.deepEqual(exact.members.split(',').map(Number), alone, 'each network as trained natively');
  assert.deepEqual([exact.majority, exact.averaged, exact.split].map(Number), [native.majority, native.averaged, native.split], 'the same vote');
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const escaped = (x) => pct(x).replace('.', '\\.');
  assert.deepEqual(networks.map((r) => r[1]), alone.map(pct));
  assert.equal(rows.find((r) => r[0] === 'majority vote')[1], pct(native.majority));
  assert.match(text, new RegExp(`the majority was right on ${escaped(native.majority)} of them, and their averaged outputs on ${escaped(native.averaged)}`));
  assert.match(text, new RegExp(`on ${escaped(native.split)} of the test digits some were right and others wrong`));
  const verdict = native.majority - native.best > 0.005 ? /The vote beat the best network by/ : /Here the vote did not beat the best network/;
  assert.match(text, verdict);
  await shot('17-lesson-ensemble');
});

test('lesson 6, mini-batches, runs both on one chart', async () => {
  const text = await runLesson('6. Mini-batches');
  assert.match(text, /Per example: test accuracy 0\.\d+ after 100,000 updates\. Batches of 100: 0\.\d+ after 1,000 averaged updates/);
  // The speed sentence agrees with the seconds the worker measured, shown in Compare.
  const [, single, batched] = text.match(/a pass took ([\d.]+) ms one example at a time .* and ([\d.]+) ms in batches/).map(Number);
  const seconds = await page.getByTestId('compare-table').locator('tbody tr').evaluateAll((trs) => trs.slice(-2).map((tr) => Number(tr.cells[tr.cells.length - 1].textContent)));
  [single, batched].forEach((perPass, k) => assert.ok(Math.abs(perPass - seconds[k] * 10) <= 0.11, `per pass ${perPass} ms = ${seconds[k]} s / 100 passes`));
  if (batched < single * 0.9) assert.match(text, /Batches were faster per pass here too/);
  else assert.match(text, new RegExp(`here batches were ${batched > single * 1.1 ? 'slower' : 'no faster'} per pass`));
  // One chart: the batch run's curves and, beside them, the per-example run's test curve.
  const legend = await page.locator('.curves .legend').first().locator('.legend-item').allTextContents();
  assert.ok(legend.includes('test, batches of 100, α 0.1'), `the current run's curves are named: ${legend}`);
  assert.ok(legend.some((name) => /^test, per example/.test(name)), `the first run's test curve stays on the chart: ${legend}`);
  await shot('13-lesson-batches');
});

test('lesson 7, more data, closes the gap', async () => {
  const text = await runLesson('7. More data');
  const gaps = [...text.matchAll(/gap ([\d.]+) points/g)].map((m) => Number(m[1]));
  assert.equal(gaps.length, 3);
  assert.ok(gaps[0] > gaps[1] && gaps[1] > gaps[2], `gaps ${gaps}`);
});

test('compare lists one table row per finished run, in order', async () => {
  // Lessons 1 and 2 made one run each, lesson 3 three, lesson 4 two, lesson 5 ten, lesson 6 two, lesson 7 three: 22 runs, the last six kept.
  const rows = page.getByTestId('compare-table').locator('tbody tr');
  assert.equal(await rows.count(), 6);
  const labels = await rows.locator('th').allTextContents();
  assert.match(labels[0], /^#17 seed \d+$/);
  assert.deepEqual(labels.slice(1), ['#18 per example, α 0.005', '#19 batches of 100, α 0.1', '#20 100 images', '#21 1,000 images', '#22 10,000 images']);
  await page.locator('#compare-chart').scrollIntoViewIfNeeded();
  await page.locator('#compare-chart').screenshot({ path: `${OUT}/14-compare.png` });
});

test('out-of-range settings are refused with a message and the run is kept', async () => {
  const before = { metrics: await page.getByTestId('metrics').textContent(), log: await page.locator('#log').textContent(), button: await page.locator('#train').textContent() };
  assert.match(before.metrics, /Iteration \d+/, 'a run to keep');
  await page.getByLabel('Hidden units').fill('5000');
  await page.getByLabel('Hidden units').press('Enter');
  await page.getByLabel('Hidden units').blur();
  await page.locator('#config-message').filter({ hasText: 'Hidden units must be a whole number from 1 to 1024.' }).waitFor();
  assert.equal(await page.getByLabel('Hidden units').getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(300); // a refused setting must not reach the worker: nothing may change
  assert.deepEqual({ metrics: await page.getByTestId('metrics').textContent(), log: await page.locator('#log').textContent(), button: await page.locator('#train').textContent() }, before);
  await page.getByLabel('Hidden units').fill('40');
  await page.getByLabel('Hidden units').blur();
  await page.locator('#config-message').filter({ hasText: /^$/ }).waitFor();
});

test('Fashion-MNIST loads through the same code and trains', async () => {
  await page.getByLabel('Dataset').selectOption('fashion');
  await page.locator('#status-text').filter({ hasText: 'Fashion-MNIST ready: 60,000 training and 10,000 test images.' }).waitFor({ timeout: 60000 });
  await page.waitForFunction(() => !document.getElementById('step-iteration').disabled);
  await page.getByRole('button', { name: 'Step iteration' }).click();
  await page.getByTestId('metrics').filter({ hasText: /Iteration 1 .*train accuracy 0\.\d+.*test accuracy 0\.\d+/ }).waitFor();
  await shot('15-fashion');
});
