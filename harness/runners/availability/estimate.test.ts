import { describe, expect, it } from 'vitest';
import { availabilityOf, MAX_NINES, ninesOf, perYear } from './estimate.js';

describe('perYear', () => {
  it('is mean(x) / (1/Λ + mean(d)) with a delta-method interval', () => {
    // x = 1, 3 (sample variance 2), no duration, Λ = 1/yr: 2 per year ± 1.96·√(2/2).
    const e = perYear([1, 3], [0, 0], 1);
    expect(e.mean).toBeCloseTo(2, 12);
    expect(e.low).toBeCloseTo(2 - 1.96, 2);
    expect(e.high).toBeCloseTo(2 + 1.96, 2);
    // Λ = 2/yr: cycles of ½ year, twice the rate.
    expect(perYear([1, 3], [0, 0], 2).mean).toBeCloseTo(4, 12);
  });

  it('counts episode durations in the cycle and their covariance with x', () => {
    // x exactly proportional to d: the ratio does not vary (R = 3 / (1 + 2) = 1).
    const e = perYear([2, 4], [1, 3], 1);
    expect(e.mean).toBeCloseTo(1, 12);
    expect(e.high - e.low).toBeCloseTo(0, 12);
    // Without the covariance term the interval would be wide; anti-correlated d widens it.
    const anti = perYear([2, 4], [3, 1], 1);
    expect(anti.high - anti.low).toBeGreaterThan(1);
  });

  it('says when it cannot give an interval', () => {
    expect(perYear([5], [0], 1)).toEqual({ mean: 5, low: -Infinity, high: Infinity });
    expect(perYear([], [], 1)).toEqual({ mean: 0, low: -Infinity, high: Infinity });
    expect(perYear([0, 0, 0], [0, 0, 0], 1)).toEqual({ mean: 0, low: 0, high: 0 });
    expect(() => perYear([1], [], 1)).toThrow(/1 rewards but 0 durations/);
  });
});

describe('availabilityOf and ninesOf', () => {
  it('turn minutes down per year into availability (interval flipped) and nines', () => {
    const a = availabilityOf({ mean: 52.596, low: 5.2596, high: 525.96 });
    expect(a.mean).toBeCloseTo(0.9999, 12);
    expect(a.low).toBeCloseTo(0.999, 12);
    expect(a.high).toBeCloseTo(0.99999, 12);
    const n = ninesOf(a);
    expect(n.mean).toBeCloseTo(4, 9);
    expect(n.low).toBeCloseTo(3, 9);
    expect(n.high).toBeCloseTo(5, 9);
  });

  it('clamps: no downtime is at most MAX_NINES nines, more than a year of it is availability 0', () => {
    expect(ninesOf(availabilityOf({ mean: 0, low: 0, high: 0 }))).toEqual({
      mean: MAX_NINES,
      low: MAX_NINES,
      high: MAX_NINES,
    });
    const a = availabilityOf({ mean: 10, low: -Infinity, high: Infinity });
    expect(a.low).toBe(0);
    expect(a.high).toBe(1);
    expect(ninesOf(a).low).toBe(0);
  });
});
