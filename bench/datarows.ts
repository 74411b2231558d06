// Cost of the replicated-data judgement (a benchmark, not a test): LifeKeeper's mirrored pair and
// Avance's pair, which declare replicas and are judged by noAckedWriteLost, beside LifeKeeper's
// shared-storage v2v (no replica). Schedules of up to three faults from each preset's fault mix.
//   npx tsx bench/datarows.ts            (HAFAULT_BENCH_RUNS=… to change the run count)
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { FaultStep } from '../harness/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/generators.js';
import { Simulation, type RunResult } from '../harness/simulator.js';
import { target } from '../harness/testing.js';
import { checkProperty } from '../properties/index.js';

const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
const SEED = 42;
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

function seconds(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

function bench(model: string, preset: string, settings: Record<string, string> = {}): void {
  const t = target(model, preset, settings);
  const schedules: FaultStep[][] = fc.sample(scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 }), { seed: SEED, numRuns: RUNS });
  const sim = new Simulation(t.model, t.compiled, t.config);
  for (const s of schedules.slice(0, 2000)) sim.run(s); // warm-up
  let events = 0;
  let dataEntries = 0;
  const runs: RunResult[] = [];
  const simS = seconds(() => {
    for (const s of schedules) {
      const run = sim.run(s);
      events += run.events;
      runs.push({ ...run, entries: run.entries.slice() });
    }
  });
  for (const r of runs) for (const e of r.entries) if (e.type === 'data') dataEntries++;
  const lossS = seconds(() => runs.forEach((r) => checkProperty('noAckedWriteLost', r)));
  const properties = t.model.properties;
  const allS = seconds(() => runs.forEach((r) => properties.forEach((p) => checkProperty(p, r))));
  const label = `${model}/${preset}${Object.keys(settings).length ? ` (${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(',')})` : ''}`;
  console.log(
    `${label.padEnd(50)} ${(events / RUNS).toFixed(1).padStart(5)} events/run ${(dataEntries / RUNS).toFixed(1).padStart(4)} data entries/run  ` +
      `${fmt(RUNS / simS).padStart(7)} simulations/s  noAckedWriteLost ${fmt(RUNS / lossS).padStart(7)} traces/s  ` +
      `simulate + ${properties.length} properties ${fmt(RUNS / (simS + allS)).padStart(7)} runs/s`,
  );
}

console.log(`hafault bench — replicated data, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`);
bench('lifekeeper', 'v2v');
bench('lifekeeper', 'replicated-two-paths');
bench('lifekeeper', 'replicated-two-paths', { replication: 'async' });
bench('avance', 'pair');
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
