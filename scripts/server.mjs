// Static server for the lab: index.html, www/ and data/, with the right MIME types and a
// strict Content-Security-Policy: own origin only, no inline script. 'wasm-unsafe-eval'
// lets the page and the worker compile the wasm module; style *attributes* are allowed
// because plotters measures chart text with a styled <span> (attributes cannot run code;
// <style> elements stay blocked). No dependencies: Node's http module.
// Text and wasm go gzip-compressed to browsers that accept it, as most static hosts do
// (the MNIST files are gzip already). REGLAB_REQUEST_LOG=file appends one JSON line per
// response ({ path, status, bytes }) for the network benchmark (tests/bench-network.mjs).
// usage: node scripts/server.mjs [port] [host]
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const host = process.argv[3] ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.gz': 'application/octet-stream',
  '.rglb': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-elem 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
// Who may frame what. The app page (/ and /index.html) is also the embed: an embed is the
// same URL with a #embed=1 hash, and the hash never reaches the server, so no header can
// let embeds be framed and refuse the full page. The page sends none and guards itself
// (www/frame-guard.js: framed by another site without #embed=1 it shows only a link to
// open the lab in its own tab). Every other file is never a page in another site's frame.
const FRAMED_BY_SELF_ONLY = "frame-ancestors 'self'";
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.webmanifest']);
const gzipped = new Map(); // path -> { etag, body }: each file is compressed once per version
const requestLog = process.env.REGLAB_REQUEST_LOG;
const logged = (path, status, bytes) => {
  if (requestLog) appendFileSync(requestLog, `${JSON.stringify({ path, status, bytes })}\n`);
};

// Only these top-level folders are served: the app, its scripts, and the data.
const SERVED = ['www', 'data', 'index.html', 'sw.js'];

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^\/+/, '');
  const file = join(root, relative);
  const top = relative.split('/')[0];
  const headers = {
    'Content-Security-Policy': relative === 'index.html' ? CSP : `${CSP}; ${FRAMED_BY_SELF_ONLY}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (!file.startsWith(root) || !SERVED.includes(top)) {
    res.writeHead(404, headers).end('not found');
    logged(path, 404, 0);
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    // 'no-cache' with an ETag: the browser asks again each time, and an unchanged file
    // costs a 304, not its bytes (the page and its two workers load the same scripts).
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    headers.ETag = etag;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      logged(path, 304, 0);
      return;
    }
    let body = await readFile(file);
    headers['Content-Type'] = TYPES[extname(file)] ?? 'application/octet-stream';
    if (COMPRESSED.has(extname(file))) {
      headers.Vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (gzipped.get(file)?.etag !== etag) gzipped.set(file, { etag, body: gzipSync(body, { level: 9 }) });
        body = gzipped.get(file).body;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    logged(path, 200, body.length);
  } catch {
    res.writeHead(404, headers).end('not found');
    logged(path, 404, 0);
  }
});
server.listen(port, host, () => console.log(`Regularization Lab at http://${host}:${port}`));
