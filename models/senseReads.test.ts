// Every model's `senseReads` declarations against its sense functions: with them, the simulator
// senses an agent again only when what it declares it reads changed (harness/engine/simulator/
// senseCache.ts). A declaration that leaves out an input its sense function reads would make an
// agent miss a change; then a run differs from the same run with every declaration removed (each
// agent sensed after every change, as before the cache). Random schedules of every preset, full
// traces compared entry by entry; and the cache must actually spare sense calls.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import type { Model } from '../harness/engine/model.js';
import { Simulation } from '../harness/engine/simulator.js';
import { presetTarget } from '../harness/engine/target.js';
import { MODELS } from './registry.js';

const SCHEDULES = 120;
const SEED = 16;

/** The model with its sense functions counted, and with or without its `senseReads` declarations. */
function counted(model: Model, declared: boolean): { model: Model; calls: () => number } {
  let calls = 0;
  const wrapped: Model = {
    ...model,
    instantiate(topo, config) {
      const inst = model.instantiate(topo, config);
      const agents = inst.agents.map((a) => {
        if (!a.sense) return a;
        const sense = a.sense;
        const { senseReads, ...rest } = a;
        return {
          ...rest,
          ...(declared && senseReads ? { senseReads } : {}),
          sense: (view: Parameters<typeof sense>[0]) => (calls++, sense(view)),
        };
      });
      return { ...inst, agents };
    },
  };
  return { model: wrapped, calls: () => calls };
}

const presets = MODELS.flatMap((m) => m.presets.map((p) => [`${m.name}/${p.name}`, m, p] as const));

describe('senseReads: agents are sensed again only when what they read changed', () => {
  const spared: Record<string, number> = {};
  it.each(presets)('%s: the same trace with and without the declarations', (label, model, preset) => {
    const t = presetTarget(model, preset, {});
    const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 });
    const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: SCHEDULES });
    const withReads = counted(t.model, true);
    const without = counted(t.model, false);
    const a = new Simulation(withReads.model, t.compiled, t.config);
    const b = new Simulation(without.model, t.compiled, t.config);
    for (const s of schedules) {
      const x = a.run(s, { level: 'full' });
      const y = b.run(s, { level: 'full' });
      expect(JSON.stringify(x.entries)).toBe(JSON.stringify(y.entries));
    }
    expect(withReads.calls()).toBeLessThanOrEqual(without.calls());
    spared[label] = without.calls() - withReads.calls();
  });

  it('spares sense calls: XenServer host agents read the hosts, its multipath agents only the fabric', () => {
    const model = MODELS.find((m) => m.name === 'xenserver-ha')!;
    const t = presetTarget(
      model,
      model.presets.find((p) => p.name === 'bonded-mirrored-san')!,
      {},
    );
    const withReads = counted(t.model, true);
    const without = counted(t.model, false);
    const schedule: FaultStep[] = [{ at: 10_000, fault: 'host-crash', target: t.compiled.hostIds[0] }];
    new Simulation(withReads.model, t.compiled, t.config).run(schedule);
    new Simulation(without.model, t.compiled, t.config).run(schedule);
    // Each host role change re-senses every agent without the declarations; with them, only the hosts.
    expect(withReads.calls()).toBeLessThan(without.calls());
  });
});
