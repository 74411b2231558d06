// Determinism is itself a property: the same schedule on the same topology and settings gives a
// byte-identical trace, on a fresh simulator or one that has run other schedules before, for every
// preset of every model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import { MODELS } from '../models/registry.js';
import { Simulation } from '../harness/engine/simulator.js';
import { presetTarget } from '../harness/engine/target.js';
import { SEED } from '../harness/runners/testing.js';

describe('determinism', () => {
  for (const model of MODELS) {
    for (const preset of model.presets) {
      it(`${model.name}/${preset.name}: same schedule, same trace bytes`, () => {
        const t = presetTarget(model, preset);
        const arb = scheduleArbitrary(t.compiled, vocabularyOf(model), { kinds: t.faults, maxFaults: 3 });
        const schedules = fc.sample(arb, { seed: SEED, numRuns: 25 });
        const reused = new Simulation(model, t.compiled, t.config);
        const first = schedules.map((s) => JSON.stringify(reused.run(s, { level: 'full' }).entries));
        schedules.forEach((s, i) => {
          const fresh = new Simulation(model, t.compiled, t.config).run(s, { level: 'full' });
          expect(JSON.stringify(fresh.entries)).toBe(first[i]);
        });
        // Replaying in reverse order on the reused simulator: no state leaks between runs.
        for (let i = schedules.length - 1; i >= 0; i--)
          expect(JSON.stringify(reused.run(schedules[i], { level: 'full' }).entries)).toBe(first[i]);
      });
    }
  }
});
