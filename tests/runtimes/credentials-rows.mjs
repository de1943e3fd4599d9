// Runtime rows of the credential providers (tests/runtimes/run.mjs mounts them): the file-free
// providers — fromEnv(env), fromOidc({ idToken }), defaultProvider({ env }) — and project / domain
// id discovery, in Deno, Bun and workerd, against the local emulator (tests/emulator), loading the
// packed package as users get it. Deno and Bun also read a profile file through
// process.getBuiltinModule('node:fs'); in workerd the file and link-local providers must fail with
// ERR_CREDENTIALS_UNSUPPORTED_RUNTIME. Each row starts its own emulator on 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index.mjs';

const AK = 'RUNTIMEAKRUNTIMEAKRU';
const SK = 'runtime-secret/key+=';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJydW50aW1lIn0.c2ln';
const MARK = '@@CREDENTIALS@@';

// Runs inside the runtime under test: plain ESM, no Node-only API.
const SUITE = `export async function runCredentialsSuite(mod, cfg) {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: String((e && e.code ? e.code + ': ' : '') + ((e && e.message) || e)).slice(0, 600) });
    }
  };
  const eq = (got, want, what) => {
    if (got !== want) throw new Error(what + ': expected ' + JSON.stringify(want) + ', got ' + JSON.stringify(got));
  };
  const rejects = async (p, code, what) => {
    let e;
    try { await p; } catch (x) { e = x; }
    if (!e) throw new Error(what + ': resolved, expected ' + code);
    if (e.code !== code) throw new Error(what + ': expected ' + code + ', got ' + e.code + ' ' + e.message);
    return e;
  };
  const env = { HUAWEICLOUD_SDK_AK: cfg.ak, HUAWEICLOUD_SDK_SK: cfg.sk };
  await check('fromEnv(env) → signRequest(request, provider) → gateway 200', async () => {
    const signed = await mod.signRequest({ url: cfg.url + '/v1/runtime-check' }, mod.fromEnv(env));
    const res = await fetch(signed.url, { headers: signed.headers });
    eq(res.status, 200, 'gateway status');
  });
  await check('HuaweiCloudClient({ credentials: fromEnv(env), region }) signs the discovered X-Project-Id', async () => {
    const c = new mod.HuaweiCloudClient({ credentials: mod.fromEnv(env), region: 'cn-north-4', iamEndpoint: cfg.url, retries: 0 });
    const res = await c.fetch(cfg.url + '/v1/servers');
    eq(res.status, 200, 'gateway status');
    eq((await res.json()).headers['x-project-id'], cfg.projectId, 'X-Project-Id');
  });
  await check('discoverProjectId / discoverDomainId, and ERR_PROJECT_NOT_FOUND', async () => {
    eq(await mod.discoverProjectId({ ak: cfg.ak, sk: cfg.sk }, { region: 'ap-southeast-1', iamEndpoint: cfg.url }), cfg.projectId2, 'project id');
    eq(await mod.discoverDomainId({ ak: cfg.ak, sk: cfg.sk }, { iamEndpoint: cfg.url }), cfg.domainId, 'domain id');
    await rejects(mod.discoverProjectId({ ak: cfg.ak, sk: cfg.sk }, { region: 'la-south-2', iamEndpoint: cfg.url }), 'ERR_PROJECT_NOT_FOUND', 'unopened region');
  });
  await check('fromOidc({ idToken }) → IAM → temporary keys → gateway 200', async () => {
    const p = mod.fromOidc({ idpId: 'idp-runtime', idToken: cfg.jwt, iamEndpoint: cfg.url });
    const c = await p();
    eq(c.source, 'oidc', 'source');
    eq(typeof c.securityToken, 'string', 'securityToken');
    const res = await new mod.HuaweiCloudClient({ credentials: p, retries: 0 }).fetch(cfg.url + '/v1/federated');
    eq(res.status, 200, 'gateway status');
  });
  await check('defaultProvider({ env }) yields env; with nothing, ERR_NO_CREDENTIALS lists every source', async () => {
    eq((await mod.defaultProvider({ env, metadata: false })()).source, 'env', 'source');
    const e = await rejects(mod.defaultProvider({ env: {}, metadata: cfg.worker ? {} : false, profile: { path: cfg.missingProfile } })(), 'ERR_NO_CREDENTIALS', 'empty chain');
    const want = cfg.worker ? 'env,profile,pod-identity,instance-metadata' : 'env,profile,pod-identity';
    eq(e.errors.map((x) => x.source).join(','), want, 'sources tried');
    if (cfg.worker) eq(e.errors.filter((x) => x.code === 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME').map((x) => x.source).join(','), 'profile,instance-metadata', 'refused in Workers');
  });
  if (cfg.worker) {
    await check('Workers: fromProfile, fromInstanceMetadata, fromPodIdentity, fromOidc({ idTokenFile }) refuse with a coded error naming fromEnv(env)', async () => {
      for (const p of [mod.fromProfile({ path: '/x' }), mod.fromInstanceMetadata(), mod.fromPodIdentity({ env: { HC_CONTAINER_CREDENTIALS_FULL_URI: cfg.url, HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/t' } }), mod.fromOidc({ idpId: 'x', idTokenFile: '/t' })]) {
        const e = await rejects(p(), 'ERR_CREDENTIALS_UNSUPPORTED_RUNTIME', 'provider');
        if (!/Cloudflare Workers/.test(e.message) || !/fromEnv\\(env\\)/.test(e.message)) throw new Error('message: ' + e.message);
      }
    });
  } else {
    await check('fromProfile({ path }) reads the INI file (process.getBuiltinModule)', async () => {
      const c = await mod.fromProfile({ path: cfg.profile })();
      eq(c.source, 'profile', 'source');
      eq(c.projectId, 'from-profile', 'project_id');
      const res = await new mod.HuaweiCloudClient({ credentials: mod.fromProfile({ path: cfg.profile }), retries: 0 }).fetch(cfg.url + '/v1/profile');
      eq(res.status, 200, 'gateway status');
    });
  }
  const failed = results.filter((r) => !r.ok).length;
  return { label: cfg.label, passed: results.length - failed, failed, skipped: 0, results };
}
`;

async function emulator() {
  const emu = await startEmulator({ keys: { [AK]: SK }, idps: { 'idp-runtime': [JWT] } });
  const c = emu.credentials;
  return { emu, cfg: { url: emu.url, ak: AK, sk: SK, jwt: JWT, projectId: c.projects['cn-north-4'][0], projectId2: c.projects['ap-southeast-1'][0], domainId: c.domainId } };
}

function parse(text) {
  const line = text.split('\n').reverse().find((l) => l.includes(MARK));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(line.indexOf(MARK) + MARK.length));
  } catch {
    return null;
  }
}

/**
 * The rows as run.mjs jobs. `h`: run.mjs's { APP, BIN, run, record, bundleWorker, workerdVersion }.
 * Row names start with "credentials:".
 */
export function credentialJobs(h) {
  const { APP } = h;
  writeFileSync(join(APP, 'credentials-suite.mjs'), SUITE);
  const profile = join(APP, 'credentials.ini');
  writeFileSync(profile, `[basic]\nak = ${AK}\nsk = ${SK}\nproject_id = from-profile\n`);
  const fileCfg = { profile, missingProfile: join(APP, 'no-such-credentials.ini') };

  async function processRow(name, label, cmd, argsFor, env) {
    const t = Date.now();
    const { emu, cfg } = await emulator();
    try {
      const driver = `credentials-driver-${label}.mjs`;
      writeFileSync(join(APP, driver), `import * as mod from 'hwcloud-signer';
import { runCredentialsSuite } from './credentials-suite.mjs';
const report = await runCredentialsSuite(mod, ${JSON.stringify({ ...cfg, ...fileCfg, label })});
console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
`);
      const r = await h.run(cmd, argsFor(driver, new URL(emu.url).port), { cwd: APP, env, timeoutMs: 90000 });
      const report = parse(r.stdout);
      const extra = [];
      if (r.code !== 0) extra.push(`exit code ${r.code}: ${r.stderr.slice(-1500)}`);
      if (!report) extra.push(`no report; stdout: ${r.stdout.slice(-800)}\n  stderr: ${r.stderr.slice(-1500)}`);
      h.record(name, 'src/index.js', report, extra, Date.now() - t, 'emulator on 127.0.0.1');
    } finally {
      await emu.close();
    }
  }

  async function workerdRow() {
    const t = Date.now();
    const name = 'credentials: workerd (fromEnv(env), fromOidc, discovery)';
    const { emu, cfg } = await emulator();
    try {
      const outDir = join(APP, 'worker-credentials');
      const source = `import * as mod from 'hwcloud-signer';
import { runCredentialsSuite } from './credentials-suite.mjs';
export default {
  async test() {
    const report = await runCredentialsSuite(mod, ${JSON.stringify({ ...cfg, ...fileCfg, label: 'workerd', worker: true })});
    console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
    if (report.failed) throw new Error(report.failed + ' credential checks failed');
  },
};
`;
      let b;
      try {
        b = await h.bundleWorker(outDir, ['workerd', 'worker', 'browser'], source);
      } catch (e) {
        h.record(name, '?', null, [`esbuild failed: ${e.message}`], Date.now() - t);
        return;
      }
      // The emulator listens on loopback, which a worker's default outbound refuses: allow it.
      const capnp = join(outDir, 'config.capnp');
      const config = readFileSync(capnp, 'utf8')
        .replace('services = [ (name = "main", worker = .worker) ],', 'services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["local", "private"])) ],')
        .replace('compatibilityDate = "2025-09-01",', 'compatibilityDate = "2025-09-01",\n  globalOutbound = "loopback",');
      if (!config.includes('globalOutbound')) throw new Error('run.mjs changed the workerd config layout: update tests/runtimes/credentials-rows.mjs');
      writeFileSync(capnp, config);
      const r = await h.run(join(h.BIN, 'workerd'), ['test', 'config.capnp'], { cwd: outDir, timeoutMs: 90000 });
      const report = parse(r.stdout + r.stderr);
      const extra = [];
      if (r.code !== 0) extra.push(`workerd test exit code ${r.code}: ${r.stderr.slice(-1500)}`);
      if (!report) extra.push(`no report: ${(r.stdout + r.stderr).slice(-1500)}`);
      if (!b.inputs.some((p) => p.endsWith('src/entry-workerd.js'))) extra.push(`bundle used ${b.inputs.join(', ')}, expected src/entry-workerd.js`);
      const bundle = readFileSync(join(outDir, 'worker.mjs'), 'utf8');
      if (/from\s*["'](node:)?fs["']|require\(["'](node:)?fs["']\)/.test(bundle)) extra.push('the worker bundle imports fs');
      h.record(name, `${b.inputs.join(', ')} + .wasm module`, report, extra, Date.now() - t, await h.workerdVersion());
    } finally {
      await emu.close();
    }
  }

  return [
    () => processRow('credentials: deno (fromEnv(env), fromOidc, discovery, profile)', 'deno', join(h.BIN, 'deno'),
      (driver, port) => ['run', '--no-prompt', '--cached-only', '--no-lock', `--allow-net=127.0.0.1:${port}`, `--allow-read=${APP}`, driver],
      { DENO_DIR: join(h.TMP, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }),
    () => processRow('credentials: bun (fromEnv(env), fromOidc, discovery, profile)', 'bun', join(h.BIN, 'bun'),
      (driver) => ['--no-install', driver], { BUN_INSTALL_CACHE_DIR: join(h.TMP, 'bun-cache'), NO_COLOR: '1', DO_NOT_TRACK: '1' }),
    () => workerdRow(),
  ];
}
