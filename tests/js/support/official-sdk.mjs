// Calls the official Node SDK's AKSKSigner (@huaweicloud/huaweicloud-sdk-core, a dev dependency)
// with raw inputs and captures the canonical request and string to sign it builds. The SDK's code
// is not changed: its own static helpers are wrapped only to record their return values.
//
// AKSKSigner.sign(request, credential) reads (see node_modules/.../auth/AKSKSigner.js):
//   request.endpoint     URL; url.parse(endpoint).pathname → canonical URI (encoded, NOT decoded first)
//                        and .host → signed host (unless request.headers.host is set)
//   request.method       used as given
//   request.headers      every key is signed (lower-cased, value NOT trimmed); 'X-Sdk-Date' (this exact
//                        spelling) is the signing date; 'X-Sdk-Content-Sha256' replaces the body hash
//   request.queryParams  { key: value | [values] }, decoded; keys and values sorted as UTF-16
//   request.data         hashed as JSON.stringify(data) when truthy, else the empty-body hash
import { createRequire } from 'node:module';
import url from 'node:url';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const credential = (ak, sk) => ({ getAk: () => ak, getSk: () => sk });

/**
 * Runs `sign()` (one of the SDK's signers) with two of `signer`'s static helpers wrapped to record
 * what they return: `helpers` maps each helper's name to the key it is recorded under. The helpers
 * are put back as they were afterwards (an own property restored, an inherited one un-shadowed).
 * Returns { canonicalRequest, stringToSign, authorization, signature }.
 */
function capture(signer, helpers, sign) {
  const seen = {};
  const saved = Object.keys(helpers).map((name) => [name, Object.getOwnPropertyDescriptor(signer, name)]);
  for (const [name, key] of Object.entries(helpers)) {
    const original = signer[name];
    signer[name] = function (...args) {
      return (seen[key] = original.apply(this, args));
    };
  }
  try {
    const authorization = sign().Authorization;
    return { ...seen, authorization, signature: authorization.slice(authorization.indexOf('Signature=') + 10) };
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(signer, name, descriptor);
      else delete signer[name];
    }
  }
}

/** Signs with the official SDK; returns { canonicalRequest, stringToSign, authorization, signature }. */
export function officialSign(request, ak, sk) {
  return capture(AKSKSigner, { buildCanonicalRequest: 'canonicalRequest', getStringToSign: 'stringToSign' }, () => AKSKSigner.sign(request, credential(ak, sk)));
}

/**
 * The SDK's last steps (hash, string to sign, HMAC, Authorization) over a canonical request whose
 * payload line was replaced, for bodies the SDK cannot hash itself (it only hashes JSON.stringify).
 */
export function officialFinish(canonicalRequest, sdkDate, ak, sk) {
  const stringToSign = AKSKSigner.getStringToSign(AKSKSigner.SDK_SIGNING_ALGORITHM, sdkDate, AKSKSigner.Hex(canonicalRequest));
  const signature = AKSKSigner.hmacSHA256(sk, stringToSign);
  const signedHeaders = canonicalRequest.split('\n').at(-2);
  const authorization = `${AKSKSigner.SDK_SIGNING_ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, authorization, signature };
}

const { DerivedAKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner.js');
const { HKDF } = require('@huaweicloud/huaweicloud-sdk-core/auth/HKDF.js');

const derivedCredential = (ak, sk, region, service) => ({ ...credential(ak, sk), getRegionId: () => region, getDerivedAuthServiceName: () => service });

/**
 * Signs with the official SDK's DerivedAKSKSigner (V11-HMAC-SHA256; same request shape as
 * officialSign, plus the region and derived auth service name the SDK's credentials carry);
 * returns { canonicalRequest, stringToSign, authorization, signature }.
 */
export function officialSignV11(request, ak, sk, region, service) {
  // Own properties on DerivedAKSKSigner shadow the inherited helpers it calls through `this`.
  return capture(DerivedAKSKSigner, { buildCanonicalRequest: 'canonicalRequest', getStringToSignByInfo: 'stringToSign' }, () =>
    DerivedAKSKSigner.sign(request, derivedCredential(ak, sk, region, service)));
}

/** DerivedAKSKSigner's last steps (HKDF key, string to sign, HMAC, Authorization) over a given canonical request. */
export function officialFinishV11(canonicalRequest, sdkDate, ak, sk, region, service) {
  const info = `${sdkDate.slice(0, 8)}/${region}/${service}`;
  const stringToSign = DerivedAKSKSigner.getStringToSignByInfo(DerivedAKSKSigner.V_11_HMAC_SHA_256, sdkDate, info, DerivedAKSKSigner.Hex(canonicalRequest));
  const signature = DerivedAKSKSigner.hmacSHA256(HKDF.getDerKeySHA256(ak, sk, info), stringToSign);
  const signedHeaders = canonicalRequest.split('\n').at(-2);
  const authorization = `${DerivedAKSKSigner.V_11_HMAC_SHA_256} Credential=${ak}/${info}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, authorization, signature };
}

const bytesCmp = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Why the Node SDK's canonical request for random request `c` (tests/js/support/random-request.mjs)
 * is not comparable with ours: the names of its known deviations that the request touches (each is
 * explained where the differential tests list them).
 */
export function nodeSdkExclusions(c, sdkRequest) {
  const found = [];
  const parsed = url.parse(sdkRequest.endpoint);
  if (c.path.includes('%')) found.push('pathPercent');
  if (parsed.pathname !== (c.path || '/')) found.push('pathUrlParse');
  if (c.headers.some(([, v]) => v !== v.trim())) found.push('untrimmed');
  if (c.headers.some(([n]) => n.includes('_'))) found.push('underscore');
  if (parsed.host !== new URL(c.url).host) found.push('host');
  // The SDK: Object.keys(queryParams).sort(), then each key's values .sort() (UTF-16 code units).
  const qp = sdkRequest.queryParams;
  const sdkPairs = Object.keys(qp).sort().flatMap((k) => [].concat(qp[k]).sort().map((v) => [k, v]));
  const specPairs = c.query.params.map((p) => [p.key, p.value]).sort((a, b) => bytesCmp(a[0], b[0]) || bytesCmp(a[1], b[1]));
  if (JSON.stringify(sdkPairs) !== JSON.stringify(specPairs)) found.push('utf16Order');
  const names = Object.keys(sdkRequest.headers).map((n) => n.toLowerCase()).concat('host');
  if (names.slice().sort().join() !== names.slice().sort((a, b) => a.localeCompare(b)).join()) found.push('headerOrder');
  return found;
}
