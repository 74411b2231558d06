// Throughput of the Neverfail model on its physical pair (not a test: nothing here fails on a slow
// machine). Same figures as bench/run.ts: raw transitions of the server machine, simulated events,
// simulation runs, complete runs (generation + simulation + every property).
//   npx tsx bench/neverfail.ts        (HAFAULT_BENCH_RUNS=… to change the run count)
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { assign, createMachine } from '@xstate/fsm';
import { checkProperty } from '../properties/index.js';
import { step as fsmStep } from '../harness/fsm.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/generators.js';
import { Simulation } from '../harness/simulator.js';
import { target } from '../harness/testing.js';
import type { FaultStep } from '../harness/faults/index.js';
import { initialContext, type ServerEvent, type ServerSettings } from '../models/neverfail/context.js';
import { serverMachine } from '../models/neverfail/server.js';

const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
const SEED = 42;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

const t = target('neverfail', 'physical-crossover');
const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 });
const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: RUNS });
const sim = new Simulation(t.model, t.compiled, t.config);

for (const s of schedules.slice(0, 2000)) sim.run(s);

// 1. Simulation only.
const [events, simSeconds] = time(() => schedules.reduce((n, s) => n + sim.run(s).events, 0));

// 2. Raw transitions of the server machine, fed observations that flip the channel and the public network.
const cfg: ServerSettings = {
  identity: 'secondary', peerAgent: 'primary', peerHost: 'primary', service: 'exchange',
  failoverTimeoutMs: 60_000, publicLostMs: 25_000, splitBrainAvoidance: false, passiveWhenIsolated: false, passiveChecksPublic: true, lagMs: 2_000,
  appRestarts: 2, appStopMs: 10_000, dataApplyMs: 5_000, networkJoinMs: 5_000, appStartMs: 30_000, bootMs: 120_000, fullSyncMs: 1_800_000,
};
const feed: ServerEvent[] = [
  { type: 'OBSERVE', channel: 0, peerRole: '', public: 1, peerPublic: 1, peerPublicOk: 0 },
  { type: 'OBSERVE', channel: 1, peerRole: 'active', public: 1, peerPublic: 1, peerPublicOk: 1 },
  { type: 'OBSERVE', channel: 1, peerRole: 'active', public: 0, peerPublic: 1, peerPublicOk: 1 },
  { type: 'OBSERVE', channel: 1, peerRole: 'active', public: 1, peerPublic: 1, peerPublicOk: 1 },
];
const N = 1_000_000;
let state = { value: 'passive', context: initialContext(cfg, false, '') };
const [, rawSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = serverMachine.transition(state as never, feed[i & 3]) as never;
});
const [, stepSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = fsmStep(serverMachine, state, feed[i & 3]).state as never;
});

// The library's floor, measured in the same process so that ratios survive a busy machine.
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

const rawPerSecond = N / rawSeconds;
console.log(`hafault bench — neverfail/physical-crossover, ${RUNS} schedules of up to 3 faults (and a switchover), seed ${SEED}, one core`);
console.log('');
console.log(`@xstate/fsm floor (1 state, 1 assign)          ${fmt(N / floorSeconds)}/s`);
console.log(`raw @xstate/fsm transition (server machine)    ${fmt(rawPerSecond)}/s   (${(rawPerSecond / (N / floorSeconds)).toFixed(2)} × floor)`);
console.log(`  hafault step (transition + effects)          ${fmt(N / stepSeconds)}/s   (${(N / stepSeconds / rawPerSecond).toFixed(2)} × raw)`);
console.log(`simulated events                               ${fmt(events / simSeconds)}/s   (${(events / simSeconds / rawPerSecond).toFixed(2)} × raw transition; ${(events / RUNS).toFixed(1)} events per run)   target ≥ 1 M/s`);
console.log(`simulation runs (no properties, no generation) ${fmt(RUNS / simSeconds)}/s`);
console.log(`complete runs (generate + simulate + ${properties.length} properties) ${fmt(RUNS / runSeconds)}/s   (${(RUNS / runSeconds / (RUNS / simSeconds)).toFixed(2)} × simulation only)   target ≥ 10 k/s`);
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
