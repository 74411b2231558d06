import { describe, expect, it } from 'vitest';
import { findModel } from '../../../models/registry.js';
import { parseSweepSets } from '../sweep/settings.js';
import { runAvailability } from './availability.js';
import { planAvailability } from './planOf.js';
import { AvailabilityRunner } from './runner.js';
import { SLICE_EPISODES } from './slices.js';
import { emptyTally, mergeTally } from './tally.js';

const model = findModel('xenserver-ha')!;
const preset = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;

function plan(episodes: number) {
  return planAvailability({
    model,
    preset,
    settings: parseSweepSets(model, ['timeoutMs=30s,120s']),
    rates: { file: null, overrides: [{ target: 'storage-power-cycle', perYear: 0.5 }], commonCauseBeta: null },
    kinds: ['host', 'storage-power-cycle', 'switch'],
    seed: 7,
    length: { episodes },
    biasTarget: 1,
    properties: model.properties,
  }).plan;
}

describe('runAvailability', () => {
  it('gives the same result whatever the number of threads', { timeout: 60_000 }, async () => {
    const p = plan(3 * SLICE_EPISODES + 5);
    const one = await runAvailability(p, { threads: 1 });
    const two = await runAvailability(p, { threads: 2, coordinateOnly: true });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.episodes).toBe(p.episodes);
    expect(one.settings.map((s) => s.label)).toEqual(['timeoutMs=30s', 'timeoutMs=120s']);
    // a SAN power cycle twice a year at 30 s fences the pool: the needless fences show up, and 120 s wins
    expect(one.settings[0].byCause['needless-fence'].mean).toBeGreaterThan(0);
    expect(one.best?.label).toBe('timeoutMs=120s');
    // never seen: 0 per year with a one-sided bound (rule of three × the largest likelihood ratio), never [0, 0]
    const unseen = one.settings[1].incidentsPerYear.noDualActive;
    expect(unseen.mean).toBe(0);
    expect(unseen.high).toBeGreaterThan(0);
    expect(unseen.high).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it('tallies of slices add up to the tally of the whole range', () => {
    const runner = new AvailabilityRunner(plan(40));
    const whole = runner.runRange(0, 40);
    const parts = emptyTally(runner.plan, runner.services.length);
    mergeTally(parts, runner.runRange(0, 17));
    mergeTally(parts, runner.runRange(17, 40));
    expect(parts.episodes).toBe(whole.episodes);
    const flat = (t: typeof whole) =>
      JSON.stringify(t, (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));
    expect(flat(parts)).toBe(flat(whole));
    expect(whole.settings[0].design.x).toBeGreaterThan(0);
  });
});
