// Combines the --json documents of `explore --shard 1/n … n/n` into the document the unsharded
// `explore --json` prints. Pure: documents in, document out (`hafault merge` reads the files).
//
//   mergeExploreJson(docs: readonly ExploreDocument[]): ExploreDocument
//
// The shards partition the first-level schedules, so together they try every schedule the unsharded
// search tries; but a state reached under first faults of different shards is explored in each,
// so their counts do not add up. Each shard therefore logs its search's decisions on explored
// states (runners/explore/shardLog.ts), and the merge replays the logs in the unsharded search's
// order against one set of states (shardReplay.ts says why that is exact): the counts, where the
// search stopped (the first violation without --keep-going, --max-states, a run that never
// settles) and so which shard's findings are the unsharded search's. The merged result is then the
// unsharded one but for the timing fields (seconds: the longest shard's) and each witness's
// traceFile (the file of the shard that wrote it). With --keep-going each property's witness is
// the first in the unsharded search order among the shards' (fewest faults, then the position of
// the first fault), which is the unsharded one unless that run was cut shorter in the unsharded
// search by another shard's state (docs/commands/explore.md "Shards").
//
// When the replay meets a decision no shard took (shardReplay.ts: `gap`), the merge falls back to
// sums over the shards, with the fault-free run counted once, and says so in `shards`:
// distinctStates then is an upper bound of the unsharded count, schedules and runs at least the unsharded ones.
import type { ExploreJson } from './explore.js';
import { UsageError } from './common.js';
import { decodeShardLog } from '../runners/explore/shardLog.js';
import { replayShardLogs, type ReplayResult } from '../runners/explore/shardReplay.js';

/** An `explore --json` document; a merged one's results carry `shards`. */
export interface ExploreDocument {
  readonly results: readonly (ExploreJson & { readonly shards?: MergedShards })[];
}

type Violation = ExploreJson['violations'][number];

/** What a merged result adds to the unsharded shape when its counts could not be recomputed exactly. */
export interface MergedShards {
  readonly count: number;
  readonly firstLevelSchedules: number;
  /** Stats are sums over shards (see the module comment), distinctStates an upper bound. */
  readonly statsAreSums: true;
  /** Why the shards' logs could not be replayed exactly. */
  readonly why: string;
}

const label = (r: ExploreJson) => `${r.model}/${r.preset ?? r.topology ?? '?'}`;

/** The shards' documents (any order) as one document: one result per model/preset, in the first document's order. */
export function mergeExploreJson(docs: readonly ExploreDocument[]): ExploreDocument {
  if (docs.length === 0) throw new UsageError(['no explore documents given']);
  const groups = new Map<string, ExploreJson[]>();
  for (const doc of docs)
    for (const r of doc.results) {
      const key = label(r);
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
  const problems: string[] = [];
  const results: ExploreJson[] = [];
  for (const [key, group] of groups) {
    const shardProblems = checkShards(key, group);
    if (shardProblems.length > 0) problems.push(...shardProblems);
    else results.push(mergeResults(group));
  }
  if (problems.length > 0) throw new UsageError(problems);
  return { results };
}

/** Every shard 1..n exactly once, all of one search (same depth, choices, settings' timing, mode). */
function checkShards(key: string, group: readonly ExploreJson[]): string[] {
  const unsharded = group.filter((r) => r.shard === undefined);
  if (unsharded.length > 0) return [`${key}: a document is not a shard (run explore with --shard i/n)`];
  const count = group[0].shard!.count;
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const r of group) {
    const s = r.shard!;
    if (s.count !== count) problems.push(`${key}: shards of ${count} and of ${s.count} mixed`);
    else if (seen.has(s.index)) problems.push(`${key}: shard ${s.index}/${count} given twice`);
    seen.add(s.index);
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        problems.push(`${key}: shard ${s.index}/${s.count} differs in ${what} from shard ${group[0].shard!.index}`);
    };
    same('--depth', r.depth, group[0].depth);
    same('fault choices (--faults, --repairs, settings)', r.choices, group[0].choices);
    same('timing (settings or --instants)', r.timing, group[0].timing);
    same('--keep-going', s.keepGoing, group[0].shard!.keepGoing);
    same('--property', s.properties, group[0].shard!.properties);
    same('--max-states', s.maxStates, group[0].shard!.maxStates);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0 && problems.length === 0)
    problems.push(
      `${key}: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
    );
  return problems;
}

function mergeResults(unordered: readonly ExploreJson[]): ExploreJson {
  const group = [...unordered].sort((a, b) => a.shard!.index - b.shard!.index);
  const first = group[0];
  const logs = group.map((r) => (typeof r.shard!.log === 'string' ? decodeShardLog(r.shard!.log) : null));
  const replay = logs.every((l) => l !== null)
    ? replayShardLogs(logs, {
        depth: first.depth,
        keepGoing: first.shard!.keepGoing,
        maxStates: first.shard!.maxStates,
      })
    : null;
  const stoppedAt = replay?.stop?.kind === 'violated' ? group[replay.stop.shard] : null;
  // Without --keep-going the unsharded search stops at its first violating run: that shard's violations, all on that run.
  const witnesses =
    replay === null || replay.gap !== null
      ? null
      : stoppedAt
        ? stoppedAt.violations.map(({ firstLevel: _firstLevel, ...v }) => v)
        : witnessesOf(group, replay);
  if (replay !== null && witnesses !== null) return exactly(group, replay, witnesses);
  return summed(group, replay?.gap ?? (replay ? UNKNOWN_WITNESS : 'a shard document without its search log'));
}

const UNKNOWN_WITNESS = 'the first violation of a property is on a run the unsharded search cut shorter or never made';

/**
 * The unsharded search's violations: each property's first in its order (the replay's), in that
 * order; null when that first one's run was not judged as the unsharded search judges it.
 */
function witnessesOf(group: readonly ExploreJson[], replay: ReplayResult): Omit<Violation, 'firstLevel'>[] | null {
  const out: Omit<Violation, 'firstLevel'>[] = [];
  const seen = new Set<string>();
  for (const { shard, index, same } of replay.violations) {
    const { firstLevel: _firstLevel, ...v } = group[shard].violations[index];
    if (seen.has(v.property)) continue;
    if (!same) return null;
    seen.add(v.property);
    out.push(v);
  }
  return out;
}

/** The unsharded result: the replayed counts, and the findings of the shards up to where the unsharded search stopped. */
function exactly(
  group: readonly ExploreJson[],
  replay: ReplayResult,
  violations: readonly Omit<Violation, 'firstLevel'>[],
): ExploreJson {
  const first = group[0];
  const stop = replay.stop;
  const seconds = Math.max(...group.map((r) => r.stats.seconds));
  const { shard: _shard, oscillation: _oscillation, ...rest } = first;
  const oscillation = stop?.kind === 'oscillating' ? group[stop.shard].oscillation : undefined;
  const { schedules, distinctStates, runs, events, depthReached } = replay;
  const truncated = stop?.kind === 'truncated';
  return {
    ...rest,
    status: oscillation ? 'oscillating' : violations.length > 0 ? 'violated' : stop === null ? 'holds' : 'incomplete',
    complete: stop === null,
    truncated,
    stoppedAt: truncated ? { maxStates: first.shard!.maxStates, distinctStates, depth: depthReached } : null,
    stats: {
      schedules,
      distinctStates,
      runs,
      events,
      seconds,
      depthReached,
      schedulesPerSecond: schedules / Math.max(seconds, 1e-9),
      distinctStatesPerSecond: distinctStates / Math.max(seconds, 1e-9),
    },
    violations,
    ...(oscillation ? { oscillation } : {}),
  } as ExploreJson;
}

/** Sums over the shards, marked as such, when the logs could not be replayed exactly (`why`). */
function summed(group: readonly ExploreJson[], why: string): ExploreJson {
  const first = group[0];
  const n = group.length;
  const common = first.shard!.common;
  const sum = (f: (r: ExploreJson) => number) => group.reduce((t, r) => t + f(r), 0);
  const seconds = Math.max(...group.map((r) => r.stats.seconds));
  const distinctStates = sum((r) => r.stats.distinctStates) - (n - 1) * common.distinctStates;
  const schedules = sum((r) => r.stats.schedules);
  const violations = mergeViolations(group, first.shard!.keepGoing);
  // Without --keep-going the unsharded search ends with the depth of its first violation; a shard
  // with none there went deeper, and what it met deeper (a run that never settles, --max-states)
  // the unsharded search never reached.
  const lastDepth = !first.shard!.keepGoing && violations.length > 0 ? violations[0].faults : Infinity;
  const oscillating = group.find((r) => r.oscillation !== undefined && r.oscillation.schedule.length <= lastDepth);
  const truncatedShard = group.find((r) => r.truncated && (r.stoppedAt?.depth ?? 0) <= lastDepth);
  // A shard that stopped at its violation is not complete, nor is the unsharded run that stops there.
  const complete = group.every((r) => r.complete);
  const stats = {
    schedules,
    distinctStates,
    runs: sum((r) => r.stats.runs) - (n - 1) * common.runs,
    events: sum((r) => r.stats.events) - (n - 1) * common.events,
    seconds,
    depthReached: Math.min(lastDepth, Math.max(...group.map((r) => r.stats.depthReached))),
    schedulesPerSecond: schedules / Math.max(seconds, 1e-9),
    distinctStatesPerSecond: distinctStates / Math.max(seconds, 1e-9),
  };
  const shards: MergedShards = {
    count: n,
    firstLevelSchedules: sum((r) => r.shard!.firstLevelSchedules),
    statsAreSums: true,
    why,
  };
  const { shard: _shard, oscillation: _oscillation, ...rest } = first;
  return {
    ...rest,
    status: oscillating ? 'oscillating' : violations.length > 0 ? 'violated' : complete ? 'holds' : 'incomplete',
    complete,
    truncated: truncatedShard !== undefined,
    stoppedAt: truncatedShard?.stoppedAt ? { ...truncatedShard.stoppedAt, distinctStates } : null,
    stats,
    violations,
    ...(oscillating ? { oscillation: oscillating.oscillation } : {}),
    shards,
  } as ExploreJson;
}

/**
 * Per property, the violation that comes first in the unsharded search order: fewest faults, then
 * the position of the first fault among the first-level schedules, then the shard's own order.
 * Without --keep-going the unsharded search stops at its first violating run: only that run's.
 */
function mergeViolations(group: readonly ExploreJson[], keepGoing: boolean): Violation[] {
  const all = group.flatMap((r) => r.violations.map((v, order) => ({ v, order })));
  const position = (v: Violation) => v.firstLevel ?? -1;
  all.sort((x, y) => x.v.faults - y.v.faults || position(x.v) - position(y.v) || x.order - y.order);
  const chosen = new Map<string, Violation>();
  for (const { v } of all) if (!chosen.has(v.property)) chosen.set(v.property, v);
  let out = [...chosen.values()];
  if (!keepGoing && out.length > 0)
    out = out.filter((v) => v.faults === out[0].faults && position(v) === position(out[0]));
  return out.map(({ firstLevel: _firstLevel, ...v }) => v);
}
