// Failure histories: one episode of a design's life, from the failure that ends an "all up" stretch
// until every component that failed in it is repaired. Drawn under failure biasing: inside the
// episode's first window other components fail b times more often than they really do, so the rare
// overlapping failures that cause most of a redundant design's downtime are drawn often; the
// likelihood ratio p(history)/q(history) weighs each episode back, so estimates stay unbiased.
// Everything comes from `uniform(seed, index, stream, k)`: an episode is a function of
// (failure model, seed, index, biasTarget) alone, the same at every setting (common random numbers).
import { uniform } from './random.js';
import { drawRepairMs } from './repair.js';
import { YEAR_MS, type Episode, type EpisodeEvent, type FailureModel } from './types.js';

/**
 * At most this many failures after the initiator in one episode; later ones are not drawn (in either
 * measure, so the likelihood ratio stays exact for the capped process). The cap drops histories
 * with 9 or more overlapping failures. Under biasing the first window expects θ (1 by default) of
 * them: P(Poisson(1) ≥ 9) ≈ 1e−6. After it rates are true: a window of hours at Λ of a few per year
 * expects ~1e−3; the longest default windows (a drift, median 30 days, 90 % under 68) expect well
 * under 1 (4 per year × 68 days ≈ 0.75: P(≥ 9) ≈ 2e−7). Measured on xenserver-ha
 * bonded-mirrored-san (35 components, Λ ≈ 4 per year): no capped episode in 20 000.
 */
export const MAX_FAILURES_PER_EPISODE = 8;

// Streams of `uniform`: each purpose has its own, so one draw more of one kind moves no other.
const INITIATOR = 1;
const REPAIR = 2;
const CLOCK = 3;
const PICK = 4;
const RESTORE = 5;

interface State {
  readonly fm: FailureModel;
  readonly draw: (stream: number, k: number) => number;
  /** repairAt[i]: when component i comes back (ms), or null while it is up. */
  readonly repairAt: (number | null)[];
  readonly events: EpisodeEvent[];
  repairs: number;
}

/** Component i fails at t: its repair time is drawn from the true distribution. */
function fail(s: State, i: number, t: number): void {
  if (s.repairAt[i] !== null) return;
  const k = 2 * s.repairs++;
  const ms = drawRepairMs(s.fm.components[i].repairTime, s.draw(REPAIR, k), s.draw(REPAIR, k + 1));
  s.events.push({ atMs: t, component: i, type: 'fail' });
  if (ms > 0) s.repairAt[i] = t + ms;
  // An instantaneous failure with a repair fault (a zero repair time) is repaired at once.
  else if (s.fm.components[i].repair !== null) s.events.push({ atMs: t, component: i, type: 'repair' });
}

/** Fail item j: a component index, or a group (index ≥ components) failing every member still up. */
function failItem(s: State, j: number, t: number): void {
  const n = s.fm.components.length;
  if (j < n) fail(s, j, t);
  else for (const m of s.fm.groups[j - n].members) fail(s, m, t);
}

/** True rate (per year) of each item that can fail now: up components, groups with a member up. */
function upRates(s: State): number[] {
  const { components, groups } = s.fm;
  return [
    ...components.map((c, i) => (s.repairAt[i] === null ? c.perYear : 0)),
    ...groups.map((g) => (g.members.some((m) => s.repairAt[m] === null) ? g.perYear : 0)),
  ];
}

/** Index of the item a uniform u picks, in proportion to the rates. */
function pick(rates: readonly number[], u: number): number {
  const total = rates.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let j = 0; j < rates.length; j++) {
    acc += rates[j];
    if (u * total < acc) return j;
  }
  // Rounding left u·total at the very top: the last item that can fail.
  let last = rates.length - 1;
  while (last > 0 && rates[last] <= 0) last--;
  return last;
}

/** The earliest pending repair (ms), or null when everything is up. */
function nextRepair(s: State): number | null {
  let next: number | null = null;
  for (const at of s.repairAt) if (at !== null && (next === null || at < next)) next = at;
  return next;
}

/** The biasing factor: θ further failures expected in the initiator's window (1: no biasing). */
function biasFactor(s: State, biasTarget: number): number {
  const windowMs = nextRepairMax(s);
  const rest = upRates(s).reduce((a, b) => a + b, 0);
  if (biasTarget <= 0 || windowMs <= 0 || rest <= 0) return 1;
  return Math.max(1, biasTarget / (rest * (windowMs / YEAR_MS)));
}

function nextRepairMax(s: State): number {
  return s.repairAt.reduce<number>((m, at) => (at === null ? m : Math.max(m, at)), 0);
}

/** Episode `index` of a run with this seed (see the module comment). */
export function drawEpisode(fm: FailureModel, seed: number, index: number, biasTarget: number): Episode {
  if (!(fm.totalPerYear > 0)) throw new Error('no component of this design can fail (total failure rate 0)');
  const s: State = {
    fm,
    draw: (stream, k) => uniform(seed, index, stream, k),
    repairAt: fm.components.map(() => null),
    events: [],
    repairs: 0,
  };
  const initiator = pick(
    [...fm.components.map((c) => c.perYear), ...fm.groups.map((g) => g.perYear)],
    s.draw(INITIATOR, 0),
  );
  failItem(s, initiator, 0);
  const bias = biasFactor(s, biasTarget);
  const likelihoodRatio = unfold(s, bias, nextRepairMax(s));
  const restore = s.draw(RESTORE, 0);
  const events = s.events.slice().sort((a, b) => a.atMs - b.atMs);
  return {
    index,
    initiator: initiator < fm.components.length ? initiator : `group:${initiator - fm.components.length}`,
    events,
    durationMs: events.reduce((m, e) => Math.max(m, e.atMs), 0),
    likelihoodRatio,
    bias,
    operatorRestoreMs: drawRepairMs(fm.operatorRestore, restore, s.draw(RESTORE, 1)),
  };
}

/**
 * Runs the episode from its initiator to its last repair; returns the likelihood ratio. Rates are
 * piecewise constant (they change only at events), so over an interval Δ with true up-rate Λ and
 * drawn rate bΛ the ratio gains exp(−(Λ − bΛ)Δ), and each failure drawn gains λ/(bλ) = 1/b. The
 * bias applies inside the initiator's window only: a failure whose repair outlasts it (a drift of
 * weeks) would otherwise run under bΛ for weeks and give weights of exp(bΛ·weeks).
 */
function unfold(s: State, bias: number, biasUntilMs: number): number {
  let t = 0;
  let lr = 1;
  let failures = 0;
  let clock = 0;
  let picks = 0;
  for (let next = nextRepair(s); next !== null; next = nextRepair(s)) {
    const rates = upRates(s);
    const hazard = failures < MAX_FAILURES_PER_EPISODE ? rates.reduce((a, b) => a + b, 0) : 0;
    const b = t < biasUntilMs ? bias : 1;
    // A rate change at the end of the biased stretch is an event too: stop there and draw again.
    const until = b > 1 ? Math.min(next, biasUntilMs) : next;
    const at = hazard > 0 ? t - (Math.log(s.draw(CLOCK, clock++)) / (b * hazard)) * YEAR_MS : Infinity;
    const end = Math.min(at, until);
    lr *= Math.exp(((b - 1) * hazard * (end - t)) / YEAR_MS);
    t = end;
    if (at < until) {
      lr /= b;
      failures++;
      failItem(s, pick(rates, s.draw(PICK, picks++)), t);
    } else if (t === next) {
      s.repairAt.forEach((r, i) => {
        if (r === next) {
          s.repairAt[i] = null;
          s.events.push({ atMs: t, component: i, type: 'repair' });
        }
      });
    }
  }
  return lr;
}

/**
 * An upper bound on any episode's likelihood ratio at this bias target. Failures drawn under
 * biasing only lower it (×1/b); the clock term is exp((b − 1)·hazard·Δ) over the initiator's window
 * w, where b·rest·w = θ (rest: the up-rate just after the initiator failed). A component initiator
 * stays down for the whole window, so hazard ≤ Λ − λ = rest; a common-cause group's members may come
 * back inside it, so hazard ≤ Λ. Hence L ≤ exp(θ·H/rest), H the larger hazard. It turns "never seen
 * in n episodes" into a bound on the true rate (estimate.ts `neverSeen`).
 */
export function likelihoodRatioBound(fm: FailureModel, biasTarget: number): number {
  if (biasTarget <= 0) return 1;
  const total = fm.totalPerYear;
  let worst = 1;
  const consider = (rest: number, hazard: number) => {
    if (rest > 0) worst = Math.max(worst, Math.exp((biasTarget * hazard) / rest));
  };
  fm.components.forEach((c) => {
    if (c.perYear > 0) consider(total - c.perYear, total - c.perYear);
  });
  for (const g of fm.groups) {
    if (g.perYear <= 0) continue;
    const down = g.perYear + g.members.reduce((a, m) => a + fm.components[m].perYear, 0);
    consider(total - down, total);
  }
  return worst;
}
