// The benchmark's one JSON object (`npm run -s bench -- --json`): every figure measured in that one
// process run, under the names docs/performance.md explains. Pure, so that a test checks the contract
// without running the benchmark.
import type { ExploreBench } from './explore.js';
import type { KeepalivedMeasure } from './keepalived.js';
import type { PresetThroughput } from './measure.js';
import type { Foundation } from './run.js';
import type { Startup } from './startup.js';
import type { SweepBench } from './sweep.js';

export interface BenchParts {
  readonly quick: boolean;
  readonly foundation: Foundation;
  /** CPU seconds over wall seconds while the foundation's figures were measured (one thread). */
  readonly coreShare: number;
  readonly models: readonly PresetThroughput[];
  readonly explore: ExploreBench;
  readonly sweep: SweepBench;
  readonly startup: Startup;
  /** keepalived's ten-minute scenario (bench/keepalived.ts). */
  readonly keepalived: KeepalivedMeasure;
  /** The 1-, 5- and 15-minute load averages when the benchmark started. */
  readonly loadAverage: readonly number[];
}

const perSecond = (x: number) => Math.round(x);
const ratio = (x: number) => Math.round(x * 1000) / 1000;
const seconds = (x: number) => Math.round(x * 1000) / 1000;

function sweepFields(s: SweepBench) {
  return {
    sweepSpeedup2Threads: ratio(s.speedup),
    sweepThreads: s.multi.threads,
    sweepPairs: s.pairs,
    sweepRuns: s.runs * 4,
    sweepSeconds: seconds(s.multi.seconds),
    sweepCpuSeconds: seconds(s.multi.cpuSeconds),
    sweep1ThreadSeconds: seconds(s.one.seconds),
    sweep1ThreadCpuSeconds: seconds(s.one.cpuSeconds),
    sweepIdentical: s.identical,
    sweepLoadAverage: s.loadAverage.map(ratio),
  };
}

export function benchReport(p: BenchParts): Record<string, unknown> {
  const f = p.foundation;
  const m = f.preset;
  return {
    quick: p.quick,
    preset: m.label,
    runs: f.runs,
    loadAverage: p.loadAverage.map(ratio),
    coreShare: ratio(p.coreShare),
    fsmFloorPerSec: perSecond(f.floorPerSecond),
    hostTransitionsPerSec: perSecond(f.rawPerSecond),
    hostStepsPerSec: perSecond(f.stepPerSecond),
    eventsPerSec: perSecond(m.eventsPerSecond),
    eventsPerFloor: ratio(m.eventsPerSecond / f.floorPerSecond),
    eventsPerRun: ratio(m.eventsPerRun),
    simulationsPerSec: perSecond(m.simulationsPerSecond),
    fullRunsPerSec: perSecond(m.completeRunsPerSecond),
    fastCheckBarePerSec: perSecond(f.fastCheckBarePerSecond),
    exploreDepth: p.explore.depth,
    exploreStatesPerSec: perSecond(p.explore.distinctStatesPerSecond),
    exploreDistinctStates: p.explore.distinctStates,
    exploreCpuSeconds: seconds(p.explore.cpuSeconds),
    ...sweepFields(p.sweep),
    keepalivedRealTimeRatio: perSecond(p.keepalived.realTimeRatio),
    startupMs: Math.round(p.startup.hafaultMs),
    nodeStartupMs: Math.round(p.startup.nodeMs),
    models: p.models.map((r) => ({
      preset: r.label,
      eventsPerSec: perSecond(r.eventsPerSecond),
      fullRunsPerSec: perSecond(r.completeRunsPerSecond),
    })),
  };
}
