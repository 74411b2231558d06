// What every benchmark measures the same way: wall time of a block, the @xstate/fsm floor, and a
// preset's throughput (simulation only, and complete runs: fast-check generation + simulation +
// every property). Each benchmark prints ratios against figures measured in the same process.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { assign, createMachine } from '@xstate/fsm';
import { checkProperty } from '../properties/index.js';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import { Simulation } from '../harness/engine/simulator.js';
import { target } from '../harness/runners/testing.js';

export const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
export const SEED = 42;

/** [result, seconds] */
export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

export const fmt = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);

export const peakRss = () => `peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`;

/** Transitions per second of a one-state machine whose one transition assigns one field. */
export function fsmFloorPerSecond(n: number): number {
  const machine = createMachine<{ n: number }, { type: 'TICK' }>({
    initial: 'a',
    context: { n: 0 },
    states: { a: { on: { TICK: { actions: assign((c) => ({ n: c.n + 1 })) } } } },
  });
  let state = machine.initialState;
  const tick = { type: 'TICK' as const };
  const [, seconds] = time(() => {
    for (let i = 0; i < n; i++) state = machine.transition(state, tick);
  });
  return n / seconds;
}

export interface PresetThroughput {
  readonly label: string;
  readonly eventsPerRun: number;
  readonly eventsPerSecond: number;
  readonly simulationsPerSecond: number;
  readonly completeRunsPerSecond: number;
  readonly properties: number;
}

/** The preset's schedules: up to three faults of its mix. */
function presetSchedules(model: string, preset: string) {
  const t = target(model, preset);
  return { t, arb: scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 }) };
}

/**
 * fast-check's own cost, the floor under a complete run: the same schedule arbitrary, seed and run
 * count as `measurePreset`'s complete runs, with a predicate that does nothing.
 */
export function fastCheckBarePerSecond(model: string, preset: string, runs = RUNS): number {
  const { arb } = presetSchedules(model, preset);
  fc.check(
    fc.property(arb, () => true),
    { seed: SEED, numRuns: Math.min(runs, 2000) },
  ); // warm-up
  const [, seconds] = time(() =>
    fc.check(
      fc.property(arb, () => true),
      { seed: SEED, numRuns: runs },
    ),
  );
  return runs / seconds;
}

/** Schedules of up to three faults of the preset's mix, the same seed for every preset. */
export function measurePreset(model: string, preset: string, runs = RUNS): PresetThroughput {
  const { t, arb } = presetSchedules(model, preset);
  const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: runs });
  const sim = new Simulation(t.model, t.compiled, t.config);
  for (const s of schedules.slice(0, 2000)) sim.run(s); // warm up the JIT on every path
  const [events, simSeconds] = time(() => schedules.reduce((n, s) => n + sim.run(s).events, 0));
  const properties = t.model.properties;
  const [, runSeconds] = time(() =>
    fc.check(
      fc.property(arb, (s) => {
        const run = sim.run(s);
        for (const p of properties) checkProperty(p, run, t.model);
        return true;
      }),
      { seed: SEED, numRuns: runs },
    ),
  );
  return {
    label: `${model}/${preset}`,
    eventsPerRun: events / runs,
    eventsPerSecond: events / simSeconds,
    simulationsPerSecond: runs / simSeconds,
    completeRunsPerSecond: runs / runSeconds,
    properties: properties.length,
  };
}
