// The ratio estimator (estimate.ts `perYear`) from sums instead of per-episode arrays: a run keeps
// Σx, Σx², Σx·d, Σd, Σd² per quantity (tally.ts), which slices can add up, rather than every
// episode's values at every setting. Same point estimate and delta-method interval as `perYear` on
// the same episodes (sums.test.ts), up to rounding.
import type { Estimate } from './types.js';
import type { Moments } from './tally.js';

const Z95 = 1.959963984540054;

/** The sums of a quantity x and of the cycle term d over n episodes. */
export interface Sums {
  readonly n: number;
  readonly x: number;
  readonly xx: number;
  readonly xd: number;
  readonly d: number;
  readonly dd: number;
}

/** Units of x per year: Σx / n over the mean cycle (1/Λ + Σd / n), with its 95 % interval. */
export function perYearFromSums(s: Sums, totalPerYear: number): Estimate {
  const { n } = s;
  if (n === 0) return { mean: 0, low: -Infinity, high: Infinity };
  const mx = s.x / n;
  const md = s.d / n;
  const cycle = 1 / totalPerYear + md;
  const ratio = mx / cycle;
  if (n < 2) return { mean: ratio, low: -Infinity, high: Infinity };
  // Σ(x − x̄)², Σ(d − d̄)², Σ(x − x̄)(d − d̄) from the raw sums.
  const vx = Math.max(0, s.xx - n * mx * mx);
  const vd = Math.max(0, s.dd - n * md * md);
  const cxd = s.xd - n * mx * md;
  const residual = Math.max(0, (vx - 2 * ratio * cxd + ratio * ratio * vd) / (n - 1));
  const half = (Z95 * Math.sqrt(residual / n)) / cycle;
  return { mean: ratio, low: ratio - half, high: ratio + half };
}

/** A quantity's moments with the run's cycle sums. */
export function sumsOf(m: Moments, n: number, d: number, dd: number): Sums {
  return { n, x: m.x, xx: m.xx, xd: m.xd, d, dd };
}

/** The moments of x_t − x_s, given both and Σ x_s·x_t. */
export function difference(t: Moments, s: Moments, cross: number): Moments {
  return { x: t.x - s.x, xx: t.xx - 2 * cross + s.xx, xd: t.xd - s.xd };
}
