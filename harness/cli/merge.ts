// `hafault merge FILE...`: joins the --json documents of a check's, a sweep's or an explore's
// shards (`--shard i/n`, shard.ts) into the document the unsharded command prints, and exits as it
// would have. Each kind of shard has its merger (mergeCheck.ts, mergeSweep.ts, mergeExplore below);
// what every kind shares is
// checked here: each file a shard document of one kind, the same number of shards, each shard once.
import { readInputFile } from '../runners/inputFile.js';
import { InputFileError } from '../engine/inputText.js';
import { UsageError, verdictExitCode } from './common.js';
import { mergeCheck } from './mergeCheck.js';
import { mergeSweep } from './mergeSweep.js';
import { mergeExploreJson, type ExploreDocument } from './exploreMerge.js';
import { SHARD_FORMAT, SHARD_KINDS } from './shard.js';
import type { MergeIo, ShardFile } from './mergeShared.js';

/** Shards of one kind, in shard order, to the unsharded command's output; resolves to its exit code. */
type Merger = (shards: readonly ShardFile[], io: MergeIo) => number | Promise<number>;

/**
 * Explore's shards: the unsharded verdicts exactly, the counts as sums (exploreMerge.ts says why);
 * the exit code as `explore` computes it from its outcomes.
 */
function mergeExplore(shards: readonly ShardFile[], io: MergeIo): number {
  const merged = mergeExploreJson(shards.map((s) => s.doc as unknown as ExploreDocument));
  io.write(JSON.stringify(merged, null, 2) + '\n');
  const statuses = merged.results.map((r) => r.status);
  return verdictExitCode(statuses.includes('oscillating'), statuses.includes('violated'));
}

/** Per `hafault` field of a shard document, its merger. */
const MERGERS: Readonly<Record<string, Merger>> = {
  [SHARD_KINDS.check]: mergeCheck,
  [SHARD_KINDS.sweep]: mergeSweep,
  [SHARD_KINDS.explore]: mergeExplore,
};

export async function runMerge(files: readonly string[], io: MergeIo): Promise<number> {
  const problems: string[] = [];
  const shards = files.flatMap((file) => {
    try {
      return [readShard(file)];
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(...error.problems);
      return [];
    }
  });
  if (problems.length > 0) throw new UsageError(problems);
  const kind = String(shards[0].doc.hafault);
  return MERGERS[kind](inShardOrder(shards, kind), io);
}

function readShard(file: string): ShardFile {
  let doc: unknown;
  try {
    doc = JSON.parse(readInputFile(file, 'json'));
  } catch (error) {
    if (error instanceof InputFileError)
      throw new UsageError(error.lines.map((l) => l.replace(/^hafault merge: /, '')));
    throw new UsageError([`${file}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`]);
  }
  const d = (typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const kind = d.hafault;
  const shard = (typeof d.shard === 'object' && d.shard !== null ? d.shard : {}) as Record<string, unknown>;
  const { index, count } = shard;
  if (typeof kind !== 'string' || !(kind in MERGERS) || !isCount(index) || !isCount(count) || index > count)
    throw new UsageError([
      `${file}: not a shard document (expected what \`check\`, \`sweep\` or \`explore\` with \`--shard i/n --json\` prints)`,
    ]);
  if (d.format !== SHARD_FORMAT)
    throw new UsageError([`${file}: shard format ${String(d.format)}; this hafault reads format ${SHARD_FORMAT}`]);
  return { file, index, count, doc: d };
}

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** One kind, one count, every shard exactly once: sorted by index; else one line per problem. */
function inShardOrder(shards: readonly ShardFile[], kind: string): ShardFile[] {
  const [first] = shards;
  const problems: string[] = [];
  for (const s of shards) {
    if (s.doc.hafault !== kind)
      problems.push(`${s.file}: ${withArticle(String(s.doc.hafault))}, but ${first.file} is ${withArticle(kind)}`);
    else if (s.count !== first.count)
      problems.push(`${s.file}: shard ${s.index}/${s.count}, but ${first.file} is one of ${first.count} shards`);
  }
  if (problems.length > 0) throw new UsageError(problems);
  for (let index = 1; index <= first.count; index++) {
    const given = shards.filter((s) => s.index === index);
    if (given.length === 0) problems.push(`shard ${index}/${first.count} is missing`);
    if (given.length > 1)
      problems.push(
        `shard ${index}/${first.count} is given ${given.length} times (${given.map((s) => s.file).join(', ')})`,
      );
  }
  if (problems.length > 0) throw new UsageError(problems);
  return [...shards].sort((a, b) => a.index - b.index);
}
