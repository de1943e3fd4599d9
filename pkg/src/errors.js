// Errors thrown by hwcloud-signer. Every error has a stable `code`; messages say what to fix and
// never contain a secret key or a password.

// `instanceof` across copies of the package. The ESM files and the CommonJS build (dist/index.cjs)
// are separate module instances with separate classes, and both can be loaded side by side (an app
// that `import`s the package and a dependency that `require`s it). Every error carries, under a
// global symbol, the names of the classes it is an instance of, and every class's
// `Symbol.hasInstance` also accepts an error whose list holds that class's name.
const BRAND = Symbol.for('hwcloud-signer.error');

function kindOf(ctor) {
  return ctor === HwCloudSignerError ? 'HwCloudSignerError' : ctor === HwCloudSignerTypeError ? 'HwCloudSignerTypeError' : ctor.name;
}

function brand(err, code, ctor) {
  const kinds = [];
  for (let c = ctor; typeof c === 'function' && c !== Error && c !== TypeError; c = Object.getPrototypeOf(c)) kinds.push(kindOf(c));
  err.name = kinds[0];
  err.code = code;
  Object.defineProperty(err, BRAND, { value: kinds });
}

// Every branded error is a HwCloudSignerError (HwCloudSignerTypeError too); a subclass matches the
// errors whose list names it.
function isInstance(ctor, value) {
  const kinds = typeof value === 'object' && value !== null && value[BRAND];
  return Function.prototype[Symbol.hasInstance].call(ctor, value)
    || (Array.isArray(kinds) && (ctor === HwCloudSignerError || kinds.includes(kindOf(ctor))));
}

/**
 * Base class of every error thrown by the package. `err instanceof HwCloudSignerError` is also true
 * for HwCloudSignerTypeError (which must extend TypeError) and for errors from another copy of the
 * package (ESM and CommonJS side by side). The stable check is `err.code`.
 */
export class HwCloudSignerError extends Error {
  constructor(code, message, options) {
    super(message, options);
    brand(this, code, new.target);
  }

  static [Symbol.hasInstance](value) {
    return isInstance(this, value);
  }
}

/** A wrong type or a missing required argument: `err instanceof TypeError` and `HwCloudSignerError`. */
export class HwCloudSignerTypeError extends TypeError {
  constructor(code, message, options) {
    super(message, options);
    brand(this, code, new.target);
  }

  static [Symbol.hasInstance](value) {
    return isInstance(this, value);
  }
}

/**
 * The API gateway rejected the signature (APIGW.0301 "verify aksk signature fail"); code
 * ERR_SIGNATURE_MISMATCH. Thrown by `HuaweiCloudClient.fetch`, which never retries it (five failures
 * lock the access key for five minutes). Compare `serverCanonicalRequest` with `clientCanonicalRequest`.
 */
export class SignatureMismatchError extends HwCloudSignerError {
  constructor(message, options) {
    super('ERR_SIGNATURE_MISMATCH', message, options);
    this.name = 'SignatureMismatchError';
    /** HTTP status of the gateway's answer (401). */
    this.status = undefined;
    /** The gateway's code, e.g. "APIGW.0301". */
    this.gatewayCode = undefined;
    /** The gateway's error_msg. */
    this.gatewayMessage = undefined;
    /** X-Request-Id of the answer. */
    this.requestId = undefined;
    /** The gateway's canonical request ("|" turned back into newlines), when it echoed one. */
    this.serverCanonicalRequest = undefined;
    /** The canonical request this package signed. */
    this.clientCanonicalRequest = undefined;
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
