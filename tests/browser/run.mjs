#!/usr/bin/env node
// Browser test of the devtools demo page (www/), driven in Debian's Chromium with playwright-core.
// Starts scripts/serve-demo.mjs on a free port, types the signing-guide example, checks the
// signature, pastes real-shaped gateway 401 replies and checks the diff, checks the secret key
// never leaks (URL, storage, DOM text), and saves a screenshot to tests/out/demo.png.
// Run with `make test-browser` (after `make build`). Exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { verifyRequest } from '../../pkg/src/index.js';
import { CANARY, evalFetchSnippet, header, runBash, startRawServer } from '../js/support/snippet-runner.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'tests', 'out');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const URL_ = 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
const SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const QUERY = 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
const PATH = '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/';

const gateway = (echo, id = '0b8f3c6e5d2a4f1e9c7b5a3d1e0f2c4b') => JSON.stringify({
  error_msg: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${echo}`,
  error_code: 'APIGW.0301',
  request_id: id,
});
// The gateway received the query in another order (a signer that does not sort).
const QUERY_ORDER = gateway(`GET|${PATH}|marker=13551d6b-755d-4757-b956-536f674975c0&limit=2|content-type:application/json|host:service.region.example.com|x-sdk-date:20191115T033655Z||content-type;host;x-sdk-date|${EMPTY}`);
// The client did not sign Content-Type (as the Go/Java SDKs do).
const NO_CONTENT_TYPE = gateway(`GET|${PATH}|${QUERY}|host:service.region.example.com|x-sdk-date:20191115T033655Z||host;x-sdk-date|${EMPTY}`);
// Content-Type rewritten by the HTTP client after signing.
const CHARSET = gateway(`GET|${PATH}|${QUERY}|content-type:application/json;charset=UTF-8|host:service.region.example.com|x-sdk-date:20191115T033655Z||content-type;host;x-sdk-date|${EMPTY}`);
const EXPIRED = '{"error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z","error_code":"APIGW.0301","request_id":"7d2e1f0a9b8c4d3e2f1a0b9c8d7e6f5a"}';

let failures = 0;
let passes = 0;
function check(cond, what, detail) {
  if (cond) {
    passes++;
    console.log(`  ok   ${what}`);
  } else {
    failures++;
    console.log(`  FAIL ${what}${detail !== undefined ? `\n       got: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'serve-demo.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errText = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`demo server did not start within 30 s\n${out}${errText}`));
    }, 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr.on('data', (d) => {
      errText += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited with ${code}\n${out}${errText}`));
    });
  });
}

async function text(page, sel) {
  return (await page.locator(sel).textContent()) ?? '';
}

async function waitForText(page, sel, expected, timeout = 15000) {
  try {
    await page.waitForFunction(([s, e]) => (document.querySelector(s)?.textContent ?? '').includes(e), [sel, expected], { timeout });
    return true;
  } catch {
    return false;
  }
}

async function waitForKind(page, kind, timeout = 15000) {
  try {
    await page.waitForFunction((k) => document.getElementById('verdict')?.dataset.kind === k, kind, { timeout });
    return true;
  } catch {
    return false;
  }
}

async function paste(page, sel, value) {
  // What a paste does: the whole value arrives in one input event.
  await page.locator(sel).fill(value);
}

function decodeFragment(href) {
  const m = /#r=([A-Za-z0-9_-]+)/.exec(href);
  return m ? Buffer.from(m[1], 'base64url').toString('utf8') : '';
}

async function main() {
  if (!existsSync(join(ROOT, 'pkg', 'dist', 'wasm-inline.js'))) {
    throw new Error('pkg/dist is missing: run `make build` first');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (Debian package "chromium"; set CHROMIUM_PATH to override)`);
  mkdirSync(OUT, { recursive: true });

  const { child, url } = await startServer();
  console.log(`demo server: ${url}`);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.replace(/\/$/, '') });
    const page = await context.newPage();
    const problems = [];
    const external = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) external.push(r.url());
    });
    const responses = new Map();
    page.on('response', (r) => responses.set(new URL(r.url()).pathname, r));

    console.log('page load');
    const main = await page.goto(url, { waitUntil: 'networkidle' });
    check(main.status() === 200, 'GET / answers 200', main.status());
    const csp = main.headers()['content-security-policy'] || '';
    check(/script-src 'self' 'wasm-unsafe-eval'/.test(csp), "CSP has script-src 'self' 'wasm-unsafe-eval'", csp);
    check(!/unsafe-inline|'unsafe-eval'/.test(csp), 'CSP allows neither unsafe-inline nor unsafe-eval', csp);
    check((main.headers()['content-type'] || '').startsWith('text/html'), 'index.html is text/html');
    const pkgEntry = responses.get('/node_modules/hwcloud-signer/src/index.js');
    check(pkgEntry && pkgEntry.status() === 200 && /javascript/.test(pkgEntry.headers()['content-type'] || ''), 'the package entry is loaded through the import map, as text/javascript');
    check(responses.has('/node_modules/hwcloud-signer/dist/wasm-inline.js'), 'the package loads its own dist/ files');
    const css = responses.get('/style.css');
    check(css && /text\/css/.test(css.headers()['content-type'] || ''), 'style.css is text/css');
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.id));
    check(unlabeled.length === 0, 'every input has a label', unlabeled);

    console.log('signing-guide example');
    await page.locator('#ak').pressSequentially(AK);
    await page.locator('#sk').pressSequentially(SK);
    await page.locator('#method').selectOption('GET');
    await page.locator('#url').pressSequentially(URL_);
    await page.locator('#headers').pressSequentially('Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z');
    const signedOk = await waitForText(page, '#out-signature', SIGNATURE);
    check(signedOk, `the page shows signature ${SIGNATURE.slice(0, 8)}…`, await text(page, '#out-signature'));
    check((await text(page, '#out-signed')) === 'content-type;host;x-sdk-date', 'signed headers content-type;host;x-sdk-date', await text(page, '#out-signed'));
    check((await text(page, '#out-sts')).includes('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a'), 'string to sign carries the guide\'s canonical-request hash');
    const parts = await page.$$eval('#out-canonical li', (lis) => lis.map((li) => [li.querySelector('.part')?.textContent, li.querySelector('.vals')?.textContent]));
    const labels = parts.map((p) => p[0].replace(/^\d/, ''));
    check(JSON.stringify(labels) === JSON.stringify(['Method', 'Canonical URI', 'Canonical query', 'Canonical headers', 'Signed headers', 'Payload hash']), 'canonical request shown as six labelled parts', labels);
    check(parts[1] && parts[1][1] === PATH && parts[2][1] === QUERY && parts[5][1] === EMPTY, 'URI, query and payload hash parts hold the right values', parts);
    const curl = await text(page, '#out-curl');
    const fetchCode = await text(page, '#out-fetch');
    check(curl.includes(`Signature=${SIGNATURE}`) && curl.startsWith('curl ') && curl.includes("'X-Sdk-Date: 20191115T033655Z'"), 'curl snippet carries the Authorization and X-Sdk-Date', curl);
    check(fetchCode.includes('fetch(') && fetchCode.includes(SIGNATURE), 'fetch() snippet carries the Authorization');
    check(!curl.includes(SK) && !fetchCode.includes(SK), 'snippets do not contain the SK');

    console.log('copy to clipboard');
    await page.locator('button[data-copy="out-curl"]').click();
    const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
    check(clip === curl, 'the curl Copy button copies the command', clip && clip.slice(0, 60));

    console.log('errors are shown, not thrown');
    await page.locator('#url').fill('ftp://service.region.example.com/x');
    check(await waitForText(page, '#error-code', 'ERR_INVALID_URL'), 'an ftp: URL shows ERR_INVALID_URL', await text(page, '#error'));
    check(await page.locator('#error').isVisible(), 'the error box is visible');
    await page.locator('#headers').fill('Content-Type application/json');
    check(await waitForText(page, '#error-code', 'ERR_INVALID_HEADER'), 'a header line without ":" shows ERR_INVALID_HEADER');
    await page.locator('#headers').fill('Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z');
    await page.locator('#url').fill(URL_);
    check(await waitForText(page, '#out-signature', SIGNATURE), 'fixing the inputs brings the signature back');
    check(await page.locator('#error').isHidden(), 'the error box is hidden again');
    await page.locator('#url').fill('https://service.region.example.com/v1/%zz');
    await page.locator('#url').fill('not a url');
    check(await waitForText(page, '#error-code', 'ERR_INVALID_URL'), 'a relative URL shows ERR_INVALID_URL');
    check((await text(page, '#out-signature')).includes('Fix the input') && !(await text(page, '#out-curl')).includes('Authorization'), 'no stale signature or snippet is left next to an error');
    await page.locator('#url').fill(URL_);
    check(await waitForText(page, '#out-signature', SIGNATURE), 'the signature is back');

    console.log('server said: query order');
    await paste(page, '#server', QUERY_ORDER);
    check(await waitForKind(page, 'query'), 'verdict kind is "query"', await page.evaluate(() => document.getElementById('verdict').dataset.kind));
    const verdict1 = await text(page, '#verdict');
    check(/order/i.test(verdict1) && verdict1.includes('marker=13551d6b-755d-4757-b956-536f674975c0&limit=2'), 'the explanation names the order and quotes the gateway\'s query', verdict1);
    const changed = await page.$$eval('#diff tbody tr.changed', (trs) => trs.map((t) => t.textContent));
    check(changed.length === 1 && changed[0].startsWith('Canonical query'), 'the diff marks exactly the canonical query line as changed', changed);
    check(await page.locator('#diff tbody tr.first').count() === 1, 'the first difference is highlighted in the diff');
    check((await text(page, '#verdict')).includes('APIGW.0301'), 'the verdict shows the gateway error code');

    console.log('server said: header signed on one side only');
    await paste(page, '#server', NO_CONTENT_TYPE);
    check(await waitForKind(page, 'header-missing-on-server'), 'verdict kind is "header-missing-on-server"', await page.evaluate(() => document.getElementById('verdict').dataset.kind));
    const verdict2 = await text(page, '#verdict');
    check(verdict2.includes('content-type') && verdict2.includes('SignedHeaders=host;x-sdk-date'), 'the explanation names content-type and the gateway\'s SignedHeaders', verdict2);
    const onlyOurs = await page.$$eval('#diff tbody tr.only-ours', (trs) => trs.map((t) => t.textContent));
    check(onlyOurs.length === 1 && onlyOurs[0].includes('content-type:application/json') && onlyOurs[0].includes('not signed'), 'the diff shows content-type as signed here only', onlyOurs);

    console.log('server said: signature expired');
    await paste(page, '#server', EXPIRED);
    check(await waitForKind(page, 'signature-expired'), 'verdict kind is "signature-expired"');
    const verdict3 = await text(page, '#verdict');
    check(verdict3.includes('15 min 1 s') && verdict3.includes('20211217T064303Z'), 'the explanation gives the measured offset (15 min 1 s)', verdict3);
    check(await page.locator('#diff-wrap').isHidden(), 'no diff table for an expiry');

    console.log('clock offset from a Date header');
    const ahead = new Date(Date.now() + 20 * 60 * 1000).toUTCString();
    await page.locator('#resp-date').fill(ahead);
    const clockOk = await waitForText(page, '#clock', 'behind');
    const clock = await text(page, '#clock');
    check(clockOk && /20 min|19 min/.test(clock) && /15 minutes/.test(clock), 'a Date 20 minutes ahead reports the clock 20 min behind and outside the window', clock);
    await page.locator('#resp-date').fill('');

    console.log('keyboard');
    await page.locator('#sk').focus();
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'sk-toggle', 'Tab moves from the SK field to its Show button');
    await page.keyboard.press('Enter');
    check(await page.locator('#sk').getAttribute('type') === 'text', 'Enter on Show reveals the SK in its field');
    await page.keyboard.press('Enter');
    check(await page.locator('#sk').getAttribute('type') === 'password', 'Enter again masks it');

    console.log('the SK never leaves its field');
    await paste(page, '#server', CHARSET);
    check(await waitForKind(page, 'header-value'), 'Content-Type rewritten by the client: verdict kind "header-value"');
    await page.waitForTimeout(400); // let the debounced fragment update run
    const leak = await page.evaluate((sk) => {
      const storage = [];
      for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) storage.push(s.key(i) + '=' + s.getItem(s.key(i)));
      const skInput = document.getElementById('sk');
      return {
        href: location.href.includes(sk),
        storage: storage.join('\n').includes(sk) || storage.length,
        text: document.body.innerText.includes(sk),
        html: document.documentElement.outerHTML.includes(sk),
        attrs: [...document.querySelectorAll('*')].some((e) => [...e.attributes].some((a) => a.value.includes(sk))),
        title: document.title.includes(sk),
        cookie: document.cookie.includes(sk),
        field: skInput.value === sk,
      };
    }, SK);
    check(leak.field, 'the SK is in its input (sanity check)');
    check(!leak.href, 'the SK is not in location.href');
    check(!leak.storage, 'nothing is stored in localStorage or sessionStorage', leak.storage);
    check(!leak.text && !leak.html && !leak.attrs && !leak.title && !leak.cookie, 'the SK is not in DOM text, markup, attributes, title or cookies', leak);
    check(new URL(page.url()).hash === '', 'typing, pasting and selecting never write the URL fragment (only Share does)', page.url());
    check(!page.url().includes(AK), 'the AK is not in the link either');
    check(external.length === 0, 'the page made no requests to other origins', external);

    console.log('screenshot');
    await page.locator('#resp-date').fill(new Date(Date.now() - 2 * 60 * 1000 - 5000).toUTCString());
    await waitForText(page, '#clock', 'ahead');
    await page.waitForFunction(() => [...document.querySelectorAll('button.copy')].every((b) => !/Copied/.test(b.textContent)));
    await page.locator('#resp-date').blur();
    await page.screenshot({ path: join(OUT, 'demo.png'), fullPage: true });
    console.log(`  saved ${join(OUT, 'demo.png')}`);

    console.log('credentials stay out of the link; the fragment is written only by Share');
    const SECRETS = ['tok-SECRET-4711', 'subj-SECRET-1', 'auth-SECRET-2', 'basic-SECRET-3', 'qtok-SECRET-4', 'qpw-SECRET-5', 'qsig-SECRET-6', 'pw-SECRET-7'];
    await page.locator('#method').selectOption('POST');
    await page.locator('#url').fill(`${URL_}&token=qtok-SECRET-4&password=qpw-SECRET-5&X-Amz-Signature=qsig-SECRET-6`);
    await page.locator('#headers').fill('Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z\nX-Security-Token: tok-SECRET-4711\nX-Subject-Token: subj-SECRET-1\nX-Auth-Token: auth-SECRET-2\nAuthorization: Basic basic-SECRET-3');
    await page.locator('#body').pressSequentially('{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"ops","password":"pw-SECRET-7"}}}}}');
    await waitForText(page, '#out-signed', 'x-security-token');
    await page.waitForTimeout(400);
    check(new URL(page.url()).hash === '', 'typing credentials into headers, URL and body writes no fragment', page.url());
    await page.locator('#share').click();
    await page.waitForFunction(() => location.hash.startsWith('#r='));
    let shared = decodeFragment(page.url());
    check(SECRETS.every((x) => !shared.includes(x) && !page.url().includes(x)), 'after Share the fragment holds no token, password, signature or Authorization', shared);
    check(shared.includes('X-Sdk-Date: 20191115T033655Z') && shared.includes('limit=2') && shared.includes('"m":"POST"'), 'the rest of the request is in it', shared);
    const status = await text(page, '#share-status');
    check(/^Link copied\. Left out: /.test(status) && ['header X-Auth-Token', 'header X-Subject-Token', 'query parameter token', 'the body'].every((x) => status.includes(x)), 'the page says what it left out', status);
    await page.locator('#share-secrets').check();
    let prevHref = page.url();
    await page.locator('#share').click();
    await page.waitForFunction((prev) => location.href !== prev, prevHref);
    shared = decodeFragment(page.url());
    check(SECRETS.every((x) => shared.includes(x)), 'with "include tokens and passwords" ticked, Share keeps them', shared);
    check(!page.url().includes(SK) && !page.url().includes(AK), 'and never the keys');
    await page.locator('#share-secrets').uncheck();
    await page.locator('#method').selectOption('GET');
    await page.locator('#url').fill(URL_);
    await page.locator('#body').fill('');
    await page.locator('#headers').fill('Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z');
    prevHref = page.url();
    await page.locator('#share').click();
    await page.waitForFunction((prev) => location.href !== prev, prevHref);
    const href = page.url();
    check(decodeFragment(href).includes('X-Sdk-Date: 20191115T033655Z') && !SECRETS.some((x) => href.includes(x)), 'Share again: the request without credentials', decodeFragment(href));

    console.log('shared link restores the request, not the keys');
    const page2 = await context.newPage();
    page2.on('pageerror', (e) => problems.push(`pageerror (page 2): ${e.message}`));
    await page2.goto(href, { waitUntil: 'networkidle' });
    check(await page2.locator('#url').inputValue() === URL_, 'URL restored', await page2.locator('#url').inputValue());
    check((await page2.locator('#headers').inputValue()).includes('X-Sdk-Date: 20191115T033655Z'), 'headers restored');
    check(await page2.locator('#ak').inputValue() === '' && await page2.locator('#sk').inputValue() === '', 'AK and SK are empty after opening the link');
    check(await waitForText(page2, '#out-signed', 'content-type;host;x-sdk-date'), 'the canonical request is computed without keys');
    check((await text(page2, '#out-signature')).includes('Enter AK and SK'), 'the signature asks for the keys');
    await page2.locator('#sk').fill(SK);
    await page2.locator('#ak').fill(AK);
    check(await waitForText(page2, '#out-signature', SIGNATURE), 'entering the keys gives the guide signature');
    await page2.close();

    console.log('a hostile share link cannot change what the snippets run');
    const target = await startRawServer();
    try {
      const hostile = {
        m: 'GET$IFS-A$HUAWEICLOUD_SDK_SK',
        u: `${target.origin}/a[1-2]/$(touch pwned)/;|&/'q'?x='$(id)'&y=$CANARY`,
        h: "X-V: $(touch pwned2) `touch x` '$CANARY'\nX-A$CANARY: 1\nX-Sdk-Date: 20191115T033655Z",
        b: "'; touch pwned3; echo '</script>\u2028$HUAWEICLOUD_SDK_SK",
      };
      const page3 = await context.newPage();
      page3.on('pageerror', (e) => problems.push(`pageerror (page 3): ${e.message}`));
      await page3.goto(`${url}#r=${Buffer.from(JSON.stringify(hostile)).toString('base64url')}`, { waitUntil: 'networkidle' });
      check(await page3.locator('#link-note').isVisible(), 'a page opened from a link says so');
      await page3.locator('#ak').fill(AK);
      await page3.locator('#sk').fill(SK);
      check(await waitForText(page3, '#out-curl', 'Signature='), 'the hostile request is signed', await text(page3, '#out-curl'));
      const curl3 = await text(page3, '#out-curl');
      const fetch3 = await text(page3, '#out-fetch');
      const ran = await runBash(`${curl3} -sS -o /dev/null`);
      check(ran.code === 0 && target.requests.length === 1, 'the curl snippet makes exactly one request', ran.stderr || target.requests.length);
      check(ran.created.length === 0, 'the curl snippet creates no file', ran.created);
      const got = target.requests[0];
      if (got) {
        check(got.method === hostile.m, 'the method arrives as typed', got.method);
        // (Chromium's URL parser percent-encodes "|" in paths; Node's does not.)
        check(/^\/a\[1-2\]\/\$\(touch%20pwned\)\/;(\||%7C)&\/'q'\?/.test(got.target), 'the path arrives as signed (no globbing, no expansion)', got.target);
        check(header(got, 'x-v') === "$(touch pwned2) `touch x` '$CANARY'" && header(got, 'x-a$canary') === '1', 'the header names and values arrive as typed', got.headers);
        check(got.body.toString('utf8') === "'; touch pwned3; echo '</script>\u2028$HUAWEICLOUD_SDK_SK", 'the body arrives as typed', got.body.toString('utf8'));
        check(!got.raw.includes(CANARY), 'the canary secret in the environment never arrives');
        const verdict = await verifyRequest({ method: got.method, url: target.origin + got.target, headers: got.headers, body: got.body }, (k) => (k === AK ? SK : null), { now: Date.UTC(2019, 10, 15, 3, 36, 55) });
        check(verdict.valid, 'what arrives verifies with verifyRequest', verdict);
        const calls = await evalFetchSnippet(fetch3).catch((e) => [{ error: String(e) }]);
        const call = calls[0] || {};
        check(calls.length === 1 && call.url === target.origin + got.target && call.init.method === got.method && call.init.body === got.body.toString('utf8')
          && call.init.headers.Authorization === header(got, 'authorization'), 'the fetch() snippet makes the same request', call);
      }
      await page3.close();
    } finally {
      await target.close();
    }

    console.log('signing algorithms');
    const page4 = await context.newPage();
    page4.on('pageerror', (e) => problems.push(`pageerror (page 4): ${e.message}`));
    await page4.goto(url, { waitUntil: 'networkidle' });
    await page4.locator('#ak').fill(AK);
    await page4.locator('#sk').fill(SK);
    await page4.locator('#url').fill(URL_);
    await page4.locator('#headers').fill('X-Sdk-Date: 20191115T033655Z');
    check(await waitForText(page4, '#out-signed', 'host;x-sdk-date'), 'signs with the default algorithm');
    check(await page4.locator('#host-warning').isHidden(), 'no Host warning without a Host header');
    await page4.locator('#headers').fill('X-Sdk-Date: 20191115T033655Z\nHost: iam.myhuaweicloud.com');
    check(await waitForText(page4, '#host-warning', 'but is signed for Host'), 'a Host header other than the URL\'s host is pointed out', await text(page4, '#host-warning'));
    check((await text(page4, '#out-fetch')).includes('// Signed for Host iam.myhuaweicloud.com'), 'the fetch() snippet names the Host it was signed for');
    await page4.locator('#headers').fill('X-Sdk-Date: 20191115T033655Z');
    check(await page4.locator('#v11-fields').isHidden(), 'region and service are hidden for SDK-HMAC-SHA256');
    const algorithms = await page4.$$eval('#algorithm option', (os) => os.map((o) => o.value));
    check(JSON.stringify(algorithms) === JSON.stringify(['SDK-HMAC-SHA256', 'V11-HMAC-SHA256', 'SDK-HMAC-SM3', 'SDK-ECDSA-P256-SHA256', 'SDK-SM2-SM3']), 'five algorithms to choose from', algorithms);
    await page4.locator('#algorithm').selectOption('V11-HMAC-SHA256');
    check(await page4.locator('#v11-fields').isVisible(), 'region and service are shown for V11-HMAC-SHA256');
    await page4.locator('#region').fill('cn-north-4');
    await page4.locator('#service').fill('ecs');
    for (const alg of algorithms) {
      await page4.locator('#algorithm').selectOption(alg);
      // The other algorithms' wasm modules load on first use (a dynamic import).
      await page4.waitForFunction((a) => document.getElementById('out-authorization').textContent.startsWith(a + ' '), alg, { timeout: 10000 }).catch(() => {});
      const auth = await text(page4, '#out-authorization');
      const shownError = await page4.locator('#error').isVisible() ? await text(page4, '#error') : '';
      check(auth.startsWith(alg + ' ') && !shownError, `${alg}: the page signs with it`, shownError || auth);
    }
    await page4.close();

    console.log('HTTP details');
    const res = await fetch(url + 'node_modules/hwcloud-signer/package.json');
    check(res.status === 200 && /application\/json/.test(res.headers.get('content-type') || ''), 'package.json served as application/json');
    const wasm = await fetch(url + 'node_modules/hwcloud-signer/dist/hwcloud_signer.wasm');
    check(wasm.status === 200 && wasm.headers.get('content-type') === 'application/wasm', '.wasm served as application/wasm');
    for (const p of ['node_modules/hwcloud-signer/Cargo.toml', 'node_modules/hwcloud-signer/index.d.ts', '..%2fCargo.toml', 'node_modules/hwcloud-signer/src/..%2f..%2fCargo.toml', 'node_modules/hwcloud-signer/src/..%2findex.d.ts', '%2e%2e/%2e%2e/etc/passwd']) {
      const r = await fetch(url + p);
      check(r.status === 404, `${p} is not served (404)`, r.status);
    }
    const post = await fetch(url, { method: 'POST' });
    check(post.status === 405, 'POST answers 405');

    check(problems.length === 0, 'no page errors, console errors or CSP violations', problems);
  } finally {
    if (browser) await browser.close();
    child.kill('SIGTERM');
  }
}

main().then(
  () => {
    console.log(`\n${passes} passed, ${failures} failed`);
    process.exit(failures ? 1 : 0);
  },
  (e) => {
    console.error(`\nbrowser test aborted: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
