import { describe, expect, it } from 'vitest';
import { uniform } from './random.js';
import { drawRepairMs, meanRepairMs } from './repair.js';
import type { RepairDistribution } from './types.js';

const H = 3_600_000;

function draws(d: RepairDistribution, n: number): number[] {
  return Array.from({ length: n }, (_, i) => drawRepairMs(d, uniform(9, i, 2, 0), uniform(9, i, 2, 1)));
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

describe('drawRepairMs', () => {
  it('returns a fixed time as it is', () => {
    expect(drawRepairMs({ shape: 'fixed', ms: 1234 }, 0.1, 0.9)).toBe(1234);
  });

  it('inverts the exponential: u = e^−1 gives the mean, and the draws have that mean', () => {
    const d: RepairDistribution = { shape: 'exponential', meanMs: 2 * H };
    expect(drawRepairMs(d, Math.exp(-1), 0.3)).toBeCloseTo(2 * H, 6);
    const v = draws(d, 40_000);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    // Standard error: mean/√n = 0.5 %.
    expect(Math.abs(mean / (2 * H) - 1)).toBeLessThan(0.025);
    expect(Math.abs(median(v) / (2 * H * Math.LN2) - 1)).toBeLessThan(0.03);
  });

  it('draws a lognormal with the given median and mean median·exp(σ²/2)', () => {
    const d: RepairDistribution = { shape: 'lognormal', medianMs: 2 * H, sigma: 1.2 };
    // cos(2π·¼) = 0: the median itself.
    expect(drawRepairMs(d, 0.3, 0.25)).toBeCloseTo(2 * H, 3);
    const v = draws(d, 40_000);
    expect(Math.abs(median(v) / (2 * H) - 1)).toBeLessThan(0.03);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean / meanRepairMs(d) - 1)).toBeLessThan(0.05);
    expect(Math.min(...v)).toBeGreaterThan(0);
  });
});

describe('meanRepairMs', () => {
  it('is the distribution mean (lognormal above its median)', () => {
    expect(meanRepairMs({ shape: 'fixed', ms: 5 })).toBe(5);
    expect(meanRepairMs({ shape: 'exponential', meanMs: 7 })).toBe(7);
    // 2 h · e^0.72 = 4.1089 h
    expect(meanRepairMs({ shape: 'lognormal', medianMs: 2 * H, sigma: 1.2 }) / H).toBeCloseTo(4.1089, 3);
  });
});
