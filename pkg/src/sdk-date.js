// X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC) formatting and parsing, shared by signing, verification, the
// client's clock-skew correction and the mismatch explainer. No wasm involved.

import { error } from './errors.js';

const MAX_EPOCH_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const SDK_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

let dateSecond = NaN; // formatSdkDate's one-entry cache: signatures within the same second share the string
let dateText = '';

/** Formats epoch milliseconds as an X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC). */
export function formatSdkDate(ms) {
  if (!(ms >= 0 && ms <= MAX_EPOCH_MS)) {
    throw error('ERR_INVALID_DATE', `signing date ${ms} is outside 1970-01-01..9999-12-31; pass a valid Date, epoch milliseconds or "YYYYMMDDTHHMMSSZ"`);
  }
  const second = Math.floor(ms / 1000);
  if (second !== dateSecond) {
    const s = new Date(second * 1000).toISOString();
    dateText = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 13) + s.slice(14, 16) + s.slice(17, 19) + 'Z';
    dateSecond = second;
  }
  return dateText;
}

/**
 * "YYYYMMDDTHHMMSSZ" (surrounding whitespace ignored) → epoch ms, or NaN. Lenient about the
 * calendar (Date.UTC rolls 20190230 over to March); use `strictSdkDateMs` to validate.
 */
export function parseSdkDate(s) {
  const m = SDK_DATE.exec(String(s).trim());
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** Epoch ms of a real UTC time written exactly as YYYYMMDDTHHMMSSZ in 1970..9999, else NaN. */
export function strictSdkDateMs(d) {
  const t = typeof d === 'string' ? parseSdkDate(d) : NaN;
  return t >= 0 && t <= MAX_EPOCH_MS && formatSdkDate(t) === d ? t : NaN; // 20190230 or 246060 would roll over
}
