// SCENARIOS.md XS-12 as a test: sweep the HA timeout T over 30/60/90/120 s on the mirrored-SAN pool
// (seed-2009) with the storage hard-failover time D drawn per schedule from the environment's range,
// under schedules of one host crash or one storage hard power-cycle. Needless fences stop exactly
// where T covers every D, restore time after a real crash grows with T, and the recommendation is the
// first safe T. A second range moves the answer: the logic follows the numbers, not a constant.
import { describe, expect, it } from 'vitest';
import { findModel } from '../registry.js';
import { parseSweepSets } from '../../harness/runners/sweep/settings.js';
import { planSweep, runSweep } from '../../harness/runners/sweep/sweep.js';
import { RUNS, SEED } from '../../harness/runners/testing.js';

const model = findModel('xenserver-ha')!;
const preset = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;

function xs12(hardFailover: string) {
  const plan = planSweep({
    model,
    preset,
    settings: parseSweepSets(model, [
      'profile=seed-2009',
      `hardFailoverMs=${hardFailover}`,
      'timeoutMs=30s,60s,90s,120s',
    ]),
    properties: model.properties,
    kinds: ['host-crash', 'storage-hard-powercycle'],
    maxFaults: 1,
    repairs: true,
    runs: RUNS,
    seed: SEED,
    baseline: true,
  });
  return runSweep(plan, { threads: 1, recommend: 'noUnnecessaryFence' });
}

const rate = (r: Awaited<ReturnType<typeof xs12>>) =>
  r.settings.map((s) => s.properties.noUnnecessaryFence.violations / s.runs);

describe("XS-12: sweep T on the mirrored SAN, D drawn from the environment's range", () => {
  it('D in 90–120 s: needless fences at T = 30, 60, 90 s and none at 120 s; restore after a host crash grows with T; recommend 120 s', async () => {
    const r = await xs12('90s..120s');
    expect(r.settings.map((s) => s.values.timeoutMs)).toEqual([30_000, 60_000, 90_000, 120_000]);
    const [r30, r60, r90, r120] = rate(r);
    expect(r30).toBeGreaterThan(0);
    expect(r60).toBeGreaterThan(0);
    expect(r90).toBeGreaterThan(0);
    expect(r120).toBe(0);
    expect(r.settings.map((s) => s.unnecessaryFencesPerRun > 0)).toEqual([true, true, true, false]);
    const restore = r.settings.map((s) => s.restoreMs!);
    for (let k = 1; k < restore.length; k++) {
      expect(restore[k].p50).toBeGreaterThan(restore[k - 1].p50);
      expect(restore[k].max).toBeGreaterThan(restore[k - 1].max);
    }
    expect(r.recommendation).toMatchObject({
      property: 'noUnnecessaryFence',
      values: { timeoutMs: 120_000 },
      defaultValues: { timeoutMs: 30_000 },
    });
    expect(r.recommendation!.restoreCostMs).toBe(restore[3].p50 - restore[0].p50);
    expect(r.recommendation!.restoreCostMs).toBeGreaterThanOrEqual(80_000);
  });

  it('D in 40–55 s: the same shape moves down — needless fences only at T = 30 s; recommend 60 s', async () => {
    const r = await xs12('40s..55s');
    expect(rate(r).map((x) => x > 0)).toEqual([true, false, false, false]);
    expect(r.recommendation).toMatchObject({ values: { timeoutMs: 60_000 } });
    const restore = r.settings.map((s) => s.restoreMs!.p50);
    expect(restore).toEqual([...restore].sort((a, b) => a - b));
    expect(new Set(restore).size).toBe(4);
  });
});
