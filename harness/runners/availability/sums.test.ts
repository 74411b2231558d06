import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perYear } from './estimate.js';
import { difference, perYearFromSums, type Sums } from './sums.js';

function sums(x: readonly number[], d: readonly number[]): Sums {
  let s = { n: x.length, x: 0, xx: 0, xd: 0, d: 0, dd: 0 };
  x.forEach((v, i) => {
    s = { ...s, x: s.x + v, xx: s.xx + v * v, xd: s.xd + v * d[i], d: s.d + d[i], dd: s.dd + d[i] * d[i] };
  });
  return s;
}

const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('perYearFromSums', () => {
  it('equals perYear on the same episodes', () => {
    const episode = fc.record({
      x: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })),
      d: fc.double({ min: 0, max: 0.01, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(episode, { maxLength: 40 }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (es, lambda) => {
          const x = es.map((e) => e.x);
          const d = es.map((e) => e.d);
          const a = perYear(x, d, lambda);
          const b = perYearFromSums(sums(x, d), lambda);
          expect(close(a.mean, b.mean), `${a.mean} vs ${b.mean}`).toBe(true);
          expect(close(a.low, b.low), `${a.low} vs ${b.low}`).toBe(true);
          expect(close(a.high, b.high), `${a.high} vs ${b.high}`).toBe(true);
        },
      ),
      { seed: 1 },
    );
  });

  it('gives the paired difference from both quantities and their cross sum', () => {
    const xs = [3, 0, 0, 7, 1];
    const xt = [1, 0, 2, 2, 0];
    const d = [0.001, 0.002, 0, 0.004, 0.001];
    const s = sums(xs, d);
    const t = sums(xt, d);
    const cross = xs.reduce((a, v, i) => a + v * xt[i], 0);
    const diff = difference(t, s, cross);
    const direct = perYear(
      xt.map((v, i) => v - xs[i]),
      d,
      2,
    );
    const fromSums = perYearFromSums({ ...s, ...diff }, 2);
    expect(fromSums.mean).toBeCloseTo(direct.mean, 12);
    expect(fromSums.low).toBeCloseTo(direct.low, 12);
    expect(fromSums.high).toBeCloseTo(direct.high, 12);
  });
});
