// Throughput benchmarks (not tests: nothing here fails on a slow machine). Each figure is printed
// beside a baseline measured in the same process, so ratios survive a noisy machine.
//   npm run bench                 (HAFAULT_BENCH_RUNS=… to change the run count,
//                                  HAFAULT_BENCH_SWEEP_RUNS=… the sweep's schedules per setting)
import { step as fsmStep } from '../harness/engine/fsm.js';
import { target } from '../harness/runners/testing.js';
import { xenserverHostMachine, initialHostContext, type HostEvent } from '../models/xenserver-ha/hostAgent.js';
import { xhaTimers } from '../models/xenserver-ha/config.js';
import { fmt, fsmFloorPerSecond, measurePreset, peakRss, RUNS, SEED, time } from './measure.js';
import { benchSweep } from './sweep.js';

const t = target('xenserver-ha', 'bonded-mirrored-san');

// 1. Simulation only, and complete runs (generation + simulation + every property).
const m = measurePreset('xenserver-ha', 'bonded-mirrored-san');

// 2. Raw @xstate/fsm transition of the XenServer host machine, fed the same mix of event kinds.
const ctx0 = initialHostContext(0, t.compiled.hostIds, t.compiled.allHostsMask, {
  profile: 'xha',
  timers: xhaTimers({ timeoutMs: 60_000, winnersWaitMs: 22_000 }),
  rebootMs: 90_000,
  failuresToTolerate: 1,
});
const feed: HostEvent[] = [
  {
    type: 'OBSERVE',
    peers: 0b110,
    writers: 0b111,
    live: 0b111,
    hears: [0b111, 0b111, 0b111],
    masters: 0b001,
    claimedBy: 0b110,
    fencedBy: 0,
    boots: [0, 0, 0],
  },
  {
    type: 'OBSERVE',
    peers: 0b100,
    writers: 0b111,
    live: 0b111,
    hears: [0b101, 0b010, 0b101],
    masters: 0b001,
    claimedBy: 0b110,
    fencedBy: 0,
    boots: [0, 0, 0],
  },
  { type: 'STATEFILE', state: 'stalled' },
  { type: 'STATEFILE', state: 'ok' },
];
const N = 2_000_000;
let state = { value: 'live', context: ctx0 };
const [, rawSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = xenserverHostMachine.transition(state as never, feed[i & 3]);
});
const [, stepSeconds] = time(() => {
  for (let i = 0; i < N; i++) state = fsmStep(xenserverHostMachine, state, feed[i & 3]).state;
});

// The library's floor: a one-state machine whose one transition assigns one field.
const floorPerSecond = fsmFloorPerSecond(N);

const eventsPerSecond = m.eventsPerSecond;
const rawPerSecond = N / rawSeconds;
const stepPerSecond = N / stepSeconds;
const runsPerSecond = m.completeRunsPerSecond;

console.log(
  `hafault bench — xenserver-ha/bonded-mirrored-san, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`,
);
console.log('');
console.log(`@xstate/fsm floor (1 state, 1 assign)          ${fmt(floorPerSecond)}/s`);
console.log(
  `raw @xstate/fsm transition (host machine)      ${fmt(rawPerSecond)}/s   (${(rawPerSecond / floorPerSecond).toFixed(2)} × floor)`,
);
console.log(
  `  hafault step (transition + effects)          ${fmt(stepPerSecond)}/s   (${(stepPerSecond / rawPerSecond).toFixed(2)} × raw)`,
);
console.log(
  `simulated events                               ${fmt(eventsPerSecond)}/s   (${(eventsPerSecond / rawPerSecond).toFixed(2)} × raw transition; ${m.eventsPerRun.toFixed(1)} events per run)   target ≥ 1 M/s`,
);
console.log(`simulation runs (no properties, no generation) ${fmt(m.simulationsPerSecond)}/s`);
console.log(
  `complete runs (generate + simulate + ${m.properties} properties) ${fmt(runsPerSecond)}/s   (${(runsPerSecond / m.simulationsPerSecond).toFixed(2)} × simulation only)   target ≥ 10 k/s`,
);
console.log(peakRss());

await benchSweep(Number(process.env.HAFAULT_BENCH_SWEEP_RUNS ?? 10_000));
