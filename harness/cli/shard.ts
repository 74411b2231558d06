// `--shard i/n`: one of n machines' share of a check, a sweep or an explore, and the document it prints with
// --json for `hafault merge` (merge.ts). A share is a contiguous block: check's units (model ×
// preset × property, in the order check enumerates them) and sweep's schedule indices are cut into n
// blocks whose sizes differ by at most one. Contiguous rather than round-robin because a preset's
// properties are judged on one simulation per schedule (runners/search.ts): kept together, a shard
// simulates each of its presets once; dealt round-robin, every shard would simulate every preset.
import { UsageError } from './common.js';

export interface Shard {
  /** 1-based, as written. */
  readonly index: number;
  readonly count: number;
}

/** The `hafault` field of a shard document: what merge dispatches on. */
export const SHARD_KINDS = { check: 'check shard', sweep: 'sweep shard', explore: 'explore shard' } as const;
export const SHARD_FORMAT = 1;

export function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count)
    throw new UsageError([`--shard: expected i/n with 1 <= i <= n, found \`${text}\``]);
  return { index, count };
}

/** Shard `index` of `count`'s block of [0, total): [from, to). */
export function blockOf(shard: Shard, total: number): { from: number; to: number } {
  return {
    from: Math.floor(((shard.index - 1) * total) / shard.count),
    to: Math.floor((shard.index * total) / shard.count),
  };
}
