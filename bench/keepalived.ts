// How much faster than real time the keepalived model runs a 10-minute scenario (issue 16: a VRRP
// model is per-packet, so its cost grows with simulated time, not with faults; the goal is
// >= 10^6 x real time). Self-contained: one function, `measureKeepalived`, and a printout when run.
//   npx tsx bench/keepalived.ts        (HAFAULT_BENCH_RUNS=… scenario repetitions, default 200)
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { Simulation } from '../harness/engine/simulator.js';
import { target } from '../harness/runners/testing.js';

/** Ten minutes of two routers: a partition and its heal, a master crash and its boot, a clean stop. */
const SCENARIO_MS = 600_000;
const SCHEDULE: readonly FaultStep[] = [
  { at: 60_000, fault: 'partition', target: 'r1|r2' },
  { at: 120_000, fault: 'heal', target: 'r1|r2' },
  { at: 240_000, fault: 'host-crash', target: 'r1' },
  { at: 300_000, fault: 'host-boot', target: 'r1' },
  { at: 420_000, fault: 'agent-stop', target: 'r2' },
  { at: 480_000, fault: 'agent-start', target: 'r2' },
];

export interface KeepalivedMeasure {
  /** Simulated time over real time for the 10-minute scenario (verdict-level trace). */
  readonly realTimeRatio: number;
  readonly scenarioMs: number;
  readonly runs: number;
  readonly eventsPerRun: number;
  readonly eventsPerSecond: number;
  readonly secondsPerRun: number;
}

export function measureKeepalived(runs = Number(process.env.HAFAULT_BENCH_RUNS ?? 200)): KeepalivedMeasure {
  const t = target('keepalived', 'two-routers');
  const sim = new Simulation(t.model, t.compiled, t.config);
  const n = Math.max(10, Math.min(runs, 2000));
  for (let i = 0; i < Math.min(n, 50); i++) sim.run(SCHEDULE, { horizonMs: SCENARIO_MS }); // JIT warm-up
  let events = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) events += sim.run(SCHEDULE, { horizonMs: SCENARIO_MS }).events;
  const seconds = (performance.now() - t0) / 1000;
  const secondsPerRun = seconds / n;
  return {
    realTimeRatio: SCENARIO_MS / 1000 / secondsPerRun,
    scenarioMs: SCENARIO_MS,
    runs: n,
    eventsPerRun: events / n,
    eventsPerSecond: events / seconds,
    secondsPerRun,
  };
}

/** One line: the ratio, and what a run costs. */
export function keepalivedLine(m: KeepalivedMeasure): string {
  return (
    `keepalived/two-routers, ${m.scenarioMs / 60_000}-minute scenario × ${m.runs}: ${(m.realTimeRatio / 1e6).toFixed(2)} M × real time ` +
    `(${(m.secondsPerRun * 1e3).toFixed(3)} ms per run, ${m.eventsPerRun.toFixed(0)} events per run, ${(m.eventsPerSecond / 1e6).toFixed(2)} M events/s; target ≥ 1 M ×)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(keepalivedLine(measureKeepalived()));
