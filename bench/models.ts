// One preset of every model, side by side with the foundation's xenserver-ha/bonded-mirrored-san
// measured in the same process (a benchmark, not a test: the ratio to the baseline survives a busy
// machine better than the absolute figures).
//   npx tsx bench/models.ts          (HAFAULT_BENCH_RUNS=… to change the run count)
import { fmt, measurePreset, peakRss, RUNS, SEED } from './measure.js';

const PRESETS: readonly (readonly [string, string])[] = [
  ['xenserver-ha', 'bonded-mirrored-san'],
  ['everrun', 'crossover'],
  ['avance', 'pair'],
  ['lifekeeper', 'v2v'],
  ['lifekeeper', 'replicated-two-paths'],
  ['vmware-ha', 'three-hosts'],
  ['neverfail', 'physical-crossover'],
];

console.log(`hafault bench — every model, ${RUNS} schedules of up to 3 faults, seed ${SEED}, one core`);
console.log('');
console.log(
  `${'preset'.padEnd(34)} ${'events/s'.padStart(9)} ${'events/run'.padStart(10)} ${'simulations/s'.padStart(13)} ${'complete runs/s'.padStart(15)}  vs baseline`,
);
let baseline = 0;
for (const [model, preset] of PRESETS) {
  const m = measurePreset(model, preset);
  if (baseline === 0) baseline = m.completeRunsPerSecond;
  console.log(
    `${m.label.padEnd(34)} ${fmt(m.eventsPerSecond).padStart(9)} ${m.eventsPerRun.toFixed(1).padStart(10)} ${fmt(m.simulationsPerSecond).padStart(13)} ${fmt(m.completeRunsPerSecond).padStart(15)}  ${(m.completeRunsPerSecond / baseline).toFixed(2)} ×`,
  );
}
console.log('');
console.log('complete run = fast-check generation + simulation + every property of the model; target ≥ 10 k/s');
console.log(peakRss());
