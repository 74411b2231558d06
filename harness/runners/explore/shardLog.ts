// What an explore shard writes so that `hafault merge` can recompute the unsharded search's counts
// exactly (shardReplay.ts): every decision the shard's search took that depends on the set of
// explored states, in the order it took them, with the state's fingerprint. The unsharded search
// takes the same decisions on the same states, in an order merge can rebuild (level, then the
// first fault's position, then the shard's own order), against a larger set of explored states; so
// merge replays the shards' logs against one shared set and counts what the unsharded search counts.
//
// A log is a flat stream of 32-bit words, sent as base64 (about 12 bytes per state and 20 per
// schedule tried): an op code then its fields.
//   BLOCK level position     — what follows is level `level`'s pass over first fault `position` (-1: the fault-free run)
//   TRY parent step lo hi new — a fault injected on node `parent`'s run after its instant `step`;
//                               `new`: a node was made (the shard numbers its nodes 1, 2, … as made)
//   STEP lo hi events        — the current node's run moved one instant on, to a state new to the shard
//   JOIN lo hi events        — … to a state the shard had explored: the run ends there
//   TAIL                     — the current node's run ended: nothing more within its tail
//   LIMIT                    — the shard stopped here at --max-states
//   VIOLATED count           — the current node's run violated properties not violated before in the
//                               shard: its violations are the shard's up to `count` since the last VIOLATED
//   NEVER parent step        — a run that never settles: in an injection on `parent` (step ≥ 0) or in the current node's run (-1)
//   END complete             — the shard's search ended (complete: 1, or 0 when it stopped early)

export const OP = { BLOCK: 1, TRY: 2, STEP: 3, JOIN: 4, TAIL: 5, LIMIT: 6, VIOLATED: 7, NEVER: 8, END: 9 } as const;

export class ShardLog {
  private words = new Int32Array(1 << 12);
  private length = 0;

  private push(...values: number[]): void {
    if (this.length + values.length > this.words.length) {
      const grown = new Int32Array(this.words.length * 2 + values.length);
      grown.set(this.words.subarray(0, this.length));
      this.words = grown;
    }
    for (const v of values) this.words[this.length++] = v;
  }

  block(level: number, position: number): void {
    this.push(OP.BLOCK, level, position);
  }

  tried(parent: number, step: number, lo: number, hi: number, isNew: boolean): void {
    this.push(OP.TRY, parent, step, lo, hi, isNew ? 1 : 0);
  }

  stepped(lo: number, hi: number, events: number, isNew: boolean): void {
    this.push(isNew ? OP.STEP : OP.JOIN, lo, hi, events);
  }

  tailEnded(): void {
    this.push(OP.TAIL);
  }

  limited(): void {
    this.push(OP.LIMIT);
  }

  violated(count: number): void {
    this.push(OP.VIOLATED, count);
  }

  neverSettles(parent: number, step: number): void {
    this.push(OP.NEVER, parent, step);
  }

  /** The log as base64 of its little-endian words, ended. */
  encode(complete: boolean): string {
    this.push(OP.END, complete ? 1 : 0);
    const bytes = Buffer.alloc(this.length * 4);
    for (let i = 0; i < this.length; i++) bytes.writeInt32LE(this.words[i], i * 4);
    return bytes.toString('base64');
  }
}

/** A shard's log back as words; null when the text is not a log (length, op codes). */
export function decodeShardLog(text: string): Int32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0 || bytes.length === 0) return null;
  const words = new Int32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readInt32LE(i * 4);
  return words;
}
