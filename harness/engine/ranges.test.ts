// Every duration and number setting has the range its product documents (or a marked modelling
// choice): defaults and drifts stay inside it, anything outside it is one line of bad input naming
// the key, the value, the range and its source, and runs stay finite anywhere inside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultsFor, parseValue, resolveConfig } from './config.js';
import { scheduleArbitrary, vocabularyOf } from './generators.js';
import type { Config, ConfigValue, Model, NumericKey } from './model.js';
import { MODELS, findModel } from '../../models/registry.js';
import { Simulation } from './simulator.js';
import { presetTarget } from './target.js';
import { SEED } from '../runners/testing.js';

const numeric = (m: Model) => m.keys.filter((k): k is NumericKey => k.type === 'ms' || k.type === 'number');

/** The settings a model starts from: each preset's, and each value of each enum key on top of the defaults. */
function startingPoints(m: Model): Config[] {
  const enums = m.keys.flatMap((k) => (k.type === 'enum' ? k.values!.map((v) => ({ [k.key]: v })) : []));
  return [
    ...m.presets.map((p) => resolveConfig(m, p.config ?? {})),
    ...enums.map((e) => ({ ...defaultsFor(m, e), ...e })),
  ];
}

describe('every duration and number setting has a range', () => {
  for (const m of MODELS) {
    it(`${m.name}: bounds are whole, ordered and sourced; defaults, presets and drifts stay inside them`, () => {
      expect(numeric(m).length).toBeGreaterThan(0);
      for (const k of numeric(m)) {
        expect(Number.isSafeInteger(k.min) && Number.isSafeInteger(k.max), k.key).toBe(true);
        expect(k.min, k.key).toBeGreaterThanOrEqual(0);
        expect(k.min, k.key).toBeLessThan(k.max);
        expect(k.rangeSource.length, k.key).toBeGreaterThan(10);
      }
      const configs = startingPoints(m);
      for (const c of [...configs, ...m.drifts.flatMap((d) => configs.map((x) => d.apply(x, defaultsFor(m, x))))]) {
        for (const k of numeric(m)) {
          const v = c[k.key];
          expect(typeof v === 'number' && Number.isSafeInteger(v) && v >= k.min && v <= k.max, `${k.key}=${v}`).toBe(
            true,
          );
        }
      }
    });

    it(`${m.name}: the bounds are accepted, a step outside and malformed values are not`, () => {
      for (const k of numeric(m)) {
        const unit = k.type === 'ms' ? 'ms' : '';
        for (const ok of [k.min, k.max]) {
          expect(parseValue(k, ok)).toEqual({ ok: true, value: ok });
          expect(parseValue(k, `${ok}${unit}`)).toEqual({ ok: true, value: ok });
        }
        const bad = [k.min - 1, k.max + 1, 1e300, Number.NaN, Number.POSITIVE_INFINITY, -1, 0.5];
        const badText = [
          `${k.max + 1}${unit}`,
          '1e300',
          'NaN',
          'Infinity',
          '-Infinity',
          '-1',
          '',
          ' ',
          '0x10',
          '1.5',
          `${k.min}.5${unit}`,
        ];
        for (const v of [...bad, ...badText]) {
          const r = parseValue(k, v);
          expect(
            !r.ok &&
              r.problem.startsWith(`${k.key}: expected a `) &&
              r.problem.includes(`(${k.rangeSource}), found \``),
            `${k.key}=${String(v)}: ${JSON.stringify(r)}`,
          ).toBe(true);
        }
      }
    });
  }

  it('the message names the key, the value, the range and where the range comes from', () => {
    const keepalived = findModel('keepalived')!;
    expect(() =>
      resolveConfig(keepalived, { priority1: '1e300', advertIntMs: '1.5ms', preemptDelayMs: '-5s' }),
    ).toThrow(ConfigError);
    try {
      resolveConfig(keepalived, { priority1: '1e300', advertIntMs: '1.5ms', preemptDelayMs: '2000s' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'priority1: expected a whole number from 1 to 254 (keepalived.conf(5): 1–255, where 255 means the address owner, which is not modelled; RFC 3768 §5.3.4: 1–254 for backup routers), found `1e300`',
        'advertIntMs: expected a duration in whole milliseconds from 10 ms to 255 s (keepalived vrrp_parser.c: advert_int 0.01–255 s; RFC 3768: whole seconds in VRRPv2, RFC 5798: centiseconds in v3), found `1.5ms`',
        'preemptDelayMs: expected a duration in whole milliseconds from 0 ms to 1000 s (keepalived.conf(5) preempt_delay: 0 to 1000 s), found `2000s`',
      ]);
    }
    expect(
      parseValue(
        findModel('xenserver-ha')!.keys.find((k) => k.key === 'timeoutMs')!,
        '9999',
      ),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(
        /^timeoutMs: expected a duration in whole milliseconds from 10 s to 1 h \(DOMAIN\.md XenServer: minimum 10 s; .*modelling choice.*\), found `9999` \(read as 9999 ms\)$/,
      ),
    });
  });
});

/** Settings with every duration and number at one end of its range or the other (enums and booleans drawn too). */
function extremes(m: Model, runs: number): Record<string, ConfigValue>[] {
  const pick = m.keys.map((k) =>
    k.type === 'ms' || k.type === 'number'
      ? fc.constantFrom<ConfigValue>(k.min, k.max)
      : k.type === 'enum'
        ? fc.constantFrom<ConfigValue>(...k.values!)
        : k.type === 'boolean'
          ? fc.boolean()
          : fc.constant<ConfigValue>(''),
  );
  const all = (end: 'min' | 'max') => Object.fromEntries(numeric(m).map((k) => [k.key, k[end]]));
  const drawn = fc
    .sample(fc.tuple(...pick), { seed: SEED, numRuns: runs })
    .map((values) => Object.fromEntries(m.keys.flatMap((k, i) => (k.type === 'string' ? [] : [[k.key, values[i]]]))));
  return [all('min'), all('max'), ...drawn];
}

/**
 * A drawn combination the product itself refuses (e.g. pacemaker's last_man_standing beside a
 * quorum device) is not a run: null. A refusal naming a range is a bug and is thrown on.
 */
function combinationOrNull<T>(build: () => T): T | null {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError && error.problems.every((p) => !p.includes(': expected a '))) return null;
    throw error;
  }
}

describe('runs stay finite anywhere inside the ranges', () => {
  for (const m of MODELS.filter((x) => x.name !== 'keepalived')) {
    it(`${m.name}: every preset at the ends of every range, on drawn schedules`, () => {
      for (const preset of m.presets) {
        let ran = 0;
        for (const settings of extremes(m, 4)) {
          const t = presetTarget(m, preset, { ...(preset.config ?? {}), ...settings });
          const sim = combinationOrNull(() => new Simulation(t.model, t.compiled, t.config));
          if (sim === null) continue;
          ran++;
          const schedules = fc.sample(
            scheduleArbitrary(t.compiled, vocabularyOf(m), { kinds: t.faults, maxFaults: 3 }),
            { seed: SEED, numRuns: 2 },
          );
          for (const s of schedules)
            expect(sim.run(s).events, `${preset.name} ${JSON.stringify(settings)}`).toBeLessThan(1_000_000);
        }
        expect(ran, `${preset.name}: no drawn setting was a combination the product accepts`).toBeGreaterThan(1);
      }
    });
  }

  it('keepalived, the busiest: adverts every 10 ms and a 1000 s preempt delay, two MASTERs for the longest run a schedule can make', () => {
    const keepalived = findModel('keepalived')!;
    const t = presetTarget(keepalived, keepalived.presets[0], {
      advertIntMs: '10ms',
      preemptDelayMs: '1000s',
      priority1: 254,
      priority2: 1,
    });
    // Faults fall within 10 s + 300 s and repairs up to 300 s later (harness/engine/generators.ts): the last at 610 s.
    const run = new Simulation(t.model, t.compiled, t.config).run([
      { at: 10_000, fault: 'partition', target: 'r1|r2' },
      { at: 610_000, fault: 'nic-down', target: 'r2.eth0' },
    ]);
    expect(run.meta.endMs).toBeGreaterThan(2_600_000);
    // Adverts are edge-triggered since keepalived 2.0.0: 43 minutes of two MASTERs advertising every
    // 10 ms cost a handful of events (packet by packet they were about 800 000).
    expect(run.events).toBeGreaterThan(5);
    expect(run.events).toBeLessThan(100);
  });
});
