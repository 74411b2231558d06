// What a soak keeps of its runs: counts, and the index of the first schedule that violated each
// property (or crashed the simulation). Fixed size whatever the number of runs, and merging is
// order-free (sums and minimums), so any split of the work across threads gives the same tally.
import type { SoakPlan } from './plan.js';

export interface PropertyTally {
  violations: number;
  unknown: number;
  /** Violations a known product behaviour explains (clean properties only; see claims.ts). */
  explained: number;
  /** Per known behaviour of the target (in its order): violations it explains. */
  readonly known: number[];
  /** Index of the first violating schedule no known behaviour explains (-1: none). */
  first: number;
  /** The checker's reason for the first `unknown` (with its index, so merging keeps the earliest). */
  firstUnknown: number;
  unknownReason: string;
}

export interface TargetTally {
  runs: number;
  /** One per property of the target, in the target's order. */
  readonly properties: PropertyTally[];
  crashes: number;
  firstCrash: number;
  crashMessage: string;
}

export interface SoakTally {
  readonly targets: TargetTally[];
}

export function emptyTargetTally(properties: number, known = 0): TargetTally {
  return {
    runs: 0,
    properties: Array.from({ length: properties }, () => ({
      violations: 0,
      unknown: 0,
      explained: 0,
      known: new Array<number>(known).fill(0),
      first: -1,
      firstUnknown: -1,
      unknownReason: '',
    })),
    crashes: 0,
    firstCrash: -1,
    crashMessage: '',
  };
}

export function emptySoakTally(plan: SoakPlan): SoakTally {
  return { targets: plan.targets.map((t) => emptyTargetTally(t.properties.length, t.known.length)) };
}

const earlier = (a: number, b: number) => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

export function mergeTargetTally(into: TargetTally, from: TargetTally): void {
  into.runs += from.runs;
  from.properties.forEach((p, i) => {
    const q = into.properties[i];
    q.violations += p.violations;
    q.unknown += p.unknown;
    q.explained += p.explained;
    p.known.forEach((n, j) => (q.known[j] += n));
    q.first = earlier(q.first, p.first);
    if (p.firstUnknown >= 0 && (q.firstUnknown < 0 || p.firstUnknown < q.firstUnknown)) {
      q.firstUnknown = p.firstUnknown;
      q.unknownReason = p.unknownReason;
    }
  });
  into.crashes += from.crashes;
  if (from.firstCrash >= 0 && (into.firstCrash < 0 || from.firstCrash < into.firstCrash)) {
    into.firstCrash = from.firstCrash;
    into.crashMessage = from.crashMessage;
  }
}
