// The API gateway's error answers, as HuaweiCloudClient and TokenAuth.fetch read them: at most
// MAX_ERROR_BODY_BYTES of the body, from a clone, so the caller still gets the whole response.

/** Most bytes of an error body read to find the gateway's error code and message. */
export const MAX_ERROR_BODY_BYTES = 16 * 1024;

const dec = new TextDecoder();

/** @internal The first `limit` bytes of a response body (read from a clone, the rest cancelled), as text. */
export async function readPrefix(res, limit = MAX_ERROR_BODY_BYTES) {
  if (!res.body) return '';
  const reader = res.clone().body.getReader();
  const chunks = [];
  let n = 0;
  try {
    while (n < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      n += value.length;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(Math.min(n, limit));
  let o = 0;
  for (const c of chunks) {
    const part = c.subarray(0, out.length - o);
    out.set(part, o);
    o += part.length;
    if (o === out.length) break;
  }
  return dec.decode(out);
}

/** @internal Reads a gateway error body `{error_code, error_msg, request_id}` (or null). */
export async function gatewayError(res) {
  let body;
  try {
    body = await readPrefix(res);
  } catch {
    return null;
  }
  let j;
  try {
    j = JSON.parse(body);
  } catch {
    return null;
  }
  if (!j || typeof j !== 'object') return null;
  const e = j.error && typeof j.error === 'object' ? j.error : j;
  const code = e.error_code ?? e.code;
  const message = e.error_msg ?? e.message;
  return {
    code: code === undefined ? undefined : String(code),
    message: message === undefined ? '' : String(message),
    requestId: res.headers.get('x-request-id') ?? (typeof j.request_id === 'string' ? j.request_id : undefined),
  };
}

/** @internal Whether a gateway 401 says the token is stale (APIGW.0307, or 0301 "token expires"). */
export async function isStaleToken(res) {
  if (res.status !== 401) return false;
  const g = await gatewayError(res);
  return !!g && (g.code === 'APIGW.0307' || (g.code === 'APIGW.0301' && /token (?:expire|must be updated)/i.test(g.message)));
}

/** @internal Frees a response's body that will not be read. */
export async function discard(res) {
  try {
    if (res.body) await res.body.cancel();
  } catch {
    // already consumed or errored: nothing to free
  }
}
