import { describe, expect, it } from 'vitest';
import { withOverrides } from './overrides.js';
import { DEFAULT_RATES } from './rates.js';

describe('withOverrides', () => {
  it('sets a kind’s rate or one component’s, keeping everything else', () => {
    const t = withOverrides(
      DEFAULT_RATES,
      [
        { target: 'switch', perYear: 0.5 },
        { target: 'sw1', perYear: 2 },
      ],
      null,
    );
    expect(t.kinds.switch).toEqual({
      ...DEFAULT_RATES.kinds.switch,
      perYear: 0.5,
      source: '--rate switch=0.5 (no source given)',
    });
    expect(t.kinds.host).toBe(DEFAULT_RATES.kinds.host);
    expect(t.components.sw1).toEqual({ perYear: 2, source: '--rate sw1=2 (no source given)' });
    expect(DEFAULT_RATES.kinds.switch.perYear).toBe(0.05);
    expect(DEFAULT_RATES.components.sw1).toBeUndefined();
  });

  it('a figure set on the command line no longer carries the table’s source or its verification', () => {
    // storage-power-cycle's built-in 0.046 is published (Jiang et al.); 0.2 is not.
    expect(DEFAULT_RATES.kinds['storage-power-cycle'].unverified).toBeUndefined();
    expect(DEFAULT_RATES.kinds.psu.unverified).toBe(true);
    const t = withOverrides(
      DEFAULT_RATES,
      [
        { target: 'storage-power-cycle', perYear: 0.2 },
        { target: 'psu', perYear: 0.01 },
      ],
      null,
    );
    expect(t.kinds['storage-power-cycle'].source).toBe('--rate storage-power-cycle=0.2 (no source given)');
    expect(t.kinds['storage-power-cycle'].source).not.toMatch(/Jiang/);
    expect(t.kinds.psu.unverified).toBeUndefined();
    expect(t.kinds.psu.repair).toBe(DEFAULT_RATES.kinds.psu.repair);
  });

  it('replaces the common-cause factor, keeps its kinds, and turns it off at 0', () => {
    const withCause = { ...DEFAULT_RATES, commonCause: { beta: 0.1, kinds: ['switch' as const] } };
    expect(withOverrides(withCause, [], 0.3).commonCause).toEqual({ beta: 0.3, kinds: ['switch'] });
    expect(withOverrides(withCause, [], 0).commonCause).toBeNull();
    expect(withOverrides(withCause, [], null).commonCause).toBe(withCause.commonCause);
    expect(withOverrides(DEFAULT_RATES, [], 0.2).commonCause).toEqual({ beta: 0.2 });
  });
});
