// The foundation's figures on xenserver-ha/bonded-mirrored-san (a benchmark, not a test: nothing
// here fails on a slow machine): the @xstate/fsm floor, the host machine's raw transition and
// hafault's step, simulated events, simulation runs, complete runs and fast-check's bare property.
// Each is printed beside a baseline measured in the same process, so ratios survive a noisy machine.
// Run by bench/main.ts (`npm run bench`).
import { step as fsmStep } from '../harness/engine/fsm.js';
import { target } from '../harness/runners/testing.js';
import { xenserverHostMachine, initialHostContext, type HostEvent } from '../models/xenserver-ha/hostAgent.js';
import { xhaTimers } from '../models/xenserver-ha/config.js';
import {
  fastCheckBarePerSecond,
  fmt,
  fsmFloorPerSecond,
  measurePreset,
  SEED,
  time,
  type PresetThroughput,
} from './measure.js';

export interface Foundation {
  readonly runs: number;
  readonly floorPerSecond: number;
  readonly rawPerSecond: number;
  readonly stepPerSecond: number;
  readonly fastCheckBarePerSecond: number;
  readonly preset: PresetThroughput;
}

/** The same mix of event kinds the host machine sees in a run. */
const FEED: HostEvent[] = [
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

/** Raw @xstate/fsm transitions and hafault steps of the XenServer host machine, per second. */
function hostMachinePerSecond(n: number): { raw: number; step: number } {
  const t = target('xenserver-ha', 'bonded-mirrored-san');
  const ctx0 = initialHostContext(0, t.compiled.hostIds, t.compiled.allHostsMask, {
    profile: 'xha',
    timers: xhaTimers({ timeoutMs: 60_000, winnersWaitMs: 22_000 }),
    rebootMs: 90_000,
    failuresToTolerate: 1,
  });
  let state = { value: 'live', context: ctx0 };
  const [, rawSeconds] = time(() => {
    for (let i = 0; i < n; i++) state = xenserverHostMachine.transition(state as never, FEED[i & 3]);
  });
  const [, stepSeconds] = time(() => {
    for (let i = 0; i < n; i++) state = fsmStep(xenserverHostMachine, state, FEED[i & 3]).state;
  });
  return { raw: n / rawSeconds, step: n / stepSeconds };
}

export function measureFoundation(runs: number, transitions = 2_000_000): Foundation {
  const preset = measurePreset('xenserver-ha', 'bonded-mirrored-san', runs);
  const machine = hostMachinePerSecond(transitions);
  return {
    runs,
    floorPerSecond: fsmFloorPerSecond(transitions),
    rawPerSecond: machine.raw,
    stepPerSecond: machine.step,
    fastCheckBarePerSecond: fastCheckBarePerSecond('xenserver-ha', 'bonded-mirrored-san', runs),
    preset,
  };
}

export function foundationLines(f: Foundation): string[] {
  const m = f.preset;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `hafault bench — xenserver-ha/bonded-mirrored-san, ${f.runs} schedules of up to 3 faults, seed ${SEED}, one core`,
    '',
    `@xstate/fsm floor (1 state, 1 assign)          ${fmt(f.floorPerSecond)}/s`,
    `raw @xstate/fsm transition (host machine)      ${fmt(f.rawPerSecond)}/s   (${ratio(f.rawPerSecond, f.floorPerSecond)} × floor)`,
    `  hafault step (transition + effects)          ${fmt(f.stepPerSecond)}/s   (${ratio(f.stepPerSecond, f.rawPerSecond)} × raw)`,
    `simulated events                               ${fmt(m.eventsPerSecond)}/s   (${ratio(m.eventsPerSecond, f.floorPerSecond)} × floor; ${m.eventsPerRun.toFixed(1)} events per run)   target ≥ 0.5 × floor`,
    `simulation runs (no properties, no generation) ${fmt(m.simulationsPerSecond)}/s`,
    `complete runs (generate + simulate + ${m.properties} properties) ${fmt(m.completeRunsPerSecond)}/s   (${ratio(m.completeRunsPerSecond, m.simulationsPerSecond)} × simulation only)   target ≥ 20 k/s`,
    `fast-check bare property (same arbitrary)      ${fmt(f.fastCheckBarePerSecond)}/s   (complete runs ${ratio(m.completeRunsPerSecond, f.fastCheckBarePerSecond)} × bare)`,
  ];
}
