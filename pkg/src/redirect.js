// Redirects, followed by HuaweiCloudClient.fetch and TokenAuth.fetch themselves (they send with
// redirect: 'manual'), so that no credential reaches another origin: fetch strips Authorization on a
// cross-origin redirect, but not X-Auth-Token or X-Security-Token.
// - same origin: followed (at most MAX_REDIRECTS hops), re-signed / with the token added again;
// - another origin: refused with ERR_REDIRECT_CROSS_ORIGIN (err.location is the target);
// - 303, and 301/302 after a POST: the next request is a GET without a body (HEAD stays HEAD);
//   307/308 keep the method and the body;
// - the caller's own redirect mode is honoured: 'manual' returns the 3xx response, 'error' throws
//   ERR_REDIRECT.

import { error, typeError } from './errors.js';

/** Most redirects followed for one request. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body: dropped with it when a redirect turns the request into a GET. */
export const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'x-sdk-content-sha256']);

/** @internal The caller's redirect mode (init.redirect, else a Request's, else 'follow'), checked. */
export function redirectMode(value) {
  const mode = value ?? 'follow';
  if (mode !== 'follow' && mode !== 'manual' && mode !== 'error') {
    throw typeError('ERR_INVALID_ARGUMENT', `redirect must be 'follow', 'manual' or 'error', got ${typeof mode === 'string' ? JSON.stringify(mode) : typeof mode}`);
  }
  return mode;
}

/**
 * @internal The next hop for a response to a request sent with redirect: 'manual', or null when the
 * response is the answer (not a redirect, no Location, or the caller's mode is 'manual').
 * Throws ERR_REDIRECT / ERR_REDIRECT_CROSS_ORIGIN when the redirect must not be followed.
 * @returns {{ url: string, method: string, dropBody: boolean } | null}
 */
export function nextHop(res, { url, method, mode, hops, replayable }) {
  if (res.type === 'opaqueredirect') {
    if (mode === 'manual') return null;
    throw redirectError('ERR_REDIRECT', res, undefined, `the server redirected the request, and this runtime hides where to (a browser with redirect: 'manual'); request the final URL directly`);
  }
  if (!REDIRECTS.has(res.status)) return null;
  const location = res.headers.get('location');
  if (location === null || mode === 'manual') return null;
  let target;
  try {
    target = new URL(location, url);
  } catch {
    throw redirectError('ERR_REDIRECT', res, undefined, `the server redirected (HTTP ${res.status}) to an invalid Location: ${JSON.stringify(location.slice(0, 200))}`);
  }
  if (mode === 'error') {
    throw redirectError('ERR_REDIRECT', res, target.href, `the server redirected (HTTP ${res.status} to ${target.origin}${target.pathname}) and redirect is 'error'`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw redirectError('ERR_REDIRECT', res, target.href, `the server redirected (HTTP ${res.status}) to a ${target.protocol} URL, which is not followed`);
  }
  const from = new URL(url);
  if (target.origin !== from.origin) {
    throw redirectError('ERR_REDIRECT_CROSS_ORIGIN', res, target.href, `the server redirected (HTTP ${res.status}) from ${from.origin} to another origin, ${target.origin}; credentials are never sent to another origin, so the redirect is not followed. If you trust the target, request err.location yourself`);
  }
  if (hops >= MAX_REDIRECTS) {
    throw redirectError('ERR_REDIRECT', res, target.href, `more than ${MAX_REDIRECTS} redirects (the last one to ${target.origin}${target.pathname})`);
  }
  const toGet = (res.status === 303 && method !== 'HEAD') || ((res.status === 301 || res.status === 302) && method === 'POST');
  if (!toGet && !replayable && method !== 'GET' && method !== 'HEAD') {
    throw redirectError('ERR_REDIRECT', res, target.href, `the server redirected (HTTP ${res.status}) a request whose body is a ReadableStream, which cannot be sent again; pass the body as bytes to follow redirects`);
  }
  return { url: target.href, method: toGet ? 'GET' : method, dropBody: toGet };
}

function redirectError(code, res, location, message) {
  const e = error(code, message);
  e.status = res.status;
  if (location !== undefined) e.location = location;
  Object.defineProperty(e, 'response', { value: res, enumerable: false });
  return e;
}
