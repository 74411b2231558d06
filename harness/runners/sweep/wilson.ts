// The 95% Wilson score interval of a proportion: honest at 0 of n and n of n, where the textbook
// normal interval collapses to a point and would call "0 violations in 200 runs" a proof.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval (no continuity correction) for `k` successes in `n` trials. */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  return { low: k === 0 ? 0 : (centre - spread) / scale, high: k === n ? 1 : (centre + spread) / scale };
}
