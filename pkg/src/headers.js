// The one way the package reads headers given to it: a fetch `Headers` (or any iterable of
// [name, value] pairs) or a plain record. Each caller decides what a name and a value may be (sign.js
// checks them for signing, verify.js takes what a server received, token-response.js what IAM sent).
//
// No `instanceof Headers`: in Node, the first access to the global `Headers` loads undici (~20-40 ms
// of cold start). A `Headers` object is iterable and yields the same pairs as its forEach.

import { describe, typeError } from './errors.js';

/** What a header value may not contain: anything but visible ASCII, space and tab. */
export const BAD_VALUE = /[^\t\x20-\x7e]/;
const OWS = /^[ \t]+|[ \t]+$/g;

/**
 * A header value without its leading and trailing spaces and tabs (HTTP's optional whitespace).
 * Not String#trim, which would also drop CR, LF or U+00A0 (which the signer refuses).
 */
export function trimOws(value) {
  return value.replace(OWS, '');
}

/** Calls `add(name, value)` for every header of `input` (null/undefined: none), in order. */
export function eachHeader(input, add) {
  if (input === undefined || input === null) return;
  if (typeof input !== 'object') {
    throw typeError('ERR_INVALID_HEADER', `headers must be a Headers object, a record of strings or [name, value] pairs, got ${describe(input)}`);
  }
  if (typeof input[Symbol.iterator] === 'function') {
    for (const pair of input) {
      if (!pair || typeof pair !== 'object' || pair.length !== 2) {
        throw typeError('ERR_INVALID_HEADER', `headers given as a list must be [name, value] pairs, got ${describe(pair)}`);
      }
      add(pair[0], pair[1]);
    }
  } else {
    const keys = Object.keys(input);
    for (let i = 0; i < keys.length; i++) add(keys[i], input[keys[i]]);
  }
}
