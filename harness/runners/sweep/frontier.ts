// What a sweep has finished, as a checkpoint can keep it: the tally of schedules [0, next). Slices
// finish out of order on the worker pool, so a slice that finishes ahead of a gap waits here until
// the gap is filled; the prefix then grows in index order. A checkpoint is therefore always one
// number and one tally, and a resume runs [next, runs) without knowing how the first part was cut.
import type { SweepPlan } from './plan.js';
import { emptyTally, mergeTally, type SweepTally } from './tally.js';

/** Schedules [0, next) tallied: what a checkpoint records and a resume starts from. */
export interface SweepProgress {
  readonly next: number;
  readonly tally: SweepTally;
}

export class Frontier {
  private prefixEnd: number;
  private readonly prefix: SweepTally;
  /** Finished slices beyond a gap, by their first index. */
  private readonly ahead = new Map<number, { readonly to: number; readonly tally: SweepTally }>();

  constructor(plan: SweepPlan, start?: SweepProgress) {
    this.prefix = emptyTally(plan);
    this.prefixEnd = start?.next ?? 0;
    if (start !== undefined) mergeTally(this.prefix, start.tally);
  }

  /** The tallied prefix; its tally is live (copy or serialize it before the next `add`). */
  get progress(): SweepProgress {
    return { next: this.prefixEnd, tally: this.prefix };
  }

  /** Records the tally of finished schedules [from, to); true when the prefix grew. */
  add(from: number, to: number, tally: SweepTally): boolean {
    this.ahead.set(from, { to, tally });
    const before = this.prefixEnd;
    for (let next = this.ahead.get(this.prefixEnd); next !== undefined; next = this.ahead.get(this.prefixEnd)) {
      this.ahead.delete(this.prefixEnd);
      mergeTally(this.prefix, next.tally);
      this.prefixEnd = next.to;
    }
    return this.prefixEnd > before;
  }
}
