// What merge.ts and each kind's merger (mergeCheck.ts, mergeSweep.ts) share: a shard as read, where
// the merged answer goes, and the refusal of shards whose options differ (shards of different runs).

/** A JSON value read as an object (anything else as an empty one). */
export const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** One shard's document as read, with the file it came from. */
export interface ShardFile {
  readonly file: string;
  readonly index: number;
  readonly count: number;
  readonly doc: Readonly<Record<string, unknown>>;
}

export interface MergeIo {
  readonly write: (text: string) => void;
  readonly warn: (line: string) => void;
  readonly colour: boolean;
}

/** The fields of `options` that differ from the first shard's, one line each (shards of different runs). */
export function optionDifferences(
  shards: readonly ShardFile[],
  options: (s: ShardFile) => Readonly<Record<string, unknown>>,
  labels: Readonly<Record<string, string>> = {},
): string[] {
  const [first] = shards;
  const want = options(first);
  return shards.slice(1).flatMap((s) => {
    const got = options(s);
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])];
    return keys
      .filter((k) => JSON.stringify(got[k]) !== JSON.stringify(want[k]))
      .map(
        (k) =>
          `${s.file}: a shard of another run: ${labels[k] ?? k} is ${shown(got[k])}, in ${first.file} ${shown(want[k])}`,
      );
  });
}

const shown = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'missing';
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
};
