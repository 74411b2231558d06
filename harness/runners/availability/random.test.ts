import { describe, expect, it } from 'vitest';
import { uniform } from './random.js';

describe('uniform', () => {
  it('is a function of (seed, index, stream, k) alone', () => {
    expect(uniform(7, 3, 2, 5)).toBe(uniform(7, 3, 2, 5));
    const others = [uniform(8, 3, 2, 5), uniform(7, 4, 2, 5), uniform(7, 3, 1, 5), uniform(7, 3, 2, 6)];
    for (const u of others) expect(u).not.toBe(uniform(7, 3, 2, 5));
  });

  it('stays strictly inside (0, 1) with the moments of a uniform', () => {
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    let below32 = 0;
    for (let i = 0; i < n; i++) {
      const u = uniform(1, i, 3, 0);
      sum += u;
      sq += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      // More than 32 bits: not every value is a multiple of 2^−32 (a lognormal's tail needs them).
      if (!Number.isInteger(u * 2 ** 32)) below32++;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    // Mean 1/2 and variance 1/12, each within ~5 standard errors.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
    expect(below32).toBeGreaterThan(n * 0.99);
  });

  it('is not correlated between consecutive indices', () => {
    const n = 50_000;
    let cov = 0;
    for (let i = 0; i < n; i++) cov += (uniform(2, i, 1, 0) - 0.5) * (uniform(2, i + 1, 1, 0) - 0.5);
    // Standard error of the mean product: 1/12/√n ≈ 3.7e−4.
    expect(Math.abs(cov / n)).toBeLessThan(0.002);
  });
});
