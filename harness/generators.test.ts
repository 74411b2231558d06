import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULTS } from './faults/index.js';
import { scheduleArbitrary, vocabularyOf } from './generators.js';
import { RUNS, SEED, target } from './testing.js';

const t = target('xenserver-ha', 'bonded-mirrored-san');
const drifts = vocabularyOf(t.model);

describe('scheduleArbitrary', () => {
  it('draws sorted schedules of real targets, on whole seconds from 10 s, repairs after their fault', () => {
    const arb = scheduleArbitrary(t.compiled, drifts, { kinds: t.model.faults, maxFaults: 3 });
    fc.assert(
      fc.property(arb, (schedule) => {
        expect(schedule.length).toBeGreaterThanOrEqual(1);
        expect(schedule.length).toBeLessThanOrEqual(6);
        schedule.forEach((s, i) => {
          expect(FAULTS[s.fault].targets(t.compiled, drifts)).toContain(s.target);
          expect(s.at % 1000).toBe(0);
          expect(s.at).toBeGreaterThanOrEqual(10_000);
          if (i > 0) expect(s.at).toBeGreaterThanOrEqual(schedule[i - 1].at);
          if (FAULTS[s.fault].isRepair) {
            expect(schedule.slice(0, i).some((x) => FAULTS[x.fault].repairedBy === s.fault && x.target === s.target && x.at < s.at)).toBe(true);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('draws a different fault mix per run (swarm testing)', () => {
    const arb = scheduleArbitrary(t.compiled, drifts, { kinds: t.model.faults, maxFaults: 4 });
    const mixes = new Set(fc.sample(arb, { seed: SEED, numRuns: 200 }).map((s) => [...new Set(s.map((x) => x.fault))].sort().join()));
    expect(mixes.size).toBeGreaterThan(20);
  });

  it('never draws a kind outside the allowed list, nor a repair on its own', () => {
    const arb = scheduleArbitrary(t.compiled, drifts, { kinds: ['switch-down'], maxFaults: 2, repairs: false });
    for (const s of fc.sample(arb, { seed: SEED, numRuns: 100 })) expect(new Set(s.map((x) => x.fault))).toEqual(new Set(['switch-down']));
  });
});
