// A `--set` grid past its ceiling is refused before any grid is built: the 508 000-setting sweep that
// ran out of heap after 35 s, and the `run` that took 2.4 GB, now end at once with one line each.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRID_CEILINGS } from './gridSize.js';
import { runPlan, type RunFlags } from './run.js';
import { planOfFlags, runSweepCommand, type SweepFlags } from './sweep.js';
import { usageProblems } from './testRefusal.js';

const out = mkdtempSync(join(tmpdir(), 'hafault-grid-'));
const none = () => {};
const list = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(',');

const refusal = usageProblems;

const sweep = (set: string[], runs = '1'): SweepFlags => ({
  model: 'keepalived',
  set,
  property: [],
  runs,
  seed: '1',
  maxFaults: '1',
  repairs: true,
  threads: '1',
  quiet: true,
  out,
});
const run = (set: string[]): RunFlags => ({ model: 'keepalived', set, step: ['at 10s: partition r1|r2'], out });

/** Refused fast: the grid is never built (building 508 000 settings took 35 s and all the heap). */
async function refusedFast(go: () => unknown): Promise<string[]> {
  const started = performance.now();
  const lines = await refusal(go);
  expect(performance.now() - started).toBeLessThan(3000);
  return lines;
}

describe('sweep: a grid past its ceiling', () => {
  it('the review case, 2000 × 254 settings: the long list and the size, one line each', async () => {
    const lines = await refusedFast(() =>
      runSweepCommand(sweep([`advertIntMs=${list(10, 2000)}`, `priority1=${list(1, 254)}`]), [], none),
    );
    expect(lines).toEqual([
      '--set advertIntMs: 2 000 values; a list takes at most 1 000',
      '--set: 508 000 settings (2 000 × 254); a sweep compares at most 1 000',
    ]);
  });

  it('1001 settings from short lists', async () => {
    const lines = await refusedFast(() =>
      runSweepCommand(sweep([`advertIntMs=${list(10, 77)}`, `priority1=${list(1, 13)}`]), [], none),
    );
    expect(lines).toEqual(['--set: 1 001 settings (77 × 13); a sweep compares at most 1 000']);
  });

  it('settings × runs past 10^7 simulated runs', async () => {
    const lines = await refusedFast(() => runSweepCommand(sweep([`advertIntMs=${list(10, 11)}`], '1e6'), [], none));
    expect(lines).toEqual([
      '--runs: 11 settings × 1 000 000 runs = 11 000 000 simulated runs; a sweep runs at most 10 000 000 (fewer settings or fewer --runs; or split it with --shard)',
    ]);
  });

  it('with --shard the ceiling bounds one shard: 11 × 10^6 in 2 shards is planned, in 1 refused', () => {
    const flags = sweep([`advertIntMs=${list(10, 11)}`], '1e6');
    expect(planOfFlags({ ...flags, shard: '1/2' }).plan.settings.length).toBe(11);
    expect(() => planOfFlags({ ...flags, shard: '1/1' })).toThrow(
      '--runs: 11 settings × 1 000 000 runs = 11 000 000 simulated runs; a sweep runs at most 10 000 000 (fewer settings or fewer --runs; or split it with --shard)',
    );
    expect(() => planOfFlags({ ...flags, set: [`advertIntMs=${list(10, 21)}`], shard: '2/2' })).toThrow(
      '--runs: 21 settings × 500 000 runs = 10 500 000 simulated runs in one of 2 shards; a shard runs at most 10 000 000 (more shards, fewer settings or fewer --runs)',
    );
  });

  it('exactly at the ceilings is run', async () => {
    const write: string[] = [];
    const code = await runSweepCommand(sweep([`advertIntMs=${list(10, 40)}`, `priority1=${list(1, 25)}`]), [], (s) =>
      write.push(s),
    );
    expect([0, 1]).toContain(code); // run, not refused (some low advertisement intervals violate)
    expect(write.join('')).toContain('advertIntMs=49 ms, priority1=25');
  }, 180_000); // 1 000 settings: about 30 CPU-s; a shared CI machine may take twice that in wall time
});

describe('run: combinations past the ceiling', () => {
  it('the review case, and 1001 combinations', async () => {
    expect(
      await refusedFast(() => runPlan(run([`advertIntMs=${list(10, 2000)}`, `priority1=${list(1, 254)}`]), none)),
    ).toEqual([
      '--set advertIntMs: 2 000 values; a list takes at most 1 000',
      '--set: 508 000 combinations (2 000 × 254); a run rehearses at most 1 000',
    ]);
    expect(
      await refusedFast(() => runPlan(run([`advertIntMs=${list(10, 77)}`, `priority1=${list(1, 13)}`]), none)),
    ).toEqual(['--set: 1 001 combinations (77 × 13); a run rehearses at most 1 000']);
  });
});

describe('docs state the ceilings the code enforces', () => {
  const root = join(import.meta.dirname, '..', '..');
  const spaced = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  it('check.md counts table, sweep.md and run.md', () => {
    const check = readFileSync(join(root, 'docs/commands/check.md'), 'utf8');
    const rows = [...check.matchAll(/^\| `--set` ([a-z ×]+) \| [^|]+ \| at most (\d+) /gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rows.sort()).toEqual(
      [
        `list values ${GRID_CEILINGS.listValues}`,
        `settings ${GRID_CEILINGS.sweepSettings}`,
        `settings × runs ${GRID_CEILINGS.sweepRuns}`,
        `combinations ${GRID_CEILINGS.runCombinations}`,
      ].sort(),
    );
    const sweepPage = readFileSync(join(root, 'docs/commands/sweep.md'), 'utf8');
    expect(sweepPage).toContain(`at most ${spaced(GRID_CEILINGS.sweepSettings)} settings`);
    expect(sweepPage).toContain(`at most ${spaced(GRID_CEILINGS.sweepRuns)} simulated runs`);
    const runPage = readFileSync(join(root, 'docs/commands/run.md'), 'utf8');
    expect(runPage).toContain(`at most ${spaced(GRID_CEILINGS.runCombinations)} combinations`);
  });
});
