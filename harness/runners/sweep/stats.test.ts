// The interval and quantiles that every sweep row rests on, against values published or checked by hand.
import { describe, expect, it } from 'vitest';
import { addSample, mergeHistogram, summarize, type Histogram } from './histogram.js';
import { wilson } from './wilson.js';

describe('wilson', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  const published: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, low, high] of published) {
    it(`${k} of ${n}: ${low}–${high}`, () => {
      const i = wilson(k, n);
      expect(i.low).toBeCloseTo(low, 4);
      expect(i.high).toBeCloseTo(high, 4);
    });
  }
  it('0 of n is not a proof: the upper bound is about 3.84 / (n + 3.84)', () => {
    expect(wilson(0, 200).high).toBeCloseTo(3.8415 / 203.8415, 4);
    expect(wilson(200, 200)).toEqual({ low: expect.closeTo(1 - 3.8415 / 203.8415, 4), high: 1 });
  });
  it('no trials: anything is possible', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('histogram', () => {
  const of = (...xs: number[]): Histogram => {
    const h: Histogram = new Map();
    for (const x of xs) addSample(h, x);
    return h;
  };
  it('nearest-rank p50, p95, max and the mean', () => {
    const h = of(...Array.from({ length: 100 }, (_, i) => (i + 1) * 10));
    expect(summarize(h)).toEqual({ samples: 100, mean: 505, p50: 500, p95: 950, max: 1000 });
    expect(summarize(of(7))).toEqual({ samples: 1, mean: 7, p50: 7, p95: 7, max: 7 });
    expect(summarize(new Map())).toBeNull();
  });
  it('merging in any order gives the same summary', () => {
    const a = of(1, 5, 5, 9);
    const b = of(5, 2, 100);
    const ab = new Map(a);
    mergeHistogram(ab, b);
    const ba = new Map(b);
    mergeHistogram(ba, a);
    expect(summarize(ab)).toEqual(summarize(ba));
    expect(summarize(ab)).toEqual(summarize(of(1, 5, 5, 9, 5, 2, 100)));
  });
});
