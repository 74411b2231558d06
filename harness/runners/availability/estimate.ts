// Yearly figures from weighted episodes: the regenerative ratio estimator. Operation is a sequence
// of independent cycles (an "all up" stretch of mean 1/Λ years, then an episode), so by the renewal
// reward theorem a yearly rate is E[reward per cycle] / E[cycle length]. Both expectations are
// estimated from the same episodes (each term weighted by its likelihood ratio), and the ratio's 95 %
// interval comes from the delta method with the covariance of numerator and denominator.
import type { Estimate } from './types.js';

/** Minutes in a year of 365.25 days (types.ts YEAR_MS). */
export const MINUTES_PER_YEAR = 525_960;

/** Nines reported for an availability of 1 (or within 1e−12 of it): "at least 12". */
export const MAX_NINES = 12;

const Z95 = 1.959963984540054;

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/**
 * Units of x per year. x_e: the episode's reward already times its likelihood ratio; d_e: its
 * likelihood ratio times its duration in years; Λ: episodes per year of "all up" time. With fewer
 * than two episodes the interval is (−∞, ∞); when every term is equal it is the point itself (zero
 * sample variance: e.g. no episode had any downtime — "not seen", not "impossible").
 */
export function perYear(x: readonly number[], d: readonly number[], totalPerYear: number): Estimate {
  if (x.length !== d.length) throw new Error(`perYear: ${x.length} rewards but ${d.length} durations`);
  const n = x.length;
  if (n === 0) return { mean: 0, low: -Infinity, high: Infinity };
  const mx = mean(x);
  const cycle = 1 / totalPerYear + mean(d);
  const ratio = mx / cycle;
  if (n < 2) return { mean: ratio, low: -Infinity, high: Infinity };
  let vx = 0;
  let vd = 0;
  let cxd = 0;
  const md = mean(d);
  for (let i = 0; i < n; i++) {
    vx += (x[i] - mx) ** 2;
    vd += (d[i] - md) ** 2;
    cxd += (x[i] - mx) * (d[i] - md);
  }
  // Var(x − R·d) / (n·cycle²): the linearised ratio's variance, sample moments over n − 1.
  const residual = Math.max(0, (vx - 2 * ratio * cxd + ratio * ratio * vd) / (n - 1));
  const half = (Z95 * Math.sqrt(residual / n)) / cycle;
  return { mean: ratio, low: ratio - half, high: ratio + half };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Availability (0..1) from minutes down per year; more downtime is the lower bound. */
export function availabilityOf(downMinPerYear: Estimate): Estimate {
  const a = (m: number) => clamp01(1 - m / MINUTES_PER_YEAR);
  return { mean: a(downMinPerYear.mean), low: a(downMinPerYear.high), high: a(downMinPerYear.low) };
}

/** −log10(1 − A), capped at MAX_NINES (an availability of exactly 1 has infinitely many). */
export function ninesOf(availability: Estimate): Estimate {
  const nines = (a: number) => Math.min(MAX_NINES, Math.max(0, -Math.log10(1 - a)));
  return { mean: nines(availability.mean), low: nines(availability.low), high: nines(availability.high) };
}

/** −ln 0.05: no event in n independent episodes bounds its probability by 3.0/n at 95 % (rule of three). */
const RULE_OF_THREE = -Math.log(0.05);

/**
 * A per-year rate never seen in n episodes: 0, with a one-sided 95 % upper bound. Under the biased
 * measure the event's chance per episode is at most 3.0/n; its true chance at most that times the
 * largest likelihood ratio an episode can carry (history.ts `likelihoodRatioBound`); per year, over
 * the mean cycle (years).
 */
export function neverSeen(n: number, lrBound: number, cycleYears: number): Estimate {
  if (n === 0) return { mean: 0, low: 0, high: Infinity };
  return { mean: 0, low: 0, high: ((RULE_OF_THREE / n) * lrBound) / cycleYears };
}
