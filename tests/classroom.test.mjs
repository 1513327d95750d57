// End-to-end: the lab in a classroom. Hostile links (notices that stay small), a phone
// (no layout shift under the pad, 24 px tap targets), the keyboard (focus kept when a run
// ends, the Share dialog keeps focus, a lesson run by keyboard alone), axe at two widths
// before and after a run and in every embed, light and dark, and reduced motion.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PANELS } from '../www/state.js';
import { axe, launch, serve, OUT } from './browser.mjs';

let browser;
let server;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const LAPTOP = { viewport: { width: 1280, height: 800 } };

async function open(t, hash = '', options = LAPTOP, init = null) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (init) await page.addInitScript(init);
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(server.url + hash);
  return page;
}
const ready = (page) => page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });

test('a hostile link gives a short notice that opens for more and can be dismissed', async (t) => {
  const keys = Array.from({ length: 500 }, (_, i) => `junk${i}=1`).join('&');
  const page = await open(t, `#${keys}&seed=${'9'.repeat(100000)}`, PHONE);
  await ready(page);
  const notice = page.getByRole('alert').filter({ hasText: 'replaced by defaults' });
  const box = await notice.boundingBox();
  assert.ok(box.height < 300, `notice ${box.height} px tall`);
  assert.match(await notice.textContent(), /\(501\):/);
  assert.match(await notice.textContent(), /and 498 more/);
  assert.match(await notice.textContent(), /\(100,000 characters\)/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await page.screenshot({ path: `${OUT}/50-hostile-notice-phone.png` });
  await notice.getByText('and 498 more').click();
  const opened = await notice.boundingBox();
  assert.ok(opened.height < 500, `opened notice ${opened.height} px tall (its list scrolls)`);
  assert.equal(await page.locator('#notice details').evaluate((d) => d.open), true);
  assert.match(await page.locator('#notice .notice-more').textContent(), /junk499 is not a setting/);
  await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
  assert.equal(await page.locator('#notice').isHidden(), true);
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
});

/** Draws a stroke and returns how far the pad moved on the page (max over the stroke). */
async function padShift(page, touch) {
  // The first run's sample grid and weight pictures come a moment after Train is enabled (the
  // training images still stream in); the pad must not move for the drawing itself.
  await page.waitForFunction(() => document.getElementById('sample-grid').childElementCount > 0, null, { timeout: 30000 });
  await page.waitForTimeout(1500);
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const top = () => page.evaluate(() => document.getElementById('pad').getBoundingClientRect().top + scrollY);
  const start = await top();
  const box = await page.locator('#pad').boundingBox();
  let worst = 0;
  const cdp = touch ? await page.context().newCDPSession(page) : null;
  const at = (y) => ({ x: box.x + box.width / 2, y: box.y + box.height * y });
  if (touch) await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0.2)] });
  else { await page.mouse.move(at(0.2).x, at(0.2).y); await page.mouse.down(); }
  for (let y = 0.25; y <= 0.8; y += 0.05) {
    if (touch) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(y)] });
    else await page.mouse.move(at(y).x, at(y).y);
    await page.waitForTimeout(30);
    worst = Math.max(worst, Math.abs((await top()) - start));
  }
  if (touch) await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  else await page.mouse.up();
  await page.getByTestId('draw-answer').filter({ hasText: /says: \d/ }).waitFor();
  await page.waitForTimeout(300);
  return Math.max(worst, Math.abs((await top()) - start));
}

test('drawing does not move the pad, on a phone or a laptop; tap targets are 24 px', async (t) => {
  const phone = await open(t, '', PHONE);
  await ready(phone);
  const small = await phone.evaluate(() => [...document.querySelectorAll('summary, label:has(> input[type="checkbox"]), label:has(> input[type="radio"]), input[type="range"], button')]
    .filter((el) => el.getClientRects().length && !el.closest('[hidden], dialog'))
    .map((el) => [el.id || el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
    .filter(([, r]) => r.height < 24 || r.width < 24).map(([name, r]) => `${name} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`));
  assert.deepEqual(small, [], 'targets under 24 px');
  assert.equal(await padShift(phone, true), 0, 'pad moved on the phone');
  await phone.screenshot({ path: `${OUT}/51-phone-drawn.png` });
  const laptop = await open(t, '', LAPTOP);
  await ready(laptop);
  assert.equal(await padShift(laptop, false), 0, 'pad moved on the laptop');
});

test('focus stays on a control when a run ends; the Share dialog keeps focus inside', async (t) => {
  const page = await open(t, '#iterations=3');
  await ready(page);
  await page.getByRole('button', { name: 'Train' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#status-text').filter({ hasText: 'Finished 3 iterations' }).waitFor();
  await page.waitForTimeout(300);
  const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, text: document.activeElement.textContent.trim(), disabled: document.activeElement.disabled }));
  assert.notEqual(focused.tag, 'BODY', 'focus fell to the body');
  assert.equal(focused.disabled, false);

  await page.getByRole('button', { name: 'Share or embed…' }).focus();
  await page.keyboard.press('Enter');
  const inside = () => page.evaluate(() => document.getElementById('share-dialog').contains(document.activeElement));
  for (let i = 0; i < 25; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(), `Tab ${i + 1} left the dialog`);
  }
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside(), `Shift+Tab ${i + 1} left the dialog`);
  }
  assert.match(await page.locator('#share-embed').inputValue(), /reglab:resize/);
  assert.match(await page.locator('#share-embed').inputValue(), /height="\d+"/);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'share');
});

test('a lesson run with the keyboard alone', async (t) => {
  const page = await open(t);
  await ready(page);
  // Tabs (forward) to the control whose text starts with `name`, unless focus is on it
  // already (the lesson moves focus to its next step), then presses Enter.
  const press = async (name) => {
    const on = () => page.evaluate((n) => document.activeElement.textContent.trim().startsWith(n), name);
    let found = await on();
    for (let i = 0; i < 40 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = await on();
    }
    assert.ok(found, `${name} is reached by Tab`);
    await page.keyboard.press('Enter');
  };
  await press('1. Overfitting');
  await page.getByRole('group', { name: 'Your prediction' }).waitFor();
  // Shift+Tab back to the top of the lesson, then forward to the first answer.
  await page.getByRole('button', { name: '1. Overfitting' }).focus();
  await press(await page.getByRole('group', { name: 'Your prediction' }).getByRole('button').first().textContent());
  await press('Start the run');
  await press('Skip to the end');
  await page.getByTestId('lesson-text').filter({ hasText: 'What happened' }).waitFor({ timeout: 120000 });
  await page.waitForTimeout(300);
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
  // Go on with the keyboard: Tab still moves from where the learner was.
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
});

test('axe: no serious or critical problem before and after a run, at 1280 and 360 px, light and dark', async (t) => {
  const problems = [];
  for (const [name, options] of [['1280', LAPTOP], ['360', PHONE]]) {
    for (const colorScheme of ['light', 'dark']) {
      const page = await open(t, '#iterations=20', { ...options, colorScheme });
      await ready(page);
      problems.push(...await axe(page, `${name} ${colorScheme} before`));
      await page.getByRole('button', { name: 'Train' }).click();
      await page.locator('#status-text').filter({ hasText: 'Finished 20 iterations' }).waitFor();
      for (const summary of await page.locator('details > summary').all()) await summary.click();
      problems.push(...await axe(page, `${name} ${colorScheme} after`));
      const w = options.viewport.width;
      await page.screenshot({ path: `${OUT}/52-page-${w}-${colorScheme}.png`, fullPage: w < 400 });
    }
  }
  assert.deepEqual(problems, []);
});

test('axe: each embed, with its level-one heading', async (t) => {
  const problems = [];
  const heights = [];
  for (const panel of PANELS) {
    const page = await open(t, `#embed=1&panels=${panel}&iterations=5`, { viewport: { width: 700, height: 900 } });
    await page.waitForFunction(() => document.getElementById('status-text').textContent.match(/ready|Finished/), null, { timeout: 60000 });
    const h1 = page.getByRole('heading', { level: 1 });
    assert.equal(await h1.count(), 1, `${panel}: one h1`);
    problems.push(...await axe(page, panel));
    heights.push(`${panel} ${await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height))}`);
    await page.close();
  }
  t.diagnostic(`embed heights at 700 px: ${heights.join(', ')}`);
  assert.deepEqual(problems, []);
});

/** Counts the separate redraws of each canvas (calls more than 40 ms apart) while training for 3 s. */
async function redraws(t, reducedMotion) {
  const page = await open(t, '#iterations=5000&hidden=40&speed=8', { ...LAPTOP, reducedMotion }, () => {
    window.draws = {};
    const last = {};
    for (const name of ['clearRect', 'fillRect', 'drawImage', 'fillText', 'stroke', 'fill']) {
      const original = CanvasRenderingContext2D.prototype[name];
      CanvasRenderingContext2D.prototype[name] = function patched(...args) {
        const id = this.canvas.id;
        const now = performance.now();
        if (id && (!last[id] || now - last[id] > 40)) window.draws[id] = (window.draws[id] ?? 0) + 1;
        if (id) last[id] = now;
        return original.apply(this, args);
      };
    }
  });
  await ready(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.draws = {}; });
  await page.waitForTimeout(3000);
  const counts = await page.evaluate(() => window.draws);
  await page.getByRole('button', { name: 'Pause' }).click();
  return counts;
}

test('reduced motion: the diagram and the charts redraw at most once a second', async (t) => {
  const calm = await redraws(t, 'reduce');
  t.diagnostic(`reduced motion, 3 s: ${JSON.stringify(calm)}`);
  for (const id of ['network-canvas', 'error-chart', 'accuracy-chart']) assert.ok((calm[id] ?? 0) <= 4, `${id}: ${calm[id]} redraws in 3 s`);
  const normal = await redraws(t, 'no-preference');
  t.diagnostic(`normal motion, 3 s: ${JSON.stringify(normal)}`);
  for (const id of ['network-canvas', 'error-chart']) assert.ok(normal[id] > 10, `without the preference ${id} follows training (the count can tell): ${normal[id]}`);
});

test("on a phone each setting's help opens under it from its own button, by tap or key", async (t) => {
  const page = await open(t, '', PHONE);
  await ready(page);
  const fields = page.locator('#settings-fields .field');
  assert.equal(await fields.count(), await page.locator('#settings-fields input').count(), 'one help button per setting');
  const input = page.getByLabel('Training images');
  const helpId = await input.getAttribute('aria-describedby');
  const help = page.locator(`#${helpId}`);
  const toggle = page.locator(`.help-toggle[aria-controls="${helpId}"]`);
  assert.match(await help.textContent(), /training images, from the start of the training file \(a whole number from 1 to/);
  assert.equal(await help.isHidden(), true, 'help starts folded');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  const target = await toggle.boundingBox();
  assert.ok(target.width >= 24 && target.height >= 24, `tap target ${target.width}x${target.height}`);
  await toggle.tap();
  assert.equal(await help.isVisible(), true, 'tapping shows the help');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const box = await help.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `help within the screen: ${box.x}+${box.width}`);
  await page.screenshot({ path: `${OUT}/53-setting-help-phone.png` });
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await help.isHidden(), true, 'Enter folds it again');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(await axe(page, 'help'), []);
});

test('on a phone three finished runs fit the compare table without sideways scrolling', async (t) => {
  const page = await open(t, '', PHONE);
  await ready(page);
  await page.getByRole('button', { name: 'Overfitting', exact: true }).click();
  for (let n = 1; n <= 3; n += 1) {
    await page.locator('#train').click();
    await page.waitForFunction((count) => document.querySelectorAll('#compare-rows tr').length === count, n, { timeout: 120000 });
  }
  const table = page.getByTestId('compare-table');
  await table.scrollIntoViewIfNeeded();
  const fit = await page.evaluate(() => {
    const wrap = document.querySelector('[data-panel="compare"] .table-wrap');
    const right = Math.max(...[...wrap.querySelectorAll('tbody th, tbody td')].map((c) => c.getBoundingClientRect().right));
    return { right, scroll: wrap.scrollWidth - wrap.clientWidth, page: document.documentElement.scrollWidth - innerWidth };
  });
  assert.ok(fit.right <= 360, `rightmost figure at ${fit.right} px`);
  assert.equal(fit.scroll, 0, 'the table region scrolls sideways');
  assert.ok(fit.page <= 0, `the page scrolls sideways by ${fit.page} px`);
  // Still a table to a screen reader: three rows of figures under their column names.
  assert.equal(await table.getByRole('row').count(), 4);
  assert.equal(await table.getByRole('columnheader', { name: 'Best test acc.' }).count(), 1);
  assert.match(await table.locator('tbody td[data-label="Train acc."]').first().textContent(), /^1\.000$/);
  await page.locator('[data-panel="compare"]').screenshot({ path: `${OUT}/54-compare-phone.png` });
  assert.deepEqual(await axe(page, 'compare, three runs'), []);
});
