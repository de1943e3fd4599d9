// An independent, deliberately plain implementation of the canonical URI and query rules of
// issue 2 / spec §1.3–1.4, used to check the areas where the official Node SDK is known to be wrong.

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Percent-decodes valid %XX escapes (anything else, including '+', stays as it is). */
export function pctDecode(s) {
  const out = [];
  const b = Buffer.from(s, 'utf8');
  for (let i = 0; i < b.length; i++) {
    const hex = b.length - i >= 3 && b[i] === 0x25 ? b.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(b[i]);
    }
  }
  return Buffer.from(out);
}

/** Encodes every byte outside A-Z a-z 0-9 - _ . ~ as %XX (uppercase). */
export function pctEncode(bytes) {
  let s = '';
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    s += UNRESERVED.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return s;
}

/** Canonical URI of a WHATWG pathname: decode each segment, re-encode, end with '/'. */
export function canonicalUri(pathname) {
  const uri = pathname.split('/').map((seg) => pctEncode(pctDecode(seg))).join('/');
  return uri.endsWith('/') ? uri : uri + '/';
}

/** Canonical query of a raw query (no '?'): sorted by decoded key bytes, then value bytes. */
export function canonicalQuery(query) {
  const pairs = query.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return i < 0 ? [pctDecode(p), Buffer.alloc(0)] : [pctDecode(p.slice(0, i)), pctDecode(p.slice(i + 1))];
  });
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]));
  return pairs.map(([k, v]) => pctEncode(k) + '=' + pctEncode(v)).join('&');
}
