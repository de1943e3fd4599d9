// Credential providers end to end against the local emulator (tests/emulator): environment,
// profile file, ECS instance metadata (session tokens, the 401 that needs a new one, a missing
// agency, malformed answers), OIDC federation, CCE pod identity and the default chain. Every key a
// provider yields is used for a real signed request that the emulator's gateway verifies.
// Expiry is driven by injected clocks, never by waiting.
import { runCli } from './support/cli.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  HuaweiCloudClient, HwCloudSignerError, IamError, defaultProvider, fromEnv, fromInstanceMetadata, fromOidc, fromPodIdentity, fromProfile, signRequest,
} from 'hwcloud-signer';
import { startEmulator } from '../emulator/index.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const AK = 'CREDSAKCREDSAKCREDSA';
const SK = 'creds-secret/key+with=symbols';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDphcHAifQ.c2lnbmF0dXJl';
const POD_TOKEN = 'pod-sa-token-0123456789abcdef';
let emu;
let dir;

before(async () => {
  emu = await startEmulator({ keys: { [AK]: SK }, idps: { 'idp-cce': [JWT] }, podTokens: [POD_TOKEN] });
  dir = mkdtempSync(join(tmpdir(), 'hwcloud-creds-'));
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
/** A clock the test moves by hand. */
const manualClock = () => {
  let t = Date.now();
  const clock = () => t;
  clock.advance = (ms) => {
    t += ms;
  };
  return clock;
};
/** Signs a GET with `credentials` (object or provider) through the emulator's gateway; resolves to the status. */
async function gatewayStatus(credentials) {
  const c = new HuaweiCloudClient({ credentials, retries: 0 });
  const res = await c.fetch(`${emu.url}/v1/credentials-check`);
  await res.arrayBuffer();
  return res.status;
}
/** Replaces globalThis[name] while fn runs. */
async function withGlobal(name, value, fn) {
  const had = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    if (had) Object.defineProperty(globalThis, name, had);
    else delete globalThis[name];
  }
}
const asWorker = (fn) => withGlobal('navigator', { userAgent: 'Cloudflare-Workers' }, fn);
const noSecret = (e, ...secrets) => {
  for (const s of secrets) {
    assert.ok(!String(e.message).includes(s), `the message leaks a secret: ${e.message}`);
    assert.ok(!String(e.stack).includes(s), 'the stack leaks a secret');
  }
};
const metadata = (opts = {}) => fromInstanceMetadata({ endpoint: emu.url, ...opts });

// ---------------------------------------------------------------------------------------------
describe('fromEnv', () => {
  test('reads the SDK variables from an env object (a Worker binding) and signs with them', async () => {
    const env = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: 'p1', HUAWEICLOUD_SDK_DOMAIN_ID: 'd1' };
    const c = await fromEnv(env)();
    assert.deepEqual({ ...c }, { ak: AK, sk: SK, projectId: 'p1', domainId: 'd1', source: 'env' });
    assert.equal(await gatewayStatus(fromEnv(env)), 200);
  });

  test('reads process.env by default, on every call', async () => {
    const saved = { ...process.env };
    try {
      process.env.HUAWEICLOUD_SDK_AK = AK;
      process.env.HUAWEICLOUD_SDK_SK = SK;
      process.env.HUAWEICLOUD_SDK_SECURITY_TOKEN = 'st-1';
      const p = fromEnv();
      assert.equal((await p()).securityToken, 'st-1');
      process.env.HUAWEICLOUD_SDK_SECURITY_TOKEN = 'st-2';
      assert.equal((await p()).securityToken, 'st-2');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  test('missing or empty variables: ERR_CREDENTIALS_NOT_FOUND naming them, never showing a value', async () => {
    await assert.rejects(fromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: '' })(), (e) => {
      assert.equal(e.code, 'ERR_CREDENTIALS_NOT_FOUND');
      assert.match(e.message, /HUAWEICLOUD_SDK_SK is not set in the env object/);
      noSecret(e, AK);
      return true;
    });
    await assert.rejects(fromEnv({})(), /HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set/);
    assert.throws(() => fromEnv('HUAWEICLOUD_SDK_AK=x'), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARGUMENT');
  });

  test('signRequest takes the provider where it takes { ak, sk }', async () => {
    const signed = await signRequest({ url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs' }, fromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }));
    assert.match(signed.authorization, new RegExp(`Access=${AK},`));
    await assert.rejects(signRequest({ url: 'https://x.example/' }, fromEnv({})), { code: 'ERR_CREDENTIALS_NOT_FOUND' });
  });

  test('HUAWEICLOUD_SDK_IDP_ID + _ID_TOKEN_FILE federate (and win over AK/SK, as in the SDKs)', async () => {
    const env = {
      HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_IDP_ID: 'idp-cce',
      HUAWEICLOUD_SDK_ID_TOKEN_FILE: file('env-id-token', JWT + '\n'), HUAWEICLOUD_SDK_IAM_ENDPOINT: emu.url, HUAWEICLOUD_SDK_PROJECT_ID: 'p9',
    };
    const p = fromEnv(env);
    const c = await p();
    assert.equal(c.source, 'env');
    assert.notEqual(c.ak, AK);
    assert.equal(c.projectId, 'p9');
    assert.ok(c.securityToken && c.expiresAt instanceof Date);
    assert.equal((await p()).ak, c.ak, 'cached');
    assert.equal(await gatewayStatus(p), 200);
  });
});

// ---------------------------------------------------------------------------------------------
describe('fromProfile', () => {
  const INI = `# Huawei Cloud credentials
[basic]
ak = ${AK}
SK: ${SK}
security_token =
project_id = proj-basic
; a comment
[global]
ak = ${AK}
sk = ${SK}
domain_id = dom-global
iam_endpoint = https://iam.example.test
`;

  test('[basic] by default, [global] on request; keys case-insensitive, empty values unset', async () => {
    const path = file('credentials', INI);
    const b = await fromProfile({ path })();
    assert.deepEqual({ ...b }, { ak: AK, sk: SK, projectId: 'proj-basic', source: 'profile' });
    const g = await fromProfile({ path, section: 'global' })();
    assert.deepEqual({ ...g }, { ak: AK, sk: SK, domainId: 'dom-global', iamEndpoint: 'https://iam.example.test', source: 'profile' });
    assert.equal(await gatewayStatus(fromProfile({ path })), 200);
  });

  test('the path: HUAWEICLOUD_SDK_CREDENTIALS_FILE, else $HOME/.huaweicloud/credentials', async () => {
    const path = file('from-env-var', INI);
    assert.equal((await fromProfile({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } })()).projectId, 'proj-basic');
    await assert.rejects(fromProfile({ env: { HOME: join(dir, 'nohome') } })(), (e) => {
      assert.equal(e.code, 'ERR_CREDENTIALS_NOT_FOUND');
      assert.ok(e.message.includes(join(dir, 'nohome', '.huaweicloud', 'credentials')), e.message);
      return true;
    });
  });

  test('read once and cached; invalidate() reads it again', async () => {
    const path = file('rotating', `[basic]\nak = ${AK}\nsk = ${SK}\nproject_id = one\n`);
    const p = fromProfile({ path });
    assert.equal((await p()).projectId, 'one');
    writeFileSync(path, `[basic]\nak = ${AK}\nsk = ${SK}\nproject_id = two\n`);
    assert.equal((await p()).projectId, 'one');
    p.invalidate();
    assert.equal((await p()).projectId, 'two');
  });

  test('coded errors: missing section (listing the others), ak without sk, duplicate keys, garbage', async () => {
    const path = file('partial', `[other]\nak = x\n\n[basic]\nak = ${AK}\n`);
    await assert.rejects(fromProfile({ path, section: 'global' })(), (e) => e.code === 'ERR_CREDENTIALS_NOT_FOUND' && /has no \[global\] section \(it has \[other\], \[basic\]\)/.test(e.message));
    await assert.rejects(fromProfile({ path })(), (e) => e.code === 'ERR_INVALID_PROFILE' && /needs ak and sk .*sk is missing/.test(e.message));
    const dup = file('dup', `[basic]\nak = ${AK}\nsk = ${SK}\nSK = other-secret\n`);
    await assert.rejects(fromProfile({ path: dup })(), (e) => {
      assert.equal(e.code, 'ERR_INVALID_PROFILE');
      assert.match(e.message, /line 4: key sk appears twice/);
      noSecret(e, SK, 'other-secret');
      return true;
    });
    await assert.rejects(fromProfile({ path: file('garbage', `ak ${SK}\n`) })(), (e) => e.code === 'ERR_INVALID_PROFILE' && !e.message.includes(SK));
    assert.throws(() => fromProfile({ section: '' }), { code: 'ERR_INVALID_ARGUMENT' });
  });

  test('idp_id + id_token_file federate through the profile\'s iam_endpoint', async () => {
    const path = file('oidc-profile', `[basic]\nidp_id = idp-cce\nid_token_file = ${file('profile-jwt', JWT)}\niam_endpoint = ${emu.url}\nproject_id = pp\n`);
    const c = await fromProfile({ path })();
    assert.equal(c.source, 'profile');
    assert.equal(c.projectId, 'pp');
    assert.ok(c.ak.startsWith('T') && c.securityToken);
    assert.equal(await gatewayStatus(fromProfile({ path })), 200);
  });

  test('in Workers and browsers: ERR_CREDENTIALS_UNSUPPORTED_RUNTIME naming fromEnv(env)', async () => {
    const path = file('credentials', INI);
    await asWorker(() => assert.rejects(fromProfile({ path })(), (e) => e.code === 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' && /Cloudflare Workers/.test(e.message) && /fromEnv\(env\)/.test(e.message)));
    await withGlobal('window', {}, () => withGlobal('document', {}, () => assert.rejects(fromProfile({ path })(), (e) => e.code === 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' && /a browser/.test(e.message))));
    const gbm = process.getBuiltinModule;
    process.getBuiltinModule = undefined; // a Node older than 20.16
    try {
      await assert.rejects(fromProfile({ path })(), { code: 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' });
    } finally {
      process.getBuiltinModule = gbm;
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('fromInstanceMetadata', () => {
  const m = () => emu.credentials.metadata;
  const stats = () => ({ ...emu.credentials.stats });
  const reset = () => {
    Object.assign(m(), { agency: true, requireSession: true, tokenStatus: 200 });
    emu.credentials.failures.clear();
    emu.credentials.delayMs = 0;
  };

  test('session token, then securitykey; the agency\'s keys sign a request the gateway accepts', async () => {
    reset();
    const s0 = stats();
    const p = metadata();
    const c = await p();
    assert.equal(c.source, 'instance-metadata');
    assert.ok(c.ak && c.sk && c.securityToken && c.expiresAt > new Date());
    assert.equal(emu.credentials.stats.metadataTokenRequests - s0.metadataTokenRequests, 1);
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 1);
    assert.equal(await gatewayStatus(p), 200);
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 1, 'cached');
  });

  test('refreshed before expiry, one request for concurrent callers', async () => {
    reset();
    const clock = manualClock();
    const p = metadata({ clock });
    const first = await p();
    const s0 = stats();
    clock.advance(3600_000 - 30_000); // 30 s before the 1 h expiry: past the refresh point and the safety margin, callers wait
    emu.credentials.delayMs = 20;
    const all = await Promise.all([p(), p(), p(), p()]);
    emu.credentials.delayMs = 0;
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 1);
    assert.ok(all.every((c) => c === all[0]));
    assert.notEqual(all[0].ak, first.ak);
    assert.equal(await gatewayStatus(p), 200);
  });

  test('a 401 that needs a new session token: one new token, one retry', async () => {
    reset();
    const p = metadata();
    await p();
    emu.credentials.expireSessions();
    p.invalidate();
    const s0 = stats();
    const c = await p();
    assert.ok(c.ak);
    assert.equal(emu.credentials.stats.metadataTokenRequests - s0.metadataTokenRequests, 1);
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 2);
  });

  test('a 401 twice in a row is reported, not retried forever', async () => {
    reset();
    const p = metadata();
    emu.credentials.fail('securitykey', 2, { status: 401, body: { error: 'token invalid' } });
    const s0 = stats();
    await assert.rejects(p(), (e) => e.code === 'ERR_METADATA' && e.status === 401);
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 2);
  });

  test('no agency bound: ERR_METADATA_NO_AGENCY at once, without a new session token', async () => {
    reset();
    m().agency = false;
    const p = metadata();
    await p().catch(() => {});
    const s0 = stats();
    p.invalidate();
    await assert.rejects(p(), (e) => e.code === 'ERR_METADATA_NO_AGENCY' && /agency/i.test(e.message));
    assert.equal(emu.credentials.stats.metadataTokenRequests - s0.metadataTokenRequests, 0);
    assert.equal(emu.credentials.stats.securityKeyRequests - s0.securityKeyRequests, 1);
    m().agency = true;
  });

  test('malformed answers: ERR_INVALID_RESPONSE without the secret, every waiter rejected, the next call retries', async () => {
    reset();
    const secret = 'SECRET-IN-A-BROKEN-ANSWER';
    for (const body of ['not json', '[]', { credential: { access: 'A', secret, securitytoken: 'T' } }, { credential: { access: 'A', secret, securitytoken: 'T', expires_at: 'tomorrow' } }, { credential: { access: 'A B', secret, securitytoken: 'T', expires_at: '2030-01-01T00:00:00.000000Z' } }]) {
      const p = metadata();
      emu.credentials.fail('securitykey', 1, { status: 200, body });
      const waiters = await Promise.allSettled([p(), p(), p()]);
      assert.ok(waiters.every((w) => w.status === 'rejected' && w.reason.code === 'ERR_INVALID_RESPONSE'), JSON.stringify(waiters.map((w) => w.reason && w.reason.code)));
      assert.equal(waiters[0].reason, waiters[2].reason, 'one shared refresh');
      noSecret(waiters[0].reason, secret);
      assert.ok((await p()).ak, 'the next call retries');
    }
  });

  test('an older metadata service without session tokens (404 on PUT): goes on without one', async () => {
    reset();
    m().tokenStatus = 404;
    const s0 = stats();
    const c = await metadata()();
    assert.ok(c.ak);
    assert.equal(emu.credentials.stats.metadataTokenRequests - s0.metadataTokenRequests, 1);
    m().tokenStatus = 200;
  });

  test('server errors, a closed port and a hung service: ERR_METADATA, ERR_NETWORK, ERR_TIMEOUT', async () => {
    reset();
    emu.credentials.fail('securitykey', 1, { status: 500, body: 'internal error' });
    await assert.rejects(metadata()(), (e) => e.code === 'ERR_METADATA' && e.status === 500 && /internal error/.test(e.message));
    const closed = http.createServer();
    await new Promise((r) => closed.listen(0, '127.0.0.1', r));
    const port = closed.address().port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(fromInstanceMetadata({ endpoint: `http://127.0.0.1:${port}` })(), { code: 'ERR_NETWORK' });
    const sockets = new Set();
    const hung = http.createServer(() => {}); // never answers
    hung.on('connection', (s) => sockets.add(s));
    await new Promise((r) => hung.listen(0, '127.0.0.1', r));
    try {
      await assert.rejects(fromInstanceMetadata({ endpoint: `http://127.0.0.1:${hung.address().port}`, timeoutMs: 50 })(), { code: 'ERR_TIMEOUT' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => hung.close(r));
    }
  });

  test('in Workers and browsers: ERR_CREDENTIALS_UNSUPPORTED_RUNTIME, no request made', async () => {
    reset();
    const s0 = stats();
    await asWorker(() => assert.rejects(metadata()(), (e) => e.code === 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' && /link-local/.test(e.message) && /fromEnv\(env\)/.test(e.message)));
    assert.equal(emu.credentials.stats.metadataTokenRequests, s0.metadataTokenRequests);
    assert.throws(() => fromInstanceMetadata({ endpoint: 'ftp://x' }), { code: 'ERR_INVALID_ARGUMENT' });
    assert.throws(() => fromInstanceMetadata({ tokenTtlSeconds: 0 }), { code: 'ERR_INVALID_ARGUMENT' });
  });
});

// ---------------------------------------------------------------------------------------------
describe('fromOidc', () => {
  test('id token → IAM token (X-Idp-Id) → temporary keys the gateway accepts', async () => {
    const s0 = { ...emu.credentials.stats };
    const sts0 = emu.stats.securityTokenRequests;
    const p = fromOidc({ idpId: 'idp-cce', idToken: JWT, iamEndpoint: emu.url, projectId: 'pp' });
    const c = await p();
    assert.equal(c.source, 'oidc');
    assert.equal(c.projectId, 'pp');
    assert.ok(c.securityToken && c.expiresAt instanceof Date);
    // the default duration is the SDK's 6 h
    assert.ok(Math.abs(c.expiresAt - Date.now() - 6 * 3600_000) < 60_000, String(c.expiresAt));
    assert.equal(emu.credentials.stats.idTokenRequests - s0.idTokenRequests, 1);
    assert.equal(emu.stats.securityTokenRequests - sts0, 1);
    assert.equal(await gatewayStatus(p), 200);
  });

  test('idToken as a function, and an id token file re-read on every refresh', async () => {
    let calls = 0;
    const c1 = await fromOidc({ idpId: 'idp-cce', idToken: async () => (calls++, JWT), iamEndpoint: emu.url })();
    assert.ok(c1.ak);
    assert.equal(calls, 1);
    const second = 'eyJ.second-token.sig';
    emu.credentials.addIdp('idp-cce', second);
    const tokenFile = file('rotating-jwt', JWT);
    const clock = manualClock();
    const p = fromOidc({ idpId: 'idp-cce', idTokenFile: tokenFile, iamEndpoint: emu.url, durationSeconds: 900, clock });
    const a = await p();
    writeFileSync(tokenFile, second);
    emu.credentials.idps.get('idp-cce').delete(JWT); // only the rotated token is valid now
    clock.advance(900_000);
    const b = await p();
    assert.notEqual(a.ak, b.ak);
    emu.credentials.addIdp('idp-cce', JWT);
  });

  test('IAM refusals are IamErrors about federation that never show the id token', async () => {
    await assert.rejects(fromOidc({ idpId: 'no-such-idp', idToken: JWT, iamEndpoint: emu.url })(), (e) => {
      assert.ok(e instanceof IamError);
      assert.equal(e.status, 404);
      assert.match(e.message, /^OIDC federation: exchanging the id token failed: IAM answered HTTP 404.*Check idpId/);
      noSecret(e, JWT);
      return true;
    });
    await assert.rejects(fromOidc({ idpId: 'idp-cce', idToken: 'eyJ.not-registered.x', iamEndpoint: emu.url })(), (e) => e instanceof IamError && e.status === 401 && e.iamCode === 'IAM.1002' && !e.message.includes('not-registered'));
    emu.failIam(1, { status: 400, body: { error_msg: `bad token ${JWT}`, error_code: 'IAM.0011' } });
    await assert.rejects(fromOidc({ idpId: 'idp-cce', idToken: JWT, iamEndpoint: emu.url })(), (e) => e.code === 'ERR_IAM' && /temporary keys/.test(e.message) && (noSecret(e, JWT), true));
  });

  test('malformed IAM answers: ERR_INVALID_RESPONSE; the next call retries', async () => {
    const p = fromOidc({ idpId: 'idp-cce', idToken: JWT, iamEndpoint: emu.url });
    emu.credentials.fail('id-token', 1, { status: 201, body: '{"token":' });
    await assert.rejects(p(), { code: 'ERR_INVALID_RESPONSE' });
    assert.ok((await p()).ak);
  });

  test('arguments are checked; idTokenFile is refused in Workers, idToken works there', async () => {
    assert.throws(() => fromOidc({ idToken: JWT }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && /idpId/.test(e.message));
    assert.throws(() => fromOidc({ idpId: 'x' }), /exactly one of idTokenFile/);
    assert.throws(() => fromOidc({ idpId: 'x', idToken: JWT, idTokenFile: '/x' }), /exactly one of idTokenFile/);
    assert.throws(() => fromOidc({ idpId: 'x', idToken: JWT, durationSeconds: 60 }), /durationSeconds/);
    assert.throws(() => fromOidc({ idpId: 'x', idToken: JWT, iamEndpoint: 'iam.example.com' }), /iamEndpoint must be an http\(s\) base URL/);
    const tokenFile = file('worker-jwt', JWT);
    await asWorker(async () => {
      await assert.rejects(fromOidc({ idpId: 'idp-cce', idTokenFile: tokenFile, iamEndpoint: emu.url })(), { code: 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' });
      assert.ok((await fromOidc({ idpId: 'idp-cce', idToken: JWT, iamEndpoint: emu.url })()).ak);
    });
    await assert.rejects(fromOidc({ idpId: 'idp-cce', idTokenFile: file('empty-jwt', '\n'), iamEndpoint: emu.url })(), (e) => e.code === 'ERR_CREDENTIALS_NOT_FOUND' && /is empty/.test(e.message));
  });
});

// ---------------------------------------------------------------------------------------------
describe('fromPodIdentity', () => {
  const env = () => ({ HC_CONTAINER_CREDENTIALS_FULL_URI: `${emu.url}/pod-identity/credentials`, HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: file('pod-token', POD_TOKEN + '\n') });

  test('POSTs the pod token as Authorization and signs with the keys it gets', async () => {
    const p = fromPodIdentity({ env: env() });
    const c = await p();
    assert.equal(c.source, 'pod-identity');
    assert.ok(c.ak && c.securityToken && c.expiresAt instanceof Date);
    assert.equal(await gatewayStatus(p), 200);
  });

  test('a refused token: ERR_POD_IDENTITY with the status, never the token', async () => {
    const e2 = { ...env(), HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: file('bad-pod-token', 'wrong-token-value') };
    await assert.rejects(fromPodIdentity({ env: e2 })(), (e) => e.code === 'ERR_POD_IDENTITY' && e.status === 401 && (noSecret(e, 'wrong-token-value'), true));
  });

  test('unset variables, a missing token file, a malformed answer', async () => {
    await assert.rejects(fromPodIdentity({ env: {} })(), (e) => e.code === 'ERR_CREDENTIALS_NOT_FOUND' && /HC_CONTAINER_CREDENTIALS_FULL_URI/.test(e.message));
    await assert.rejects(fromPodIdentity({ env: { ...env(), HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, 'missing') } })(), { code: 'ERR_CREDENTIALS_NOT_FOUND' });
    emu.credentials.fail('pod-identity', 1, { status: 200, body: { accessKeyId: 'A' } });
    const p = fromPodIdentity({ env: env() });
    await assert.rejects(p(), { code: 'ERR_INVALID_RESPONSE' });
    assert.ok((await p()).ak, 'the next call retries');
    await asWorker(() => assert.rejects(fromPodIdentity({ env: env() })(), { code: 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME' }));
  });
});

// ---------------------------------------------------------------------------------------------
describe('defaultProvider', () => {
  const profile = () => file('chain-profile', `[basic]\nak = ${AK}\nsk = ${SK}\nproject_id = from-profile\n`);
  const noProfile = () => ({ path: join(dir, 'no-such-profile') });

  test('environment first', async () => {
    const c = await defaultProvider({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }, profile: { path: profile() }, metadata: { endpoint: emu.url } })();
    assert.equal(c.source, 'env');
  });

  test('then the profile file, then pod identity (when configured), then instance metadata', async () => {
    const metadataOpts = { endpoint: emu.url };
    assert.equal((await defaultProvider({ env: {}, profile: { path: profile() }, metadata: metadataOpts })()).source, 'profile');
    const pod = { HC_CONTAINER_CREDENTIALS_FULL_URI: `${emu.url}/pod-identity/credentials`, HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: file('chain-pod', POD_TOKEN) };
    assert.equal((await defaultProvider({ env: pod, profile: noProfile(), metadata: metadataOpts })()).source, 'pod-identity');
    const s0 = emu.credentials.stats.podIdentityRequests;
    const p = defaultProvider({ env: {}, profile: noProfile(), metadata: metadataOpts });
    assert.equal((await p()).source, 'instance-metadata');
    assert.equal(emu.credentials.stats.podIdentityRequests, s0, 'pod identity is not called without its variable');
    assert.equal(await gatewayStatus(p), 200);
  });

  test('none yields: ERR_NO_CREDENTIALS lists every source in order and why; the next call walks again', async () => {
    emu.credentials.metadata.agency = false;
    const env = {};
    const p = defaultProvider({ env, profile: noProfile(), metadata: { endpoint: emu.url } });
    try {
      await assert.rejects(p(), (e) => {
        assert.ok(e instanceof HwCloudSignerError);
        assert.equal(e.code, 'ERR_NO_CREDENTIALS');
        assert.deepEqual(e.errors.map((x) => [x.source, x.code]), [
          ['env', 'ERR_CREDENTIALS_NOT_FOUND'], ['profile', 'ERR_CREDENTIALS_NOT_FOUND'], ['pod-identity', 'ERR_CREDENTIALS_NOT_FOUND'], ['instance-metadata', 'ERR_METADATA_NO_AGENCY'],
        ]);
        assert.match(e.message, /- env: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set[^\n]*\n {2}- profile: [^\n]*does not exist[^\n]*\n {2}- pod-identity: [^\n]*\n {2}- instance-metadata: [^\n]*agency/);
        return true;
      });
      Object.assign(env, { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK });
      assert.equal((await p()).source, 'env');
    } finally {
      emu.credentials.metadata.agency = true;
    }
  });

  test('the first source that yields is kept; concurrent first calls share one walk', async () => {
    const path = profile();
    const s0 = emu.credentials.stats.securityKeyRequests;
    const p = defaultProvider({ env: {}, profile: { path }, metadata: { endpoint: emu.url } });
    const all = await Promise.all([p(), p(), p()]);
    assert.ok(all.every((c) => c.source === 'profile'));
    rmSync(path);
    assert.equal((await p()).projectId, 'from-profile', 'the chosen provider keeps its cached keys');
    assert.equal(emu.credentials.stats.securityKeyRequests, s0, 'metadata never asked');
  });

  test('HUAWEICLOUD_SDK_METADATA_ENDPOINT moves the metadata service, HUAWEICLOUD_SDK_METADATA_DISABLED skips it', async () => {
    const c = await defaultProvider({ env: { HUAWEICLOUD_SDK_METADATA_ENDPOINT: emu.url }, profile: noProfile() })();
    assert.equal(c.source, 'instance-metadata');
    const s0 = emu.credentials.stats.metadataTokenRequests + emu.credentials.stats.securityKeyRequests;
    await assert.rejects(defaultProvider({ env: { HUAWEICLOUD_SDK_METADATA_ENDPOINT: emu.url, HUAWEICLOUD_SDK_METADATA_DISABLED: 'true' }, profile: noProfile() })(), (e) => {
      assert.equal(e.errors.at(-1).source, 'instance-metadata');
      assert.match(e.errors.at(-1).message, /METADATA_DISABLED/);
      return true;
    });
    assert.equal(emu.credentials.stats.metadataTokenRequests + emu.credentials.stats.securityKeyRequests, s0);
  });

  test('sources can be switched off', async () => {
    await assert.rejects(defaultProvider({ env: {}, profile: false, podIdentity: false, metadata: false })(), (e) => e.errors.length === 1 && e.errors[0].source === 'env');
  });

  test('HuaweiCloudClient takes defaultProvider() as credentials', async () => {
    const c = new HuaweiCloudClient({ credentials: defaultProvider({ env: {}, profile: noProfile(), metadata: { endpoint: emu.url } }), retries: 0 });
    const res = await c.fetch(`${emu.url}/v1/chain`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).auth, 'aksk');
  });
});

// ---------------------------------------------------------------------------------------------
describe('no file-system code for browsers and Workers', () => {
  test('no module in pkg/src imports a node: built-in statically', () => {
    const src = join(ROOT, 'pkg/src');
    for (const f of readdirSync(src).filter((x) => x.endsWith('.js'))) {
      const text = readFileSync(join(src, f), 'utf8');
      assert.doesNotMatch(text, /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*['"](?:node:)?(?:fs|fs\/promises|path|os|http|https|child_process)['"]/, f);
      assert.doesNotMatch(text, /\brequire\(\s*['"](?:node:)?fs['"]\s*\)|\bimport\(\s*['"](?:node:)?fs/, f);
    }
  });

  test('an app using defaultProvider() bundles for the browser with no fs import (and its gzip size is reported)', async () => {
    const esbuild = await import('esbuild');
    const app = `import { defaultProvider, HuaweiCloudClient } from 'hwcloud-signer';
const client = new HuaweiCloudClient({ credentials: defaultProvider() });
client.fetch('https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs').then((r) => console.log(r.status));
`;
    const r = await esbuild.build({
      stdin: { contents: app, resolveDir: ROOT, sourcefile: 'app.js', loader: 'js' },
      bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', metafile: true,
    });
    const out = Object.values(r.metafile.outputs)[0];
    assert.deepEqual(out.imports, [], 'the bundle imports nothing');
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(inputs.some((p) => p.endsWith('pkg/src/credentials.js')), inputs.join(', '));
    assert.ok(!inputs.some((p) => /(^|\/)(fs|node:fs)$/.test(p) || p.includes('browser-external')), inputs.join(', '));
    const code = r.outputFiles[0].text;
    assert.doesNotMatch(code, /from\s*"(node:)?fs"|require\("(node:)?fs"\)/);
    console.log(`# defaultProvider() app for the browser (esbuild, minified): ${code.length} B, ${gzipSync(code, { level: 9 }).length} B gzip`);
  });
});

// ---------------------------------------------------------------------------------------------
describe('CLI: sign and whoami use the default chain', () => {
  const cli = (args, env) => runCli(args, { env: { HOME: join(dir, 'empty-home'), HUAWEICLOUD_SDK_METADATA_DISABLED: 'true', ...env } });
  const home = () => {
    const h = join(dir, 'cli-home');
    mkdirSync(join(h, '.huaweicloud'), { recursive: true });
    writeFileSync(join(h, '.huaweicloud', 'credentials'), `[basic]\nak = ${AK}\nsk = ${SK}\n`);
    return h;
  };

  test('sign with only a profile file: the gateway accepts the printed headers', async () => {
    const url = `${emu.url}/v1/cli-profile`;
    const r = await cli(['sign', '--json', url], { HOME: home() });
    assert.equal(r.code, 0, r.stderr);
    const signed = JSON.parse(r.stdout);
    assert.ok(!r.stdout.includes(SK));
    const res = await fetch(signed.url, { headers: signed.headers });
    assert.equal(res.status, 200);
  });

  test('whoami: the source, the AK, never the SK; --region looks the project id up', async () => {
    const r = await cli(['whoami', '--region', 'cn-north-4'], { HOME: home(), HUAWEICLOUD_SDK_IAM_ENDPOINT: emu.url });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^source: +profile$/m);
    assert.match(r.stdout, new RegExp(`^access key: +${AK}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^project id: +${emu.credentials.projects['cn-north-4'][0]} \\(IAM, region cn-north-4\\)$`, 'm'));
    assert.ok(!r.stdout.includes(SK) && !r.stderr.includes(SK));
    const json = await cli(['whoami', '--json'], { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: 'given-id' });
    assert.deepEqual(JSON.parse(json.stdout), { source: 'env', ak: AK, temporary: false, projectId: 'given-id' });
  });

  test('whoami on an "ECS instance": temporary keys from the metadata service', async () => {
    const r = await cli(['whoami'], { HUAWEICLOUD_SDK_METADATA_DISABLED: '', HUAWEICLOUD_SDK_METADATA_ENDPOINT: emu.url });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^source: +instance-metadata$/m);
    assert.match(r.stdout, /^temporary: +yes \(security token, expires \d{4}-/m);
  });

  test('no source yields: exit 2 listing every source; an unopened region: exit 3 with the code', async () => {
    const r = await cli(['whoami'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no credentials: set HUAWEICLOUD_SDK_AK[^]*Tried:\n {2}env: [^\n]+\n {2}profile: [^\n]+does not exist\n {2}pod-identity: [^\n]+\n {2}instance-metadata: skipped: HUAWEICLOUD_SDK_METADATA_DISABLED/);
    const bad = await cli(['whoami', '--region', 'me-east-1'], { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_IAM_ENDPOINT: emu.url });
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /ERR_PROJECT_NOT_FOUND/);
    assert.ok(!bad.stderr.includes(SK));
  });
});
