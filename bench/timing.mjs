// Timing helper shared by bench/run.mjs and bench/profile.mjs.

/** Runs `fn` (sync) repeatedly, 16 calls at a time, for at least `ms`; returns ms per call. */
export function batchSync(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  let t;
  do {
    for (let i = 0; i < 16; i++) fn();
    n += 16;
    t = performance.now();
  } while (t - t0 < ms);
  return (t - t0) / n;
}
