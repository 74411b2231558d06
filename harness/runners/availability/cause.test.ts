import { describe, expect, it } from 'vitest';
import { causeOf, chargeDowntime } from './cause.js';

describe('causeOf', () => {
  it('charges the most serious thing that happened', () => {
    expect(causeOf([])).toBe('failure');
    expect(causeOf(['servicesSurvive', 'serviceRestoredWithin'])).toBe('failure');
    expect(causeOf(['noUnnecessaryFence'])).toBe('needless-fence');
    expect(causeOf(['noPoolWideFence'])).toBe('needless-fence');
    expect(causeOf(['noUnnecessaryFailover'])).toBe('needless-fence');
    expect(causeOf(['noUnnecessaryFence', 'noFenceLoop'])).toBe('fence-loop');
    expect(causeOf(['noFenceLoop', 'noDualActive', 'noPoolWideFence'])).toBe('split-brain');
    expect(causeOf(['noAckedWriteLost'])).toBe('split-brain');
  });
});

describe('chargeDowntime', () => {
  it('puts the whole downtime on one cause, less the capacity share', () => {
    expect(chargeDowntime(1000, ['noPoolWideFence'], 0)).toEqual({
      failure: 0,
      'needless-fence': 1000,
      'fence-loop': 0,
      'split-brain': 0,
      capacity: 0,
    });
    expect(chargeDowntime(1000, [], 300)).toEqual({
      failure: 700,
      'needless-fence': 0,
      'fence-loop': 0,
      'split-brain': 0,
      capacity: 300,
    });
  });

  it('bounds the capacity share by the downtime, so the parts still sum to it', () => {
    const split = chargeDowntime(500, ['noFenceLoop'], 2000);
    expect(split.capacity).toBe(500);
    expect(split['fence-loop']).toBe(0);
    expect(Object.values(split).reduce((a, b) => a + b, 0)).toBe(500);
  });
});
