// Typed settings: a key table declared `as const` gives its model a typed settings object, and a
// derived default that reads a setting the table lacks, or reads it with the wrong type, does not
// compile. These are compile-time checks: `npm test` runs `tsc --noEmit` first, and an
// `@ts-expect-error` that no longer finds its error fails it.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultsFor } from './config.js';
import type { Config, ConfigKey, ConfigOf, Model } from './model.js';

type Profile = 'a' | 'b';

const keys = [
  { key: 'profile', type: 'enum', values: ['a', 'b'], default: 'a', describe: '', source: 'test' },
  {
    key: 'timeoutMs',
    type: 'ms',
    default: (c: { readonly profile: Profile }) => (c.profile === 'a' ? 30_000 : 60_000),
    describe: '',
    source: 'test',
    min: 0,
    max: 600_000,
    rangeSource: 'test',
  },
  {
    key: 'waitMs',
    type: 'ms',
    default: (c: { readonly timeoutMs: number }) => c.timeoutMs / 2,
    describe: '',
    source: 'test',
    min: 0,
    max: 600_000,
    rangeSource: 'test',
  },
  { key: 'tries', type: 'number', default: 3, describe: '', source: 'test', min: 0, max: 9, rangeSource: 'test' },
  { key: 'preempt', type: 'boolean', default: true, describe: '', source: 'test' },
  { key: 'targets', type: 'string', default: 'gw', describe: '', source: 'test' },
] as const satisfies readonly ConfigKey[];

type Settings = ConfigOf<typeof keys>;

/** A model over a key table (only the settings types matter here). */
function modelOf<S extends Config>(k: Model<S>['keys']): Model<S> {
  return {
    name: 'toy',
    version: '0',
    summary: '',
    keys: k,
    presets: [],
    faults: [],
    drifts: [],
    properties: [],
    instantiate: () => {
      throw new Error('never run');
    },
  };
}

describe('ConfigOf', () => {
  it("types each key by its type: numbers, the enum's values, booleans, text", () => {
    expectTypeOf<Settings>().toEqualTypeOf<{
      readonly profile: Profile;
      readonly timeoutMs: number;
      readonly waitMs: number;
      readonly tries: number;
      readonly preempt: boolean;
      readonly targets: string;
    }>();
  });

  it('derived defaults see the settings resolved before them', () => {
    const model: Model<Settings> = modelOf<Settings>(keys);
    expect(defaultsFor(model, { profile: 'b' })).toEqual({
      profile: 'a',
      timeoutMs: 60_000,
      waitMs: 30_000,
      tries: 3,
      preempt: true,
      targets: 'gw',
    });
  });

  it('a derived default must read settings the table has, with their types', () => {
    const missing = [
      {
        key: 'timeoutMs',
        type: 'ms',
        default: (c: { readonly profile: Profile }) => (c.profile === 'a' ? 1 : 2),
        describe: '',
        source: 'test',
        min: 0,
        max: 9,
        rangeSource: 'test',
      },
    ] as const satisfies readonly ConfigKey[];
    const wrongType = [
      { key: 'profile', type: 'enum', values: ['a', 'b'], default: 'a', describe: '', source: 'test' },
      {
        key: 'timeoutMs',
        type: 'ms',
        default: (c: { readonly profile: number }) => c.profile,
        describe: '',
        source: 'test',
        min: 0,
        max: 9,
        rangeSource: 'test',
      },
    ] as const satisfies readonly ConfigKey[];
    // @ts-expect-error the table has no `profile` for the default to read
    expect(modelOf<ConfigOf<typeof missing>>(missing).keys).toHaveLength(1);
    // @ts-expect-error `profile` is 'a' | 'b', not a number
    expect(modelOf<ConfigOf<typeof wrongType>>(wrongType).keys).toHaveLength(2);
  });
});
