// One preset of every model, side by side with the foundation's xenserver-ha/bonded-mirrored-san
// measured in the same process (a benchmark, not a test: the ratio to the baseline survives a busy
// machine better than the absolute figures). Run by bench/main.ts (`npm run bench`).
import { fmt, measurePreset, SEED, type PresetThroughput } from './measure.js';

const PRESETS: readonly (readonly [string, string])[] = [
  ['xenserver-ha', 'bonded-mirrored-san'],
  ['everrun', 'crossover'],
  ['avance', 'pair'],
  ['lifekeeper', 'v2v'],
  ['lifekeeper', 'replicated-two-paths'],
  ['vmware-ha', 'three-hosts'],
  ['neverfail', 'physical-crossover'],
];

/** Every preset's throughput, the baseline (xenserver-ha/bonded-mirrored-san) first. */
export function measureModels(runs: number): PresetThroughput[] {
  return PRESETS.map(([model, preset]) => measurePreset(model, preset, runs));
}

export function modelsLines(rows: readonly PresetThroughput[], runs: number): string[] {
  const baseline = rows[0].completeRunsPerSecond;
  return [
    `hafault bench — every model, ${runs} schedules of up to 3 faults, seed ${SEED}, one core`,
    '',
    `${'preset'.padEnd(34)} ${'events/s'.padStart(9)} ${'events/run'.padStart(10)} ${'simulations/s'.padStart(13)} ${'complete runs/s'.padStart(15)}  vs baseline`,
    ...rows.map(
      (m) =>
        `${m.label.padEnd(34)} ${fmt(m.eventsPerSecond).padStart(9)} ${m.eventsPerRun.toFixed(1).padStart(10)} ${fmt(m.simulationsPerSecond).padStart(13)} ${fmt(m.completeRunsPerSecond).padStart(15)}  ${(m.completeRunsPerSecond / baseline).toFixed(2)} ×`,
    ),
    '',
    'complete run = fast-check generation + simulation + every property of the model; target ≥ 20 k/s',
  ];
}
