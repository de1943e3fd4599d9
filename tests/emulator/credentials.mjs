// The credential sources of the local Huawei Cloud emulator (tests/emulator/index.mjs mounts them):
//   - the ECS metadata service: PUT /meta-data/latest/api/token (X-Metadata-Token-Ttl-Seconds) and
//     GET /openstack/latest/securitykey (X-Metadata-Token), with expiring session tokens, a 401 that
//     needs a new session token, and the "Please configure Cloud Service Agency first" 401;
//   - IAM's OIDC exchange POST /v3.0/OS-AUTH/id-token/tokens (X-Idp-Id); the token it issues is
//     accepted by the emulator's POST /v3.0/OS-CREDENTIAL/securitytokens;
//   - a CCE pod identity endpoint POST /pod-identity/credentials (Authorization: the pod's token);
//   - IAM GET /v3/projects?name=<region> and GET /v3/auth/domains, behind the gateway's AK/SK check.
// Every key handed out is registered in emu.tempKeys, so the gateway accepts it until it expires.
//
// Shapes of the answers follow the official Python SDK's readers (huaweicloudsdkcore auth/internal.py).
import { createHash, randomBytes } from 'node:crypto';

const isoMicro = (ms) => new Date(ms).toISOString().replace('Z', '000Z');
const hex = (n) => randomBytes(n).toString('hex');
export const AGENCY_ERROR = 'Please configure Cloud Service Agency first';

/**
 * Adds `emu.credentials` (the controls below) and returns `{ handle, afterAuth }` for index.mjs:
 * `handle(req, res, body, url)` answers the unauthenticated endpoints, `afterAuth(req, res, url, log)`
 * the IAM reads after the gateway has checked the AK/SK signature. Both return true when they answered.
 *
 * Options (startEmulator's): `projects` { region: [projectId, …] } (default: cn-north-4 and
 * ap-southeast-1, one project each), `domainId`, `idps` { idpId: [valid id token, …] },
 * `podTokens` [valid pod identity token, …], `metadataCredentialLifetimeMs` (1 h).
 */
export function attachCredentials(emu, options = {}) {
  const projectId = (r) => createHash('sha256').update('project/' + r).digest('hex').slice(0, 32);
  const c = {
    projects: options.projects ?? { 'cn-north-4': [projectId('cn-north-4')], 'ap-southeast-1': [projectId('ap-southeast-1')] },
    domainId: options.domainId ?? 'd' + hex(15).slice(0, 31),
    /** Account domains returned by /v3/auth/domains (set [] for "none visible"). */
    domains: null,
    idps: new Map(Object.entries(options.idps ?? {}).map(([k, v]) => [k, new Set(v)])),
    podTokens: new Set(options.podTokens ?? []),
    metadata: {
      agency: true, // false: securitykey answers 401 "Please configure Cloud Service Agency first"
      requireSession: true, // securitykey needs a valid X-Metadata-Token
      tokenStatus: 200, // PUT api/token answers this (404/405/503: an old service without session tokens)
      sessions: new Map(), // session token -> expires at (server ms)
      credentialLifetimeMs: options.metadataCredentialLifetimeMs ?? 3600_000,
    },
    delayMs: 0,
    stats: { metadataTokenRequests: 0, securityKeyRequests: 0, idTokenRequests: 0, podIdentityRequests: 0, projectsRequests: 0, domainsRequests: 0, seen: [] },
    failures: new Map(), // endpoint -> [{ status, body, headers }]
    /** The next `n` requests to `endpoint` ('metadata-token', 'securitykey', 'id-token', 'pod-identity', 'projects', 'domains') get `status` and `body` (a string is sent as is). */
    fail(endpoint, n = 1, { status = 500, body = { error_msg: 'The system is busy.', error_code: 'IAM.0001' }, headers } = {}) {
      const q = c.failures.get(endpoint) ?? [];
      for (let i = 0; i < n; i++) q.push({ status, body, headers });
      c.failures.set(endpoint, q);
    },
    /** Every metadata session token issued so far stops working (the next securitykey call gets 401). */
    expireSessions() {
      c.metadata.sessions.clear();
    },
    addIdp(idpId, ...tokens) {
      c.idps.set(idpId, new Set([...(c.idps.get(idpId) ?? []), ...tokens]));
    },
    /** A key pair handed out as temporary credentials (and accepted by the gateway until it expires). */
    issueKeys(lifetimeMs) {
      const ak = 'T' + randomBytes(15).toString('hex').toUpperCase().slice(0, 19);
      const sk = randomBytes(30).toString('base64');
      const securityToken = 'gQ' + randomBytes(90).toString('base64');
      const expiresAt = emu.now() + lifetimeMs;
      emu.tempKeys.set(ak, { sk, securityToken, expiresAt });
      return { ak, sk, securityToken, expiresAt };
    },
  };
  emu.credentials = c;

  function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', Date: new Date(emu.now()).toUTCString(), 'X-Request-Id': hex(16), ...headers });
    res.end(text);
    return true;
  }

  async function injected(endpoint, res) {
    c.stats.seen.push(endpoint);
    if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
    const f = (c.failures.get(endpoint) ?? []).shift();
    return f ? send(res, f.status, f.body, f.headers) : false;
  }

  async function metadataToken(req, res) {
    c.stats.metadataTokenRequests++;
    if (await injected('metadata-token', res)) return true;
    const m = c.metadata;
    if (m.tokenStatus !== 200) return send(res, m.tokenStatus, 'not supported', { 'Content-Type': 'text/plain' });
    const ttl = Number(req.headers['x-metadata-token-ttl-seconds']);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return send(res, 400, 'X-Metadata-Token-Ttl-Seconds must be 1 to 21600', { 'Content-Type': 'text/plain' });
    const token = 'mt-' + randomBytes(24).toString('base64url');
    m.sessions.set(token, emu.now() + ttl * 1000);
    return send(res, 200, token, { 'Content-Type': 'text/plain' });
  }

  async function securityKey(req, res) {
    c.stats.securityKeyRequests++;
    if (await injected('securitykey', res)) return true;
    const m = c.metadata;
    if (m.requireSession && m.tokenStatus === 200) {
      const exp = m.sessions.get(req.headers['x-metadata-token'] ?? '');
      if (!exp || exp <= emu.now()) return send(res, 401, { error: 'the metadata token is missing, invalid or expired' });
    }
    if (!m.agency) return send(res, 401, { error: AGENCY_ERROR });
    const k = c.issueKeys(m.credentialLifetimeMs);
    return send(res, 200, { credential: { access: k.ak, secret: k.sk, securitytoken: k.securityToken, expires_at: isoMicro(k.expiresAt) } });
  }

  async function idToken(req, res, body) {
    c.stats.idTokenRequests++;
    if (await injected('id-token', res)) return true;
    const idp = req.headers['x-idp-id'];
    const valid = idp && c.idps.get(idp);
    if (!valid) return send(res, 404, { error: { code: 404, message: `Could not find Identity Provider: ${idp ?? ''}.`, title: 'Not Found' } });
    let jwt;
    try {
      jwt = JSON.parse(body.toString('utf8'))?.auth?.id_token?.id;
    } catch {
      return send(res, 400, { error_msg: 'The request body is invalid.', error_code: 'IAM.0011' });
    }
    if (typeof jwt !== 'string' || !valid.has(jwt)) return send(res, 401, { error_msg: 'The id_token is invalid or expired.', error_code: 'IAM.1002' });
    const issued = emu.now();
    const expires = issued + emu.tokenLifetimeMs;
    const token = 'MIIF' + randomBytes(96).toString('base64url');
    emu.tokens.set(token, { expiresAt: expires, userId: 'federated-' + idp, revoked: false });
    const domain = { id: c.domainId, name: 'acme' };
    return send(res, 201, {
      token: { expires_at: isoMicro(expires), issued_at: isoMicro(issued), methods: ['mapped'], user: { id: 'federated-' + idp, name: 'FederationUser', domain, 'OS-FEDERATION': { identity_provider: { id: idp } } } },
    }, { 'X-Subject-Token': token });
  }

  async function podIdentity(req, res) {
    c.stats.podIdentityRequests++;
    if (await injected('pod-identity', res)) return true;
    if (req.method !== 'POST') return send(res, 405, { message: 'method not allowed' });
    if (!c.podTokens.has(req.headers.authorization ?? '')) return send(res, 401, { message: 'the service account token is invalid' });
    const k = c.issueKeys(c.metadata.credentialLifetimeMs);
    return send(res, 200, { accessKeyId: k.ak, secretAccessKey: k.sk, securityToken: k.securityToken, expiration: isoMicro(k.expiresAt) });
  }

  return {
    async handle(req, res, body, url) {
      const p = url.pathname;
      if (req.method === 'PUT' && p === '/meta-data/latest/api/token') return metadataToken(req, res);
      if (req.method === 'GET' && p === '/openstack/latest/securitykey') return securityKey(req, res);
      if (req.method === 'POST' && p === '/v3.0/OS-AUTH/id-token/tokens') return idToken(req, res, body);
      if (p === '/pod-identity/credentials') return podIdentity(req, res);
      return false;
    },
    async afterAuth(req, res, url) {
      const trace = { 'X-IAM-Trace-Id': hex(16) };
      if (req.method === 'GET' && url.pathname === '/v3/projects') {
        c.stats.projectsRequests++;
        if (await injected('projects', res)) return true;
        const name = url.searchParams.get('name');
        const ids = name === null ? Object.entries(c.projects).flatMap(([r, l]) => l.map((id) => [r, id])) : (c.projects[name] ?? []).map((id) => [name, id]);
        const projects = ids.map(([r, id]) => ({ id, name: r, domain_id: c.domainId, enabled: true, is_domain: false, parent_id: c.domainId, description: '', links: { self: `https://iam.myhuaweicloud.com/v3/projects/${id}` } }));
        return send(res, 200, { projects, links: { self: 'https://iam.myhuaweicloud.com/v3/projects', previous: null, next: null } }, trace);
      }
      if (req.method === 'GET' && url.pathname === '/v3/auth/domains') {
        c.stats.domainsRequests++;
        if (await injected('domains', res)) return true;
        const domains = c.domains ?? [{ id: c.domainId, name: 'acme', enabled: true, description: '' }];
        return send(res, 200, { domains, links: { self: 'https://iam.myhuaweicloud.com/v3/auth/domains' } }, trace);
      }
      return false;
    },
  };
}
