import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULTS } from './faults/index.js';
import { scheduleArbitrary, vocabularyOf } from './generators.js';
import { RUNS, SEED, target } from '../runners/testing.js';

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
            expect(
              schedule
                .slice(0, i)
                .some((x) => FAULTS[x.fault].repairedBy === s.fault && x.target === s.target && x.at < s.at),
            ).toBe(true);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('draws a different fault mix per run (swarm testing)', () => {
    const arb = scheduleArbitrary(t.compiled, drifts, { kinds: t.model.faults, maxFaults: 4 });
    const mixes = new Set(
      fc.sample(arb, { seed: SEED, numRuns: 200 }).map((s) => [...new Set(s.map((x) => x.fault))].sort().join()),
    );
    expect(mixes.size).toBeGreaterThan(20);
  });

  it('never draws a kind outside the allowed list, nor a repair on its own', () => {
    const arb = scheduleArbitrary(t.compiled, drifts, { kinds: ['switch-down'], maxFaults: 2, repairs: false });
    for (const s of fc.sample(arb, { seed: SEED, numRuns: 100 }))
      expect(new Set(s.map((x) => x.fault))).toEqual(new Set(['switch-down']));
  });

  describe("a written procedure (a model's operator steps)", () => {
    const d = target('neverfail-deployment', 'deploy-virtual-secondary');
    const vocabulary = vocabularyOf(d.model);
    const written = vocabulary.operatorSteps;
    const arb = scheduleArbitrary(d.compiled, vocabulary, { kinds: ['operator-step'], maxFaults: 1 });

    it('is drawn as one run of it: each step at most once, a second or more apart, near the written order', () => {
      fc.assert(
        fc.property(arb, (schedule) => {
          const steps = schedule.map((s) => s.target);
          expect(new Set(steps).size).toBe(steps.length);
          schedule.forEach((s, i) => {
            expect(s.fault).toBe('operator-step');
            if (i > 0) expect(s.at - schedule[i - 1].at).toBeGreaterThanOrEqual(1000);
          });
          // At most three adjacent swaps: no step is more than three places from its written position.
          steps.forEach((name, i) => expect(Math.abs(written.indexOf(name) - i)).toBeLessThanOrEqual(3 + 2));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('shrinks to the shortest prefix of the procedure as written, one step a second from 10 s', () => {
      const details = fc.check(
        fc.property(arb, (schedule) => !schedule.some((s) => s.target === written[3])),
        { seed: SEED, numRuns: RUNS },
      );
      expect(details.failed).toBe(true);
      expect(details.counterexample![0].map((s) => [s.at, s.target])).toEqual(
        written.slice(0, 4).map((name, i) => [10_000 + i * 1000, name]),
      );
    });

    it('draws deviations too: some runs take steps out of the written order', () => {
      const runs = fc.sample(arb, { seed: SEED, numRuns: 200 }).map((s) => s.map((x) => written.indexOf(x.target)));
      expect(runs.some((r) => r.some((w, i) => i > 0 && w < r[i - 1]))).toBe(true);
      expect(runs.some((r) => r.length >= 5 && r.every((w, i) => w === i))).toBe(true);
    });

    it('goes beside the drawn faults, which may then be none', () => {
      const mixed = scheduleArbitrary(d.compiled, vocabulary, { kinds: ['operator-step', 'nic-down'], maxFaults: 2 });
      const kinds = fc.sample(mixed, { seed: SEED, numRuns: 200 }).map((s) => new Set(s.map((x) => x.fault)));
      expect(kinds.some((k) => k.has('operator-step') && k.has('nic-down'))).toBe(true);
      expect(kinds.some((k) => k.size === 1 && k.has('operator-step'))).toBe(true);
    });
  });
});
