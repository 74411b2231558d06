// The unsharded search's counts from its shards' logs (shardLog.ts), without simulating anything.
//
// Why this is exact. The unsharded search and shard k take the same decisions in the same order on
// the part of the search that is k's (its first faults and what extends them): the same nodes, the
// same instants and fault choices (they depend on the node's path, not on other nodes), the same
// states (the simulator is deterministic). They differ only in the set of explored states a new
// state is looked up in: the unsharded set also holds other shards' states explored earlier in its
// order, which is level by level, and within a level by the position of the first fault (each
// level's pass walks the first-level nodes in that order), then the shard's own order. So the
// replay walks the shards' logs in that order against one shared set, and where a state is already
// in it the unsharded search stopped that run (or did not make that node): what the shard logged
// after it on that run, and everything under a node the unsharded search did not make, is skipped.
// What is left is counted as the explorer counts it.
//
// Verdicts. A run the unsharded search joins into another shard's state sooner than the shard did
// is judged on that shorter run. The replay takes a shorter run to violate nothing that the
// shard's longer run did not: the properties judge what happened by each instant (an overlap, a
// deadline passed), and what a run found by an instant its continuation finds too. So a run the
// shard found clean is clean; one it found violating, cut sooner, may not be: that is a gap.
// Without --keep-going the unsharded search stops at the first violating run in its order; with
// it, each property's witness is the first violating run in that order, which is the first of
// the shards' witnesses for it (every run before a shard's witness in its part was clean there).
//
// Where it cannot be exact it says so (`gap`) instead of guessing: the unsharded search went on
// where the shard had stopped a run (a state the shard had met elsewhere, in a part the unsharded
// search cut short); a shard's log ends (a violation, a --max-states stop, a run that never
// settles) before the unsharded search would have stopped; the unsharded search stops at
// --max-states inside a run no shard stopped there (that run's verdict is on a part no shard
// judged); or a witness comes first whose run the unsharded search cut shorter or never made.
import { FingerprintSet } from './fingerprints.js';
import { OP } from './shardLog.js';

export interface ReplayOptions {
  readonly depth: number;
  readonly keepGoing: boolean;
  readonly maxStates: number | null;
}

/** Where the unsharded search stopped: in which shard's log, at which level. */
export interface ReplayStop {
  readonly kind: 'violated' | 'truncated' | 'oscillating';
  /** Index into the logs given. */
  readonly shard: number;
  readonly level: number;
  /** The first fault's position in the block it stopped in (-1: the fault-free run). */
  readonly position: number;
}

/** A shard's violation (its index in that shard's list) where the unsharded search met it. */
export interface ReplayViolation {
  readonly shard: number;
  readonly index: number;
  /** The unsharded search made its run and judged it as the shard did (else: unknown). */
  readonly same: boolean;
}

export interface ReplayResult {
  readonly schedules: number;
  readonly distinctStates: number;
  readonly runs: number;
  readonly events: number;
  readonly depthReached: number;
  readonly stop: ReplayStop | null;
  /** The shards' violations met before the stop, in the unsharded search's order. */
  readonly violations: readonly ReplayViolation[];
  /** Why the counts could not be recomputed exactly (null: they are the unsharded search's). */
  readonly gap: string | null;
}

interface Block {
  readonly shard: number;
  readonly level: number;
  readonly position: number;
  /** The shard's END: right after its last block (where an incomplete shard stopped). */
  readonly end: boolean;
  readonly from: number;
  readonly to: number;
}

/** Node facts per shard, by the shard's node number. */
interface Nodes {
  /** The unsharded search made this node. */
  readonly made: boolean[];
  /** States of its run the unsharded search explored (its instants it expands at the next level). */
  readonly owned: number[];
  /** Its run goes on in the unsharded search (not ended, not joined into an explored state). */
  readonly live: boolean[];
  /** Its run ended in the unsharded search where it ended in the shard (the shard's verdict is its). */
  readonly sameEnd: boolean[];
  readonly pendingEvents: number[];
  current: number;
  /** Violations of the shard met so far (VIOLATED gives the count after its run's). */
  violations: number;
}

class Stop extends Error {}

export function replayShardLogs(logs: readonly Int32Array[], options: ReplayOptions): ReplayResult {
  return new Replay(logs, options).run();
}

class Replay {
  private readonly visited = new FingerprintSet();
  private readonly nodes: Nodes[];
  private schedules = 0;
  private runs = 0;
  private events = 0;
  private level = 0;
  private position = -1;
  private stop: ReplayStop | null = null;
  private readonly violations: ReplayViolation[] = [];
  private gap: string | null = null;

  constructor(
    private readonly logs: readonly Int32Array[],
    private readonly options: ReplayOptions,
  ) {
    this.nodes = logs.map(() => ({
      made: [true],
      owned: [0],
      live: [true],
      sameEnd: [false],
      pendingEvents: [0],
      current: 0,
      violations: 0,
    }));
  }

  run(): ReplayResult {
    const blocks = this.blocks();
    try {
      for (const b of blocks) {
        this.level = b.level;
        this.position = b.position;
        this.nodes[b.shard].current = 0;
        this.walk(b);
        // Every shard walked the fault-free run as the first shard did: its first faults hang on it.
        if (b.level === 0 && !b.end) for (const n of this.nodes) n.owned[0] = this.nodes[0].owned[0];
      }
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
    }
    return {
      schedules: this.schedules,
      distinctStates: this.visited.size,
      runs: this.runs,
      events: this.events,
      depthReached: this.stop ? this.level : this.options.depth,
      stop: this.stop,
      violations: this.violations,
      gap: this.gap,
    };
  }

  /** Every shard's blocks in the unsharded order; the fault-free run (the same in each) from the first shard only. */
  private blocks(): Block[] {
    const out: Block[] = [];
    this.logs.forEach((words, shard) => {
      let open = { level: 0, position: -1, from: 0 };
      for (let i = 0; i < words.length; i += opLength(words[i])) {
        if (words[i] !== OP.BLOCK && words[i] !== OP.END) continue;
        if (i > 0 && (open.level > 0 || shard === 0)) out.push({ shard, ...open, to: i, end: false });
        if (words[i] === OP.END) out.push({ shard, ...open, from: i, to: i + 2, end: true });
        else open = { level: words[i + 1], position: words[i + 2], from: i + 3 };
      }
    });
    return out.sort(
      (a, b) => a.level - b.level || a.position - b.position || Number(a.end) - Number(b.end) || a.shard - b.shard,
    );
  }

  private walk(b: Block): void {
    const w = this.logs[b.shard];
    const n = this.nodes[b.shard];
    for (let i = b.from; i < b.to; i += opLength(w[i])) {
      const c = n.current;
      switch (w[i]) {
        case OP.TRY:
          this.tried(n, w[i + 1], w[i + 2], w[i + 3], w[i + 4], w[i + 5] === 1, b.shard);
          break;
        case OP.STEP:
        case OP.JOIN:
          if (n.made[c] && n.live[c]) this.stepped(n, w[i + 1], w[i + 2], w[i + 3], w[i] === OP.STEP, w, i, b.shard);
          break;
        case OP.TAIL:
          if (n.made[c] && n.live[c]) this.ended(n, true);
          break;
        case OP.VIOLATED:
          this.violated(n, w[i + 1], b.shard);
          break;
        case OP.NEVER:
          this.neverSettles(n, w[i + 1], w[i + 2], b.shard);
          break;
        case OP.END:
          if (w[i + 1] !== 1) this.fail(`shard ${b.shard + 1}'s search stopped before the unsharded one would have`);
          break;
        default:
          break;
      }
    }
  }

  private tried(n: Nodes, parent: number, step: number, lo: number, hi: number, isNew: boolean, shard: number): void {
    const id = isNew ? n.made.length : -1;
    if (isNew) {
      n.made.push(false);
      n.owned.push(0);
      n.live.push(false);
      n.sameEnd.push(false);
      n.pendingEvents.push(0);
      n.current = id;
    }
    if (!n.made[parent] || step >= n.owned[parent]) return;
    this.schedules++;
    if (!this.visited.add(lo, hi)) return;
    if (!isNew)
      this.fail(`a fault that shard ${shard + 1} merged into a state of its own leads the unsharded search on`);
    n.made[id] = true;
    n.owned[id] = 1;
    n.live[id] = true;
    this.runs++;
  }

  private stepped(
    n: Nodes,
    lo: number,
    hi: number,
    events: number,
    isNew: boolean,
    w: Int32Array,
    i: number,
    shard: number,
  ): void {
    const c = n.current;
    if (c === 0 && n.owned[0] === 0) {
      // The fault-free run's first state: the search's first, and the first run.
      this.visited.add(lo, hi);
      n.owned[0] = 1;
      this.runs++;
      return;
    }
    n.pendingEvents[c] += events;
    if (!this.visited.add(lo, hi)) {
      // Joined an explored state: here, or (if new to the shard) sooner than in the shard.
      this.ended(n, !isNew);
      return;
    }
    if (!isNew)
      this.fail(`a run that shard ${shard + 1} merged into a state of its own goes on in the unsharded search`);
    n.owned[c]++;
    const max = this.options.maxStates;
    if (max !== null && this.visited.size >= max) {
      const same = w[i + 4] === OP.LIMIT;
      this.ended(n, same);
      if (!same) this.fail('the unsharded search stops at --max-states within a run that no shard stopped there');
      this.halt('truncated', shard);
    }
  }

  private ended(n: Nodes, sameEnd: boolean): void {
    const c = n.current;
    n.live[c] = false;
    n.sameEnd[c] = sameEnd;
    this.events += n.pendingEvents[c];
  }

  /** The current node's run violated the shard's violations up to `count`. */
  private violated(n: Nodes, count: number, shard: number): void {
    const same = n.made[n.current] && n.sameEnd[n.current];
    for (let index = n.violations; index < count; index++) this.violations.push({ shard, index, same });
    n.violations = count;
    if (this.options.keepGoing) return;
    if (!same) {
      // The shard stopped here; the unsharded search did not make this run, or judged it shorter.
      if (n.made[n.current]) this.fail('the first violation is on a run the unsharded search cut shorter');
      return;
    }
    this.halt('violated', shard);
  }

  private neverSettles(n: Nodes, parent: number, step: number, shard: number): void {
    if (parent >= 0) {
      if (!n.made[parent] || step >= n.owned[parent]) return;
      this.schedules++;
    } else if (!n.made[n.current] || !n.live[n.current]) return;
    // A run that never settles was counted when it began; its events never are (as in explore.ts).
    this.halt('oscillating', shard);
  }

  private halt(kind: ReplayStop['kind'], shard: number): never {
    this.stop = { kind, shard, level: this.level, position: this.position };
    throw new Stop();
  }

  private fail(why: string): never {
    this.gap ??= why;
    throw new Stop();
  }
}

function opLength(op: number): number {
  switch (op) {
    case OP.BLOCK:
      return 3;
    case OP.TRY:
      return 6;
    case OP.STEP:
    case OP.JOIN:
      return 4;
    case OP.NEVER:
      return 3;
    case OP.END:
    case OP.VIOLATED:
      return 2;
    default:
      return 1;
  }
}
