// End-to-end: a teacher's link that hides and locks controls (hide=, lock=; www/state.js,
// enforced in www/host-commands.js). Hidden controls are not shown, a locked one is shown
// read-only, and a change of a locked setting is refused through a later hash and through
// the host API (from a course page on a second origin), with a notice on the page.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launch, serve, OUT } from './browser.mjs';

const RULES = 'hide=speed,step,reset,alpha&lock=hidden';
let browser;
let lab;
let host; // a second origin for the host-API test
let hostHtml = '';

before(async () => {
  lab = await serve();
  browser = await launch();
  host = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostHtml));
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
after(async () => { await browser?.close(); lab?.stop(); host?.close(); });

async function open(t, url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'page errors'); });
  await page.goto(url);
  return page;
}

test('a link with hide= shows none of those controls, lock= shows hidden read-only, and a hash cannot change it', async (t) => {
  const page = await open(t, `${lab.url}#${RULES}&keep=0.5`);
  await page.getByText(/MNIST ready/).waitFor({ timeout: 60000 });
  for (const id of ['speed', 'step', 'step-iteration', 'reset', 'alpha']) {
    assert.equal(await page.locator(`#${id}`).isVisible(), false, `${id} is hidden`);
  }
  const hidden = page.getByLabel('Hidden units');
  assert.equal(await hidden.isVisible(), true, 'a locked control is shown');
  assert.equal(await hidden.getAttribute('readonly'), '', 'and read-only');
  assert.match(await page.locator('.field', { has: hidden }).textContent(), /fixed by this link/);
  assert.equal(await page.getByLabel('Dropout: keep probability').isEditable(), true, 'other settings stay editable');
  assert.equal(await page.getByRole('button', { name: 'Train', exact: true }).isVisible(), true);
  assert.equal(await page.getByRole('button', { name: 'Load model…' }).isDisabled(), true, 'a model file would bring its own hidden size');

  // A later hash asking for 100 hidden neurons: refused, with a notice, the URL as it was.
  await page.evaluate((rules) => { location.hash = `#${rules}&keep=0.5&hidden=100`; }, RULES);
  await page.locator('#notice').filter({ hasText: /hidden fixed/ }).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /hidden=100/);
  // Taking the rules out of the hash does not lift them either.
  await page.evaluate(() => { location.hash = '#hidden=100'; });
  await page.locator('#notice').filter({ hasText: /hide, lock fixed|hidden, hide, lock fixed/ }).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  // A setting the link did not fix still follows the hash.
  await page.evaluate((rules) => { location.hash = `#${rules}&keep=0.8`; }, RULES);
  await page.waitForFunction(() => document.getElementById('keep').value === '0.8');
  // A preset would change the locked hidden size: refused in the panel, nothing changes.
  await page.getByRole('button', { name: 'Dropout', exact: true }).click();
  await page.getByText(/This link keeps Hidden units as it is; nothing changed/).waitFor();
  assert.equal(await hidden.inputValue(), '40');
  assert.equal(await page.getByLabel('Dropout: keep probability').inputValue(), '0.8');
});

test('unknown names in hide= and lock= are reported on the page', async (t) => {
  const page = await open(t, `${lab.url}#hide=speed,sped&lock=hiden`);
  await page.locator('#notice').filter({ hasText: /no control is called sped/ }).waitFor({ timeout: 30000 });
  assert.match(await page.locator('#notice').textContent(), /no control is called hiden/);
  assert.equal(await page.locator('#speed').isVisible(), false, 'the known name still applies');
});

test('through the host API a locked setting is refused by name, and nothing changes', async (t) => {
  hostHtml = `<!doctype html><html lang="en"><title>Course</title><h1>Week 8</h1>`
    + `<iframe src="${lab.url}#embed=1&panels=controls,curves&${RULES}&iterations=5" title="Lab" width="900" height="800"></iframe>`
    + '<script>window.seen=[];addEventListener("message",(e)=>window.seen.push(e.data));</script>';
  const page = await open(t, `http://localhost:${host.address().port}/`);
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:ready'), null, { timeout: 60000 });
  const frame = page.frameLocator('iframe');
  const post = (settings) => page.evaluate((s) => document.querySelector('iframe').contentWindow.postMessage({ type: 'reglab:configure', settings: s }, '*'), settings);
  await post({ hidden: 100, keep: 0.5 });
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'reglab:error'));
  const [error] = await page.evaluate(() => window.seen.filter((m) => m.type === 'reglab:error').map((m) => m.message));
  assert.match(error, /keeps hidden fixed/);
  await frame.locator('#notice').filter({ hasText: /hidden fixed/ }).waitFor();
  assert.equal(await frame.getByLabel('Hidden units').inputValue(), '40');
  assert.equal(await frame.getByLabel('Dropout: keep probability').inputValue(), '1', 'nothing of the refused message was applied');
  // The same host may change what the link left free.
  await post({ keep: 0.5 });
  const inner = await (await page.locator('iframe').elementHandle()).contentFrame();
  await inner.waitForFunction(() => document.getElementById('keep').value === '0.5');
  assert.equal((await page.evaluate(() => window.seen.filter((m) => m.type === 'reglab:error').length)), 1);
  await page.screenshot({ path: `${OUT}/issue21-locked-embed.png` });
});
