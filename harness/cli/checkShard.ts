// `check --shard i/n`: the units a shard judges (model × preset × property, in check's order, cut
// into contiguous blocks: shard.ts) and the document its --json prints for `hafault merge`: what it
// ran, its results as the unsharded `check --json` has them, and every option that decides a result
// (seed, runs, faults, repairs, and per target a digest of its design and settings), so that merge
// refuses shards of different checks.
import { createHash } from 'node:crypto';
import type { PropertyName } from '../engine/model.js';
import { targetLabel, type Target } from '../engine/target.js';
import { HAFAULT_VERSION } from '../runners/version.js';
import { blockOf, SHARD_FORMAT, SHARD_KINDS, type Shard } from './shard.js';

export interface CheckPlanRow {
  readonly target: Target;
  readonly properties: readonly PropertyName[];
}

export interface CheckSearchOptions {
  readonly runs: number;
  readonly seed: number;
  readonly maxFaults: number;
  readonly repairs: boolean;
}

/** Every unit of the unsharded check, by name (`model/preset property`), in its order. */
export function unitsOf(plan: readonly CheckPlanRow[]): string[] {
  return plan.flatMap(({ target, properties }) => properties.map((p) => `${targetLabel(target)} ${p}`));
}

/** The plan cut to the shard's block of units (targets left without a unit dropped), and the units' indices. */
export function shardOf(plan: readonly CheckPlanRow[], shard: Shard): { plan: CheckPlanRow[]; ran: number[] } {
  const { from, to } = blockOf(shard, unitsOf(plan).length);
  const ran: number[] = [];
  let unit = 0;
  const cut = plan.flatMap(({ target, properties }) => {
    const kept = properties.filter(() => {
      const inBlock = unit >= from && unit < to;
      if (inBlock) ran.push(unit);
      unit++;
      return inBlock;
    });
    return kept.length > 0 ? [{ target, properties: kept }] : [];
  });
  return { plan: cut, ran };
}

/** What decides a target's results beyond its name: its topology, settings and fault kinds (sha256). */
function designOf(target: Target): string {
  const design = { topology: target.topology, config: target.config, faults: target.faults };
  return createHash('sha256').update(JSON.stringify(design)).digest('hex');
}

/** The options every shard of one check shares; merge compares them field by field. */
export function checkShardOptions(plan: readonly CheckPlanRow[], search: CheckSearchOptions) {
  return {
    hafault: HAFAULT_VERSION,
    seed: search.seed,
    runs: search.runs,
    maxFaults: search.maxFaults,
    repairs: search.repairs,
    designs: plan.map(({ target }) => `${targetLabel(target)} ${designOf(target)}`),
    units: unitsOf(plan),
  };
}

export type CheckShardOptions = ReturnType<typeof checkShardOptions>;

/** `check --shard i/n --json`. */
export function checkShardJson<R>(shard: Shard, options: CheckShardOptions, ran: readonly number[], results: R[]) {
  return {
    hafault: SHARD_KINDS.check,
    format: SHARD_FORMAT,
    shard: { index: shard.index, count: shard.count },
    options,
    /** Per result (same order), its unit's index in options.units. */
    ran,
    results,
  };
}

/** The text answer's first line under --shard: which units this shard judged, of how many. */
export function shardLine(shard: Shard, ran: readonly number[], plan: readonly CheckPlanRow[]): string {
  const units = unitsOf(plan).length;
  const [first, last] = [ran[0] + 1, ran[ran.length - 1] + 1];
  const which = ran.length === 0 ? 'no unit' : first === last ? `unit ${first}` : `units ${first}–${last}`;
  return `shard ${shard.index}/${shard.count}: ${which} of ${units} (model × preset × property); hafault merge joins the shards' --json\n`;
}
