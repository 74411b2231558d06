// `hafault merge` of sweep shards: the sweep is planned again from the flags the shards share (and
// must plan to the identity each shard recorded), the shards' exact tallies are added in index order,
// and the sum is reported as the unsharded `sweep --json` reports its own: the same document, the
// same exit code. A run that never settles in some shard: the first of them, as the unsharded sweep
// would have stopped there.
import { decodeTally, identityOf, IDENTITY_LABELS, TallyShapeError } from '../runners/sweep/checkpoint.js';
import { SweepOscillation, type SweepOscillationFound } from '../runners/sweep/runner.js';
import { SweepRunner } from '../runners/sweep/runner.js';
import { summarizeSweep } from '../runners/sweep/summary.js';
import { emptyTally, mergeTally } from '../runners/sweep/tally.js';
import type { SweepPlan } from '../runners/sweep/plan.js';
import { UsageError } from './common.js';
import { optionDifferences, record, type MergeIo, type ShardFile } from './mergeShared.js';
import { blockOf } from './shard.js';
import { planOfFlags, report, type SweepFlags } from './sweep.js';
import { HAFAULT_VERSION } from './sweepCheckpoint.js';

/**
 * Flags the sweep's identity already compares by what they mean (the design by its digest, so the
 * same topology file at another path on another machine is the same sweep; numbers as numbers).
 */
const IN_IDENTITY = new Set([
  'model',
  'preset',
  'topology',
  'set',
  'property',
  'faults',
  'maxFaults',
  'repairs',
  'runs',
  'seed',
]);

/** Each other flag on its own (`flag:recommend`, shown as `--recommend`), so that a refusal names the one that differs. */
const flagsOf = (s: ShardFile) =>
  Object.fromEntries(
    Object.entries(record(s.doc.flags))
      .filter(([k]) => !IN_IDENTITY.has(k))
      .map(([k, v]) => [`flag:${k}`, v]),
  );

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function mergeSweep(shards: readonly ShardFile[], io: MergeIo): number {
  const flagLabels = shards.flatMap((s) =>
    Object.keys(flagsOf(s)).map((k): [string, string] => [k, `--${kebab(k.slice(5))}`]),
  );
  const labels: Record<string, string> = { ...IDENTITY_LABELS, ...Object.fromEntries(flagLabels) };
  const differences = optionDifferences(shards, (s) => ({ ...record(s.doc.sweep), ...flagsOf(s) }), labels);
  if (differences.length > 0) throw new UsageError(differences);
  const [first] = shards;
  const flags = { ...record(first.doc.flags), json: true } as unknown as SweepFlags;
  // Planned as one of its shards is: the ceiling on simulated runs bounds a shard, not the whole sweep.
  const planned = planOfFlags({ ...flags, shard: `1/${first.count}` });
  const { plan, model, preset, recommend } = planned;
  const identity = identityOf(plan, model, preset, HAFAULT_VERSION);
  const recorded = record(first.doc.sweep);
  const mismatched = (Object.keys(identity) as (keyof typeof identity)[]).filter(
    (k) => JSON.stringify(identity[k]) !== JSON.stringify(recorded[k]),
  );
  if (mismatched.length > 0)
    throw new UsageError(
      mismatched.map((k) => `${first.file}: ${IDENTITY_LABELS[k]} differs from what this hafault plans from its flags`),
    );
  const command = `npx hafault sweep (merged from ${shards.length} shards)`;
  const stopped = firstOscillation(shards, plan);
  if (stopped !== null) return report(new SweepOscillation(stopped), plan, flags, 1, command, io.write, io.colour);
  const tally = emptyTally(plan);
  for (const s of shards) mergeTally(tally, shardTally(s, plan));
  const result = summarizeSweep(plan, tally, new SweepRunner(plan), recommend);
  return report(result, plan, flags, 1, command, io.write, io.colour);
}

/** Each shard's block checked; the first run that never settles among them (lowest index, then setting). */
function firstOscillation(shards: readonly ShardFile[], plan: SweepPlan): SweepOscillationFound | null {
  let found: SweepOscillationFound | null = null;
  for (const s of shards) {
    const { from, to } = blockOf(s, plan.runs);
    if (s.doc.from !== from || s.doc.to !== to)
      throw new UsageError([
        `${s.file}: shard ${s.index}/${s.count} should hold schedules ${from}..${to - 1}; it says ${String(s.doc.from)}..${Number(s.doc.to) - 1}`,
      ]);
    const o = s.doc.oscillation as SweepOscillationFound | null | undefined;
    if (o === null || o === undefined) continue;
    if (typeof o.index !== 'number' || o.index < from || o.index >= to || typeof o.setting !== 'number')
      throw new UsageError([`${s.file}: oscillation: expected a schedule index in ${from}..${to - 1} and a setting`]);
    if (found === null || o.index < found.index || (o.index === found.index && o.setting < found.setting)) found = o;
  }
  return found;
}

function shardTally(s: ShardFile, plan: SweepPlan) {
  const { from, to } = blockOf(s, plan.runs);
  try {
    return decodeTally(s.doc.tally, plan, from, to);
  } catch (error) {
    if (!(error instanceof TallyShapeError)) throw error;
    throw new UsageError([`${s.file}: damaged: ${error.message}`]);
  }
}
