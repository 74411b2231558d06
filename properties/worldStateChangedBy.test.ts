// `WorldState.changedBy` must name every entry that `apply` changes the state for: explore's
// monitors share one world between branches and copy it only before an entry changedBy names
// (harness/runners/explore/history.ts), so an entry apply changes but changedBy misses would change
// a world other branches still read, and explore would merge states wrongly without any error.
// Checked on the entries of random runs of every preset: whenever changedBy says no, apply leaves
// every field of the world as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import { Simulation } from '../harness/engine/simulator.js';
import { presetTarget } from '../harness/engine/target.js';
import { MODELS } from '../models/registry.js';
import { WorldState } from './worldState.js';

const SEED = Number(process.env.HAFAULT_SEED ?? 23);
const SCHEDULES = Number(process.env.HAFAULT_RUNS ?? 40);

/** Every field of the world but its trace, Maps and Sets as entry lists, in a comparable text. */
function fields(world: WorldState): string {
  const plain = (v: unknown): unknown =>
    v instanceof Map ? [...v].map(([k, x]) => [k, plain(x)]) : v instanceof Set ? [...v] : v;
  return JSON.stringify(Object.entries(world).flatMap(([k, v]) => (k === 'trace' ? [] : [[k, plain(v)]])));
}

const presets = MODELS.flatMap((m) => m.presets.map((p) => [`${m.name}/${p.name}`, m, p] as const));

describe(`WorldState.changedBy names every entry apply changes the world for (seed ${SEED})`, () => {
  it.each(presets)('%s', (_label, model, preset) => {
    const t = presetTarget(model, preset, {});
    const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), {
      kinds: t.faults,
      maxFaults: 3,
      repairs: true,
    });
    const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: SCHEDULES });
    const sim = new Simulation(t.model, t.compiled, t.config);
    let unchanged = 0;
    for (const schedule of schedules) {
      const run = sim.run(schedule, { level: 'full' });
      const world = new WorldState(run);
      for (const e of run.entries) {
        if (WorldState.changedBy(e)) {
          world.apply(e);
          continue;
        }
        const before = fields(world);
        world.apply(e);
        expect(fields(world), `${JSON.stringify(e)} changed the world though changedBy says it does not`).toBe(before);
        unchanged++;
      }
    }
    expect(unchanged).toBeGreaterThan(0);
  });
});
