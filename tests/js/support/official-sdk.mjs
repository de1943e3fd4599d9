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

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const credential = (ak, sk) => ({ getAk: () => ak, getSk: () => sk });

/** Signs with the official SDK; returns { canonicalRequest, stringToSign, authorization, signature }. */
export function officialSign(request, ak, sk) {
  const seen = {};
  const { buildCanonicalRequest, getStringToSign } = AKSKSigner;
  AKSKSigner.buildCanonicalRequest = function (...args) {
    return (seen.canonicalRequest = buildCanonicalRequest.apply(this, args));
  };
  AKSKSigner.getStringToSign = function (...args) {
    return (seen.stringToSign = getStringToSign.apply(this, args));
  };
  try {
    const headers = AKSKSigner.sign(request, credential(ak, sk));
    const authorization = headers.Authorization;
    return { ...seen, authorization, signature: authorization.slice(authorization.indexOf('Signature=') + 10) };
  } finally {
    AKSKSigner.buildCanonicalRequest = buildCanonicalRequest;
    AKSKSigner.getStringToSign = getStringToSign;
  }
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
