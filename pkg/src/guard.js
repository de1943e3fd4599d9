// Argument guards shared by the token and client modules: an exception thrown while reading a
// caller's object (a getter, a Proxy trap) becomes a coded error with the original as `cause`.

import { HwCloudSignerError, HwCloudSignerTypeError } from './errors.js';

/**
 * @internal Runs `fn()` (which reads caller-supplied objects). An exception from a user getter or
 * a Proxy trap becomes a coded HwCloudSignerTypeError with the original as `cause`.
 */
export function guard(code, what, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    throw new HwCloudSignerTypeError(code, `${what}: reading the argument threw an exception (see err.cause)`, { cause: e });
  }
}

/** @internal The async counterpart of guard(). */
export async function guardAsync(code, what, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    throw new HwCloudSignerTypeError(code, `${what}: reading the argument threw an exception (see err.cause)`, { cause: e });
  }
}
