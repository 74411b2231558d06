// What a sweep keeps while it runs: counts, sums and exact histograms per setting, and per pair of
// neighbouring settings the number of schedules that flip and the shortest of them (by index, so it
// is re-drawn at the end instead of stored). Memory does not grow with the number of runs; tallies
// of disjoint index ranges merge in any order to the same result.
import type { RunMetrics } from '../../../properties/metrics.js';
import { addSample, mergeHistogram, type Histogram } from './histogram.js';
import type { SweepPlan } from './plan.js';

export interface SettingTally {
  runs: number;
  /** Per property (plan order): runs that violated it, and runs a checker could not judge. */
  readonly violations: number[];
  readonly unknown: number[];
  readonly detectMs: Histogram;
  readonly restoreMs: Histogram;
  readonly downtimeMs: Histogram;
  fences: number;
  unnecessaryFences: number;
  failovers: number;
  unrestored: number;
}

/** Schedules that flip one way, and the shortest of them: fewest steps, then the earliest last step, then the lowest index. */
export interface FlipSide {
  count: number;
  /** -1 when none. */
  index: number;
  length: number;
  endMs: number;
}

/** Schedules whose verdict on one property differs between two neighbouring settings. */
export interface FlipTally {
  /** Violated at the higher setting only. */
  readonly broken: FlipSide;
  /** Violated at the lower setting only. */
  readonly fixed: FlipSide;
}

export interface SweepTally {
  readonly settings: SettingTally[];
  /** [neighbour pair][property] */
  readonly flips: FlipTally[][];
}

export function emptyTally(plan: SweepPlan): SweepTally {
  const p = plan.properties.length;
  return {
    settings: plan.settings.map(() => ({
      runs: 0,
      violations: new Array(p).fill(0),
      unknown: new Array(p).fill(0),
      detectMs: new Map(),
      restoreMs: new Map(),
      downtimeMs: new Map(),
      fences: 0,
      unnecessaryFences: 0,
      failovers: 0,
      unrestored: 0,
    })),
    flips: plan.neighbours.map(() => plan.properties.map(() => ({ broken: noFlip(), fixed: noFlip() }))),
  };
}

const noFlip = (): FlipSide => ({ count: 0, index: -1, length: 0, endMs: 0 });

export type Status = 'holds' | 'violated' | 'unknown';

export function tallyRun(t: SettingTally, statuses: readonly Status[], m: RunMetrics): void {
  t.runs++;
  statuses.forEach((s, p) => {
    if (s === 'violated') t.violations[p]++;
    else if (s === 'unknown') t.unknown[p]++;
  });
  for (const d of m.detectMs) addSample(t.detectMs, d);
  for (const r of m.restoreMs) addSample(t.restoreMs, r);
  addSample(t.downtimeMs, m.downtimeMs);
  t.fences += m.fences;
  t.unnecessaryFences += m.unnecessaryFences;
  t.failovers += m.failovers;
  t.unrestored += m.unrestored;
}

/** Records the flips of schedule `index` given each setting's statuses. */
export function tallyFlips(
  tally: SweepTally,
  plan: SweepPlan,
  statuses: readonly (readonly Status[])[],
  index: number,
  length: number,
  endMs: number,
): void {
  plan.neighbours.forEach(([lo, hi], n) => {
    for (let p = 0; p < plan.properties.length; p++) {
      const a = statuses[lo][p] === 'violated';
      const b = statuses[hi][p] === 'violated';
      if (a === b) continue;
      const f = tally.flips[n][p];
      addFlip(b ? f.broken : f.fixed, { count: 1, index, length, endMs });
    }
  });
}

function addFlip(into: FlipSide, from: FlipSide): void {
  if (from.count === 0) return;
  into.count += from.count;
  const shorter =
    into.index < 0 ||
    from.length < into.length ||
    (from.length === into.length &&
      (from.endMs < into.endMs || (from.endMs === into.endMs && from.index < into.index)));
  if (shorter) {
    into.index = from.index;
    into.length = from.length;
    into.endMs = from.endMs;
  }
}

export function mergeTally(into: SweepTally, from: SweepTally): void {
  into.settings.forEach((t, s) => {
    const f = from.settings[s];
    t.runs += f.runs;
    f.violations.forEach((v, p) => (t.violations[p] += v));
    f.unknown.forEach((v, p) => (t.unknown[p] += v));
    mergeHistogram(t.detectMs, f.detectMs);
    mergeHistogram(t.restoreMs, f.restoreMs);
    mergeHistogram(t.downtimeMs, f.downtimeMs);
    t.fences += f.fences;
    t.unnecessaryFences += f.unnecessaryFences;
    t.failovers += f.failovers;
    t.unrestored += f.unrestored;
  });
  into.flips.forEach((row, n) =>
    row.forEach((t, p) => {
      const f = from.flips[n][p];
      addFlip(t.broken, f.broken);
      addFlip(t.fixed, f.fixed);
    }),
  );
}
