// hwcloud-signer devtools page. Loads the package exactly as a user's page would (an import map
// maps "hwcloud-signer" to the package's default entry), signs live as you type, and compares the
// gateway's echoed canonical request with ours. Nothing is stored and nothing is sent anywhere.
// Keys are read from their inputs at signing time and never written to the DOM, the URL or storage.
// The URL fragment is written only when Share is clicked, and without credentials unless asked.
// Quoting, the snippet builders, date input and the share redaction are the package's devtools
// module, shared with the command line (pkg/src/devtools.js, mapped as "hwcloud-signer/devtools").

import { signRequest, explainMismatch, parseServerMessage, clockOffset } from 'hwcloud-signer';
import {
  curlCommand, fetchSnippet, parseHeaderLine, parseSigningDate, shareableRequest, splitCanonicalRequest,
} from 'hwcloud-signer/devtools';

const $ = (id) => document.getElementById(id);
const field = {
  ak: $('ak'),
  sk: $('sk'),
  token: $('token'),
  method: $('method'),
  url: $('url'),
  headers: $('headers'),
  body: $('body'),
  date: $('date'),
  server: $('server'),
  respDate: $('resp-date'),
  algorithm: $('algorithm'),
  region: $('region'),
  service: $('service'),
};
const V11 = 'V11-HMAC-SHA256';

const PART_LABELS = {
  method: 'Method',
  'canonical-uri': 'Canonical URI',
  'canonical-query': 'Canonical query',
  'canonical-headers': 'Canonical headers',
  'signed-headers': 'Signed headers',
  'payload-hash': 'Payload hash',
};
const KIND_TITLES = {
  method: 'The method differs',
  path: 'The path differs',
  query: 'The query string differs',
  'header-missing-on-server': 'A header is signed here but not by the gateway',
  'header-missing-locally': 'The gateway signed a header this request lacks',
  'header-value': 'A header value differs',
  'signed-headers': 'The signed-headers list differs',
  'payload-hash': 'The body hash differs',
  'signature-expired': 'Signature expired: the date is outside the 15-minute window',
  none: 'The canonical requests are identical',
  'locked-out': 'The AK is locked out',
  'ak-not-found': 'The gateway does not know this AK',
  token: 'A token error, not a signature error',
  'no-echo': 'No canonical request in the reply',
  'no-local-request': 'Enter the request to compare',
  unrecognised: 'Not a gateway signature error',
};
const SDK_DATE = /^\d{8}T\d{6}Z$/;

const EXAMPLE = {
  ak: 'QTWAOYTTINDUT2QVKYUC',
  sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  method: 'GET',
  url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  headers: 'Content-Type: application/json\nX-Sdk-Date: 20191115T033655Z',
  body: '',
  date: '',
};

let seq = 0;
let last = null; // { signed, sdkDate, dateSource, hasKeys }

class InputError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// ---------- inputs ----------

function parseHeaders(text) {
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const pair = parseHeaderLine(line);
    if (pair === null) throw new InputError('ERR_INVALID_HEADER', `headers, line ${i + 1}: ${JSON.stringify(line.slice(0, 60))} is not "Name: value"`);
    out.push(pair);
  });
  return out;
}

// ---------- rendering helpers ----------

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Text with `code` spans, rendered without innerHTML. */
function richText(target, text) {
  target.replaceChildren();
  text.split('`').forEach((piece, i) => {
    if (piece === '') return;
    target.append(i % 2 ? el('code', '', piece) : document.createTextNode(piece));
  });
}

function renderCanonical(cr) {
  const p = splitCanonicalRequest(cr);
  const list = $('out-canonical');
  list.replaceChildren();
  const rows = [
    ['method', 'Method', [p.method]],
    ['uri', 'Canonical URI', [p.uri]],
    ['query', 'Canonical query', [p.query]],
    ['headers', 'Canonical headers', p.headers],
    ['signed', 'Signed headers', [p.signedHeaders]],
    ['hash', 'Payload hash', [p.payloadHash]],
  ];
  rows.forEach(([key, label, lines], i) => {
    const li = el('li', `part-${key}`);
    const tag = el('span', 'part');
    tag.append(el('span', 'num', String(i + 1)), document.createTextNode(label));
    const vals = el('div', 'vals');
    for (const line of lines) {
      const v = el('code', line === '' ? 'empty' : '', line === '' ? '(empty)' : line);
      vals.append(v);
    }
    li.append(tag, vals);
    list.append(li);
  });
}


function showError(e) {
  const box = $('error');
  if (!e) {
    box.hidden = true;
    document.body.classList.remove('has-error');
    return;
  }
  $('error-code').textContent = e.code || e.name || 'Error';
  $('error-message').textContent = e.message || String(e);
  box.hidden = false;
  document.body.classList.add('has-error');
}

function setText(id, text) {
  $(id).textContent = text;
}

// ---------- signing ----------

async function update() {
  const mine = ++seq;
  let server = null;
  try {
    server = field.server.value.trim() ? parseServerMessage(field.server.value) : null;
  } catch {
    server = null;
  }
  let request;
  let options;
  let dateSource;
  const ak = field.ak.value.trim();
  const sk = field.sk.value;
  const hasKeys = ak !== '' && sk !== '';
  try {
    const headers = parseHeaders(field.headers.value);
    const body = field.body.value;
    request = { method: field.method.value, url: field.url.value.trim(), headers, body: body === '' ? null : body };
    if (request.url === '') {
      last = null;
      showError(null);
      clearOutputs();
      renderDebug(server);
      return;
    }
    const pinned = parseSigningDate(field.date.value);
    const headerDate = headers.find(([n]) => n.toLowerCase() === 'x-sdk-date');
    options = algorithmOptions();
    if (pinned !== undefined) {
      options.signingDate = pinned;
      dateSource = 'pinned';
    } else if (headerDate) {
      dateSource = 'header';
    } else if (server && server.sdkDate && SDK_DATE.test(server.sdkDate)) {
      options.signingDate = server.sdkDate;
      dateSource = 'gateway';
    } else {
      options.signingDate = Date.now();
      dateSource = 'now';
    }
    const token = field.token.value.trim();
    // Without keys the canonical request and string to sign are still shown (they do not depend on the SK).
    const creds = { ak: ak || 'AK', sk: hasKeys ? sk : 'placeholder-no-secret' };
    if (token) creds.securityToken = token;
    const signed = await signRequest(request, creds, options);
    if (mine !== seq) return;
    showError(null);
    const sdkDate = signed.headers['X-Sdk-Date'];
    last = { signed, sdkDate, dateSource, hasKeys, body: request.body };
    render(last, request);
  } catch (e) {
    if (mine !== seq) return;
    last = null;
    showError(e);
    // Never leave a stale signature or snippet on screen next to an error.
    clearOutputs();
    setText('out-signature', 'Fix the input above to sign');
  }
  renderDebug(server);
}

/** The algorithm options, passed through to signRequest as given (the package checks them). */
function algorithmOptions() {
  const algorithm = field.algorithm.value;
  const v11 = algorithm === V11;
  $('v11-fields').hidden = !v11;
  const options = { algorithm };
  if (v11) {
    const region = field.region.value.trim();
    const service = field.service.value.trim();
    if (region) options.region = region;
    if (service) options.service = service;
  }
  return options;
}

function clearOutputs() {
  document.body.classList.remove('stale');
  document.body.classList.add('no-keys');
  setText('out-signature', 'Enter a URL to sign');
  for (const id of ['out-authorization', 'out-signed', 'out-date', 'out-sts']) setText(id, '—');
  $('out-canonical').replaceChildren(el('li', 'placeholder', 'The canonical request appears here as you type: method, canonical URI, canonical query, canonical headers, signed headers and payload hash.'));
  $('out-headers').tBodies[0].replaceChildren();
  setText('out-curl', '# A ready curl command appears here.');
  setText('out-fetch', '// A ready fetch() call appears here.');
  setText('date-status', 'Empty: each change is signed with the current time.');
  $('host-warning').hidden = true;
}

function render(state, request) {
  const { signed, sdkDate, dateSource, hasKeys } = state;
  document.body.classList.remove('stale');
  document.body.classList.toggle('no-keys', !hasKeys);
  setText('out-signature', hasKeys ? signed.signature : 'Enter AK and SK to compute the signature');
  setText('out-authorization', hasKeys ? signed.authorization : '—');
  setText('out-signed', signed.signedHeaders);
  setText('out-date', sdkDate);
  renderCanonical(signed.canonicalRequest);
  setText('out-sts', signed.stringToSign);

  const tbody = $('out-headers').tBodies[0];
  tbody.replaceChildren();
  const host = request.headers.find(([n]) => n.toLowerCase() === 'host');
  const rows = Object.entries(signed.headers);
  for (const [n, v] of rows) {
    const tr = el('tr');
    const shown = n === 'Authorization' && !hasKeys ? '(needs AK and SK)' : v;
    tr.append(el('th', '', n), el('td', '', shown));
    tbody.append(tr);
  }
  const hostRow = el('tr', 'implicit');
  const urlHost = new URL(signed.url).host;
  hostRow.append(el('th', '', 'Host'), el('td', '', host ? host[1] : `${urlHost} (set by the HTTP client from the URL)`));
  tbody.append(hostRow);
  const redirected = host && host[1].toLowerCase() !== urlHost.toLowerCase();
  $('host-warning').hidden = !redirected;
  if (redirected) {
    richText($('host-warning'), `This request goes to \`${urlHost}\` but is signed for Host \`${host[1]}\`: whoever runs \`${urlHost}\` can replay it there for 15 minutes. Send it only through a proxy you control.`);
  }

  if (hasKeys) {
    setText('out-curl', curlCommand(signed, { body: request.body, host: host && host[1] }));
    setText('out-fetch', fetchSnippet(signed, { body: request.body, host: host && host[1] }));
  } else {
    setText('out-curl', '# Enter AK and SK to get a ready command.');
    setText('out-fetch', '// Enter AK and SK to get a ready fetch() call.');
  }

  const status = {
    pinned: `Pinned: signing with ${sdkDate}.`,
    header: `Signing with the X-Sdk-Date header: ${sdkDate}.`,
    gateway: `Signing with the gateway's X-Sdk-Date ${sdkDate} from the pasted reply, so the two canonical requests compare like for like. Pin a date or clear the reply to sign with the current time.`,
    now: `Signing with the current time: ${sdkDate}. Edit anything to re-sign, or pin it to keep the output stable.`,
  }[dateSource];
  setText('date-status', status);
  $('pin').disabled = dateSource === 'pinned' || dateSource === 'header';
}

// ---------- the gateway's reply ----------

function markDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const cell = (s) => {
    const td = el('td', 'mono');
    const mid = s.slice(i, s.length - j);
    td.append(document.createTextNode(s.slice(0, i)));
    if (mid) td.append(el('mark', '', mid));
    else if (s.length) td.append(el('mark', 'gap', ''));
    td.append(document.createTextNode(s.slice(s.length - j)));
    return td;
  };
  return [cell(a), cell(b)];
}

function renderDebug(server) {
  const verdict = $('verdict');
  const kindEl = $('verdict-kind');
  const textEl = $('verdict-text');
  const warnEl = $('verdict-warnings');
  const wrap = $('diff-wrap');
  warnEl.replaceChildren();
  renderClock();
  if (!server) {
    verdict.className = 'verdict idle';
    verdict.removeAttribute('data-kind');
    kindEl.textContent = "Waiting for the gateway's reply";
    richText(textEl, 'A failed AK/SK request returns 401 with `APIGW.0301`. Its message echoes the canonical request the gateway computed (with `|` for newlines). Paste it on the left: this page lines it up with the canonical request above and explains the first difference.');
    wrap.hidden = true;
    return;
  }
  const result = explainMismatch({
    serverMessage: field.server.value,
    canonicalRequest: last ? last.signed.canonicalRequest : undefined,
    sdkDate: last ? last.sdkDate : undefined,
  });
  const ok = result.kind === 'none';
  verdict.className = `verdict ${ok ? 'ok' : result.firstDifference ? 'bad' : 'info'}`;
  verdict.dataset.kind = result.kind;
  kindEl.replaceChildren();
  const fd = result.firstDifference;
  kindEl.append(
    el('span', 'badge', result.kind + (fd && fd.detail ? ` · ${fd.detail}` : '') + (fd && fd.header && result.kind !== 'signature-expired' ? ` · ${fd.header}` : '')),
    document.createTextNode(' ' + (KIND_TITLES[result.kind] || result.kind)),
  );
  richText(textEl, result.summary);
  const meta = [result.server.code, result.server.requestId && `request id ${result.server.requestId}`].filter(Boolean).join(' · ');
  if (meta) textEl.append(el('span', 'meta', meta));
  for (const w of result.warnings) {
    const li = el('li');
    richText(li, w);
    warnEl.append(li);
  }

  if (!result.lines) {
    wrap.hidden = true;
    return;
  }
  wrap.hidden = false;
  const tbody = $('diff').tBodies[0];
  tbody.replaceChildren();
  let prevPart = null;
  for (const line of result.lines) {
    const tr = el('tr', line.status);
    if (fd && line.part === fd.part && (line.name === undefined || line.name === fd.header) && line.status !== 'same') tr.classList.add('first');
    const th = el('th', 'part-cell');
    th.scope = 'row';
    if (line.part !== prevPart) th.textContent = PART_LABELS[line.part];
    prevPart = line.part;
    tr.append(th);
    if (line.status === 'changed') {
      tr.append(...markDiff(line.ours, line.theirs));
    } else {
      tr.append(
        el('td', 'mono' + (line.ours === null ? ' absent' : ''), line.ours === null ? 'not signed' : line.ours),
        el('td', 'mono' + (line.theirs === null ? ' absent' : ''), line.theirs === null ? 'not signed' : line.theirs),
      );
    }
    tbody.append(tr);
  }
}

function renderClock() {
  const out = $('clock');
  const v = field.respDate.value.trim();
  out.className = 'status';
  if (!v) {
    out.textContent = 'Paste it right after the response arrived: the offset includes the time since.';
    return;
  }
  const c = clockOffset(v);
  if (!c) {
    out.textContent = `Cannot read ${JSON.stringify(v.slice(0, 60))} as a date (expected e.g. "Sun, 23 Nov 2025 10:04:05 GMT").`;
    out.classList.add('bad');
    return;
  }
  const sign = c.offsetMs > 0 ? '+' : '';
  out.textContent = `Server − this computer: ${sign}${(c.offsetMs / 1000).toFixed(0)} s. ${c.explanation}`;
  out.classList.add(Math.abs(c.offsetMs) > 15 * 60 * 1000 ? 'bad' : 'good');
}

// ---------- share link (the request only, never keys) ----------

function b64urlEncode(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function b64urlDecode(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** The request as a share link may carry it (never keys; credentials only when the box is ticked). */
function shareState() {
  const { state, omitted } = shareableRequest({
    method: field.method.value,
    url: field.url.value,
    headers: field.headers.value,
    body: field.body.value,
    date: field.date.value,
  }, { includeCredentials: $('share-secrets').checked });
  if (field.algorithm.value !== field.algorithm.options[0].value) {
    state.a = field.algorithm.value;
    if (field.algorithm.value === V11) {
      state.rg = field.region.value;
      state.sv = field.service.value;
    }
  }
  return { state, omitted };
}

function restoreFromFragment() {
  const m = /^#r=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return false;
  try {
    const s = JSON.parse(b64urlDecode(m[1]));
    if (typeof s !== 'object' || !s) return false;
    if (typeof s.m === 'string') {
      if (![...field.method.options].some((o) => o.value === s.m)) field.method.append(new Option(s.m));
      field.method.value = s.m;
    }
    if (typeof s.u === 'string') field.url.value = s.u;
    if (typeof s.h === 'string') field.headers.value = s.h;
    if (typeof s.b === 'string') field.body.value = s.b;
    if (typeof s.d === 'string') field.date.value = s.d;
    if (typeof s.a === 'string' && [...field.algorithm.options].some((o) => o.value === s.a)) field.algorithm.value = s.a;
    if (typeof s.rg === 'string') field.region.value = s.rg;
    if (typeof s.sv === 'string') field.service.value = s.sv;
    $('link-note').hidden = false;
    return true;
  } catch {
    return false;
  }
}

// ---------- buttons ----------

async function copyText(text, button) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed: select and copy';
  }
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button.copy');
  if (!b) return;
  if (b.dataset.copyText === 'canonical') {
    if (last) copyText(last.signed.canonicalRequest, b);
  } else {
    copyText($(b.dataset.copy).textContent, b);
  }
});

$('sk-toggle').addEventListener('click', () => {
  const show = field.sk.type === 'password';
  field.sk.type = show ? 'text' : 'password';
  $('sk-toggle').textContent = show ? 'Hide' : 'Show';
  $('sk-toggle').setAttribute('aria-pressed', String(show));
});

$('pin').addEventListener('click', () => {
  if (last) {
    field.date.value = last.sdkDate;
    update();
  }
});

$('example').addEventListener('click', () => {
  for (const k of ['ak', 'sk', 'method', 'url', 'headers', 'body', 'date']) field[k].value = EXAMPLE[k];
  update();
});

// The fragment is written here and nowhere else: typing never puts anything in the URL.
$('share').addEventListener('click', () => {
  const { state, omitted } = shareState();
  const url = location.origin + location.pathname + '#r=' + b64urlEncode(JSON.stringify(state));
  history.replaceState(null, '', url);
  $('share-status').textContent = omitted.length
    ? `Link copied. Left out: ${omitted.join('; ')}.`
    : 'Link copied. It holds the request only, never the keys.';
  copyText(url, $('share'));
});

$('server-example').addEventListener('click', () => {
  if (!last) return;
  // A typical failure: the HTTP client rewrote Content-Type after signing, or sent "{}" as the body.
  const p = splitCanonicalRequest(last.signed.canonicalRequest);
  let headers = p.headers;
  let hash = p.payloadHash;
  if (headers.some((h) => h.startsWith('content-type:'))) headers = headers.map((h) => (h.startsWith('content-type:') ? h + ';charset=UTF-8' : h));
  else hash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
  const echo = [p.method, p.uri, p.query, ...headers, '', p.signedHeaders, hash].join('|');
  field.server.value = JSON.stringify({
    error_msg: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${echo}`,
    error_code: 'APIGW.0301',
    request_id: '5c3b6e0f2d8a4e1b9f7a6c5d4e3b2a19',
  });
  update();
});

for (const f of Object.values(field)) f.addEventListener('input', update);
field.method.addEventListener('change', update);
field.algorithm.addEventListener('change', update);

restoreFromFragment();
update();
