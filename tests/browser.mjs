// Launches Debian's Chromium through playwright-core (never a downloaded browser) and
// starts the lab's server on a free port. Shared by the end-to-end tests and the bench.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

export const ROOT = new URL('..', import.meta.url).pathname;
/** Where the end-to-end tests save their screenshots. */
export const OUT = `${ROOT}test-output`;
mkdirSync(OUT, { recursive: true });

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** Collects the page's uncaught errors and console errors into `errors` (returned). */
export function watchErrors(page, errors = []) {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

async function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts scripts/server.mjs; resolves to { url, stop }. */
export async function serve() {
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}scripts/server.mjs`, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const AXE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
/** axe's serious and critical violations on the page as it is, each as "where: rule: targets". */
export async function axe(page, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${where}: ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}
