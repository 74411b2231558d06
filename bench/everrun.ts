// Throughput of the lock-step (everRun VM) and live-migration (Avance) models: one preset each,
// the same measures as bench/run.ts, beside the foundation's xenserver-ha/bonded-mirrored-san
// measured in the same process (a benchmark, not a test: nothing here fails when slow; the ratio
// to the baseline survives a busy machine better than the absolute figures).
//   npx tsx bench/everrun.ts          (HAFAULT_BENCH_RUNS=… to change the run count)
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { checkProperty } from '../properties/index.js';
import { availability } from '../properties/availability.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/generators.js';
import { Simulation } from '../harness/simulator.js';
import { target } from '../harness/testing.js';
import type { FaultStep } from '../harness/faults/index.js';

const RUNS = Number(process.env.HAFAULT_BENCH_RUNS ?? 20_000);
const SEED = 42;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

console.log(`hafault bench — lock-step and live-migration models, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`);
let baseline = 0;
for (const [model, preset] of [['xenserver-ha', 'bonded-mirrored-san'], ['everrun', 'crossover'], ['avance', 'pair']] as const) {
  const t = target(model, preset);
  const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 });
  const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: RUNS });
  const sim = new Simulation(t.model, t.compiled, t.config);
  for (const s of schedules) sim.run(s); // warm up the JIT on every path
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
  const [, metricSeconds] = time(() => {
    for (const s of schedules) availability(sim.run(s));
  });
  const complete = RUNS / runSeconds;
  if (baseline === 0) baseline = complete;
  console.log('');
  console.log(`${model}/${preset}${model === 'xenserver-ha' ? ' (baseline)' : ''}`);
  console.log(`  simulated events                               ${fmt(events / simSeconds)}/s   (${(events / RUNS).toFixed(1)} events per run)`);
  console.log(`  simulation runs (no properties, no generation) ${fmt(RUNS / simSeconds)}/s`);
  console.log(`  complete runs (generate + simulate + ${properties.length} properties) ${fmt(complete)}/s   (${(complete / baseline).toFixed(2)} × baseline)   target ≥ 10 k/s`);
  console.log(`  simulation + availability metrics (3 metrics)  ${fmt(RUNS / metricSeconds)}/s`);
}
console.log(`\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
