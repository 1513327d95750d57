// Publishing without Rust: both GitHub workflows build with the one script this test runs
// (scripts/publish, read from their YAML), and what it makes is a lab. The zip is unpacked,
// served from a sub-path of a plain static server, and opened in Chromium, where MNIST
// loads and a short run trains. The default copy has no Fashion-MNIST (neither its files
// nor the option), its precache list names exactly its files, and it is at most 14 MB.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, OUT, ROOT } from './browser.mjs';

const WORKFLOWS = ['pages.yml', 'release.yml'];
const MAX_BYTES = 14e6;

/** The `run:` commands of a workflow's steps, in order (one-line runs and `run: |` blocks). */
function runsOf(yaml) {
  const lines = yaml.split('\n');
  const runs = [];
  lines.forEach((line, i) => {
    const m = line.match(/^(\s*)(?:- )?run:\s*(.*)$/);
    if (!m) return;
    if (m[2] !== '|') { runs.push(m[2].trim()); return; }
    const block = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() && next.search(/\S/) <= m[1].length) break;
      block.push(next.trim());
    }
    runs.push(block.join('\n').trim());
  });
  return runs;
}

/** Every file under `dir`, as '/'-separated paths relative to it, sorted. */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split(sep).join('/')]))
    .sort();
}

/** The precache list scripts/precache.mjs wrote into an app folder. */
function precacheOf(folder) {
  const text = readFileSync(join(folder, 'www/pkg/precache.js'), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

/** A plain static server: `folder` at `prefix`, a file's bytes and a Content-Type, nothing
 * else (no COOP/COEP or other headers the dev server sends, no compression). */
async function staticHost(prefix, folder) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const host = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    const file = join(folder, normalize(path.slice(prefix.length) || '/').replace(/\/$/, '/index.html'));
    if (!file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${host.address().port}${prefix}`, close: () => host.close() };
}

let unpacked; // the zip's reglab/ folder, unpacked
let tmp;
let build; // { seconds, zipBytes }
before(() => {
  // Each workflow's build step is the same one command; it is run here as the workflow runs it.
  const builds = WORKFLOWS.map((name) => runsOf(readFileSync(join(ROOT, '.github/workflows', name), 'utf8'))
    .filter((run) => /(^|\s)scripts\//.test(run)));
  for (const [i, runs] of builds.entries()) assert.deepEqual(runs, ['scripts/publish'], `${WORKFLOWS[i]}: its build steps`);
  const started = Date.now();
  execFileSync('bash', ['-c', builds[0][0]], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const zip = join(ROOT, 'reglab-dist.zip');
  build = { seconds: (Date.now() - started) / 1000, zipBytes: statSync(zip).size };
  tmp = mkdtempSync(join(tmpdir(), 'reglab-zip-'));
  execFileSync('unzip', ['-q', zip, '-d', tmp]);
  unpacked = join(tmp, 'reglab');
});
after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

test('the workflows deploy dist/ and attach reglab-dist.zip, with pinned actions', () => {
  const pages = readFileSync(join(ROOT, '.github/workflows/pages.yml'), 'utf8');
  const release = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8');
  assert.match(pages, /runs-on: ubuntu-latest/);
  assert.match(pages, /uses: actions\/upload-pages-artifact@v\d+\s+with:\s+path: dist\s/);
  assert.match(pages, /uses: actions\/deploy-pages@v\d+/);
  assert.match(release, /tags: \['v\*'\]/);
  assert.ok(runsOf(release).some((run) => /gh release upload .* reglab-dist\.zip/.test(run)), 'release.yml uploads the zip');
  for (const yaml of [pages, release]) {
    for (const [, action] of yaml.matchAll(/uses: (\S+)/g)) assert.match(action, /@v\d+$/, `${action} is pinned to a version`);
  }
});

test('the zip holds dist/ as it is: no Fashion-MNIST, at most 14 MB, the precache list exactly its files', (t) => {
  const files = walk(unpacked);
  assert.deepEqual(files, walk(join(ROOT, 'dist')), 'the zip\'s reglab/ is dist/');
  const bytes = files.reduce((sum, f) => sum + statSync(join(unpacked, f)).size, 0);
  t.diagnostic(`build ${build.seconds.toFixed(0)} s; dist ${bytes} bytes in ${files.length} files; zip ${build.zipBytes} bytes`);
  assert.ok(bytes <= MAX_BYTES, `dist is ${bytes} bytes, more than ${MAX_BYTES}`);
  assert.deepEqual(files.filter((f) => /fashion/i.test(f)), [], 'Fashion-MNIST files in the default copy');
  assert.deepEqual(files.filter((f) => f.startsWith('data/mnist/')).length, 4, 'the four MNIST files');
  assert.match(readFileSync(join(unpacked, 'www/pkg/datasets.js'), 'utf8'), /export const DATASETS = \["mnist"\];/);
  const listed = precacheOf(unpacked).files.map((f) => f.path).filter((p) => p !== './');
  assert.deepEqual(listed.filter((p) => !files.includes(p)), [], 'listed but not in the folder');
  assert.deepEqual(files.filter((p) => !listed.includes(p)), ['sw.js', 'www/pkg/precache.js'], 'in the folder but not listed');
});

test('the unpacked zip, served from /course/lab/ by a plain static server, loads MNIST and trains', async (t) => {
  const host = await staticHost('/course/lab/', unpacked);
  const browser = await launch();
  t.after(async () => { await browser.close(); host.close(); });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A link to the dataset this copy lacks gets MNIST, and says so.
  await page.goto(`${host.url}#dataset=fashion&iterations=3`);
  await page.locator('#status-text').filter({ hasText: 'MNIST ready: 60,000 training and 10,000 test images' }).waitFor({ timeout: 60000 });
  const options = await page.getByRole('combobox', { name: 'Dataset' }).locator('option').allTextContents();
  assert.deepEqual(options, ['MNIST digits'], 'the datasets offered');
  assert.match(await page.locator('body').textContent(), /dataset=fashion is not in this copy of the lab; using mnist/);
  await page.waitForFunction(() => !document.getElementById('train').disabled, null, { timeout: 60000 });
  await page.getByRole('button', { name: 'Train' }).click();
  await page.locator('#status-text').filter({ hasText: 'Finished 3 iterations' }).waitFor({ timeout: 60000 });
  await page.getByTestId('metrics').filter({ hasText: /test accuracy 0\.\d+/ }).waitFor();
  await page.screenshot({ path: `${OUT}/60-package-zip.png`, fullPage: true });
  assert.deepEqual(errors, [], 'page errors');
});
