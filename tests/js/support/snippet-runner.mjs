// Runs copy-paste snippets for real: a raw HTTP/1.1 server that records exactly what arrives (any
// method token, unlike node:http, which refuses methods it does not know), `bash -c` in an empty
// directory with a canary secret in the environment, and a fetch() snippet evaluated with a stub
// fetch. Used by tests/js/snippets.test.mjs, tests/js/cli.test.mjs and tests/browser/run.mjs.

import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The canary: the value of $HUAWEICLOUD_SDK_SK and $CANARY, which a hostile snippet would try to leak. */
export const CANARY = 'canary-SK-d41d8cd98f00b204e980';

/**
 * A local HTTP/1.1 server that records each request: method, target, headers as received (raw
 * [name, value] pairs) and the body bytes; `raw` holds every byte received. Answers 200 "ok".
 */
export function startRawServer() {
  const requests = [];
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    let head = null;
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (head === null) {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        const [method, target, version] = lines[0].split(' ');
        const headers = lines.slice(1).map((l) => {
          const c = l.indexOf(':');
          return [l.slice(0, c), l.slice(c + 1).trim()];
        });
        head = { method, target, version, headers, start: end + 4 };
        const get = (n) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
        head.length = Number(get('content-length') || 0);
        if (/100-continue/i.test(get('expect') || '')) socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
      if (buf.length - head.start < head.length) return;
      const body = buf.subarray(head.start, head.start + head.length);
      requests.push({ method: head.method, target: head.target, version: head.version, headers: head.headers, body: Buffer.from(body), raw: Buffer.from(buf) });
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        requests,
        close: () => new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}

/** The value of header `name` (case-insensitive) in a recorded request; undefined if absent. */
export function header(req, name) {
  const n = name.toLowerCase();
  const found = req.headers.filter(([k]) => k.toLowerCase() === n);
  return found.length ? found.map(([, v]) => v).join(', ') : undefined;
}

/**
 * Runs `script` with `bash -c` (a script over 100 KiB: from a file) in a fresh empty directory, with HUAWEICLOUD_SDK_SK set to the
 * canary, HOME in that directory (no ~/.curlrc) and no proxy variables. Resolves with the exit
 * code, output and the names of any files the script created there.
 */
export function runBash(script, { env = {}, input } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hwcloud-snippet-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?|all|no)_proxy$/i.test(k) && !k.startsWith('HUAWEICLOUD_')));
  const childEnv = { ...base, HOME: dir, HUAWEICLOUD_SDK_SK: CANARY, CANARY, ...env };
  // One program argument may hold at most 128 KiB (Linux MAX_ARG_STRLEN): a longer script is run
  // from a file kept outside the directory that is checked for created files.
  let scriptDir = null;
  let argv = ['-c', script];
  if (Buffer.byteLength(script) > 100 * 1024) {
    scriptDir = mkdtempSync(join(tmpdir(), 'hwcloud-script-'));
    writeFileSync(join(scriptDir, 'snippet.sh'), script);
    argv = [join(scriptDir, 'snippet.sh')];
  }
  return new Promise((resolve, reject) => {
    const child = spawn('bash', argv, { cwd: dir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const created = readdirSync(dir);
      rmSync(dir, { recursive: true, force: true });
      if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, created });
    });
    // A script that never reads its stdin may exit before the write: EPIPE, not a failure.
    child.stdin.on('error', (e) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * Evaluates a fetch() snippet (`const response = await fetch(…)`) as a module-less async function
 * body with a stub `fetch`, and returns the calls it made: [{ url, init }].
 */
export async function evalFetchSnippet(code) {
  const calls = [];
  const AsyncFunction = (async () => {}).constructor;
  const stub = async (url, init) => {
    calls.push({ url, init });
    return { ok: true, status: 200 };
  };
  await new AsyncFunction('fetch', `${code}\nreturn response;`)(stub);
  return calls;
}
