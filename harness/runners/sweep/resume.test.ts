// A sweep stopped anywhere and resumed from its checkpoint gives the result of a sweep never stopped,
// to the last field: after any number of schedules (run here in-process, then written out as a
// checkpoint's JSON text and read back), and when a signal stops it mid-run on worker threads.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findModel } from '../../../models/registry.js';
import { SEED } from '../testing.js';
import { decodeProgress, encodeTally, identityDifferences, identityOf, TallyShapeError } from './checkpoint.js';
import { Frontier, type SweepProgress } from './frontier.js';
import { SweepRunner } from './runner.js';
import { parseSweepSets } from './settings.js';
import type { SweepResult } from './summary.js';
import { planSweep, runSweep, SweepInterrupted } from './sweep.js';
import { emptyTally } from './tally.js';

const model = findModel('xenserver-ha')!;
const mirrored = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;
const RUNS = 120;

const plan = planSweep({
  model,
  preset: mirrored,
  settings: parseSweepSets(model, ['profile=seed-2009', 'hardFailoverMs=60s..130s', 'timeoutMs=30s,60s,120s']),
  properties: model.properties,
  kinds: ['host-crash', 'storage-hard-powercycle', 'path-down'],
  maxFaults: 2,
  repairs: true,
  runs: RUNS,
  seed: SEED,
  baseline: true,
});
const recommend = 'noUnnecessaryFence';

/** Progress as a checkpoint file carries it: JSON text, read back and checked against the plan. */
function throughFile(p: SweepProgress): SweepProgress {
  const text = JSON.stringify({ next: p.next, tally: encodeTally(p.tally) });
  const read = JSON.parse(text) as { next: unknown; tally: unknown };
  return decodeProgress(read.next, read.tally, plan);
}

describe('resume', () => {
  let whole: SweepResult;
  beforeAll(async () => {
    whole = await runSweep(plan, { threads: 1, recommend });
  }, 120_000);

  it('the sweep under test has something to lose: flips, violations and several settings', () => {
    expect(whole.flips.length).toBeGreaterThan(0);
    expect(whole.settings.some((s) => s.properties[recommend].violations > 0)).toBe(true);
    expect(whole.settings.every((s) => s.runs === RUNS)).toBe(true);
  });

  it('stopped after any number of schedules, checkpointed and resumed: the same result, to the last field', async () => {
    const runner = new SweepRunner(plan);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: RUNS }), async (k) => {
        const progress = throughFile({ next: k, tally: runner.runRange(0, k) });
        const resumed = await runSweep(plan, { threads: 1, recommend, resume: progress });
        expect(resumed).toStrictEqual(whole);
      }),
      { seed: SEED, numRuns: 6, examples: [[0], [1], [RUNS - 1], [RUNS]] },
    );
  });

  it('stopped by its signal mid-run on two worker threads, resumed on one thread or two: the same result', async () => {
    const controller = new AbortController();
    let stopped: SweepProgress | null = null;
    try {
      await runSweep(plan, {
        threads: 2,
        recommend,
        signal: controller.signal,
        onAdvance: (p) => (p.next >= 20 ? controller.abort() : undefined),
      });
    } catch (error) {
      if (!(error instanceof SweepInterrupted)) throw error;
      stopped = error.progress;
    }
    expect(stopped).not.toBeNull();
    expect(stopped!.next).toBeGreaterThanOrEqual(20);
    expect(stopped!.next).toBeLessThan(RUNS);
    const progress = throughFile(stopped!);
    expect(await runSweep(plan, { threads: 1, recommend, resume: progress })).toStrictEqual(whole);
    expect(await runSweep(plan, { threads: 2, recommend, resume: progress })).toStrictEqual(whole);
  });

  it('a finished checkpoint resumes to the result without running anything', async () => {
    const done = throughFile({ next: RUNS, tally: new SweepRunner(plan).runRange(0, RUNS) });
    let advanced = 0;
    const r = await runSweep(plan, { threads: 2, recommend, resume: done, onAdvance: () => advanced++ });
    expect(r).toStrictEqual(whole);
    expect(advanced).toBe(0);
  });
});

describe('frontier', () => {
  it('slices finished out of order join the prefix in index order, and only once the gap is filled', () => {
    const runner = new SweepRunner(plan);
    const f = new Frontier(plan);
    expect(f.add(20, 30, runner.runRange(20, 30))).toBe(false);
    expect(f.progress.next).toBe(0);
    expect(f.add(0, 20, runner.runRange(0, 20))).toBe(true);
    expect(f.progress.next).toBe(30);
    expect(encodeTally(f.progress.tally)).toStrictEqual(encodeTally(runner.runRange(0, 30)));
  });
});

describe('checkpoint contents', () => {
  const good = () =>
    JSON.parse(JSON.stringify(encodeTally(new SweepRunner(plan).runRange(0, 10)))) as {
      settings: { runs: number; violations: number[]; restoreMs: [number, number][] }[];
      flips: unknown[];
    };

  it('a tally that does not fit its plan is refused at the field that is wrong', () => {
    const shape = (next: unknown, tally: unknown) => {
      try {
        decodeProgress(next, tally, plan);
        return 'accepted';
      } catch (error) {
        if (!(error instanceof TallyShapeError)) throw error;
        return error.where;
      }
    };
    expect(shape(10, good())).toBe('accepted');
    expect(shape(11, good())).toBe('tally.settings[0].runs');
    expect(shape(RUNS + 1, good())).toBe('next');
    const fewer = good();
    fewer.settings.pop();
    expect(shape(10, fewer)).toBe('tally.settings');
    const negative = good();
    negative.settings[1].violations[0] = -1;
    expect(shape(10, negative)).toBe('tally.settings[1].violations[0]');
    const twice = good();
    twice.settings[0].restoreMs.push([...twice.settings[0].restoreMs[0]]);
    expect(twice.settings[0].restoreMs.length).toBeGreaterThan(1);
    expect(shape(10, twice)).toMatch(/^tally\.settings\[0\]\.restoreMs\[\d+\]\[0\]$/);
    expect(shape(10, { ...good(), flips: 'none' })).toBe('tally.flips');
  });

  it('a sweep that differs in one field is named by that field alone', () => {
    const mine = identityOf(plan, model, mirrored, '1.0.0');
    expect(identityDifferences(JSON.parse(JSON.stringify(mine)), mine)).toEqual([]);
    const other = identityOf({ ...plan, seed: plan.seed + 1 }, model, mirrored, '1.0.0');
    expect(identityDifferences(mine, other).map((d) => d.field)).toEqual(['seed']);
    const moved = { ...mirrored, topology: { ...mirrored.topology, name: 'moved' } };
    expect(identityDifferences(mine, identityOf(plan, model, moved, '1.0.0')).map((d) => d.field)).toEqual(['design']);
    expect(identityDifferences(mine, identityOf(plan, model, mirrored, '1.0.1')).map((d) => d.field)).toEqual([
      'hafault',
    ]);
    expect(identityDifferences(null, mine).length).toBe(Object.keys(mine).length);
    expect(emptyTally(plan).settings).toHaveLength(plan.settings.length);
  });
});
