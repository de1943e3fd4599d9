// Errors thrown by hwcloud-signer. Every error has a stable `code`; messages say what to fix and
// never contain a secret key or a password.

const BRAND = Symbol.for('hwcloud-signer.error');

function brand(err, code, name) {
  err.name = name;
  err.code = code;
  Object.defineProperty(err, BRAND, { value: true });
}

/** Base class of every error thrown by the package (`err instanceof HwCloudSignerError`). */
export class HwCloudSignerError extends Error {
  constructor(code, message, options) {
    super(message, options);
    brand(this, code, new.target.name);
  }

  // `instanceof HwCloudSignerError` is also true for HwCloudSignerTypeError, which must extend
  // TypeError, and for errors from another copy of the package (e.g. ESM and CJS side by side).
  static [Symbol.hasInstance](value) {
    if (this !== HwCloudSignerError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return value instanceof Error && value[BRAND] === true;
  }
}

/** A wrong type or a missing required argument: `err instanceof TypeError` and `HwCloudSignerError`. */
export class HwCloudSignerTypeError extends TypeError {
  constructor(code, message, options) {
    super(message, options);
    brand(this, code, 'HwCloudSignerTypeError');
  }
}

/** @internal */
export function typeError(code, message) {
  return new HwCloudSignerTypeError(code, message);
}

/** @internal */
export function error(code, message, options) {
  return new HwCloudSignerError(code, message, options);
}

/** @internal Describes a JS value's type for an error message without printing the value. */
export function describe(value) {
  try {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
    return value === undefined ? 'undefined' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;
  } catch {
    return 'an object'; // a Proxy whose traps throw
  }
}
