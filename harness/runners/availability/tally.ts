// What a slice of episodes leaves behind: not the episodes themselves but the sums the ratio
// estimator needs (sums.ts): per episode e, its weighted cycle length d_e and, per quantity, its
// weighted value x_e; the tally keeps Σd, Σd², and per quantity Σx, Σx², Σxd; for the paired
// difference of two settings' design downtime also Σ x_s·x_t. Sums of slices add up to the sums of
// the whole run; slices are added in index order (availability.ts), so the floating-point result is
// the same whatever the number of threads.
import { DOWNTIME_CAUSES, YEAR_MS, type EpisodeOutcome } from './types.js';
import { COMPONENT_KINDS } from './components.js';
import type { AvailabilityPlan } from './plan.js';

/** Σx, Σx², Σx·d of one quantity. */
export interface Moments {
  x: number;
  xx: number;
  xd: number;
}

export interface SettingTally {
  /** Design downtime (minutes). */
  readonly design: Moments;
  /** Per protected service (minutes), in the topology's order. */
  readonly services: Moments[];
  /** Design downtime by cause (minutes), in DOWNTIME_CAUSES order. */
  readonly causes: Moments[];
  /** Episodes violating each property (count), in plan.properties order. */
  readonly incidents: Moments[];
  /** Design downtime (minutes) of episodes each component kind started, in COMPONENT_KINDS order. */
  readonly contributors: Moments[];
  /** Episodes whose end left a protected service for an operator to restore (count). */
  readonly operatorRestores: Moments;
}

export interface AvailabilityTally {
  episodes: number;
  /** Σd, Σd² (d in years, weighted). */
  d: number;
  dd: number;
  readonly settings: SettingTally[];
  /** Σ x_s·x_t of design downtime for each pair s < t, row by row (pairIndex). */
  readonly pairs: number[];
}

const moments = (): Moments => ({ x: 0, xx: 0, xd: 0 });
const many = (n: number): Moments[] => Array.from({ length: n }, moments);

export function emptyTally(plan: AvailabilityPlan, services: number): AvailabilityTally {
  const n = plan.settings.length;
  return {
    episodes: 0,
    d: 0,
    dd: 0,
    settings: plan.settings.map(() => ({
      design: moments(),
      services: many(services),
      causes: many(DOWNTIME_CAUSES.length),
      incidents: many(plan.properties.length),
      contributors: many(COMPONENT_KINDS.length),
      operatorRestores: moments(),
    })),
    pairs: new Array<number>((n * (n - 1)) / 2).fill(0),
  };
}

/** Where the pair (s, t), s < t, of `n` settings sits in `pairs`. */
export function pairIndex(s: number, t: number, n: number): number {
  return s * n - (s * (s + 1)) / 2 + (t - s - 1);
}

function add(m: Moments, x: number, d: number): void {
  m.x += x;
  m.xx += x * x;
  m.xd += x * d;
}

const MINUTE_MS = 60_000;

/**
 * One episode's outcomes at every setting, weighted by its likelihood ratio `lr`; `kind`: the
 * COMPONENT_KINDS index of what started it.
 */
export function tallyEpisode(
  tally: AvailabilityTally,
  plan: AvailabilityPlan,
  outcomes: readonly EpisodeOutcome[],
  lr: number,
  durationMs: number,
  kind: number,
): void {
  const d = (lr * durationMs) / YEAR_MS;
  tally.episodes++;
  tally.d += d;
  tally.dd += d * d;
  const design = outcomes.map((o) => (lr * o.designDownMs) / MINUTE_MS);
  outcomes.forEach((o, s) => {
    const t = tally.settings[s];
    add(t.design, design[s], d);
    o.serviceDownMs.forEach((ms, i) => add(t.services[i], (lr * ms) / MINUTE_MS, d));
    DOWNTIME_CAUSES.forEach((c, i) => add(t.causes[i], (lr * o.byCause[c]) / MINUTE_MS, d));
    plan.properties.forEach((p, i) => add(t.incidents[i], o.violated.includes(p) ? lr : 0, d));
    add(t.contributors[kind], design[s], d);
    add(t.operatorRestores, o.leftDown > 0 ? lr : 0, d);
  });
  const n = outcomes.length;
  for (let s = 0; s < n; s++) for (let u = s + 1; u < n; u++) tally.pairs[pairIndex(s, u, n)] += design[s] * design[u];
}

function addMoments(into: Moments, m: Moments): void {
  into.x += m.x;
  into.xx += m.xx;
  into.xd += m.xd;
}

/** Adds `more` (the next slice's tally) into `into`. */
export function mergeTally(into: AvailabilityTally, more: AvailabilityTally): void {
  into.episodes += more.episodes;
  into.d += more.d;
  into.dd += more.dd;
  into.settings.forEach((t, s) => {
    const m = more.settings[s];
    addMoments(t.design, m.design);
    addMoments(t.operatorRestores, m.operatorRestores);
    for (const key of ['services', 'causes', 'incidents', 'contributors'] as const)
      t[key].forEach((x, i) => addMoments(x, m[key][i]));
  });
  more.pairs.forEach((p, i) => (into.pairs[i] += p));
}
