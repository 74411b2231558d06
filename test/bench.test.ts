// The benchmark's JSON contract (`npm run -s bench -- --json`, docs/performance.md): the figures
// other tools read, under their names, from the parts measured in one run. The benchmark itself is
// not run here (it takes minutes); its pure assembling function is.
import { describe, expect, it } from 'vitest';
import { benchReport, type BenchParts } from '../bench/report.js';

const preset = (label: string, completeRunsPerSecond: number) => ({
  label,
  eventsPerRun: 34.04,
  eventsPerSecond: 400_000.4,
  simulationsPerSecond: 11_000,
  completeRunsPerSecond,
  properties: 6,
});

const PARTS: BenchParts = {
  quick: true,
  foundation: {
    runs: 2000,
    floorPerSecond: 2_000_000,
    rawPerSecond: 500_000,
    stepPerSecond: 450_000,
    fastCheckBarePerSecond: 90_000.6,
    preset: preset('xenserver-ha/bonded-mirrored-san', 8_600.2),
  },
  coreShare: 0.9876,
  models: [preset('xenserver-ha/bonded-mirrored-san', 8_600.2), preset('everrun/crossover', 21_000)],
  explore: {
    depth: 2,
    header: '52 fault choices',
    schedules: 187_800,
    distinctStates: 228_400,
    runs: 72_700,
    events: 600_000,
    wallSeconds: 12,
    cpuSeconds: 10,
    distinctStatesPerSecond: 22_840,
    baselineRunsPerSecond: 97_000,
    baselineEventsPerSecond: 227_000,
    violations: 'noUnnecessaryFence (1)',
  },
  sweep: {
    runs: 10_000,
    pairs: 2,
    multi: { threads: 2, seconds: 4, cpuSeconds: 7.5 },
    one: { threads: 1, seconds: 6.4, cpuSeconds: 6.2 },
    speedup: 1.6,
    identical: true,
    loadAverage: [1.5, 2, 2.5],
  },
  startup: { spawns: 5, hafaultMs: 181.6, nodeMs: 40.2 },
  keepalived: {
    realTimeRatio: 1_234_567.8,
    scenarioMs: 600_000,
    runs: 50,
    eventsPerRun: 1200,
    eventsPerSecond: 2_000_000,
    secondsPerRun: 0.00049,
  },
  loadAverage: [1, 2, 3],
};

describe('the benchmark JSON', () => {
  it("carries the issue's figures under their names, rounded, from the parts measured", () => {
    expect(benchReport(PARTS)).toMatchObject({
      quick: true,
      fsmFloorPerSec: 2_000_000,
      eventsPerSec: 400_000,
      eventsPerFloor: 0.2,
      fullRunsPerSec: 8_600,
      fastCheckBarePerSec: 90_001,
      exploreStatesPerSec: 22_840,
      sweepSpeedup2Threads: 1.6,
      sweepRuns: 40_000,
      sweepIdentical: true,
      keepalivedRealTimeRatio: 1_234_568,
      startupMs: 182,
      nodeStartupMs: 40,
      loadAverage: [1, 2, 3],
      coreShare: 0.988,
    });
  });

  it('is plain JSON: every figure a finite number, every model a row', () => {
    const report = benchReport(PARTS);
    const back = JSON.parse(JSON.stringify(report));
    expect(back).toEqual(report);
    for (const key of [
      'fsmFloorPerSec',
      'eventsPerSec',
      'fullRunsPerSec',
      'fastCheckBarePerSec',
      'exploreStatesPerSec',
    ])
      expect(Number.isFinite(back[key]), key).toBe(true);
    expect(back.models).toEqual([
      { preset: 'xenserver-ha/bonded-mirrored-san', eventsPerSec: 400_000, fullRunsPerSec: 8_600 },
      { preset: 'everrun/crossover', eventsPerSec: 400_000, fullRunsPerSec: 21_000 },
    ]);
  });
});
