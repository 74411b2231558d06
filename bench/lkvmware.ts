// Throughput of the LifeKeeper and VMware HA models (a benchmark, not a test): one preset each,
// schedules of up to three faults from the model's own fault mix.
//   npx tsx bench/lkvmware.ts            (HAFAULT_BENCH_RUNS=… to change the run count)
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { checkProperty } from '../properties/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/generators.js';
import { Simulation } from '../harness/simulator.js';
import { target } from '../harness/testing.js';
import type { FaultStep } from '../harness/faults/index.js';

const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
const SEED = 42;
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

function bench(model: string, preset: string): void {
  const t = target(model, preset);
  const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 });
  const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: RUNS });
  const sim = new Simulation(t.model, t.compiled, t.config);
  for (const s of schedules.slice(0, 2000)) sim.run(s); // warm-up
  const [events, simSeconds] = time(() => schedules.reduce((n, s) => n + sim.run(s).events, 0));
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
  console.log(`${`${model}/${preset}`.padEnd(28)} ${fmt(events / simSeconds).padStart(8)} events/s  ${(events / RUNS).toFixed(1).padStart(5)} events/run  ${fmt(RUNS / simSeconds).padStart(7)} simulations/s  ${fmt(RUNS / runSeconds).padStart(7)} complete runs/s (generate + simulate + ${properties.length} properties)`);
}

console.log(`hafault bench — LifeKeeper and VMware HA, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`);
bench('lifekeeper', 'v2v');
bench('vmware-ha', 'three-hosts');
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
