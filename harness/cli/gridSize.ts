// Ceilings on a `--set` grid. `sweep` runs every schedule at every setting of the product of its
// lists and `run` rehearses its plan once per combination; both hold the whole grid in memory, so a
// typo such as `--set advertIntMs=10,11,…,2009 --set priority1=1,…,254` (508 000 settings) ran out of
// heap after 35 s. The size is computed from the lists' lengths, before any grid is built, and a grid
// past its ceiling is refused with one line naming the count. Measured here (`/usr/bin/time -f %M`,
// keepalived): a sweep setting holds about 25 KB at --runs 1 (100 settings 150 MB, 1000 settings
// 172 MB), a `run` combination about 200 KB (its whole trace: 10 runs 140 MB, 100 runs 159 MB).
import type { SetPair } from '../engine/setFlags.js';
import { UsageError } from './common.js';

export const GRID_CEILINGS = {
  /** Values in one `--set key=v1,v2,…` (each is checked against every other: kept well under quadratic trouble). */
  listValues: 1000,
  /** Settings a sweep compares: its tables print a row each; 1000 is about 25 MB of tallies. */
  sweepSettings: 1000,
  /** Simulated runs of a sweep (settings × --runs): about 1 000 runs/s a thread here, so hours. */
  sweepRuns: 10_000_000,
  /** Runs of a `run` (combinations of its lists): about 200 KB each, so 200 MB. */
  runCombinations: 1000,
} as const;

/** `508 000`: thousands apart, as the docs write them (no locale: the same text on every machine). */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** One line per `--set` list longer than the ceiling (checked before its values are parsed). */
function listProblems(pairs: readonly SetPair[]): string[] {
  return pairs
    .filter((p) => p.form === 'list' && p.texts.length > GRID_CEILINGS.listValues)
    .map(
      (p) =>
        `--set ${p.key}: ${grouped(p.texts.length)} values; a list takes at most ${grouped(GRID_CEILINGS.listValues)}`,
    );
}

/** The product of the lists' lengths and how it is made (` (2000 × 254)` when several), without building the grid. */
export function gridSize(lengths: readonly number[]): { size: number; made: string } {
  const lists = lengths.filter((n) => n > 1);
  const size = lists.reduce((x, y) => x * y, 1);
  return { size, made: lists.length > 1 ? ` (${lists.map(grouped).join(' × ')})` : '' };
}

function sweepProblems(lengths: readonly number[], runs: number, shards: number): string[] {
  const { size, made } = gridSize(lengths);
  if (size > GRID_CEILINGS.sweepSettings)
    return [
      `--set: ${grouped(size)} settings${made}; a sweep compares at most ${grouped(GRID_CEILINGS.sweepSettings)}`,
    ];
  if (size * runs > GRID_CEILINGS.sweepRuns)
    return [
      shards > 1
        ? `--runs: ${grouped(size)} settings × ${grouped(runs)} runs = ${grouped(size * runs)} simulated runs in one of ${grouped(shards)} shards; a shard runs at most ${grouped(GRID_CEILINGS.sweepRuns)} (more shards, fewer settings or fewer --runs)`
        : `--runs: ${grouped(size)} settings × ${grouped(runs)} runs = ${grouped(size * runs)} simulated runs; a sweep runs at most ${grouped(GRID_CEILINGS.sweepRuns)} (fewer settings or fewer --runs; or split it with --shard)`,
    ];
  return [];
}

function runProblems(lengths: readonly number[]): string[] {
  const { size, made } = gridSize(lengths);
  return size > GRID_CEILINGS.runCombinations
    ? [`--set: ${grouped(size)} combinations${made}; a run rehearses at most ${grouped(GRID_CEILINGS.runCombinations)}`]
    : [];
}

/**
 * Refuses, before any value is parsed or any grid built, a `--set` list past its ceiling and a grid
 * past the command's (a sweep's also counted in simulated runs): one line each. `more`: the lengths of
 * lists that come from elsewhere (a topology file's environment).
 * @throws UsageError
 */
export function refuseLargeGrid(
  grid:
    | { readonly command: 'run' }
    // With --shard, `runs` is one shard's share: the ceiling bounds what one process runs.
    | { readonly command: 'sweep'; readonly runs: number; readonly shards?: number },
  pairs: readonly SetPair[],
  more: readonly number[] = [],
): void {
  const lengths = [...pairs.map((p) => (p.form === 'list' ? p.texts.length : 1)), ...more];
  const problems = [
    ...listProblems(pairs),
    ...(grid.command === 'sweep' ? sweepProblems(lengths, grid.runs, grid.shards ?? 1) : runProblems(lengths)),
  ];
  if (problems.length > 0) throw new UsageError(problems);
}
