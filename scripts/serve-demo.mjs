#!/usr/bin/env node
// Serves the devtools demo page (www/) and the built package (pkg/) the way a user's site would:
// the page's import map points `hwcloud-signer` at /node_modules/hwcloud-signer/src/index.js.
//
//   node scripts/serve-demo.mjs [--port N] [--host 127.0.0.1]     (PORT env also works; 0 = any free port)
//
// Every response carries a strict Content-Security-Policy: scripts only from this origin plus
// 'wasm-unsafe-eval' (needed to compile WebAssembly) and the hash of the page's inline import map.

import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WWW = join(ROOT, 'www');
const PKG = join(ROOT, 'pkg');
const PKG_PREFIX = '/node_modules/hwcloud-signer/';
const PKG_ALLOWED = ['src/', 'dist/', 'package.json'];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function usage(msg) {
  process.stderr.write(`serve-demo: ${msg}\nusage: node scripts/serve-demo.mjs [--port N] [--host ADDRESS]\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (e) {
  usage(e.message);
}
if (args.help) {
  process.stdout.write('usage: node scripts/serve-demo.mjs [--port N] [--host ADDRESS]\nServes the hwcloud-signer devtools page (default http://127.0.0.1:8080/; PORT env or --port, 0 = a free port).\n');
  process.exit(0);
}
const portText = args.port ?? process.env.PORT ?? '8080';
if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) usage(`invalid port ${JSON.stringify(portText)}`);
const port = Number(portText);
const host = args.host ?? '127.0.0.1';

if (!existsSync(join(PKG, 'dist', 'wasm-inline.js'))) {
  process.stderr.write('serve-demo: warning: pkg/dist is missing; run `make build` (scripts/build-wasm.sh) first, or use `make demo`.\n');
}

/** Hashes of the page's inline scripts (the import map) for the CSP. */
function inlineScriptHashes(html) {
  const hashes = [];
  const re = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
  let m;
  while ((m = re.exec(html))) {
    if (/\bsrc\s*=/.test(m[0].slice(0, m[0].indexOf('>')))) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

function csp(html) {
  const scripts = ["'self'", "'wasm-unsafe-eval'", ...(html ? inlineScriptHashes(html) : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Maps a URL path to a file inside an allowed root, or null. */
function resolvePath(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let base = WWW;
  let rel = decoded === '/' ? 'index.html' : decoded.slice(1);
  if (decoded.startsWith(PKG_PREFIX)) {
    rel = decoded.slice(PKG_PREFIX.length);
    base = PKG;
  }
  const file = normalize(join(base, rel));
  if (!file.startsWith(base + sep)) return null;
  if (base === PKG) {
    const inside = file.slice(base.length + 1).split(sep).join('/');
    if (!PKG_ALLOWED.some((p) => inside === p || (p.endsWith('/') && inside.startsWith(p)))) return null;
  }
  try {
    const st = statSync(file);
    if (st.isDirectory()) {
      const index = join(file, 'index.html');
      return existsSync(index) ? index : null;
    }
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

function send(res, status, headers, body, head) {
  res.writeHead(status, {
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.end(head ? undefined : body);
}

const server = createServer((req, res) => {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
    return;
  }
  let url;
  try {
    url = new URL(req.url, 'http://localhost');
  } catch {
    send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n');
    return;
  }
  const file = resolvePath(url.pathname);
  if (!file) {
    send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp() }, 'not found\n', head);
    return;
  }
  const type = MIME[extname(file).toLowerCase()] || 'application/octet-stream';
  let body;
  try {
    body = readFileSync(file);
  } catch {
    send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'cannot read file\n', head);
    return;
  }
  const html = type.startsWith('text/html') ? body.toString('utf8') : null;
  send(res, 200, { 'Content-Type': type, 'Content-Security-Policy': csp(html) }, body, head);
});

server.on('error', (e) => {
  process.stderr.write(e.code === 'EADDRINUSE'
    ? `serve-demo: port ${port} is in use; pick another with --port N (or PORT=N make demo)\n`
    : `serve-demo: ${e.message}\n`);
  process.exit(1);
});

server.listen(port, host, () => {
  const addr = server.address();
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  process.stdout.write(`hwcloud-signer devtools: http://${shown}:${addr.port}/\n(Ctrl+C to stop)\n`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
