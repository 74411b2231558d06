// `sweep --shard i/n`: one block of the schedule indices (shard.ts) run at every setting, and with
// --json the document `hafault merge` needs: the flags and identity of the whole sweep (so shards of
// different sweeps are refused), the block, and its exact tally (histograms and all, as a checkpoint
// keeps it), or the first run of the block that never settles. Without --json: the block's own table.
import { identityOf, encodeTally } from '../runners/sweep/checkpoint.js';
import { SweepOscillation, type SweepOscillationFound } from '../runners/sweep/runner.js';
import { tallySweepRange } from '../runners/sweep/sweep.js';
import { threadsFor } from '../runners/pool.js';
import { summarizeSweep } from '../runners/sweep/summary.js';
import { SweepRunner } from '../runners/sweep/runner.js';
import { renderSweep } from '../../reports/sweepTable.js';
import type { SweepTally } from '../runners/sweep/tally.js';
import { EXIT_HOLDS, EXIT_OSCILLATION, EXIT_VIOLATION, UsageError } from './common.js';
import type { Tick } from './progressBar.js';
import { blockOf, SHARD_FORMAT, SHARD_KINDS, type Shard } from './shard.js';
import { HAFAULT_VERSION } from './sweepCheckpoint.js';
import { flagsToStore } from './sweepResume.js';
import type { Model, Preset, PropertyName } from '../engine/model.js';
import type { SweepPlan } from '../runners/sweep/plan.js';
import type { SweepResult } from '../runners/sweep/summary.js';

/** A sweep's flags read (sweep.ts planOfFlags). */
export interface PlannedSweep {
  readonly model: Model;
  readonly preset: Preset;
  readonly plan: SweepPlan;
  readonly recommend: PropertyName | null;
  readonly threads: number;
}

/** What a shard reads of its flags. */
interface ShardFlags {
  readonly json?: boolean;
  readonly threads?: string;
  readonly out?: string;
  readonly checkpoint?: string;
  readonly resume?: string;
}

/**
 * With --recommend: 0 when some setting clears the property without making a safety property worse
 * than the default. Without: 0 when no property asked for is violated anywhere (safety properties
 * judged only because --property left them out are shown, not gated on).
 */
export function exitCode(r: SweepResult): number {
  if (r.recommendProperty !== null) return r.recommendation !== null ? EXIT_HOLDS : EXIT_VIOLATION;
  const asked = r.plan.properties.filter((p) => !r.plan.addedForSafety.includes(p));
  return r.settings.some((s) => asked.some((p) => s.properties[p].violations > 0)) ? EXIT_VIOLATION : EXIT_HOLDS;
}

/** Flags that change only where the output goes or how fast: not part of what shards must share. */
const OUTPUT_FLAGS = ['shard', 'json', 'quiet', 'threads', 'out', 'checkpoint', 'resume'];

/** A shard writes no reports and keeps no checkpoint: merge writes the one answer. */
export function refuseBesideShard(flags: ShardFlags): void {
  const beside = (['out', 'checkpoint', 'resume'] as const).filter((k) => flags[k] !== undefined);
  if (beside.length > 0)
    throw new UsageError(
      beside.map((k) => `--${k}: not taken beside --shard (a shard prints its tally with --json; merge answers)`),
    );
}

/** The flags every shard of one sweep shares (a topology file by its full path, as the workers load it). */
export function sharedFlags(flags: object, topologyFile: string | undefined) {
  const stored = flagsToStore({ ...flags, ...(topologyFile !== undefined ? { topology: topologyFile } : {}) });
  return Object.fromEntries(Object.entries(stored).filter(([k]) => !OUTPUT_FLAGS.includes(k)));
}

export async function runSweepShard(
  planned: PlannedSweep,
  flags: ShardFlags,
  shard: Shard,
  write: (s: string) => void,
  progress: Tick,
  colour: boolean,
): Promise<number> {
  const { plan, model, preset, recommend } = planned;
  const { from, to } = blockOf(shard, plan.runs);
  // Without --threads, as many as the shard's own runs pay for, not the whole sweep's.
  const threads = flags.threads === undefined ? threadsFor((to - from) * plan.settings.length) : planned.threads;
  let tally: SweepTally | null = null;
  let oscillation: SweepOscillationFound | null = null;
  try {
    tally = await tallySweepRange(plan, from, to, { threads, onProgress: progress });
  } catch (error) {
    if (!(error instanceof SweepOscillation)) throw error;
    oscillation = error.found;
  }
  const result = tally === null ? null : summarizeSweep(plan, tally, new SweepRunner(plan), recommend);
  if (flags.json) {
    const doc = {
      hafault: SHARD_KINDS.sweep,
      format: SHARD_FORMAT,
      shard: { index: shard.index, count: shard.count },
      flags: sharedFlags(flags, plan.topologyFile),
      sweep: identityOf(plan, model, preset, HAFAULT_VERSION),
      from,
      to,
      tally: tally === null ? null : encodeTally(tally),
      oscillation,
    };
    write(JSON.stringify(doc, null, 2) + '\n');
  } else if (result !== null) {
    write(`hafault sweep --shard ${shard.index}/${shard.count}: schedules ${from}..${to - 1} of ${plan.runs} only\n`);
    write(renderSweep(result, threads, colour));
  } else write(`hafault sweep --shard ${shard.index}/${shard.count}: schedule #${oscillation!.index} never settles\n`);
  return result === null ? EXIT_OSCILLATION : exitCode(result);
}
