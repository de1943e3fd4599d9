// RefreshCache: one cached, expiring value (an IAM token, temporary access keys, any credentials)
// kept fresh by one shared refresh. Used by TokenAuth, its temporaryCredentials() and credential
// providers. Plain JavaScript, no wasm.
//
//   const cache = new RefreshCache(load, { clock?, fraction?, safetyMarginMs?, timeoutMs?, retryIntervalMs?, onRefreshError?, what? });
//   load({ signal }) → Promise<{ value, expiresAt?, issuedAt?, skew? }>
//       epoch ms; expiresAt absent = never expires; issuedAt on the server's clock (its
//       lifetime expiresAt − issuedAt is then immune to local clock skew); skew = server − local ms.
//       `signal` aborts when the refresh times out: pass it to fetch.
//   await cache.get({ signal? })   → value
//   cache.lastRefreshError         → the error of the last failed refresh; null after a success
//   cache.invalidate(value?)       → never serve the cached value again (or only if it still is `value`)
//   cache.peek()                   → the cached value or null, without loading
//
// What get() does, by the age of the cached value (see refreshDeadline for the times):
// - fresh (before the refresh deadline): resolves with it;
// - due but valid (before its expiry minus `safetyMarginMs`): resolves with it at once and starts
//   one background refresh; a failure of that refresh is kept in lastRefreshError (and passed to
//   onRefreshError), not thrown at callers; the next get() after `retryIntervalMs` tries again;
// - none, expired or inside the safety margin: waits for the one shared refresh; a failure rejects
//   every waiter, and the next get() starts a new refresh.
// A refresh that takes longer than `timeoutMs` is aborted and fails with ERR_TIMEOUT (its late
// answer is ignored), so a hung server never blocks later callers. A caller's `signal` rejects
// only that caller; the shared refresh goes on for the others.

import { describe, error, typeError } from './errors.js';

/** Default share of a value's lifetime left when it is refreshed (see README). */
export const DEFAULT_REFRESH_FRACTION = 0.2;
/** Default time before expiry from which a cached value is no longer served. */
export const DEFAULT_SAFETY_MARGIN_MS = 60_000;
/** Default minimum time between two background refresh attempts after a failure. */
export const DEFAULT_RETRY_INTERVAL_MS = 5_000;

/** Local times `{ refreshAt, end }` of a value obtained at local time `started` (see refreshDeadline). */
function lifetimeOf({ started, expiresAt, issuedAt, skew = 0, fraction = DEFAULT_REFRESH_FRACTION }) {
  if (expiresAt === undefined || expiresAt === Infinity) return { refreshAt: Infinity, end: Infinity };
  const exp = expiresAt - skew;
  const lifetime = issuedAt !== undefined && expiresAt > issuedAt ? expiresAt - issuedAt : exp - started;
  const end = started + Math.min(lifetime, exp - started);
  return { refreshAt: end - fraction * Math.max(lifetime, 0), end };
}

/**
 * @internal When to refresh a credential obtained at local time `started`:
 * - its lifetime L is IAM's `expires_at - issued_at` (both IAM clock, so client clock skew cancels);
 * - it is usable locally until `started + min(L, expiresAt - skew - started)`;
 * - it is refreshed once less than `fraction × L` of that remains (20% by default: a 24 h token
 *   after ~19 h, a 15 min key after 12 min), so short credentials are not refreshed on every call
 *   as a fixed 40-minute margin would do.
 */
export function refreshDeadline(args) {
  return lifetimeOf(args).refreshAt;
}

function nonNegative(v, d, name, { infinite = false } = {}) {
  const x = v ?? d;
  if (typeof x !== 'number' || !(x >= 0) || (!infinite && !Number.isFinite(x))) {
    throw typeError('ERR_INVALID_ARGUMENT', `${name} must be a non-negative number of milliseconds${infinite ? ' (or Infinity)' : ''}, got ${typeof v === 'number' ? v : describe(v)}`);
  }
  return x;
}

/** Rejects with `signal.reason` as soon as `signal` aborts; otherwise settles like `p`. */
export function abortable(p, signal) {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** A cached, expiring value with one shared refresh (see the comment at the top of this file). */
export class RefreshCache {
  #load;
  #clock;
  #fraction;
  #margin;
  #timeout;
  #retryInterval;
  #onError;
  #what;
  #entry = null; // { value, refreshAt, usableUntil }
  #pending = null;
  #lastError = null;
  #retryAt = -Infinity;

  /**
   * @param {(ctx: { signal: AbortSignal }) => Promise<{ value: any, expiresAt?: number, issuedAt?: number, skew?: number }>} load
   * @param {{ clock?: () => number, fraction?: number, safetyMarginMs?: number, timeoutMs?: number,
   *   retryIntervalMs?: number, onRefreshError?: (err: Error) => void, what?: string }} [options]
   */
  constructor(load, options = {}) {
    if (typeof load !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `RefreshCache: load must be a function, got ${describe(load)}`);
    const o = options ?? {};
    this.#load = load;
    this.#clock = o.clock ?? Date.now;
    if (typeof this.#clock !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `clock must be a function returning epoch milliseconds, got ${describe(this.#clock)}`);
    const f = o.fraction ?? DEFAULT_REFRESH_FRACTION;
    if (typeof f !== 'number' || !(f >= 0 && f < 1)) throw typeError('ERR_INVALID_ARGUMENT', `refreshFraction must be a number in [0, 1), got ${typeof f === 'number' ? f : describe(f)}`);
    this.#fraction = f;
    this.#margin = nonNegative(o.safetyMarginMs, DEFAULT_SAFETY_MARGIN_MS, 'safetyMarginMs');
    this.#timeout = nonNegative(o.timeoutMs, Infinity, 'timeoutMs', { infinite: true });
    this.#retryInterval = nonNegative(o.retryIntervalMs, DEFAULT_RETRY_INTERVAL_MS, 'retryIntervalMs');
    if (o.onRefreshError !== undefined && typeof o.onRefreshError !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `onRefreshError must be a function, got ${describe(o.onRefreshError)}`);
    this.#onError = o.onRefreshError;
    this.#what = o.what ?? 'the refresh';
  }

  /** The cached value, refreshed as described above. `signal` aborts this caller's wait only. */
  get({ signal } = {}) {
    if (signal && signal.aborted) return Promise.reject(signal.reason);
    const now = this.#clock();
    const e = this.#entry;
    if (e && now < e.refreshAt) return Promise.resolve(e.value);
    if (e && now < e.usableUntil) {
      if (!this.#pending && now >= this.#retryAt) this.#refresh().catch(() => {}); // reported via lastRefreshError
      return Promise.resolve(e.value);
    }
    return abortable(this.#pending ?? this.#refresh(), signal);
  }

  /** The error of the last failed refresh (cleared by the next success), or null. */
  get lastRefreshError() {
    return this.#lastError;
  }

  /** Never serves the cached value again (or only if it is still `value`); the next get() waits for a refresh. */
  invalidate(value) {
    const e = this.#entry;
    if (e && (value === undefined || e.value === value)) {
      e.refreshAt = -Infinity;
      e.usableUntil = -Infinity;
      this.#retryAt = -Infinity;
    }
  }

  /** The cached value (even a stale one) or null; never loads. */
  peek() {
    return this.#entry ? this.#entry.value : null;
  }

  #refresh() {
    const started = this.#clock();
    const ctl = new AbortController();
    let timer;
    const attempts = [Promise.resolve().then(() => this.#load({ signal: ctl.signal }))];
    if (this.#timeout !== Infinity) {
      attempts.push(new Promise((_, reject) => {
        timer = setTimeout(() => {
          const err = error('ERR_TIMEOUT', `${this.#what} took more than ${this.#timeout} ms and was aborted; the next call starts a new one`);
          ctl.abort(err);
          reject(err);
        }, this.#timeout);
      }));
    }
    const p = Promise.race(attempts).then(
      (r) => {
        clearTimeout(timer);
        if (this.#pending === p) this.#pending = null;
        if (!r || typeof r !== 'object' || r.value === undefined || r.value === null || !(r.expiresAt === undefined || typeof r.expiresAt === 'number')) {
          throw this.#failed(typeError('ERR_INVALID_ARGUMENT', `${this.#what}: load() must resolve to { value, expiresAt?, issuedAt?, skew? }, got ${describe(r)}`));
        }
        const { refreshAt, end } = lifetimeOf({ started, expiresAt: r.expiresAt, issuedAt: r.issuedAt, skew: r.skew, fraction: this.#fraction });
        this.#entry = { value: r.value, refreshAt, usableUntil: end - this.#margin };
        this.#lastError = null;
        this.#retryAt = -Infinity;
        return r.value;
      },
      (e) => {
        clearTimeout(timer);
        if (this.#pending === p) this.#pending = null;
        throw this.#failed(e);
      },
    );
    this.#pending = p;
    return p;
  }

  #failed(e) {
    this.#lastError = e;
    this.#retryAt = this.#clock() + this.#retryInterval;
    if (this.#onError) {
      try {
        this.#onError(e);
      } catch {
        // a listener's own failure must not replace the refresh error
      }
    }
    return e;
  }
}
