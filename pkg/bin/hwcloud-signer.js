#!/usr/bin/env node
// hwcloud-signer: sign a Huawei Cloud API request from the command line, or explain why the API
// gateway rejected a signature. `hwcloud-signer --help` for the manual.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signRequest, explainMismatch, parseServerMessage, clockOffset, defaultProvider, discoverProjectId } from '../src/index.js';
import { curlCommand, parseHeaderLine, parseSigningDate } from '../src/devtools.js';

const EXIT = { OK: 0, MISMATCH: 1, USAGE: 2, INPUT: 3 };
const PROG = 'hwcloud-signer';

const MANUAL = `NAME
    hwcloud-signer - sign Huawei Cloud API requests (SDK-HMAC-SHA256, AK/SK) and
    explain "verify aksk signature fail" errors

SYNOPSIS
    hwcloud-signer sign [-X METHOD] [-H 'Name: value']... [-d DATA | --data-file FILE]
                        [--date DATE] [--algorithm NAME [--region R] [--service S]]
                        [--curl | --json] [-v] URL
    hwcloud-signer explain [--server-said TEXT | --server-said-file FILE] [-X METHOD]
                        [-H 'Name: value']... [-d DATA | --data-file FILE] [--date DATE]
                        [--response-date DATE] [--json] URL
    hwcloud-signer whoami [--region REGION] [--json]
    hwcloud-signer --help | --version

DESCRIPTION
    sign      Signs the request and prints the headers to send with it, one
              "Name: value" per line: your own headers, X-Sdk-Date and
              Authorization. --curl prints a ready curl command instead, --json
              the whole SignedRequest (canonical request and string to sign
              included). The secret key is never printed. The curl command
              sends exactly the signed request: every part of it is
              single-quoted, the body is written inline (--data-raw '...', or
              piped from printf when it is binary or longer than 64 KiB), and
              curl's default Content-Type is removed unless one was signed.

    explain   Reads the API gateway's 401 reply (the JSON body, its error_msg,
              or a whole pasted response) from --server-said, --server-said-file
              or standard input. The gateway echoes the canonical request it
              computed ("canonicalRequest:GET|/v1/...|..." with "|" for
              newlines); explain rebuilds it, signs the request you describe with
              the same rules, prints both line by line and explains the first
              difference: method, path encoding, query order or encoding, a
              header signed on one side only, a header value, the body hash.
              For "signature expired" replies it prints how far the signing date
              was from the gateway's clock. Unless --date is given, the gateway's
              own X-Sdk-Date is used so that the dates compare equal. No secret
              key is needed: the canonical request does not depend on it.

    whoami    Prints where the credentials come from, the access key id (never
              the secret key), whether they are temporary, and the project id:
              the one given, else with --region the one IAM lists for that
              region (GET /v3/projects?name=REGION, signed with the keys).

    Credentials: --ak/--sk, else HUAWEICLOUD_SDK_AK/_SK, else the official
    SDKs' default chain: the profile file (~/.huaweicloud/credentials or
    $HUAWEICLOUD_SDK_CREDENTIALS_FILE, section [basic]), CCE pod identity,
    the ECS metadata service (the instance's agency).

    The method defaults to GET, or POST when a body is given (as in curl).
    Host is signed from the URL. Only the query form that is signed is sent:
    use the URL printed by --curl or --json.

OPTIONS
    -X, --method METHOD       HTTP method (default GET; POST with -d/--data-file).
    -H, --header 'Name: value'
                              A header to send and sign. Repeatable.
    -d, --data DATA           The request body, as curl's -d: "@FILE" reads FILE,
                              "@-" standard input, with CR and LF removed.
                              Repeated -d/--data-raw/--data-binary are joined
                              with "&", as curl does.
        --data-raw DATA       The body, literally (a leading "@" is kept).
        --data-binary DATA    As -d, but "@FILE" / "@-" keep every byte.
        --data-file FILE      Read the body from FILE, every byte ("-" for
                              standard input).
        --date DATE           Signing date: YYYYMMDDTHHMMSSZ (20191115T033655Z),
                              ISO 8601 (2019-11-15T03:36:55Z) or epoch
                              milliseconds. Default: an X-Sdk-Date header if
                              given, else now. Use it for reproducible output.
        --algorithm NAME      sign: the signing algorithm, passed to
                              signRequest (default SDK-HMAC-SHA256; also
                              V11-HMAC-SHA256, SDK-HMAC-SM3,
                              SDK-ECDSA-P256-SHA256, SDK-SM2-SM3).
        --region REGION, --service SERVICE
                              sign: the region and service V11-HMAC-SHA256
                              signs (e.g. cn-north-4, ecs).
        --unsigned-payload    Send and sign X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD
                              instead of hashing the body.
        --curl                sign: print a curl command.
        --json                Print JSON (sign: the SignedRequest; explain: the
                              explainMismatch() result).
    -v, --verbose             sign: also print the canonical request and the
                              string to sign (on standard error).
        --server-said TEXT    explain: the gateway's error text.
        --server-said-file FILE
                              explain: read the error text from FILE.
        --response-date DATE  explain: a response's Date header; prints how far
                              this machine's clock is from the server's.
        --ak AK               Access key id (default $HUAWEICLOUD_SDK_AK).
        --sk SK               Secret access key (default $HUAWEICLOUD_SDK_SK).
                              Avoid it: a key on the command line lands in your
                              shell history and the process list.
        --security-token TOKEN
                              Temporary credentials: sends and signs
                              X-Security-Token ($HUAWEICLOUD_SDK_SECURITY_TOKEN).
        --project-id ID       Sends and signs X-Project-Id
                              ($HUAWEICLOUD_SDK_PROJECT_ID).
        --domain-id ID        Sends and signs X-Domain-Id
                              ($HUAWEICLOUD_SDK_DOMAIN_ID).
    -h, --help                Print this manual.
    -V, --version             Print the version.

ENVIRONMENT
    HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK
        The access key id and secret access key (the names the official
        Huawei Cloud SDKs read). Options override them.
    HUAWEICLOUD_SDK_SECURITY_TOKEN
        The security token of temporary AK/SK.
    HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_DOMAIN_ID
        Add and sign X-Project-Id / X-Domain-Id, as the official SDKs do.
    HUAWEICLOUD_SDK_CREDENTIALS_FILE, HUAWEICLOUD_SDK_IAM_ENDPOINT
        The profile file read when no keys are given; IAM's base URL for
        whoami --region.
    HUAWEICLOUD_SDK_METADATA_DISABLED=true
        Do not ask the ECS metadata service (169.254.169.254).
    NO_COLOR
        Set to disable colour in explain's output.

EXIT STATUS
    0   sign: the request was signed. explain: the canonical requests are
        identical (the cause is then the key or the signing, see the output).
    1   explain: a cause was found (a difference, an expired date, a locked
        or unknown AK, a token error).
    2   Usage error: unknown option, missing URL, a malformed header or date,
        no credentials for sign.
    3   Input error: the request cannot be signed (the message says why, with
        its error code), a file cannot be read, or the gateway text holds
        nothing to compare.

EXAMPLES
    Sign the signing guide's example and print the headers:
        export HUAWEICLOUD_SDK_AK=QTWAOYTTINDUT2QVKYUC
        read -rs HUAWEICLOUD_SDK_SK && export HUAWEICLOUD_SDK_SK
        hwcloud-signer sign --date 20191115T033655Z -H 'Content-Type: application/json' \\
          'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'

    Send a signed POST with curl:
        eval "$(hwcloud-signer sign --curl -X POST -H 'Content-Type: application/json' \\
          -d '{"name":"vpc1"}' https://vpc.cn-north-4.myhuaweicloud.com/v1/$PROJECT/vpcs)"

    Explain a 401 (the reply body on standard input):
        curl -s ... | hwcloud-signer explain -H 'Content-Type: application/json' \\
          'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2'
`;

const LABELS = {
  method: 'method',
  'canonical-uri': 'canonical URI',
  'canonical-query': 'canonical query',
  'canonical-headers': 'canonical headers',
  'signed-headers': 'signed headers',
  'payload-hash': 'payload hash',
};

class UsageError extends Error {}
class InputError extends Error {}

const out = (s) => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');

function version() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.version;
}

function parseHeader(h) {
  const pair = parseHeaderLine(h);
  if (pair === null) throw new UsageError(`-H ${JSON.stringify(h.slice(0, 80))}: a header must be written 'Name: value'`);
  return pair;
}

function parseDate(s) {
  try {
    return parseSigningDate(s, '--date');
  } catch (e) {
    throw new UsageError(e.message);
  }
}

function readInput(path, what) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    throw new InputError(`cannot read ${what} ${JSON.stringify(path)}: ${e.code || e.message}`);
  }
}

/**
 * The body from -d/--data, --data-raw and --data-binary, in command-line order, as curl builds it:
 * pieces joined with "&"; "@file" reads a file and "@-" standard input (-d strips CR and LF from
 * what it reads, --data-binary keeps every byte); --data-raw is always literal. Returns bytes.
 */
function dataBody(tokens) {
  const pieces = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || !DATA_OPTIONS.has(t.name)) continue;
    const v = t.value;
    if (t.name === 'data-raw' || !v.startsWith('@')) {
      pieces.push(Buffer.from(v, 'utf8'));
      continue;
    }
    const path = v.slice(1);
    let bytes = readInput(path, t.rawName);
    if (t.name === 'data') bytes = bytes.filter((b) => b !== 0x0a && b !== 0x0d);
    pieces.push(Buffer.from(bytes));
  }
  if (pieces.length === 0) return undefined;
  const out = [];
  pieces.forEach((p, i) => {
    if (i) out.push(Buffer.from('&'));
    out.push(p);
  });
  return Buffer.concat(out);
}

function jsonSigned(signed) {
  const o = { ...signed };
  if (o.body instanceof Uint8Array) {
    try {
      o.body = new TextDecoder('utf-8', { fatal: true }).decode(o.body);
    } catch {
      o.body = Buffer.from(o.body).toString('base64');
      o.bodyEncoding = 'base64';
    }
  }
  return JSON.stringify(o, null, 2);
}

function wrap(text, width = 76, indent = '    ') {
  const words = text.split(/\s+/);
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > width) {
      lines.push(indent + line);
      line = w;
    } else {
      line = line ? line + ' ' + w : w;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

const DATA_OPTIONS = new Set(['data', 'data-raw', 'data-binary']);

const OPTIONS = {
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  'data-raw': { type: 'string', multiple: true },
  'data-binary': { type: 'string', multiple: true },
  'data-file': { type: 'string' },
  date: { type: 'string' },
  algorithm: { type: 'string' },
  region: { type: 'string' },
  service: { type: 'string' },
  'unsigned-payload': { type: 'boolean' },
  curl: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  'server-said': { type: 'string' },
  'server-said-file': { type: 'string' },
  'response-date': { type: 'string' },
  ak: { type: 'string' },
  sk: { type: 'string' },
  'security-token': { type: 'string' },
  'project-id': { type: 'string' },
  'domain-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
};

/** Parses the options after the command; our own messages for unknown options and missing values. */
function options(args) {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  } catch (e) {
    throw new UsageError(String(e.message).split('\n')[0]);
  }
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(OPTIONS, t.name) ? OPTIONS[t.name] : undefined;
    const shown = JSON.stringify(t.rawName.slice(0, 40));
    if (spec === undefined) throw new UsageError(`unknown option ${shown} (a URL or value that starts with "-" goes after --)`);
    if (spec.type === 'string' && t.value === undefined) throw new UsageError(`option ${shown} needs a value`);
    if (spec.type === 'boolean' && t.value !== undefined) throw new UsageError(`option ${shown} takes no value`);
  }
  return parsed;
}

/** The request and credentials common to sign and explain. */
function requestFrom({ values, positionals, tokens }, command) {
  if (positionals.length === 0) throw new UsageError(`${command}: missing the request URL`);
  if (positionals.length > 1) throw new UsageError(`${command}: expected one URL, got ${positionals.length} arguments (quote URLs that contain "&")`);
  const hasData = tokens.some((t) => t.kind === 'option' && DATA_OPTIONS.has(t.name));
  if (hasData && values['data-file'] !== undefined) throw new UsageError('use either -d/--data, --data-raw, --data-binary or --data-file, not both');
  const headers = (values.header || []).map(parseHeader);
  const opts = {};
  if (values.date !== undefined) opts.signingDate = parseDate(values.date);
  if (values['unsigned-payload']) opts.unsignedPayload = true;
  for (const name of ['algorithm', 'region', 'service']) if (values[name] !== undefined) opts[name] = values[name];
  let body = dataBody(tokens);
  if (values['data-file'] !== undefined) body = readInput(values['data-file'], '--data-file');
  const method = values.method || (body !== undefined ? 'POST' : 'GET');
  const env = process.env;
  const creds = {
    ak: values.ak ?? env.HUAWEICLOUD_SDK_AK,
    sk: values.sk ?? env.HUAWEICLOUD_SDK_SK,
  };
  const extra = [
    ['securityToken', 'security-token', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'],
    ['projectId', 'project-id', 'HUAWEICLOUD_SDK_PROJECT_ID'],
    ['domainId', 'domain-id', 'HUAWEICLOUD_SDK_DOMAIN_ID'],
  ];
  for (const [key, flag, name] of extra) {
    const v = values[flag] ?? env[name];
    if (v) creds[key] = v;
  }
  if (values.sk !== undefined) err(`${PROG}: warning: --sk puts the secret key in your shell history and the process list; prefer HUAWEICLOUD_SDK_SK`);
  return { request: { method, url: positionals[0], headers, body }, creds, opts };
}

/**
 * The keys given (--ak/--sk or HUAWEICLOUD_SDK_AK/_SK), else the default chain (profile file, pod
 * identity, ECS metadata; OIDC through HUAWEICLOUD_SDK_IDP_ID + _ID_TOKEN_FILE). Ids given win.
 */
async function chainCredentials(given, akOption = false) {
  if (given.ak || given.sk) {
    if (!given.ak || !given.sk) throw new UsageError(`no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or pass --ak and --sk); only the ${given.ak ? 'access key id' : 'secret key'} is given`);
    return { creds: given, source: akOption ? 'options' : 'env' };
  }
  let c;
  try {
    c = await defaultProvider()();
  } catch (e) {
    if (e && e.code === 'ERR_NO_CREDENTIALS') {
      throw new UsageError(`no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or pass --ak and --sk), write ~/.huaweicloud/credentials, or run on an ECS instance with an agency. Tried:\n${e.errors.map((x) => `  ${x.source}: ${x.message}`).join('\n')}`);
    }
    throw signFailure(e);
  }
  const creds = { ak: c.ak, sk: c.sk };
  for (const k of ['securityToken', 'projectId', 'domainId']) if (given[k] ?? c[k]) creds[k] = given[k] ?? c[k];
  return { creds, source: c.source, expiresAt: c.expiresAt, iamEndpoint: c.iamEndpoint };
}

/** whoami: the source, the AK (never the SK), temporary or not, and the project id (given, or from IAM with --region). */
async function whoami({ values, positionals }) {
  if (positionals.length) throw new UsageError(`whoami takes no URL, got ${JSON.stringify(positionals[0].slice(0, 80))}`);
  const env = process.env;
  const given = { ak: values.ak ?? env.HUAWEICLOUD_SDK_AK, sk: values.sk ?? env.HUAWEICLOUD_SDK_SK };
  for (const [key, flag, name] of [['securityToken', 'security-token', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'], ['projectId', 'project-id', 'HUAWEICLOUD_SDK_PROJECT_ID'], ['domainId', 'domain-id', 'HUAWEICLOUD_SDK_DOMAIN_ID']]) {
    const v = values[flag] ?? env[name];
    if (v) given[key] = v;
  }
  const { creds, source, expiresAt, iamEndpoint } = await chainCredentials(given, values.ak !== undefined);
  let projectId = creds.projectId;
  let projectFrom = projectId ? 'given' : undefined;
  if (!projectId && values.region !== undefined) {
    try {
      projectId = await discoverProjectId(creds, { region: values.region, iamEndpoint: env.HUAWEICLOUD_SDK_IAM_ENDPOINT || iamEndpoint });
    } catch (e) {
      throw signFailure(e);
    }
    projectFrom = `IAM, region ${values.region}`;
  }
  const info = { source, ak: creds.ak, temporary: !!creds.securityToken, expiresAt: expiresAt ? expiresAt.toISOString() : undefined, projectId, domainId: creds.domainId };
  if (values.json) {
    out(JSON.stringify(info, null, 2));
    return EXIT.OK;
  }
  out(`source:      ${source}`);
  out(`access key:  ${creds.ak}`);
  out(`temporary:   ${info.temporary ? `yes (security token${info.expiresAt ? `, expires ${info.expiresAt}` : ''})` : 'no'}`);
  out(`project id:  ${projectId ? `${projectId} (${projectFrom})` : 'unknown (pass --region to look it up)'}`);
  if (creds.domainId) out(`domain id:   ${creds.domainId}`);
  return EXIT.OK;
}

function signFailure(e) {
  if (e && typeof e.code === 'string' && e.code.startsWith('ERR_')) return new InputError(`${e.code}: ${e.message}`);
  return e;
}

async function sign(parsed) {
  const { values } = parsed;
  if (values.curl && values.json) throw new UsageError('use either --curl or --json, not both');
  const { request, creds: given, opts } = requestFrom(parsed, 'sign');
  const { creds } = await chainCredentials(given);
  let signed;
  try {
    signed = await signRequest(request, creds, opts);
  } catch (e) {
    throw signFailure(e);
  }
  if (values.verbose) {
    err('--- canonical request ---\n' + signed.canonicalRequest + '\n--- string to sign ---\n' + signed.stringToSign + '\n---');
  }
  if (values.json) out(jsonSigned(signed));
  else if (values.curl) {
    const host = request.headers.find(([n]) => n.toLowerCase() === 'host');
    out(curlCommand(signed, { body: request.body ?? null, host: host && host[1] }));
  }
  else for (const [n, v] of Object.entries(signed.headers)) out(`${n}: ${v}`);
  return EXIT.OK;
}

function colours() {
  const on = process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const c = (code) => (s) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: c(31), green: c(32), bold: c(1), dim: c(2), yellow: c(33) };
}

async function explain(parsed) {
  const { values } = parsed;
  if (values.curl) throw new UsageError('--curl is for sign');
  if (values['server-said'] !== undefined && values['server-said-file'] !== undefined) {
    throw new UsageError('use either --server-said or --server-said-file, not both');
  }
  let said = values['server-said'];
  if (said === undefined && values['server-said-file'] !== undefined) said = readInput(values['server-said-file'], '--server-said-file').toString('utf8');
  if (said === undefined) {
    if (process.stdin.isTTY) throw new UsageError("explain: give the gateway's error text with --server-said TEXT, --server-said-file FILE, or on standard input");
    const bodyFromStdin = values['data-file'] === '-' || parsed.tokens.some((t) => t.kind === 'option' && (t.name === 'data' || t.name === 'data-binary') && t.value === '@-');
    if (bodyFromStdin) throw new UsageError('explain: standard input cannot hold both the body (-d @- or --data-file -) and the error text');
    said = readInput('-', 'standard input').toString('utf8');
  }
  if (said.trim() === '') throw new UsageError("explain: the gateway's error text is empty");
  const { request, creds, opts } = requestFrom(parsed, 'explain');
  const server = parseServerMessage(said);
  let pinned = false;
  const hasDateHeader = request.headers.some(([n]) => n.toLowerCase() === 'x-sdk-date');
  if (opts.signingDate === undefined && !hasDateHeader && server.sdkDate) {
    opts.signingDate = server.sdkDate;
    pinned = true;
  }
  // The canonical request does not depend on the keys; placeholders keep explain secret-free.
  const keys = creds.ak && creds.sk ? creds : { ...creds, ak: creds.ak || 'AK', sk: 'not-needed-for-the-canonical-request' };
  let signed;
  try {
    signed = await signRequest(request, keys, opts);
  } catch (e) {
    throw signFailure(e);
  }
  const sdkDate = signed.headers['X-Sdk-Date'];
  const result = explainMismatch({
    serverMessage: said,
    canonicalRequest: signed.canonicalRequest,
    sdkDate,
    responseDate: values['response-date'],
  });
  const status = result.kind === 'none' ? EXIT.OK : result.kind === 'no-echo' || result.kind === 'unrecognised' ? EXIT.INPUT : EXIT.MISMATCH;
  if (values.json) {
    out(JSON.stringify(result, null, 2));
    return status;
  }
  const c = colours();
  const s = result.server;
  out(c.bold('Gateway said: ') + ([s.code, s.requestId ? `(request id ${s.requestId})` : ''].filter(Boolean).join(' ') || '(no error code)'));
  out(wrap(s.message.length > 400 ? s.message.slice(0, 400) + '…' : s.message));
  if (pinned) out(c.dim(`\nSigned with the gateway's X-Sdk-Date ${server.sdkDate} so that the dates compare equal.`));
  if (result.lines) {
    out('\n' + c.bold('Canonical request, line by line') + c.dim('  ("-" this request, "+" the gateway)'));
    for (const l of result.lines) {
      const label = LABELS[l.part].padEnd(18);
      if (l.status === 'same') {
        out(`  ${c.dim(label)} ${l.ours}`);
        continue;
      }
      if (l.ours !== null) out(c.red(`- ${label} ${l.ours}`));
      if (l.theirs !== null) out(c.green(`+ ${label} ${l.theirs}`));
    }
  }
  const first = result.firstDifference;
  const title = first ? `First difference: ${first.kind}${first.detail ? ` (${first.detail})` : ''}${first.header ? ` [${first.header}]` : ''}`
    : result.kind === 'none' ? 'No difference in the canonical request' : `Diagnosis: ${result.kind}`;
  out('\n' + c.bold(c.yellow(title)));
  out(wrap(result.summary.replace(/`/g, '')));
  for (const w of result.warnings) out('\n' + wrap('Note: ' + w.replace(/`/g, '')));
  if (values['response-date'] !== undefined) {
    const clock = clockOffset(values['response-date']);
    out('\n' + wrap(clock ? `Clock (server minus local ${clock.offsetMs > 0 ? '+' : ''}${clock.offsetMs} ms): ${clock.explanation}` : `Clock: cannot read the date ${JSON.stringify(values['response-date'].slice(0, 60))}.`));
  }
  if (creds.ak && creds.sk) {
    out('\n' + c.bold('This request signed with your key: ') + signed.signature);
  }
  return status;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) {
    err(`usage: ${PROG} sign [options] URL | ${PROG} explain [options] URL | ${PROG} whoami [--region R] | ${PROG} --help`);
    return EXIT.USAGE;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    out(MANUAL);
    return EXIT.OK;
  }
  if (command === '-V' || command === '--version') {
    out(version());
    return EXIT.OK;
  }
  if (command !== 'sign' && command !== 'explain' && command !== 'whoami') {
    throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}: expected sign, explain or whoami`);
  }
  const parsed = options(rest);
  const { values } = parsed;
  if (values.help) {
    out(MANUAL);
    return EXIT.OK;
  }
  if (values.version) {
    out(version());
    return EXIT.OK;
  }
  if (command === 'whoami') return whoami(parsed);
  return command === 'sign' ? sign(parsed) : explain(parsed);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      err(`${PROG}: ${e.message}\nTry '${PROG} --help'.`);
      process.exitCode = EXIT.USAGE;
    } else if (e instanceof InputError) {
      err(`${PROG}: ${e.message}`);
      process.exitCode = EXIT.INPUT;
    } else {
      err(`${PROG}: internal error: ${e && e.message ? e.message : e}`);
      process.exitCode = EXIT.INPUT;
    }
  },
);
