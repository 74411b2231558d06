// `hafault merge` of check shards: the shards' results, in unit order, are the unsharded `check
// --json` document; its exit code follows from their statuses as check's does. Refused: shards of
// different checks (any option that decides a result differs) and a shard whose units are not its
// block (an edited or truncated file).
import { UsageError, verdictExitCode } from './common.js';
import { optionDifferences, record, type MergeIo, type ShardFile } from './mergeShared.js';
import { blockOf } from './shard.js';

const LABELS: Readonly<Record<string, string>> = {
  hafault: 'the hafault version',
  seed: '--seed',
  runs: '--runs',
  maxFaults: '--max-faults',
  repairs: 'repairs (--no-repairs)',
  designs: 'the presets or topology files and their settings (--model, --preset, --topology, --set)',
  units: 'the units (model/preset property; --property)',
};

export function mergeCheck(shards: readonly ShardFile[], io: MergeIo): number {
  const differences = optionDifferences(shards, (s) => record(s.doc.options), LABELS);
  if (differences.length > 0) throw new UsageError(differences);
  const units = record(shards[0].doc.options).units;
  if (!Array.isArray(units)) throw new UsageError([`${shards[0].file}: options.units: expected a list`]);
  const results = shards.flatMap((s) => resultsOf(s, units.length));
  const status = (x: string) => results.some((r) => record(r).status === x);
  io.write(JSON.stringify({ results }, null, 2) + '\n');
  return verdictExitCode(status('oscillating'), status('violated'));
}

/** A shard's results, once they are exactly its block's units. */
function resultsOf(s: ShardFile, units: number): unknown[] {
  const { from, to } = blockOf(s, units);
  const ran = s.doc.ran;
  const results = s.doc.results;
  const expected = Array.from({ length: to - from }, (_, k) => from + k);
  if (!Array.isArray(results) || !Array.isArray(ran) || JSON.stringify(ran) !== JSON.stringify(expected))
    throw new UsageError([
      `${s.file}: shard ${s.index}/${s.count} should hold units ${from}..${to - 1} of ${units}; found ${JSON.stringify(ran)?.slice(0, 60) ?? 'none'}`,
    ]);
  if (results.length !== ran.length)
    throw new UsageError([`${s.file}: ${ran.length} units ran but ${results.length} results`]);
  return results;
}
