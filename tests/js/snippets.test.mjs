// The copy-paste snippets of the CLI and the demo page (pkg/src/devtools.js) never run code: every
// snippet built from hostile methods, URLs, header names and values and bodies is run for real —
// the curl command in `bash -c` against a local server, with a canary secret in the environment,
// the fetch() call with a stub fetch — and what arrives must be exactly the signed request
// (checked with verifyRequest), with no canary, no created file, nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest, verifyRequest } from '../../pkg/src/index.js';
import {
  curlCommand, fetchSnippet, jsString, parseHeaderLine, parseSigningDate, printfBytes, shareableRequest, shellQuote,
  splitCanonicalRequest, INLINE_BODY_LIMIT,
} from '../../pkg/src/devtools.js';
import { CANARY, evalFetchSnippet, header, runBash, startRawServer } from './support/snippet-runner.mjs';

const CREDS = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const DATE = '20191115T033655Z';
const NOW = Date.UTC(2019, 10, 15, 3, 36, 55);
const enc = new TextEncoder();

// Shell metacharacters that are valid in an HTTP token (method, header name), or in a URL path, a
// header value or a body. Each tries to run `touch` or expand the canary.
const HOSTILE_METHODS = [
  'GET$IFS-A$HUAWEICLOUD_SDK_SK',
  'POST`touch${IFS}pwned`'.replace(/[{}]/g, ''), // braces are not token characters
  "PUT'$CANARY'",
  'PATCH|touch',
  'DELETE&touch',
  'X!!$PWD#~^*+.%s',
];
const HOSTILE_HEADER_NAMES = ["X-A$CANARY", 'X-`touch`', "X-'q'|&", 'X-!#$%^*+.~'];
const HOSTILE_VALUES = [
  '$(touch pwned)',
  '`touch pwned2`',
  "'; touch pwned3; echo '",
  '$HUAWEICLOUD_SDK_SK ${CANARY} \\$CANARY "$(id)"',
  '!! %s %n \\x41 \\\\',
  '@/etc/passwd',
];
const HOSTILE_PATHS = [
  "/a[1-2]/b/$(touch pwned)/;touch pwned4;|&/$CANARY/'q'/",
  '/`touch pwned5`/!!/~/*?x=1',
  "/v1/%24(id)/'\\''/",
];
const HOSTILE_BODIES = [
  "'; touch pwned6; echo '",
  '$(touch pwned7) `touch pwned8` $HUAWEICLOUD_SDK_SK',
  '@/etc/passwd', // curl's --data-binary would read the file
  '@-',
  '%s%d%n\\n\\x41\\0101 % \\', // printf format characters
  '{"name":"it\'s"}\n\n',
  'line1\r\nline2\t\u2028\u2029end',
  'bidi \u202e)hctuot($ \u2066x\u2069 \ufeffbom',
  new Uint8Array([0, 1, 2, 0x27, 0x25, 0x5c, 0x0a, 0x80, 0xff, 0xfe, 0x24, 0x28]),
  'é中文 ✓ \u{1f600}',
  "x'%\\$`".repeat(Math.ceil((INLINE_BODY_LIMIT + 10) / 6)), // piped from printf: longer than one argument may be
];

function cases() {
  const out = [];
  for (const method of HOSTILE_METHODS) out.push({ what: `method ${method}`, method, path: '/m', headers: [], body: null });
  for (const name of HOSTILE_HEADER_NAMES) out.push({ what: `header name ${name}`, method: 'GET', path: '/h', headers: [[name, 'v']], body: null });
  for (const value of HOSTILE_VALUES) out.push({ what: `header value ${value}`, method: 'GET', path: '/v', headers: [['X-Value', value], ['Content-Type', value]], body: null });
  for (const path of HOSTILE_PATHS) out.push({ what: `path ${path}`, method: 'GET', path, headers: [], body: null });
  HOSTILE_BODIES.forEach((body, i) => out.push({ what: `body #${i}`, method: i % 2 ? 'PUT' : 'POST', path: '/b', headers: i % 3 ? [['Content-Type', 'application/json']] : [], body }));
  out.push({ what: 'everything at once', method: HOSTILE_METHODS[0], path: HOSTILE_PATHS[0], headers: [[HOSTILE_HEADER_NAMES[0], HOSTILE_VALUES[0]]], body: HOSTILE_BODIES[0] });
  out.push({ what: 'an empty header value', method: 'GET', path: '/e', headers: [['X-Empty', '']], body: null });
  out.push({ what: 'HEAD', method: 'HEAD', path: '/head', headers: [], body: null });
  return out;
}

const bytesOf = (body) => (body == null ? new Uint8Array(0) : typeof body === 'string' ? enc.encode(body) : body);

/** Checks that `req` is exactly `signed` with `body`, and verifies its signature. */
async function assertArrived(req, signed, body, what, host) {
  const u = new URL(signed.url);
  assert.equal(req.method, signed.method, `${what}: method`);
  assert.equal(req.target, u.pathname + u.search, `${what}: path and query`);
  assert.equal(header(req, 'host'), host ?? u.host, `${what}: Host`);
  for (const [name, value] of Object.entries(signed.headers)) assert.equal(header(req, name), value, `${what}: header ${name}`);
  assert.deepEqual(new Uint8Array(req.body), bytesOf(body), `${what}: body bytes`);
  if (req.body.length > 0 && !Object.keys(signed.headers).some((n) => n.toLowerCase() === 'content-type')) {
    assert.equal(header(req, 'content-type'), undefined, `${what}: curl adds no Content-Type that was not signed`);
  }
  assert.ok(!req.raw.includes(CANARY), `${what}: the canary secret arrived`);
  const verdict = await verifyRequest(
    { method: req.method, url: `http://${header(req, 'host')}${req.target}`, headers: req.headers, body: req.body },
    (ak) => (ak === CREDS.ak ? CREDS.sk : null),
    { now: NOW },
  );
  assert.equal(verdict.valid, true, `${what}: verifyRequest: ${verdict.reason} ${verdict.message}`);
}

test('shellQuote: bash gets back exactly the string, for every printable and hostile character', async () => {
  const strings = [
    "'", "''", "a'b", '$HUAWEICLOUD_SDK_SK', '`id`', '$(id)', '!!', '\\', '\\\'', '%s', '\n', 'a\nb\r\n', '"', '*', '~', '#',
    Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''), 'é中文\u{1f600}', '',
  ];
  const script = strings.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join('\n');
  const r = await runBash(script);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\0').slice(0, -1), strings);
  assert.deepEqual(r.created, []);
  assert.throws(() => shellQuote('a\0b'), { code: 'ERR_INVALID_ARGUMENT' });
});

test('printfBytes: the shell builtin printf reproduces every byte 0-255', async () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const r = await runBash(`printf ${printfBytes(all)} | od -An -v -tu1`);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(/\s+/).map(Number), [...all]);
  assert.ok(/^'[\x20-\x7e]*'$/.test(printfBytes(all)), 'the format is printable ASCII');
});

test('curl snippets of hostile requests send exactly the signed request and run nothing', async () => {
  const server = await startRawServer();
  try {
    let n = 0;
    for (const c of cases()) {
      const request = { method: c.method, url: server.origin + c.path, headers: c.headers, body: c.body };
      const signed = await signRequest(request, CREDS, { signingDate: DATE });
      const cmd = curlCommand(signed, { body: c.body });
      const before = server.requests.length;
      const r = await runBash(`${cmd} -sS -o /dev/null`);
      assert.equal(r.code, 0, `${c.what}: curl exit ${r.code}: ${r.stderr}\n${cmd.slice(0, 2000)}`);
      assert.deepEqual(r.created, [], `${c.what}: the snippet created files`);
      assert.equal(server.requests.length, before + 1, `${c.what}: exactly one request (no URL globbing)`);
      await assertArrived(server.requests[before], signed, c.body, c.what);
      n++;
    }
    assert.ok(n >= 30, `${n} cases`);
  } finally {
    await server.close();
  }
});

test('curl snippet: a signed Host header is sent; long and binary bodies are piped from printf', async () => {
  const server = await startRawServer();
  try {
    const signed = await signRequest({ method: 'POST', url: server.origin + '/proxy', headers: [['Host', 'ecs.cn-north-4.myhuaweicloud.com'], ['X-Q', "'$CANARY'"]], body: 'a' }, CREDS, { signingDate: DATE });
    const cmd = curlCommand(signed, { body: 'a', host: 'ecs.cn-north-4.myhuaweicloud.com' });
    const r = await runBash(`${cmd} -sS -o /dev/null`);
    assert.equal(r.code, 0, r.stderr);
    const req = server.requests.at(-1);
    assert.equal(header(req, 'host'), 'ecs.cn-north-4.myhuaweicloud.com');
    await assertArrived(req, signed, 'a', 'Host header', 'ecs.cn-north-4.myhuaweicloud.com');
  } finally {
    await server.close();
  }
  const small = curlCommand({ method: 'POST', url: 'https://e.example/', headers: {} }, { body: '{"a":1}' });
  assert.match(small, /--data-raw '\{"a":1\}'$/);
  assert.ok(!small.startsWith('printf'));
  const binary = curlCommand({ method: 'POST', url: 'https://e.example/', headers: {} }, { body: new Uint8Array([0, 0xff]) });
  assert.match(binary, /^printf '\\000\\377' \|\ncurl /);
  assert.match(binary, /--data-binary @-$/);
});

test('fetch() snippets of hostile requests evaluate to exactly the signed request', async () => {
  for (const c of cases()) {
    const signed = await signRequest({ method: c.method, url: 'https://api.example.com' + c.path, headers: c.headers, body: c.body }, CREDS, { signingDate: DATE });
    const code = fetchSnippet(signed, { body: c.body });
    assert.ok(!/<\/script|<!--|[\u2028\u2029\u202e\u2066]/i.test(code), `${c.what}: the snippet is safe inside <script> and shows no hidden characters`);
    const calls = await evalFetchSnippet(code);
    assert.equal(calls.length, 1, c.what);
    const [{ url, init }] = calls;
    assert.equal(url, signed.url, `${c.what}: url`);
    assert.equal(init.method, signed.method, `${c.what}: method`);
    assert.deepEqual(init.headers, signed.headers, `${c.what}: headers`);
    const sent = init.body === undefined ? new Uint8Array(0) : typeof init.body === 'string' ? enc.encode(init.body) : init.body;
    assert.deepEqual(sent, bytesOf(c.body), `${c.what}: body`);
  }
});

test('fetch() snippet: a lying X-Sdk-Date comment or </script> in any field cannot escape', async () => {
  const signed = {
    method: 'POST',
    url: 'https://e.example/</script><script>alert(1)</script>',
    headers: { 'X-Sdk-Date': '20191115T033655Z\n*/ alert(1) //', '</SCRIPT>': '<!-- \u2028' },
  };
  const code = fetchSnippet(signed, { body: '</script><!--\u2028\u2029' });
  assert.ok(!/<\/script|<!--|[\u2028\u2029]/i.test(code), code);
  assert.ok(!code.startsWith('//'), 'a date that is not YYYYMMDDTHHMMSSZ is not put in the comment');
  const [{ url, init }] = await evalFetchSnippet(code);
  assert.equal(url, signed.url);
  assert.deepEqual(init.headers, signed.headers);
  assert.equal(init.body, '</script><!--\u2028\u2029');
  assert.equal(jsString('\u2028</Script><!--'), '"\\u2028<\\/Script><\\!--"');
  assert.equal(eval(jsString('\u2028</Script><!--')), '\u2028</Script><!--');
});

test('share links leave credentials out unless asked', () => {
  const input = {
    method: 'POST',
    url: 'https://user:hunter2@iam.example.com/v3/auth/tokens?limit=2&token=tok-1&Password=pw-2&X-Amz-Signature=sig-3&client_secret=cs-4&name=ok',
    headers: 'Content-Type: application/json\nX-Auth-Token: at-5\nX-Subject-Token: st-6\nx-security-token: sec-7\nAuthorization: Basic au-8\nCookie: c=ck-9\nX-Sdk-Date: 20191115T033655Z',
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'pw-10', domain: { name: 'd' } } } } } }),
    date: '',
  };
  const { state, omitted } = shareableRequest(input);
  const all = JSON.stringify(state);
  for (const secret of ['hunter2', 'tok-1', 'pw-2', 'sig-3', 'cs-4', 'at-5', 'st-6', 'sec-7', 'au-8', 'ck-9', 'pw-10']) assert.ok(!all.includes(secret), secret);
  assert.equal(state.u, 'https://iam.example.com/v3/auth/tokens?limit=2&name=ok');
  assert.equal(state.h, 'Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z');
  assert.equal(state.b, '');
  assert.equal(state.m, 'POST');
  assert.ok(omitted.includes('header X-Auth-Token') && omitted.includes('query parameter token') && omitted.some((o) => o.startsWith('the body')), omitted.join('; '));
  for (const body of ['password=pw&user=u', 'client_secret: s', '{"a":{"b":[{"apiKey":"k"}]}}']) assert.equal(shareableRequest({ ...input, body }).state.b, '', body);
  assert.equal(shareableRequest({ ...input, body: '{"vpc":{"name":"v1"}}' }).state.b, '{"vpc":{"name":"v1"}}');
  const asked = shareableRequest(input, { includeCredentials: true });
  assert.deepEqual(asked.state, { m: input.method, u: input.url, h: input.headers, b: input.body, d: '' });
  assert.deepEqual(asked.omitted, []);
  const long = shareableRequest({ ...input, headers: '', url: 'https://e.example/', body: 'x'.repeat(7000) });
  assert.equal(long.state.b, '');
  assert.deepEqual(long.omitted, ['the body (too long for a link)']);
});

test('parseSigningDate, parseHeaderLine and splitCanonicalRequest', () => {
  assert.equal(parseSigningDate(' 20191115T033655Z '), '20191115T033655Z');
  assert.equal(parseSigningDate('2019-11-15T03:36:55Z'), NOW);
  assert.equal(parseSigningDate('2019-11-15T11:36:55+08:00'), NOW);
  assert.equal(parseSigningDate(String(NOW)), NOW);
  assert.equal(parseSigningDate(''), undefined);
  assert.throws(() => parseSigningDate('last tuesday', '--date'), { code: 'ERR_INVALID_DATE', message: /^--date "last tuesday": expected YYYYMMDDTHHMMSSZ/ });
  assert.throws(() => parseSigningDate('2019-11-15T03:36:55'), { code: 'ERR_INVALID_DATE' }); // no time zone
  assert.deepEqual(parseHeaderLine(' X-A :  b: c '), ['X-A', 'b: c']);
  assert.equal(parseHeaderLine('no colon'), null);
  assert.equal(parseHeaderLine(': v'), null);
  assert.deepEqual(splitCanonicalRequest('GET\n/a/\nq=1\nhost:h\nx-sdk-date:d\n\nhost;x-sdk-date\nabc'), {
    method: 'GET', uri: '/a/', query: 'q=1', headers: ['host:h', 'x-sdk-date:d'], signedHeaders: 'host;x-sdk-date', payloadHash: 'abc',
  });
  assert.equal(splitCanonicalRequest('GET\n/\n'), null);
});

test('fetch() snippet: a Host the request was signed for is named in a comment, only when it looks like a host', () => {
  const signed = { method: 'GET', url: 'https://proxy.example/v1', headers: { 'X-Sdk-Date': DATE } };
  assert.match(fetchSnippet(signed, { host: 'iam.myhuaweicloud.com:443' }), /^\/\/ Signed for Host iam\.myhuaweicloud\.com:443, which fetch cannot set/m);
  assert.ok(!fetchSnippet(signed, { host: 'a.example\nalert(1)' }).includes('alert'));
});
