// The command-line signer (pkg/bin/hwcloud-signer.js), spawned as a user would run it.
// Build first: scripts/build-wasm.sh.
import { runCli } from './support/cli.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRequest } from '../../pkg/src/index.js';
import { CANARY, header, runBash, startRawServer } from './support/snippet-runner.mjs';

const PKG = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const URL_ = 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
const SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const GUIDE_ARGS = ['-H', 'Content-Type: application/json', '--date', '20191115T033655Z', URL_];
const KEYS = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };

/** Runs the CLI with a clean environment (no HUAWEICLOUD_* from the caller) plus `env`. */
function run(args, { env = {}, input } = {}) {
  return runCli(args, { env, input: input ?? '' });
}

const echo = (lines) => JSON.stringify({
  error_msg: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${lines.join('|')}`,
  error_code: 'APIGW.0301',
  request_id: '6c1d9e2f3a4b5c6d7e8f9a0b1c2d3e4f',
});
const SERVER_LINES = ['GET', '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/', 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0', 'content-type:application/json', 'host:service.region.example.com', 'x-sdk-date:20191115T033655Z', '', 'content-type;host;x-sdk-date', EMPTY];

test('sign: the signing-guide example prints the headers with signature 7be66680…6ebe', async () => {
  const r = await run(['sign', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    'Content-Type: application/json',
    'X-Sdk-Date: 20191115T033655Z',
    `Authorization: SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIGNATURE}`,
  ]);
  assert.equal(r.stderr, '');
  assert.ok(!r.stdout.includes(SK));
});

test('sign: --date in ISO 8601 and an X-Sdk-Date header give the same signature', async () => {
  const iso = await run(['sign', '-H', 'Content-Type: application/json', '--date', '2019-11-15T03:36:55Z', URL_], { env: KEYS });
  const header = await run(['sign', '-H', 'Content-Type: application/json', '-H', 'X-Sdk-Date: 20191115T033655Z', URL_], { env: KEYS });
  assert.equal(iso.code, 0, iso.stderr);
  assert.equal(header.code, 0, header.stderr);
  assert.match(iso.stdout, new RegExp(`Signature=${SIGNATURE}$`, 'm'));
  assert.match(header.stdout, new RegExp(`Signature=${SIGNATURE}$`, 'm'));
});

test('sign --json prints the whole SignedRequest, without the SK', async () => {
  const r = await run(['sign', '--json', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.signature, SIGNATURE);
  assert.equal(o.method, 'GET');
  assert.equal(o.url, URL_);
  assert.equal(o.canonicalRequest, SERVER_LINES.join('\n'));
  assert.equal(o.stringToSign, 'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  assert.ok(!r.stdout.includes(SK));
});

test('sign --curl prints a command with the Authorization and the body, POST implied by -d', async () => {
  const r = await run(['sign', '--curl', '-H', 'Content-Type: application/json', '-d', `{"name":"it's"}`, '--date', '20191115T033655Z', URL_], { env: KEYS });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^curl --globoff -X 'POST' 'https:\/\/service\.region\.example\.com\/v1\/77b6a44cba5143ab91d13ab9a8ff44fd\/vpcs\?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0' \\\n/);
  assert.match(r.stdout, /-H 'Authorization: SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}'/);
  assert.ok(r.stdout.includes(`--data-raw '{"name":"it'\\''s"}'`), r.stdout);
  assert.ok(!r.stdout.includes(SK));
  // The POST signature differs from the GET one: the body and method are signed.
  assert.ok(!r.stdout.includes(SIGNATURE));
});

test('sign --data-file - reads the body from standard input', async () => {
  const fromStdin = await run(['sign', '--json', '-X', 'PUT', '--data-file', '-', ...GUIDE_ARGS], { env: KEYS, input: '{"key":"value"}' });
  const inline = await run(['sign', '--json', '-X', 'PUT', '-d', '{"key":"value"}', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  const a = JSON.parse(fromStdin.stdout);
  const b = JSON.parse(inline.stdout);
  assert.equal(a.signature, b.signature);
  assert.equal(a.body, '{"key":"value"}');
  assert.match(a.canonicalRequest, /\n[0-9a-f]{64}$/);
  assert.ok(!a.canonicalRequest.endsWith(EMPTY));
});

test('sign: --sk works but warns about shell history and is never printed', async () => {
  const r = await run(['sign', '--ak', AK, '--sk', SK, ...GUIDE_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(SIGNATURE));
  assert.match(r.stderr, /warning: --sk .*shell history/);
  assert.ok(!r.stdout.includes(SK) && !r.stderr.includes(SK));
});

test('sign: temporary credentials from HUAWEICLOUD_SDK_SECURITY_TOKEN are sent and signed', async () => {
  const r = await run(['sign', ...GUIDE_ARGS], { env: { ...KEYS, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'tok-123' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^X-Security-Token: tok-123$/m);
  assert.match(r.stdout, /SignedHeaders=content-type;host;x-sdk-date;x-security-token,/);
});

test('explain: names the difference for a mismatching pair (query order) and exits 1', async () => {
  const lines = [...SERVER_LINES];
  lines[2] = 'marker=13551d6b-755d-4757-b956-536f674975c0&limit=2';
  const r = await run(['explain', '--server-said', echo(lines), '-H', 'Content-Type: application/json', URL_]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /First difference: query \(order\)/);
  assert.match(r.stdout, /^- canonical query +limit=2&marker=/m);
  assert.match(r.stdout, /^\+ canonical query +marker=13551d6b-755d-4757-b956-536f674975c0&limit=2$/m);
  assert.match(r.stdout, /APIGW\.0301 \(request id 6c1d9e2f3a4b5c6d7e8f9a0b1c2d3e4f\)/);
  assert.match(r.stdout, /Signed with the gateway's X-Sdk-Date 20191115T033655Z/);
  assert.ok(!/\x1b\[/.test(r.stdout), 'no colour codes when stdout is not a terminal');
});

test('explain: reads the reply on standard input; a header signed on one side only', async () => {
  const lines = ['GET', SERVER_LINES[1], SERVER_LINES[2], 'host:service.region.example.com', 'x-sdk-date:20191115T033655Z', '', 'host;x-sdk-date', EMPTY];
  const r = await run(['explain', '-H', 'Content-Type: application/json', URL_], { input: echo(lines) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /First difference: header-missing-on-server \[content-type\]/);
  assert.match(r.stdout, /^- canonical headers +content-type:application\/json$/m);
});

test('explain --json gives the explainMismatch result; identical requests exit 0', async () => {
  const r = await run(['explain', '--json', '--server-said', echo(SERVER_LINES), '-H', 'Content-Type: application/json', URL_]);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.kind, 'none');
  assert.equal(o.firstDifference, null);
  assert.equal(o.serverCanonicalRequest, SERVER_LINES.join('\n'));
  assert.equal(o.canonicalRequest, SERVER_LINES.join('\n'));
});

test('explain: with keys, prints this request\'s signature; without, none is needed', async () => {
  const withKeys = await run(['explain', '--server-said', echo(SERVER_LINES), '-H', 'Content-Type: application/json', URL_], { env: KEYS });
  assert.match(withKeys.stdout, new RegExp(`signed with your key: ${SIGNATURE}`));
  assert.ok(!withKeys.stdout.includes(SK));
  const without = await run(['explain', '--server-said', echo(SERVER_LINES), '-H', 'Content-Type: application/json', URL_]);
  assert.ok(!/signed with your key/.test(without.stdout));
});

test('explain: signature expired gives the offset; --response-date the clock offset', async () => {
  const msg = '{"error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z","error_code":"APIGW.0301","request_id":"1a2b"}';
  const date = new Date(Date.now() + 20 * 60 * 1000).toUTCString();
  const r = await run(['explain', '--server-said', msg, '--response-date', date, URL_]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /First difference: signature-expired/);
  assert.match(r.stdout, /15 min 1 s\s+behind/);
  assert.match(r.stdout, /Your\s+clock\s+is\s+(19|20)\s+min(\s+\d+\s+s)?\s+behind\s+the\s+server/);
});

test('explain: text that is not a gateway error exits 3', async () => {
  const r = await run(['explain', '--server-said', '<html>502 Bad Gateway</html>', URL_]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /Diagnosis: unrecognised/);
});

test('usage errors exit 2 with a message', async () => {
  const cases = [
    [[], /usage: hwcloud-signer sign/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['sign', '--bogus', URL_], /^hwcloud-signer: unknown option "--bogus" \(a URL or value that starts with "-" goes after --\)\nTry 'hwcloud-signer --help'\.\n$/],
    [['sign', '-z', URL_], /unknown option "-z"/],
    [['sign', URL_, '-H'], /option "-H" needs a value/],
    [['sign', '--curl=yes', URL_], /option "--curl" takes no value/],
    [['sign'], /sign: missing the request URL/],
    [['sign', 'https://a.example.com/', 'https://b.example.com/'], /expected one URL/],
    [['sign', '-H', 'no colon here', URL_], /a header must be written 'Name: value'/],
    [['sign', '--date', 'last tuesday', URL_], /--date "last tuesday": expected YYYYMMDDTHHMMSSZ/],
    [['sign', '-d', 'x', '--data-file', 'f', URL_], /either -d\/--data, --data-raw, --data-binary or --data-file/],
    [['sign', '--data-raw', 'x', '--data-file', 'f', URL_], /either -d\/--data, --data-raw, --data-binary or --data-file/],
    [['sign', '--curl', '--json', URL_], /either --curl or --json/],
    [['sign', URL_], /no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/, { HOME: '/nonexistent', HUAWEICLOUD_SDK_METADATA_DISABLED: 'true' }],
    [['explain', URL_], /the gateway's error text is empty/],
  ];
  for (const [args, re, env = KEYS] of cases) {
    const r = await run(args, { env });
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('input errors exit 3 with the error code', async () => {
  const bad = await run(['sign', 'ftp://service.region.example.com/x'], { env: KEYS });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /ERR_INVALID_URL: invalid URL: expected an absolute http:\/\/ or https:\/\/ URL/);
  const missing = await run(['sign', '--data-file', '/nonexistent/body.json', URL_], { env: KEYS });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /cannot read --data-file "\/nonexistent\/body\.json": ENOENT/);
  assert.ok(!bad.stderr.includes(SK) && !missing.stderr.includes(SK));
});

test('--help reads like a man page; --version prints the package version', async () => {
  const h = await run(['--help']);
  assert.equal(h.code, 0);
  const sections = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'ENVIRONMENT', 'EXIT STATUS', 'EXAMPLES'];
  const at = sections.map((s) => h.stdout.search(new RegExp(`^${s}$`, 'm')));
  assert.ok(at.every((i) => i >= 0), `sections found at ${at}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, 'sections in man-page order');
  for (const v of ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', '--server-said', '--curl']) assert.ok(h.stdout.includes(v), v);
  const sub = await run(['sign', '--help']);
  assert.equal(sub.stdout, h.stdout);
  const v = await run(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), PKG.version);
});

// ---- sign --curl with a real curl against a local server that verifies the signature ----

/** Signs with the CLI (`--curl`), runs the printed command with bash and curl, returns what arrived. */
async function curlRoundTrip(server, args, { input, path = '/v1/p/vpcs' } = {}) {
  const r = await run(['sign', '--curl', ...args, server.origin + path], { env: KEYS, input });
  assert.equal(r.code, 0, r.stderr);
  const before = server.requests.length;
  const b = await runBash(`${r.stdout.trim()} -sS -o /dev/null`);
  assert.equal(b.code, 0, `curl: ${b.stderr}\n${r.stdout}`);
  assert.deepEqual(b.created, []);
  assert.equal(server.requests.length, before + 1, 'one request');
  const req = server.requests[before];
  const verdict = await verifyRequest(
    { method: req.method, url: server.origin + req.target, headers: req.headers, body: req.body },
    (ak) => (ak === AK ? SK : null),
    { now: Date.UTC(2019, 10, 15, 3, 36, 55) },
  );
  assert.equal(verdict.valid, true, `${verdict.reason}: ${verdict.message}\n${r.stdout}`);
  assert.ok(!r.stdout.includes(SK) && !req.raw.includes(SK) && !req.raw.includes(CANARY));
  return { req, command: r.stdout };
}

test('sign --curl: -d @file, -d @-, --data-binary @file and --data-raw send, through real curl, exactly the signed bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hwcloud-cli-'));
  const server = await startRawServer();
  try {
    const json = join(dir, "body 'q'.json");
    writeFileSync(json, '{\r\n  "vpc": {"name": "it\'s $HOME"}\n}\n');
    const bin = join(dir, 'body.bin');
    const binary = Buffer.from([0, 1, 0x0a, 0x0d, 0x27, 0x25, 0x5c, 0x80, 0xff, 0x40]);
    writeFileSync(bin, binary);
    const date = ['--date', '20191115T033655Z'];
    const ct = ['-H', 'Content-Type: application/json'];

    // -d @file reads the file and, as curl does, drops CR and LF.
    let { req } = await curlRoundTrip(server, [...date, ...ct, '-d', '@' + json]);
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString('utf8'), '{  "vpc": {"name": "it\'s $HOME"}}');
    // -d @- reads standard input, the same way.
    ({ req } = await curlRoundTrip(server, [...date, ...ct, '-X', 'PUT', '-d', '@-'], { input: 'a\nb\r\n' }));
    assert.equal(req.method, 'PUT');
    assert.equal(req.body.toString('utf8'), 'ab');
    // --data-binary @file keeps every byte, NUL and invalid UTF-8 included.
    ({ req } = await curlRoundTrip(server, [...date, '--data-binary', '@' + bin]));
    assert.deepEqual(req.body, binary);
    assert.equal(header(req, 'content-type'), undefined, "curl's default form Content-Type is not added");
    // --data-binary @- from standard input.
    ({ req } = await curlRoundTrip(server, [...date, '--data-binary', '@-'], { input: binary }));
    assert.deepEqual(req.body, binary);
    // --data-raw keeps a leading @ literally (and so does the printed command).
    const raw = await curlRoundTrip(server, [...date, ...ct, '--data-raw', '@' + json]);
    assert.equal(raw.req.body.toString('utf8'), '@' + json);
    // Repeated data options are joined with "&", in order, as curl does.
    ({ req } = await curlRoundTrip(server, [...date, '-d', 'a=1', '--data-raw', '@b', '--data-binary', '@-', '-d', 'c=$HOME'], { input: 'x=\n2' }));
    assert.equal(req.body.toString('utf8'), 'a=1&@b&x=\n2&c=$HOME');
    // A body larger than one command-line argument may be is piped from printf.
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify({ data: "x'%\\".repeat(40000) }));
    const large = await curlRoundTrip(server, [...date, ...ct, '--data-binary', '@' + big]);
    assert.deepEqual(large.req.body, readFileSync(big));
    assert.match(large.command, /^printf '/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sign --curl: hostile method, path and header values run nothing in bash', async () => {
  const server = await startRawServer();
  try {
    const { req } = await curlRoundTrip(server, [
      '--date', '20191115T033655Z', '-X', 'GET$IFS-A$HUAWEICLOUD_SDK_SK', '-H', "X-V: $(touch pwned) `touch x` '$CANARY'", '-d', "'; touch pwned2; '",
    ], { path: "/a[1-2]/$(touch pwned)/;|&/'q'" });
    assert.equal(req.method, 'GET$IFS-A$HUAWEICLOUD_SDK_SK');
    assert.equal(req.target, "/a[1-2]/$(touch%20pwned)/;|&/'q'");
    assert.equal(header(req, 'x-v'), "$(touch pwned) `touch x` '$CANARY'");
    assert.equal(req.body.toString(), "'; touch pwned2; '");
  } finally {
    await server.close();
  }
});

test('sign -d @missing-file exits 3 with the path; explain refuses -d @- with the reply on standard input', async () => {
  const missing = await run(['sign', '-d', '@/nonexistent/b.json', URL_], { env: KEYS });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /cannot read -d "\/nonexistent\/b\.json": ENOENT/);
  const both = await run(['explain', '-d', '@-', URL_], { input: 'x' });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /standard input cannot hold both the body/);
});

// Whether this build of the package reads options.algorithm (an unknown name is then refused).

test('sign --algorithm SDK-HMAC-SHA256 (the default, named) gives the guide signature', async () => {
  const r = await run(['sign', '--algorithm', 'SDK-HMAC-SHA256', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Signature=${SIGNATURE}$`, 'm'));
});

test('sign --algorithm, --region and --service reach signRequest: an unknown name is the package\'s coded error, exit 3', async () => {
  const bogus = await run(['sign', '--algorithm', 'NO-SUCH-ALGORITHM', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(bogus.code, 3, bogus.stderr);
  assert.match(bogus.stderr, /^hwcloud-signer: ERR_[A-Z_]+: .*NO-SUCH-ALGORITHM/);
  assert.ok(!/internal error|\n\s+at /.test(bogus.stderr), bogus.stderr);
  const v11 = await run(['sign', '--algorithm', 'V11-HMAC-SHA256', '--region', 'cn-north-4', '--service', 'ecs', ...GUIDE_ARGS], { env: KEYS });
  assert.equal(v11.code, 0, v11.stderr);
  assert.match(v11.stdout, /^Authorization: V11-HMAC-SHA256 /m);
});
