// The sweep's guarantees: every setting meets the same schedules (common random numbers), the answer
// does not depend on how many threads computed it, and the recommendation follows the rates.
import { describe, expect, it } from 'vitest';
import type { PropertyName } from '../../engine/model.js';
import { findModel } from '../../../models/registry.js';
import { RUNS, SEED } from '../testing.js';
import { parseSweepSets } from './settings.js';
import type { SettingResult } from './summary.js';
import { planSweep, runSweep } from './sweep.js';

const model = findModel('xenserver-ha')!;
const mirrored = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;

function plan(
  sets: string[],
  kinds: string[],
  options: { runs?: number; seed?: number; baseline?: boolean; maxFaults?: number } = {},
) {
  return planSweep({
    model,
    preset: mirrored,
    settings: parseSweepSets(model, sets),
    properties: model.properties,
    kinds: kinds as never,
    maxFaults: options.maxFaults ?? 1,
    repairs: true,
    runs: options.runs ?? RUNS,
    seed: options.seed ?? SEED,
    baseline: options.baseline ?? false,
  });
}

/** A row without the setting's own values: what the runs said. */
const outcome = ({ values: _v, label: _l, isDefault: _d, inGrid: _g, ...rest }: SettingResult) => rest;

describe('common random numbers', () => {
  it("a setting no agent reads in these runs gives identical rows (multipath's fast failover, with only host crashes)", async () => {
    const r = await runSweep(plan(['cleanFailoverMs=5s,7s,30s'], ['host-crash']), { threads: 1 });
    const [a, b, c] = r.settings.map(outcome);
    expect(a.restoreMs?.samples).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(r.flips).toEqual([]);
  });

  it('… while a setting that matters moves the rows, and another seed draws other schedules (the comparison can tell)', async () => {
    const kinds = ['host-crash', 'storage-hard-powercycle', 'path-down'];
    const r = await runSweep(plan(['profile=seed-2009', 'timeoutMs=30s,120s'], kinds), { threads: 1 });
    expect(outcome(r.settings[1])).not.toEqual(outcome(r.settings[0]));
    const other = await runSweep(plan(['profile=seed-2009', 'timeoutMs=30s,120s'], kinds, { seed: SEED + 1 }), {
      threads: 1,
    });
    expect(outcome(other.settings[0])).not.toEqual(outcome(r.settings[0]));
  });

  it('a flip is a schedule judged differently at two neighbours: the shortest one is re-drawn with its environment', async () => {
    const r = await runSweep(
      plan(
        ['profile=seed-2009', 'hardFailoverMs=90s..120s', 'timeoutMs=90s,120s'],
        ['storage-hard-powercycle', 'host-crash'],
      ),
      { threads: 1 },
    );
    const fixedFence = r.flips.find((f) => f.property === 'noUnnecessaryFence')!;
    expect(fixedFence).toMatchObject({
      direction: 'violated→safe',
      from: { timeoutMs: 90_000 },
      to: { timeoutMs: 120_000 },
    });
    expect(fixedFence.schedules).toBe(r.settings[0].properties.noUnnecessaryFence.violations);
    expect(fixedFence.shortest.schedule).toHaveLength(1);
    expect(fixedFence.shortest.schedule[0].fault).toBe('storage-hard-powercycle');
    expect(fixedFence.shortest.environment.hardFailoverMs).toBeGreaterThan(90_000);
    expect(fixedFence.shortest.environment.hardFailoverMs).toBeLessThanOrEqual(120_000);
  });
});

describe('threads', () => {
  const sets = ['profile=seed-2009', 'hardFailoverMs=60s..130s', 'timeoutMs=30s,60s,90s,120s'];
  const kinds = ['host-crash', 'storage-hard-powercycle', 'switch-down', 'path-down'];
  it('one thread, this thread and a worker, or workers alone: the same result, to the last field', async () => {
    const p = plan(sets, kinds, { runs: Math.max(120, RUNS), baseline: true, maxFaults: 2 });
    const one = await runSweep(p, { threads: 1, recommend: 'noUnnecessaryFence' });
    const two = await runSweep(p, { threads: 2, recommend: 'noUnnecessaryFence' });
    const workersOnly = await runSweep(p, { threads: 3, coordinateOnly: true, recommend: 'noUnnecessaryFence' });
    expect(one.settings.every((s) => s.runs === p.runs)).toBe(true);
    expect(one.flips.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
    expect(workersOnly).toEqual(one);
  });

  it('reports progress up to every run', async () => {
    const p = plan(sets, kinds, { runs: 60 });
    const seen: number[] = [];
    await runSweep(p, { threads: 1, onProgress: (done, total) => seen.push(done / total) });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('recommendation', () => {
  const sweep = (sets: string[], recommend: PropertyName) =>
    runSweep(plan(sets, ['storage-hard-powercycle', 'host-crash'], { baseline: true }), { threads: 1, recommend });

  it('the default setting joins as a baseline when the grid lacks it, and the cost is measured against it', async () => {
    const r = await sweep(['timeoutMs=90s,120s,150s'], 'noUnnecessaryFence'); // xha: default T = 60 s, D = 120 s
    expect(r.settings.map((s) => [s.label, s.inGrid, s.isDefault])).toEqual([
      ['timeoutMs=90 s', true, false],
      ['timeoutMs=120 s', true, false],
      ['timeoutMs=150 s', true, false],
      ['timeoutMs=60 s', false, true],
    ]);
    expect(r.recommendation).toMatchObject({ values: { timeoutMs: 120_000 }, defaultValues: { timeoutMs: 60_000 } });
    expect(r.recommendation!.restoreCostMs).toBe(r.settings[1].restoreMs!.p50 - r.settings[3].restoreMs!.p50);
    expect(r.recommendation!.restoreCostMs).toBeGreaterThan(0);
  });

  it('is null when every setting violates the property', async () => {
    const r = await sweep(['timeoutMs=30s,60s'], 'noUnnecessaryFence');
    expect(r.recommendation).toBeNull();
    expect(r.recommendProperty).toBe('noUnnecessaryFence');
  });
});
