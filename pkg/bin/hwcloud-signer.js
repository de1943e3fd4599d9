#!/usr/bin/env node
// hwcloud-signer: sign a Huawei Cloud API request from the command line, or explain why the API
// gateway rejected a signature. `hwcloud-signer --help` for the manual.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signRequest, explainMismatch, parseServerMessage, clockOffset } from '../src/index.js';

const EXIT = { OK: 0, MISMATCH: 1, USAGE: 2, INPUT: 3 };
const PROG = 'hwcloud-signer';

const MANUAL = `NAME
    hwcloud-signer - sign Huawei Cloud API requests (SDK-HMAC-SHA256, AK/SK) and
    explain "verify aksk signature fail" errors

SYNOPSIS
    hwcloud-signer sign [-X METHOD] [-H 'Name: value']... [-d DATA | --data-file FILE]
                        [--date DATE] [--curl | --json] [-v] URL
    hwcloud-signer explain [--server-said TEXT | --server-said-file FILE] [-X METHOD]
                        [-H 'Name: value']... [-d DATA | --data-file FILE] [--date DATE]
                        [--response-date DATE] [--json] URL
    hwcloud-signer --help | --version

DESCRIPTION
    sign      Signs the request and prints the headers to send with it, one
              "Name: value" per line: your own headers, X-Sdk-Date and
              Authorization. --curl prints a ready curl command instead, --json
              the whole SignedRequest (canonical request and string to sign
              included). The secret key is never printed.

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

    The method defaults to GET, or POST when a body is given (as in curl).
    Host is signed from the URL. Only the query form that is signed is sent:
    use the URL printed by --curl or --json.

OPTIONS
    -X, --method METHOD       HTTP method (default GET; POST with -d/--data-file).
    -H, --header 'Name: value'
                              A header to send and sign. Repeatable.
    -d, --data DATA           The request body, exactly as sent.
        --data-file FILE      Read the body from FILE ("-" for standard input).
        --date DATE           Signing date: YYYYMMDDTHHMMSSZ (20191115T033655Z),
                              ISO 8601 (2019-11-15T03:36:55Z) or epoch
                              milliseconds. Default: an X-Sdk-Date header if
                              given, else now. Use it for reproducible output.
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
  const c = h.indexOf(':');
  if (c <= 0) throw new UsageError(`-H ${JSON.stringify(h.slice(0, 80))}: a header must be written 'Name: value'`);
  return [h.slice(0, c).trim(), h.slice(c + 1).trim()];
}

function parseDate(s) {
  if (/^\d{8}T\d{6}Z$/.test(s)) return s;
  if (/^\d{9,}$/.test(s)) return Number(s);
  const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) {
    throw new UsageError(`--date ${JSON.stringify(s.slice(0, 40))}: expected YYYYMMDDTHHMMSSZ (e.g. 20191115T033655Z), ISO 8601 with a time zone (2019-11-15T03:36:55Z) or epoch milliseconds`);
  }
  return t;
}

function readInput(path, what) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    throw new InputError(`cannot read ${what} ${JSON.stringify(path)}: ${e.code || e.message}`);
  }
}

const shq = (s) => "'" + String(s).replace(/'/g, "'\\''") + "'";

function curlCommand(signed, userHeaders, body, dataFile) {
  const parts = [signed.method === 'HEAD' ? 'curl -I' : signed.method === 'GET' && body == null ? 'curl' : `curl -X ${signed.method}`];
  parts[0] += ' ' + shq(signed.url);
  const host = userHeaders.find(([n]) => n.toLowerCase() === 'host');
  if (host) parts.push(`-H ${shq('Host: ' + host[1])}`);
  for (const [n, v] of Object.entries(signed.headers)) parts.push(`-H ${shq(n + ': ' + v)}`);
  if (dataFile !== undefined) parts.push(`--data-binary @${dataFile === '-' ? '-' : shq(dataFile)}`);
  else if (body != null) parts.push(`--data-binary ${shq(body)}`);
  return parts.join(' \\\n  ');
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

function options(args) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        method: { type: 'string', short: 'X' },
        header: { type: 'string', short: 'H', multiple: true },
        data: { type: 'string', short: 'd' },
        'data-file': { type: 'string' },
        date: { type: 'string' },
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
      },
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
}

/** The request and credentials common to sign and explain. */
function requestFrom(values, positionals, command) {
  if (positionals.length === 0) throw new UsageError(`${command}: missing the request URL`);
  if (positionals.length > 1) throw new UsageError(`${command}: expected one URL, got ${positionals.length} arguments (quote URLs that contain "&")`);
  if (values.data !== undefined && values['data-file'] !== undefined) throw new UsageError('use either -d/--data or --data-file, not both');
  const headers = (values.header || []).map(parseHeader);
  let body = values.data;
  if (values['data-file'] !== undefined) body = readInput(values['data-file'], '--data-file');
  const method = values.method || (body !== undefined ? 'POST' : 'GET');
  const opts = {};
  if (values.date !== undefined) opts.signingDate = parseDate(values.date);
  if (values['unsigned-payload']) opts.unsignedPayload = true;
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

function signFailure(e) {
  if (e && typeof e.code === 'string' && e.code.startsWith('ERR_')) return new InputError(`${e.code}: ${e.message}`);
  return e;
}

async function sign(values, positionals) {
  if (values.curl && values.json) throw new UsageError('use either --curl or --json, not both');
  const { request, creds, opts } = requestFrom(values, positionals, 'sign');
  if (!creds.ak || !creds.sk) {
    throw new UsageError('no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or pass --ak and --sk)');
  }
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
  else if (values.curl) out(curlCommand(signed, request.headers, typeof request.body === 'string' ? request.body : null, values['data-file']));
  else for (const [n, v] of Object.entries(signed.headers)) out(`${n}: ${v}`);
  return EXIT.OK;
}

function colours() {
  const on = process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const c = (code) => (s) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: c(31), green: c(32), bold: c(1), dim: c(2), yellow: c(33) };
}

async function explain(values, positionals) {
  if (values.curl) throw new UsageError('--curl is for sign');
  if (values['server-said'] !== undefined && values['server-said-file'] !== undefined) {
    throw new UsageError('use either --server-said or --server-said-file, not both');
  }
  let said = values['server-said'];
  if (said === undefined && values['server-said-file'] !== undefined) said = readInput(values['server-said-file'], '--server-said-file').toString('utf8');
  if (said === undefined) {
    if (process.stdin.isTTY) throw new UsageError("explain: give the gateway's error text with --server-said TEXT, --server-said-file FILE, or on standard input");
    if (values['data-file'] === '-') throw new UsageError('explain: standard input cannot hold both the body (--data-file -) and the error text');
    said = readInput('-', 'standard input').toString('utf8');
  }
  if (said.trim() === '') throw new UsageError("explain: the gateway's error text is empty");
  const { request, creds, opts } = requestFrom(values, positionals, 'explain');
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
    err(`usage: ${PROG} sign [options] URL | ${PROG} explain [options] URL | ${PROG} --help`);
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
  if (command !== 'sign' && command !== 'explain') {
    throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}: expected sign or explain`);
  }
  const { values, positionals } = options(rest);
  if (values.help) {
    out(MANUAL);
    return EXIT.OK;
  }
  if (values.version) {
    out(version());
    return EXIT.OK;
  }
  return command === 'sign' ? sign(values, positionals) : explain(values, positionals);
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
