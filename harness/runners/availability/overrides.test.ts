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
    expect(t.kinds.switch).toEqual({ ...DEFAULT_RATES.kinds.switch, perYear: 0.5 });
    expect(t.kinds.host).toBe(DEFAULT_RATES.kinds.host);
    expect(t.components.sw1).toEqual({ perYear: 2 });
    expect(DEFAULT_RATES.kinds.switch.perYear).toBe(0.05);
    expect(DEFAULT_RATES.components.sw1).toBeUndefined();
  });

  it('replaces the common-cause factor, keeps its kinds, and turns it off at 0', () => {
    const withCause = { ...DEFAULT_RATES, commonCause: { beta: 0.1, kinds: ['switch' as const] } };
    expect(withOverrides(withCause, [], 0.3).commonCause).toEqual({ beta: 0.3, kinds: ['switch'] });
    expect(withOverrides(withCause, [], 0).commonCause).toBeNull();
    expect(withOverrides(withCause, [], null).commonCause).toBe(withCause.commonCause);
    expect(withOverrides(DEFAULT_RATES, [], 0.2).commonCause).toEqual({ beta: 0.2 });
  });
});
