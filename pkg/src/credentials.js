// Credential providers: where the official Huawei Cloud SDKs find credentials by themselves
// (huaweicloudsdkcore auth/provider.py and auth/internal.py), for every runtime.
//
//   fromEnv(env?)            HUAWEICLOUD_SDK_AK / _SK / _SECURITY_TOKEN / _PROJECT_ID / _DOMAIN_ID,
//                            or _IDP_ID + _ID_TOKEN_FILE (OIDC federation); any runtime with `env`
//   fromProfile()            ~/.huaweicloud/credentials ([basic] / [global]); Node, Deno, Bun
//   fromInstanceMetadata()   the ECS/BMS agency's temporary keys at 169.254.169.254; Node, Deno, Bun
//   fromOidc()               an OIDC id token exchanged at IAM for temporary keys; any runtime (idToken)
//   fromPodIdentity()        CCE pod identity (HC_CONTAINER_CREDENTIALS_FULL_URI); Node, Deno, Bun
//   defaultProvider()        env → profile → pod identity (when configured) → instance metadata
//
// A provider is a function: `await provider()` → `{ ak, sk, securityToken?, projectId?, domainId?,
// iamEndpoint?, expiresAt?, source }`, the shape HuaweiCloudClient's `credentials` and signRequest
// take. Temporary keys are cached in a RefreshCache (refreshed before expiry, one shared refresh,
// a failure rejects every waiter and the next call retries); `provider.invalidate()` forgets them.
//
// Files are read only through `process.getBuiltinModule('node:fs')` (Node >= 20.16, Deno, Bun): no
// module here imports node:fs, so browser and Worker bundles never contain file-system code.

import { HwCloudSignerError, describe, error, typeError } from './errors.js';
import { guard } from './guard.js';
import { RefreshCache } from './refresh-cache.js';
import { IAM_CONTENT_TYPE } from './token-params.js';
import { IamError, parseSecurityTokenResponse, readTokenResponse } from './token-response.js';

const E = 'HUAWEICLOUD_SDK_';
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** Default lifetime of keys obtained by OIDC federation (the Python SDK's FederalAccessor: 6 h). */
const OIDC_DURATION_SECONDS = 6 * 3600;
const METADATA_ENDPOINT = 'http://169.254.169.254';
const AGENCY_ERROR = 'Please configure Cloud Service Agency first';

// Regions with their own IAM endpoint (huaweicloudsdkcore auth/endpoint.py); others use the global one.
const IAM_REGIONS = ' cn-north-1 cn-north-2 cn-north-4 cn-north-9 cn-north-12 cn-east-2 cn-east-3 cn-east-4 cn-east-5 '
  + 'cn-south-1 cn-south-2 cn-southwest-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 af-south-1 '
  + 'sa-brazil-1 la-south-2 la-north-2 na-mexico-1 eu-west-0 my-kualalumpur-1 ru-moscow-1 me-east-1 ae-ad-1 tr-west-1 ';

/** @internal An http(s) base URL without trailing `/` (no query, fragment or user info). */
export function baseUrl(value, name, example) {
  if (typeof value !== 'string' && !(value instanceof URL)) throw typeError('ERR_INVALID_ARGUMENT', `${name} must be an http(s) base URL string such as ${example}, got ${describe(value)}`);
  const s = String(value).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#@\s]+(\/[^?#\s]*)?$/i.test(s)) throw error('ERR_INVALID_ARGUMENT', `${name} must be an http(s) base URL such as ${example}, got ${JSON.stringify(s.slice(0, 200))}`);
  return s;
}

/** @internal IAM's base URL: `endpoint`, else the region's (if it has one), else the global endpoint. */
export function iamEndpointOf(region, endpoint) {
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') return baseUrl(endpoint, 'iamEndpoint', 'https://iam.cn-north-4.myhuaweicloud.com');
  return region && IAM_REGIONS.includes(` ${region} `) ? `https://iam.${region}.myhuaweicloud.com` : 'https://iam.myhuaweicloud.com';
}

// ---------------------------------------------------------------------------------------------
// Runtime capabilities

const isWorker = () => globalThis.navigator?.userAgent === 'Cloudflare-Workers';
const isBrowser = () => typeof globalThis.document === 'object' && typeof globalThis.window === 'object';

function unsupported(provider, need) {
  const where = isWorker() ? 'Cloudflare Workers' : isBrowser() ? 'a browser' : 'this runtime';
  return error('ERR_CREDENTIALS_UNSUPPORTED_RUNTIME', `${provider} needs ${need}, which ${where} does not have (it works in Node >= 20.16, Deno and Bun). In browsers and Workers use fromEnv(env) with your Worker's env bindings, fromOidc({ idToken }), or pass { ak, sk } yourself`);
}

/** node:fs without importing it (so bundlers never see it), or a coded error naming what works. */
function fileSystem(provider) {
  const fs = isWorker() || isBrowser() ? null : globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) throw unsupported(provider, 'file access (process.getBuiltinModule)');
  return fs;
}

function linkLocalHttp(provider) {
  if (isWorker() || isBrowser()) throw unsupported(provider, 'HTTP to a link-local address');
}

/** The process environment where there is one (Node, Deno with --allow-env, Bun), else {}. */
function processEnv() {
  try {
    return globalThis.process?.env ?? {};
  } catch {
    return {}; // Deno without --allow-env throws on access
  }
}

function envOf(env, what) {
  if (env === undefined) return processEnv();
  if (!env || typeof env !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `${what}: env must be an object (process.env or a Worker's env bindings), got ${describe(env)}`);
  return env;
}

/** A non-empty string setting or undefined (the SDKs treat empty variables as unset). */
function setting(obj, name) {
  let v;
  try {
    v = obj[name];
  } catch {
    return undefined;
  }
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function readText(fs, path, what) {
  let text;
  try {
    text = await fs.promises.readFile(path, 'utf8');
  } catch (e) {
    const code = e && e.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw error('ERR_CREDENTIALS_NOT_FOUND', `${what} ${JSON.stringify(path)} does not exist`);
    throw error('ERR_CREDENTIALS_FILE', `cannot read ${what} ${JSON.stringify(path)}: ${code || (e && e.message) || e}`, { cause: e });
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Provider plumbing

// Every option any provider reads. They are copied once, when the provider is made, so a caller's
// getter or Proxy runs there (and a throwing one becomes a coded ERR_INVALID_ARGUMENT) and never
// again during a refresh.
const OPTION_KEYS = ['fetch', 'clock', 'refreshFraction', 'timeoutMs', 'env', 'path', 'section', 'endpoint', 'tokenTtlSeconds',
  'idpId', 'idToken', 'idTokenFile', 'iamEndpoint', 'region', 'durationSeconds', 'projectId', 'domainId', 'uri', 'tokenFile',
  'profile', 'podIdentity', 'metadata'];

/** A plain copy of `opts`' known options ({} for undefined/null), or a coded error. */
function snapshot(opts, what) {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `${what} must be an object, got ${describe(opts)}`);
  return guard('ERR_INVALID_ARGUMENT', what, () => {
    const o = {};
    for (const k of OPTION_KEYS) {
      const v = opts[k];
      if (v !== undefined) o[k] = v;
    }
    return o;
  });
}

function options(opts, what) {
  const o = snapshot(opts, `${what}: options`);
  for (const k of ['fetch', 'clock', 'idToken']) {
    if (o[k] !== undefined && typeof o[k] !== 'function' && !(k === 'idToken' && typeof o[k] === 'string')) {
      throw typeError('ERR_INVALID_ARGUMENT', `${what}: ${k} must be a function${k === 'idToken' ? ' or a string' : ''}, got ${describe(o[k])}`);
    }
  }
  return o;
}

const fetchOf = (o) => o.fetch ?? ((...a) => globalThis.fetch(...a));

/** A provider function backed by a RefreshCache; `load` returns { value, expiresAt? }. */
function cached(load, o, what) {
  const cache = new RefreshCache(load, { clock: o.clock, fraction: o.refreshFraction, timeoutMs: o.timeoutMs, what });
  const provider = () => cache.get();
  provider.invalidate = () => cache.invalidate();
  return provider;
}

function result(fields, source) {
  const c = { ak: fields.ak, sk: fields.sk };
  for (const k of ['securityToken', 'projectId', 'domainId', 'iamEndpoint', 'expiresAt']) if (fields[k] !== undefined) c[k] = fields[k];
  c.source = source;
  return Object.freeze(c);
}

function networkError(e, url, what) {
  if (e && (e.name === 'AbortError' || e.code === 'ERR_TIMEOUT')) return e;
  return error('ERR_NETWORK', `could not reach ${what} at ${url}: ${(e && e.message) || e}`, { cause: e });
}

async function send(fetchFn, url, init, what) {
  let res;
  try {
    res = await fetchFn(url, init);
  } catch (e) {
    throw networkError(e, url, what);
  }
  let ok = false;
  try {
    ok = !!res && typeof res === 'object' && typeof res.status === 'number' && typeof res.text === 'function' && !!res.headers && typeof res.headers.get === 'function';
  } catch {
    // a Proxy or a throwing getter: not a Response
  }
  if (!ok) throw error('ERR_INVALID_RESPONSE', `the fetch function resolved to ${describe(res)} for ${url}, not a Response (${what})`);
  return res;
}

/** The body of a successful answer; a body that breaks off is a network error. */
async function bodyText(res, url, what) {
  try {
    return await res.text();
  } catch (e) {
    throw networkError(e, url, what);
  }
}

/**
 * Calls a caller-supplied hook (an idToken function); an uncoded exception becomes `code`
 * with the original as `cause` (its message is not repeated: it may say anything).
 */
async function callHook(fn, code, what) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    throw error(code, `${what} threw or rejected (see err.cause)`, { cause: e });
  }
}

/** A short, single-line excerpt of an error body (error bodies carry no keys). */
async function excerpt(res) {
  let t = '';
  try {
    t = await res.text();
  } catch {
    // unreadable body: the status says enough
  }
  t = t.replace(/\s+/g, ' ').trim();
  return t ? `: ${t.slice(0, 200)}` : '';
}

/** Epoch ms of an ISO 8601 UTC time (`2024-01-04T09:05:22.701000Z`), else NaN. */
function isoTime(s) {
  const m = typeof s === 'string' && /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]00:?00)$/i.exec(s);
  return m ? Date.parse(`${m[1]}.${((m[2] ?? '') + '000').slice(0, 3)}Z`) : NaN;
}

/**
 * @internal Temporary keys from a metadata or pod identity answer, as the SDK's
 * StsAccessor._process_credential reads them: under `credential`, `credentials` or at the top,
 * `access|accessKeyId|access_key_id`, `secret|secretAccessKey|secret_access_key`,
 * `securitytoken|securityToken|security_token`, `expires_at|expiration`.
 */
export function parseTemporaryCredential(text, what) {
  const bad = (why) => error('ERR_INVALID_RESPONSE', `unusable answer from ${what}: ${why}`);
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    throw bad('the body is not JSON');
  }
  if (!j || typeof j !== 'object') throw bad('the body is not a JSON object');
  const c = j.credential ?? j.credentials ?? j;
  if (!c || typeof c !== 'object') throw bad('"credential" is not an object');
  const ak = c.access ?? c.accessKeyId ?? c.access_key_id;
  const sk = c.secret ?? c.secretAccessKey ?? c.secret_access_key;
  const securityToken = c.securitytoken ?? c.securityToken ?? c.security_token;
  const expires = c.expires_at ?? c.expiration;
  for (const [v, name] of [[ak, 'access'], [sk, 'secret'], [securityToken, 'securitytoken']]) {
    if (typeof v !== 'string' || !VISIBLE_ASCII.test(v)) throw bad(`${name} is missing or not printable ASCII`);
  }
  const t = isoTime(expires);
  if (Number.isNaN(t)) throw bad(`expires_at is missing or not ISO 8601 UTC (got ${typeof expires === 'string' ? JSON.stringify(expires.slice(0, 40)) : describe(expires)})`);
  return { ak, sk, securityToken, expiresAt: new Date(t) };
}

// ---------------------------------------------------------------------------------------------
// fromEnv

/**
 * Credentials from environment variables (the official SDKs' names), read on every call:
 * `HUAWEICLOUD_SDK_AK` + `_SK` (+ `_SECURITY_TOKEN`), or `HUAWEICLOUD_SDK_IDP_ID` +
 * `_ID_TOKEN_FILE` for OIDC federation (which wins, as in the SDKs); `_PROJECT_ID`, `_DOMAIN_ID`,
 * `_IAM_ENDPOINT` are passed along. `env` defaults to `process.env`; in Workers pass `env`.
 */
export function fromEnv(env, opts) {
  const o = options(opts, 'fromEnv');
  const explicit = env !== undefined;
  envOf(env, 'fromEnv');
  let oidc = null;
  let oidcKey = '';
  const provider = async () => {
    const e = envOf(env, 'fromEnv');
    const idpId = setting(e, E + 'IDP_ID');
    const idTokenFile = setting(e, E + 'ID_TOKEN_FILE');
    const ids = { projectId: setting(e, E + 'PROJECT_ID'), domainId: setting(e, E + 'DOMAIN_ID'), iamEndpoint: setting(e, E + 'IAM_ENDPOINT') };
    if (idpId && idTokenFile) {
      const key = [idpId, idTokenFile, ids.iamEndpoint].join('\n');
      if (!oidc || oidcKey !== key) {
        oidc = fromOidc({ ...o, idpId, idTokenFile, iamEndpoint: ids.iamEndpoint });
        oidcKey = key;
      }
      const c = await oidc();
      return result({ ...c, ...ids }, 'env');
    }
    const ak = setting(e, E + 'AK');
    const sk = setting(e, E + 'SK');
    if (!ak || !sk) {
      const missing = [!ak && E + 'AK', !sk && E + 'SK'].filter(Boolean).join(' and ');
      const where = explicit ? 'the env object passed to fromEnv(env)' : globalThis.process ? 'the process environment' : 'this runtime (there is no process.env: pass your Worker\'s env bindings, fromEnv(env))';
      throw error('ERR_CREDENTIALS_NOT_FOUND', `${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set in ${where} (nor ${E}IDP_ID + ${E}ID_TOKEN_FILE)`);
    }
    return result({ ak, sk, securityToken: setting(e, E + 'SECURITY_TOKEN'), ...ids }, 'env');
  };
  provider.invalidate = () => oidc && oidc.invalidate();
  return provider;
}

// ---------------------------------------------------------------------------------------------
// fromProfile

/**
 * @internal Parses an INI file as Python's configparser does by default: `[section]` headers
 * (case-sensitive), `key = value` or `key: value` (keys lower-cased, both sides trimmed), whole-line
 * `#` / `;` comments, indented continuation lines; duplicate sections or keys are errors.
 */
export function parseIni(text, path) {
  const sections = new Map();
  let cur = null;
  let lastKey = null;
  const bad = (n, why) => error('ERR_INVALID_PROFILE', `credentials file ${JSON.stringify(path)}, line ${n}: ${why}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line[0] === '#' || line[0] === ';') {
      if (line === '') lastKey = null;
      continue;
    }
    if (/^\s/.test(raw) && cur && lastKey) {
      cur.set(lastKey, `${cur.get(lastKey)}\n${line}`);
      continue;
    }
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s) {
      if (sections.has(s[1])) throw bad(i + 1, `section [${s[1]}] appears twice`);
      cur = new Map();
      sections.set(s[1], cur);
      lastKey = null;
      continue;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!m) throw bad(i + 1, 'expected [section] or key = value');
    if (!cur) throw bad(i + 1, 'a key before the first [section]');
    const key = m[1].toLowerCase();
    if (cur.has(key)) throw bad(i + 1, `key ${key} appears twice in its section`);
    cur.set(key, m[2]);
    lastKey = key;
  }
  return sections;
}

/** @internal The profile path: `path`, else HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials. */
export function profilePath(path, env) {
  if (path !== undefined) {
    if (typeof path !== 'string' || path === '') throw typeError('ERR_INVALID_ARGUMENT', `fromProfile: path must be a non-empty string, got ${describe(path)}`);
    return path;
  }
  const e = env ?? processEnv();
  const file = setting(e, E + 'CREDENTIALS_FILE');
  if (file) return file;
  const win = globalThis.process?.platform === 'win32';
  const home = setting(e, win ? 'USERPROFILE' : 'HOME');
  if (!home) throw error('ERR_CREDENTIALS_NOT_FOUND', `no profile path: ${win ? 'USERPROFILE' : 'HOME'} and ${E}CREDENTIALS_FILE are not set`);
  return win ? `${home}\\.huaweicloud\\credentials` : `${home}/.huaweicloud/credentials`;
}

/**
 * Credentials from the SDKs' profile file (read once, re-read after invalidate()):
 * `{ path?, section? = 'basic' }`. The section holds `ak`, `sk`, `security_token`, `project_id`,
 * `domain_id`, `iam_endpoint`, or `idp_id` + `id_token_file` for OIDC federation. Node, Deno, Bun.
 */
export function fromProfile(opts) {
  const o = options(opts, 'fromProfile');
  const section = o.section ?? 'basic';
  if (typeof section !== 'string' || section === '') throw typeError('ERR_INVALID_ARGUMENT', `fromProfile: section must be a non-empty string such as 'basic' or 'global', got ${describe(section)}`);
  if (o.path !== undefined) profilePath(o.path);
  let oidc = null;
  const load = async () => {
    const fs = fileSystem('fromProfile()');
    const path = profilePath(o.path, o.env);
    const ini = parseIni(await readText(fs, path, 'the credentials file'), path);
    const s = ini.get(section);
    if (!s) throw error('ERR_CREDENTIALS_NOT_FOUND', `the credentials file ${JSON.stringify(path)} has no [${section}] section${ini.size ? ` (it has ${[...ini.keys()].map((k) => `[${k}]`).join(', ')})` : ''}`);
    const v = (k) => (s.get(k) ? s.get(k) : undefined);
    const ids = { projectId: v('project_id'), domainId: v('domain_id'), iamEndpoint: v('iam_endpoint') };
    if (v('idp_id') && v('id_token_file')) {
      oidc = fromOidc({ ...o, idpId: v('idp_id'), idTokenFile: v('id_token_file'), iamEndpoint: ids.iamEndpoint });
      return { value: { oidc, ids } };
    }
    if (!v('ak') || !v('sk')) {
      throw error('ERR_INVALID_PROFILE', `the [${section}] section of ${JSON.stringify(path)} needs ak and sk (or idp_id and id_token_file); ${!v('ak') && !v('sk') ? 'both are' : !v('ak') ? 'ak is' : 'sk is'} missing or empty`);
    }
    return { value: { creds: result({ ak: v('ak'), sk: v('sk'), securityToken: v('security_token'), ...ids }, 'profile') } };
  };
  const file = new RefreshCache(load, { clock: o.clock, what: 'fromProfile()' });
  const provider = async () => {
    const p = await file.get();
    return p.creds ?? result({ ...(await p.oidc()), ...p.ids }, 'profile');
  };
  provider.invalidate = () => {
    file.invalidate();
    if (oidc) oidc.invalidate();
  };
  return provider;
}

// ---------------------------------------------------------------------------------------------
// fromInstanceMetadata

/**
 * Temporary keys of the agency bound to an ECS/BMS instance, from its metadata service:
 * a session token (`PUT /meta-data/latest/api/token`, `X-Metadata-Token-Ttl-Seconds`), then
 * `GET /openstack/latest/securitykey` with `X-Metadata-Token`. A 401 that is not "Please configure
 * Cloud Service Agency first" gets a new session token and one retry (as in the SDKs).
 * `{ endpoint? = 'http://169.254.169.254', fetch?, timeoutMs? = 3000, tokenTtlSeconds? = 21600,
 * clock?, refreshFraction? }`. Node, Deno, Bun.
 */
export function fromInstanceMetadata(opts) {
  const o = options(opts, 'fromInstanceMetadata');
  const base = o.endpoint === undefined ? METADATA_ENDPOINT : baseUrl(o.endpoint, 'fromInstanceMetadata: endpoint', METADATA_ENDPOINT);
  const ttl = o.tokenTtlSeconds ?? 21600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) throw typeError('ERR_INVALID_ARGUMENT', `fromInstanceMetadata: tokenTtlSeconds must be an integer from 1 to 21600, got ${typeof ttl === 'number' ? ttl : describe(ttl)}`);
  const clock = o.clock ?? Date.now;
  const fetchFn = fetchOf(o);
  let session = null; // the metadata session token
  let lastTry = -Infinity;

  async function newSession(signal, mustWork) {
    lastTry = clock();
    const url = base + '/meta-data/latest/api/token';
    const res = await send(fetchFn, url, { method: 'PUT', headers: { 'X-Metadata-Token-Ttl-Seconds': String(ttl) }, signal }, 'the instance metadata service');
    if (res.status === 200) {
      const t = (await bodyText(res, url, 'the instance metadata service')).trim();
      if (!VISIBLE_ASCII.test(t)) throw error('ERR_INVALID_RESPONSE', 'unusable answer from the instance metadata service: the session token is empty or not printable ASCII');
      session = t;
    } else if (!mustWork && (res.status === 404 || res.status === 405 || res.status === 503)) {
      session = null; // an older metadata service without session tokens: go on without one
      await res.body?.cancel().catch(() => {});
    } else {
      throw metadataError(res.status, `PUT ${url}`, await excerpt(res));
    }
  }

  const load = async ({ signal }) => {
    linkLocalHttp('fromInstanceMetadata()');
    if (!session && clock() - lastTry > 24 * 3600_000) await newSession(signal, false);
    const url = base + '/openstack/latest/securitykey';
    const get = () => send(fetchFn, url, { method: 'GET', headers: session ? { 'X-Metadata-Token': session } : {}, signal }, 'the instance metadata service');
    let res = await get();
    if (res.status === 401) {
      const body = await res.text().catch(() => '');
      if (body.includes(AGENCY_ERROR)) throw error('ERR_METADATA_NO_AGENCY', `the instance metadata service has no temporary keys: no agency is bound to this instance ("${AGENCY_ERROR}"). Bind an agency in the ECS console (Management > Agency), or use another source`);
      await newSession(signal, true);
      res = await get();
    }
    if (res.status !== 200) {
      const x = await excerpt(res);
      if (res.status === 401 && x.includes(AGENCY_ERROR)) throw error('ERR_METADATA_NO_AGENCY', `no agency is bound to this instance ("${AGENCY_ERROR}")`);
      throw metadataError(res.status, `GET ${url}`, x);
    }
    const c = parseTemporaryCredential(await bodyText(res, url, 'the instance metadata service'), 'the instance metadata service');
    return { value: result(c, 'instance-metadata'), expiresAt: c.expiresAt.getTime() };
  };
  return cached(load, { ...o, timeoutMs: o.timeoutMs ?? 3000 }, 'fromInstanceMetadata()');
}

function metadataError(status, what, body) {
  const e = error('ERR_METADATA', `the instance metadata service answered HTTP ${status} to ${what}${body}`);
  e.status = status;
  return e;
}

// ---------------------------------------------------------------------------------------------
// fromOidc

/**
 * Temporary keys by OIDC federation (CCE workloads): the id token is exchanged at IAM
 * (`POST /v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id`) for a token, then for keys
 * (`POST /v3.0/OS-CREDENTIAL/securitytokens`). `{ idpId, idTokenFile | idToken, iamEndpoint?,
 * region?, durationSeconds? = 21600, projectId?, domainId?, fetch?, clock?, refreshFraction? }`.
 * `idToken` (a string or a function returning one) works in every runtime; `idTokenFile` is read on
 * every refresh (Kubernetes rotates it) and needs Node, Deno or Bun.
 */
export function fromOidc(opts) {
  const o = options(opts, 'fromOidc');
  if (typeof o.idpId !== 'string' || o.idpId === '' || !VISIBLE_ASCII.test(o.idpId)) throw typeError('ERR_INVALID_ARGUMENT', `fromOidc: idpId (the identity provider's id in IAM) must be a non-empty printable string, got ${typeof o.idpId === 'string' ? JSON.stringify(o.idpId.slice(0, 80)) : describe(o.idpId)}`);
  const hasFile = o.idTokenFile !== undefined;
  if (hasFile === (o.idToken !== undefined)) throw typeError('ERR_INVALID_ARGUMENT', 'fromOidc: give exactly one of idTokenFile (a path) and idToken (a string or a function returning one)');
  if (hasFile && (typeof o.idTokenFile !== 'string' || o.idTokenFile === '')) throw typeError('ERR_INVALID_ARGUMENT', `fromOidc: idTokenFile must be a non-empty path, got ${describe(o.idTokenFile)}`);
  const d = o.durationSeconds ?? OIDC_DURATION_SECONDS;
  if (!Number.isInteger(d) || d < 900 || d > 86400) throw typeError('ERR_INVALID_ARGUMENT', `fromOidc: durationSeconds must be an integer from 900 to 86400, got ${typeof d === 'number' ? d : describe(d)}`);
  const base = iamEndpointOf(o.region, o.iamEndpoint);
  const fetchFn = fetchOf(o);

  async function idToken() {
    let t;
    if (hasFile) t = await readText(fileSystem('fromOidc({ idTokenFile })'), o.idTokenFile, 'the id token file');
    else t = typeof o.idToken === 'function' ? await callHook(() => o.idToken(), 'ERR_CREDENTIALS_NOT_FOUND', 'fromOidc: the idToken function') : o.idToken;
    t = typeof t === 'string' ? t.trim() : t;
    if (typeof t !== 'string' || t === '') throw error('ERR_CREDENTIALS_NOT_FOUND', hasFile ? `the id token file ${JSON.stringify(o.idTokenFile)} is empty` : `fromOidc: idToken gave ${t === '' ? 'an empty string' : describe(t)}, not an id token`);
    if (!VISIBLE_ASCII.test(t)) throw error('ERR_INVALID_ARGUMENT', 'fromOidc: the id token must be printable ASCII (a JWT)');
    return t;
  }

  const load = async ({ signal }) => {
    const jwt = await idToken();
    const url1 = base + '/v3.0/OS-AUTH/id-token/tokens';
    const r1 = await send(fetchFn, url1, {
      method: 'POST', headers: { 'Content-Type': IAM_CONTENT_TYPE, 'X-Idp-Id': o.idpId }, body: JSON.stringify({ auth: { id_token: { id: jwt } } }), signal,
    }, 'IAM (id token exchange)');
    const token = (await federated(readTokenResponse(r1, jwt), 'exchanging the id token', [jwt])).token;
    const url2 = base + '/v3.0/OS-CREDENTIAL/securitytokens';
    const r2 = await send(fetchFn, url2, {
      method: 'POST',
      headers: { 'Content-Type': IAM_CONTENT_TYPE, 'X-Auth-Token': token },
      body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: token, duration_seconds: d } } } }),
      signal,
    }, 'IAM (temporary access key)');
    const c = await federated(parseSecurityTokenResponse(r2), 'getting temporary keys with the federated token', [jwt, token]);
    return { value: result({ ...c, projectId: o.projectId, domainId: o.domainId, iamEndpoint: o.iamEndpoint }, 'oidc'), expiresAt: c.expiresAt.getTime() };
  };
  return cached(load, o, 'fromOidc()');
}

/**
 * Awaits `p`; an IamError becomes one whose message is about OIDC federation (not a password login),
 * and no message shows any of `secrets` (the id token, the federated token).
 */
async function federated(p, what, secrets) {
  try {
    return await p;
  } catch (e) {
    if (!(e instanceof IamError)) throw e;
    const hide = (t) => (typeof t === 'string' ? secrets.reduce((x, s) => (s.length > 3 ? x.split(s).join('***') : x), t) : t);
    const iamMessage = hide(e.iamMessage);
    const hint = e.status === 404 ? ' Check idpId (the identity provider in IAM) and the IAM endpoint.'
      : e.status === 401 || e.status === 403 ? ' Check that the id token is current and that the identity provider\'s rules map it to a user.' : '';
    throw new IamError({ status: e.status, iamCode: e.iamCode, iamMessage, requestId: e.requestId },
      `OIDC federation: ${what} failed: IAM answered HTTP ${e.status}${e.iamCode ? ` ${e.iamCode}` : ''}${iamMessage ? `: ${iamMessage.replace(/\.+$/, '')}` : ''}.${hint}${e.requestId ? ` (request id ${e.requestId})` : ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// fromPodIdentity

/**
 * Temporary keys from CCE pod identity: `POST $HC_CONTAINER_CREDENTIALS_FULL_URI` with the token in
 * `$HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every refresh) as `Authorization`.
 * `{ uri?, tokenFile?, env?, fetch?, clock?, timeoutMs? = 5000, refreshFraction? }`. Node, Deno, Bun.
 */
export function fromPodIdentity(opts) {
  const o = options(opts, 'fromPodIdentity');
  const fetchFn = fetchOf(o);
  const load = async ({ signal }) => {
    const e = envOf(o.env, 'fromPodIdentity');
    const uri = o.uri ?? setting(e, 'HC_CONTAINER_CREDENTIALS_FULL_URI');
    const file = o.tokenFile ?? setting(e, 'HC_CONTAINER_AUTHORIZATION_TOKEN_FILE');
    if (!uri || !file) throw error('ERR_CREDENTIALS_NOT_FOUND', 'HC_CONTAINER_CREDENTIALS_FULL_URI and HC_CONTAINER_AUTHORIZATION_TOKEN_FILE must both be set for pod identity (CCE sets them in pods with a pod identity association)');
    const fs = fileSystem('fromPodIdentity()');
    const token = (await readText(fs, file, 'the pod identity token file')).trim();
    if (!token) throw error('ERR_CREDENTIALS_NOT_FOUND', `the pod identity token file ${JSON.stringify(file)} is empty`);
    const res = await send(fetchFn, uri, { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: '{}', signal }, 'the pod identity endpoint');
    if (res.status < 200 || res.status > 299) {
      const x = await excerpt(res);
      const err = error('ERR_POD_IDENTITY', `the pod identity endpoint ${uri} answered HTTP ${res.status}${x.split(token).join('***')}`);
      err.status = res.status;
      throw err;
    }
    const c = parseTemporaryCredential(await bodyText(res, uri, 'the pod identity endpoint'), 'the pod identity endpoint');
    return { value: result(c, 'pod-identity'), expiresAt: c.expiresAt.getTime() };
  };
  return cached(load, { ...o, timeoutMs: o.timeoutMs ?? 5000 }, 'fromPodIdentity()');
}

// ---------------------------------------------------------------------------------------------
// defaultProvider

/**
 * The chain: fromEnv → fromProfile → fromPodIdentity (only when HC_CONTAINER_CREDENTIALS_FULL_URI
 * is set) → fromInstanceMetadata (unless HUAWEICLOUD_SDK_METADATA_DISABLED=true; its address from
 * HUAWEICLOUD_SDK_METADATA_ENDPOINT if set). The Python SDK tries metadata before pod identity;
 * here a configured pod identity wins, so a pod never gets its node's agency instead. The first source that yields is kept for later calls (it caches
 * and refreshes its own keys). When none does, ERR_NO_CREDENTIALS lists every source and why
 * (`err.errors`: `[{ source, code, message }]`), and the next call walks the chain again.
 * `{ env?, profile?: { path?, section? } | false, podIdentity?: {…} | false, metadata?: {…} | false,
 * fetch?, clock? }`.
 */
export function defaultProvider(opts) {
  const o = options(opts, 'defaultProvider');
  const common = { fetch: o.fetch, clock: o.clock, refreshFraction: o.refreshFraction };
  const subs = {};
  for (const k of ['profile', 'podIdentity', 'metadata']) {
    subs[k] = o[k] === false ? null : { ...common, ...(o[k] && typeof o[k] === 'object' ? snapshot(o[k], `defaultProvider: options.${k}`) : {}) };
  }
  const sub = (k) => subs[k];
  const chain = [['env', () => fromEnv(o.env, common)]];
  if (sub('profile')) chain.push(['profile', () => fromProfile({ env: o.env, ...sub('profile') })]);
  if (sub('podIdentity')) {
    chain.push(['pod-identity', () => {
      if (!setting(envOf(o.env, 'defaultProvider'), 'HC_CONTAINER_CREDENTIALS_FULL_URI') && !sub('podIdentity').uri) {
        const p = async () => {
          throw error('ERR_CREDENTIALS_NOT_FOUND', 'HC_CONTAINER_CREDENTIALS_FULL_URI is not set');
        };
        return p;
      }
      return fromPodIdentity({ env: o.env, ...sub('podIdentity') });
    }]);
  }
  if (sub('metadata')) {
    chain.push(['instance-metadata', () => {
      // This package's own switches (the SDKs have none): HUAWEICLOUD_SDK_METADATA_DISABLED=true
      // skips the metadata service, HUAWEICLOUD_SDK_METADATA_ENDPOINT replaces its address.
      const e = envOf(o.env, 'defaultProvider');
      if (/^(true|1)$/i.test(setting(e, E + 'METADATA_DISABLED') ?? '')) {
        return async () => {
          throw error('ERR_CREDENTIALS_NOT_FOUND', `skipped: ${E}METADATA_DISABLED is set`);
        };
      }
      const endpoint = setting(e, E + 'METADATA_ENDPOINT');
      return fromInstanceMetadata({ ...(endpoint ? { endpoint } : {}), ...sub('metadata') });
    }]);
  }
  let chosen = null;
  let walking = null;

  /** One source's failure for ERR_NO_CREDENTIALS (an uncoded one, e.g. from a caller's fetch, as ERR_UNKNOWN). */
  function failure(source, e) {
    if (e instanceof HwCloudSignerError) return { source, code: e.code, message: e.message };
    let message = '';
    try {
      message = e instanceof Error ? `${e.name}: ${e.message}` : `threw ${describe(e)}`;
    } catch {
      message = 'threw an unreadable exception';
    }
    return { source, code: 'ERR_UNKNOWN', message };
  }

  async function walk() {
    const errors = [];
    for (const [source, make] of chain) {
      let p;
      try {
        p = make();
        const c = await p();
        chosen = p;
        return c;
      } catch (e) {
        errors.push(failure(source, e));
      }
    }
    const err = error('ERR_NO_CREDENTIALS', `no credentials found. Tried, in order:\n${errors.map((x) => `  - ${x.source}: ${x.message} [${x.code}]`).join('\n')}\nSet HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, write ~/.huaweicloud/credentials, run on an ECS instance with an agency, or pass { ak, sk }`);
    err.errors = errors;
    throw err;
  }

  const provider = () => {
    if (chosen) return chosen();
    walking ??= walk().finally(() => {
      walking = null;
    });
    return walking;
  };
  provider.invalidate = () => chosen && chosen.invalidate && chosen.invalidate();
  return provider;
}
