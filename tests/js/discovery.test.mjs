// Project and domain id discovery against the local emulator: IAM GET /v3/projects?name=<region> and
// GET /v3/auth/domains, signed with the AK/SK and verified by the emulator's gateway code; caching per
// AK and region, single flight, coded errors, and HuaweiCloudClient's { region } option.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { HuaweiCloudClient, IamError, discoverDomainId, discoverProjectId, fromInstanceMetadata } from 'hwcloud-signer';
import { clearDiscoveryCache } from '../../pkg/src/discovery.js';
import { startEmulator } from '../emulator/index.mjs';

const AK = 'DISCOVERYAKDISCOVERY';
const SK = 'discovery-secret/key=';
const AK2 = 'DISCOVERYAK2DISCOVER';
let emu;

before(async () => {
  emu = await startEmulator({ keys: { [AK]: SK, [AK2]: SK }, projects: { 'cn-north-4': ['0a1b2c3d4e5f60718293a4b5c6d7e8f9'], 'ap-southeast-1': ['11112222333344445555666677778888'], 'cn-east-3': ['aaaa', 'bbbb'] } });
});
after(() => emu.close());
beforeEach(() => {
  clearDiscoveryCache();
  emu.credentials.failures.clear();
  emu.credentials.delayMs = 0;
});

const creds = { ak: AK, sk: SK };
const opts = (region, extra = {}) => ({ region, iamEndpoint: emu.url, ...extra });
const count = () => emu.credentials.stats.projectsRequests;

test('the project id of a region, from IAM, with a request the gateway verified', async () => {
  const n = count();
  const log0 = emu.stats.gatewayLog.length;
  assert.equal(await discoverProjectId(creds, opts('cn-north-4')), '0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  assert.equal(count() - n, 1);
  const entry = emu.stats.gatewayLog.slice(log0).find((l) => l.url.startsWith('/v3/projects'));
  assert.deepEqual([entry.url, entry.auth, entry.ak, entry.status], ['/v3/projects?name=cn-north-4', 'aksk', AK, 200]);
});

test('cached per AK and region; concurrent lookups share one request', async () => {
  const n = count();
  emu.credentials.delayMs = 20;
  const ids = await Promise.all([1, 2, 3, 4].map(() => discoverProjectId(creds, opts('ap-southeast-1'))));
  assert.ok(ids.every((id) => id === '11112222333344445555666677778888'));
  assert.equal(count() - n, 1);
  await discoverProjectId(creds, opts('ap-southeast-1'));
  assert.equal(count() - n, 1, 'cached');
  await discoverProjectId({ ak: AK2, sk: SK }, opts('ap-southeast-1'));
  assert.equal(count() - n, 2, 'another AK asks again');
  await discoverProjectId(creds, opts('cn-north-4'));
  assert.equal(count() - n, 3, 'another region asks again');
});

test('a region the account has not opened: ERR_PROJECT_NOT_FOUND, not cached', async () => {
  await assert.rejects(discoverProjectId(creds, opts('la-south-2')), (e) => {
    assert.equal(e.code, 'ERR_PROJECT_NOT_FOUND');
    assert.match(e.message, /has no project named la-south-2 \(X-IAM-Trace-Id [0-9a-f]+\): check the region id, open the region/);
    assert.ok(!e.message.includes(SK));
    return true;
  });
  emu.credentials.projects['la-south-2'] = ['feedfeedfeedfeed'];
  try {
    assert.equal(await discoverProjectId(creds, opts('la-south-2')), 'feedfeedfeedfeed');
  } finally {
    delete emu.credentials.projects['la-south-2'];
  }
});

test('several projects of that name: ERR_MULTIPLE_PROJECTS listing them', async () => {
  await assert.rejects(discoverProjectId(creds, opts('cn-east-3')), (e) => e.code === 'ERR_MULTIPLE_PROJECTS' && /2 projects named cn-east-3 \(aaaa, bbbb\)/.test(e.message));
});

test('a wrong secret key: an IamError with IAM\'s status, never the key; failures are not cached', async () => {
  const wrong = 'not-the-right-secret';
  await assert.rejects(discoverProjectId({ ak: AK, sk: wrong }, opts('cn-north-4')), (e) => {
    assert.ok(e instanceof IamError);
    assert.equal(e.code, 'ERR_IAM');
    assert.equal(e.status, 401);
    assert.equal(e.iamCode, 'APIGW.0301');
    assert.match(e.message, /^could not look up the project id of region cn-north-4: IAM answered HTTP 401 APIGW\.0301/);
    assert.ok(!e.message.includes(wrong));
    return true;
  });
  emu.credentials.fail('projects', 1, { status: 403, body: { error_msg: 'You are not authorized to perform the requested action.', error_code: 'IAM.0002' } });
  await assert.rejects(discoverProjectId(creds, opts('cn-north-4')), (e) => e.status === 403 && /iam:projects:listProjects/.test(e.message));
  assert.equal(await discoverProjectId(creds, opts('cn-north-4')), '0a1b2c3d4e5f60718293a4b5c6d7e8f9');
});

test('malformed answers: ERR_INVALID_RESPONSE', async () => {
  for (const body of ['<html>', { projects: 'none' }, { projects: [{ name: 'cn-north-4' }] }, { projects: [{ id: 'has space' }] }]) {
    clearDiscoveryCache();
    emu.credentials.fail('projects', 1, { status: 200, body });
    await assert.rejects(discoverProjectId(creds, opts('cn-north-4')), { code: 'ERR_INVALID_RESPONSE' }, JSON.stringify(body));
  }
});

test('temporary keys (with a security token) from a provider work too', async () => {
  const p = fromInstanceMetadata({ endpoint: emu.url });
  assert.equal(await discoverProjectId(p, opts('cn-north-4')), '0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  const last = emu.stats.gatewayLog.at(-1);
  assert.equal(last.securityToken, true);
});

test('the domain id: GET /v3/auth/domains; none listed is ERR_DOMAIN_NOT_FOUND', async () => {
  assert.equal(await discoverDomainId(creds, { iamEndpoint: emu.url }), emu.credentials.domainId);
  const n = emu.credentials.stats.domainsRequests;
  await discoverDomainId(creds, { iamEndpoint: emu.url });
  assert.equal(emu.credentials.stats.domainsRequests, n, 'cached');
  emu.credentials.domains = [];
  try {
    await assert.rejects(discoverDomainId({ ak: AK2, sk: SK }, { iamEndpoint: emu.url }), (e) => e.code === 'ERR_DOMAIN_NOT_FOUND' && /iam:users:getUser/.test(e.message));
  } finally {
    emu.credentials.domains = null;
  }
});

test('the IAM endpoint: the region\'s own, else the global one, else iamEndpoint', async () => {
  const urls = [];
  const fetch = async (req) => {
    urls.push(req.url);
    return new Response(JSON.stringify({ projects: [{ id: 'abc' }] }), { status: 200 });
  };
  await discoverProjectId(creds, { region: 'cn-north-4', fetch });
  await discoverProjectId(creds, { region: 'eu-west-101', fetch });
  await discoverProjectId({ ...creds, iamEndpoint: 'https://iam.internal.example/' }, { region: 'cn-east-2', fetch });
  assert.deepEqual(urls, [
    'https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4',
    'https://iam.myhuaweicloud.com/v3/projects?name=eu-west-101',
    'https://iam.internal.example/v3/projects?name=cn-east-2',
  ]);
});

test('arguments are checked', async () => {
  await assert.rejects(discoverProjectId(creds, {}), (e) => e instanceof TypeError && /region is required/.test(e.message));
  await assert.rejects(discoverProjectId(creds, { region: 'cn-north-4/../x' }), { code: 'ERR_INVALID_ARGUMENT' });
  await assert.rejects(discoverProjectId({ ak: AK }, opts('cn-north-4')), { code: 'ERR_INVALID_CREDENTIALS' });
  await assert.rejects(discoverProjectId(creds, { region: 'cn-north-4', iamEndpoint: 'iam.example.com' }), { code: 'ERR_INVALID_ARGUMENT' });
  await assert.rejects(discoverProjectId(creds, { region: 'cn-north-4', fetch: {} }), { code: 'ERR_INVALID_ARGUMENT' });
});

test('HuaweiCloudClient({ region }) signs X-Project-Id with the discovered id, looked up once', async () => {
  const n = count();
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, region: 'cn-north-4', iamEndpoint: emu.url, retries: 0 });
  for (let i = 0; i < 3; i++) {
    const res = await c.fetch(`${emu.url}/v1/servers`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).headers['x-project-id'], '0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  }
  assert.equal(count() - n, 1);
  // an explicit projectId wins, no lookup
  const c2 = new HuaweiCloudClient({ ak: AK2, sk: SK, region: 'cn-north-4', projectId: 'mine', iamEndpoint: emu.url });
  assert.equal((await (await c2.fetch(`${emu.url}/v1/servers`)).json()).headers['x-project-id'], 'mine');
  assert.equal(count() - n, 1);
  // an unopened region fails the request with the coded error
  const c3 = new HuaweiCloudClient({ ak: AK, sk: SK, region: 'me-east-1', iamEndpoint: emu.url, retries: 0 });
  await assert.rejects(c3.fetch(`${emu.url}/v1/servers`), { code: 'ERR_PROJECT_NOT_FOUND' });
  // and the domain id on request
  const c4 = new HuaweiCloudClient({ ak: AK, sk: SK, discoverDomainId: true, iamEndpoint: emu.url });
  assert.equal((await (await c4.fetch(`${emu.url}/v1/global`)).json()).headers['x-domain-id'], emu.credentials.domainId);
  assert.throws(() => new HuaweiCloudClient({ ak: AK, sk: SK, region: 'CN North' }), { code: 'ERR_INVALID_ARGUMENT' });
});
