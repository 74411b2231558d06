// Throughput benchmarks (not tests: nothing here fails on a slow machine). Each figure is printed
// beside a baseline measured in the same process, so ratios survive a noisy machine.
//   npm run bench                 (HAFAULT_BENCH_RUNS=… to change the run count,
//                                  HAFAULT_BENCH_SWEEP_RUNS=… the sweep's schedules per setting)
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { assign, createMachine } from '@xstate/fsm';
import { checkProperty } from '../properties/index.js';
import { step as fsmStep } from '../harness/fsm.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/generators.js';
import { Simulation } from '../harness/simulator.js';
import { target } from '../harness/testing.js';
import { xenserverHostMachine, initialHostContext, type HostEvent } from '../models/xenserver-ha/hostAgent.js';
import type { FaultStep } from '../harness/faults/index.js';
import { benchSweep } from './sweep.js';

const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
const SEED = 42;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

const t = target('xenserver-ha', 'bonded-mirrored-san');
const drifts = vocabularyOf(t.model);
const arb = scheduleArbitrary(t.compiled, drifts, { kinds: t.model.faults, maxFaults: 3 });
const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: RUNS });
const sim = new Simulation(t.model, t.compiled, t.config);

// Warm up the JIT on every path.
for (const s of schedules.slice(0, 2000)) sim.run(s);

// 1. Simulation only.
const [events, simSeconds] = time(() => schedules.reduce((n, s) => n + sim.run(s).events, 0));

// 2. Raw @xstate/fsm transition of the XenServer host machine, fed the same mix of event kinds.
const ctx0 = initialHostContext(0, t.compiled.hostIds, t.compiled.allHostsMask, 'xha', 60_000, 22_000, 90_000);
const feed: HostEvent[] = [
  { type: 'OBSERVE', peers: 0b110, writers: 0b111, live: 0b111, parts: [0b111], fencedBy: 0, boots: [0, 0, 0] },
  { type: 'OBSERVE', peers: 0b100, writers: 0b111, live: 0b111, parts: [0b101, 0b010], fencedBy: 0, boots: [0, 0, 0] },
  { type: 'STATEFILE', state: 'stalled' },
  { type: 'STATEFILE', state: 'ok' },
];
const N = 2_000_000;
let state = { value: 'live', context: ctx0 };
const [, rawSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = xenserverHostMachine.transition(state as never, feed[i & 3]) as never;
});
const [, stepSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = fsmStep(xenserverHostMachine, state, feed[i & 3]).state as never;
});

// The library's floor: a one-state machine whose one transition assigns one field.
const floorMachine = createMachine<{ n: number }, { type: 'TICK' }>({ initial: 'a', context: { n: 0 }, states: { a: { on: { TICK: { actions: assign((c) => ({ n: c.n + 1 })) } } } } });
let floor = floorMachine.initialState;
const tick = { type: 'TICK' as const };
const [, floorSeconds] = time(() => {
  for (let i = 0; i < N; i++) floor = floorMachine.transition(floor, tick);
});

// 3. Complete runs: generation (fast-check) + simulation + every property.
const properties = t.model.properties;
const [, runSeconds] = time(() =>
  fc.check(
    fc.property(arb, (s) => {
      const run = sim.run(s);
      for (const p of properties) checkProperty(p, run);
      return true;
    }),
    { seed: SEED, numRuns: RUNS },
  ),
);

const eventsPerSecond = events / simSeconds;
const rawPerSecond = N / rawSeconds;
const stepPerSecond = N / stepSeconds;
const runsPerSecond = RUNS / runSeconds;

console.log(`hafault bench — xenserver-ha/bonded-mirrored-san, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`);
console.log('');
console.log(`@xstate/fsm floor (1 state, 1 assign)          ${fmt(N / floorSeconds)}/s`);
console.log(`raw @xstate/fsm transition (host machine)      ${fmt(rawPerSecond)}/s   (${(rawPerSecond / (N / floorSeconds)).toFixed(2)} × floor)`);
console.log(`  hafault step (transition + effects)          ${fmt(stepPerSecond)}/s   (${(stepPerSecond / rawPerSecond).toFixed(2)} × raw)`);
console.log(`simulated events                               ${fmt(eventsPerSecond)}/s   (${(eventsPerSecond / rawPerSecond).toFixed(2)} × raw transition; ${(events / RUNS).toFixed(1)} events per run)   target ≥ 1 M/s`);
console.log(`simulation runs (no properties, no generation) ${fmt(RUNS / simSeconds)}/s`);
console.log(`complete runs (generate + simulate + ${properties.length} properties) ${fmt(runsPerSecond)}/s   (${(runsPerSecond / (RUNS / simSeconds)).toFixed(2)} × simulation only)   target ≥ 10 k/s`);
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

await benchSweep(Number(process.env.HAFAULT_BENCH_SWEEP_RUNS ?? 10_000));
