// Known answers (issue 15 "the closed-form test passes"): designs small enough that their downtime has
// a closed form, estimated from drawn episodes by the same estimator the command uses. The service's
// state is a pure structure function of which components are down; downtime per episode is interval
// arithmetic over the episode's events. Each estimate's 95 % interval must hold the true value AND be
// narrow enough to be useful; without biasing the same number of episodes must be useless for the
// rare double failure (that is what the failure biasing buys). HAFAULT_AVAILABILITY_EPISODES raises
// the count (a longer, stronger run).
import { describe, expect, it } from 'vitest';
import { MINUTES_PER_YEAR, perYear } from './estimate.js';
import { drawEpisode } from './history.js';
import {
  YEAR_MS,
  type Component,
  type Episode,
  type Estimate,
  type FailureModel,
  type RepairDistribution,
} from './types.js';

/** Episodes per estimate; the comparisons without biasing keep the default count whatever the variable says. */
const DEFAULT_EPISODES = 5000;
const EPISODES = Number(process.env.HAFAULT_AVAILABILITY_EPISODES ?? DEFAULT_EPISODES);
const SEED = 20_261_207;
const H = 3_600_000;
const MTTF_H = 10_000;
const MTTR_H = 2;
const LAMBDA = YEAR_MS / H / MTTF_H; // 0.876 failures per year

const EXPONENTIAL: RepairDistribution = { shape: 'exponential', meanMs: MTTR_H * H };
// Same mean 2 h: median = mean·exp(−σ²/2).
const LOGNORMAL: RepairDistribution = { shape: 'lognormal', medianMs: MTTR_H * H * Math.exp(-0.5), sigma: 1 };

function node(id: string, perYear: number, repairTime: RepairDistribution): Component {
  return { id, kind: 'host', fail: 'host-crash', target: id, repair: 'host-boot', perYear, repairTime };
}

function design(repair: RepairDistribution, n: number, beta = 0): FailureModel {
  const components = Array.from({ length: n }, (_, i) => node(`n${i + 1}`, (1 - beta) * LAMBDA, repair));
  const groups =
    beta > 0 ? [{ kind: 'host' as const, members: components.map((_, i) => i), perYear: beta * LAMBDA }] : [];
  const totalPerYear = n * (1 - beta) * LAMBDA + groups.reduce((a, g) => a + g.perYear, 0);
  return { components, groups, totalPerYear, operatorRestore: { shape: 'fixed', ms: 0 } };
}

/** Time (ms) the service is down in an episode: `down` says whether it is, given the failed set. */
function downtimeMs(e: Episode, down: (failed: ReadonlySet<number>) => boolean): number {
  const failed = new Set<number>();
  let total = 0;
  let since = 0;
  for (const ev of e.events) {
    if (down(failed)) total += ev.atMs - since;
    since = ev.atMs;
    if (ev.type === 'fail') failed.add(ev.component);
    else failed.delete(ev.component);
  }
  return total;
}

interface Run {
  readonly minPerYear: Estimate;
  readonly meanLr: Estimate;
  readonly seconds: number;
}

function estimate(
  fm: FailureModel,
  biasTarget: number,
  down: (failed: ReadonlySet<number>) => boolean,
  episodes = EPISODES,
): Run {
  const start = performance.now();
  const x: number[] = [];
  const d: number[] = [];
  const lr: number[] = [];
  for (let i = 0; i < episodes; i++) {
    const e = drawEpisode(fm, SEED, i, biasTarget);
    x.push((e.likelihoodRatio * downtimeMs(e, down)) / 60_000);
    d.push((e.likelihoodRatio * e.durationMs) / YEAR_MS);
    lr.push(e.likelihoodRatio);
  }
  const m = lr.reduce((a, b) => a + b, 0) / lr.length;
  const sd = Math.sqrt(lr.reduce((a, b) => a + (b - m) ** 2, 0) / (lr.length - 1));
  const half = (1.96 * sd) / Math.sqrt(lr.length);
  return {
    minPerYear: perYear(x, d, fm.totalPerYear),
    meanLr: { mean: m, low: m - half, high: m + half },
    seconds: (performance.now() - start) / 1000,
  };
}

const halfWidth = (e: Estimate) => (e.high - e.low) / 2;

function expectUseful(e: Estimate, truth: number, within = 0.25): void {
  expect(e.low).toBeLessThanOrEqual(truth);
  expect(e.high).toBeGreaterThanOrEqual(truth);
  expect(halfWidth(e)).toBeLessThan(within * truth);
}

const firstDown = (failed: ReadonlySet<number>) => failed.has(0);
const bothDown = (failed: ReadonlySet<number>) => failed.has(0) && failed.has(1);

// Independent alternating renewal components: unavailability U = MTTR / (MTTF + MTTR), whatever the
// repair distribution's shape (only its mean matters); a pair with one repair crew each is down U².
const U = MTTR_H / (MTTF_H + MTTR_H);
const SINGLE_MIN = MINUTES_PER_YEAR * U; // 105.17 min/yr
const PAIR_MIN = MINUTES_PER_YEAR * U * U; // 0.02103 min/yr

describe('closed form: one node, MTTF 10 000 h, MTTR 2 h', () => {
  it('is down ≈ 105 min per year (DOMAIN.md anchor), within a narrow interval', () => {
    expect(SINGLE_MIN).toBeCloseTo((525_960 * 2) / 10_002, 9);
    expect(Math.round(SINGLE_MIN)).toBe(105);
    const run = estimate(design(EXPONENTIAL, 1), 0, firstDown);
    expectUseful(run.minPerYear, SINGLE_MIN, 0.05);
  });

  it('biasing a second, irrelevant node does not move the first node’s downtime', () => {
    // The service needs n1 only: episodes started by n2 and failures drawn b times too often must be
    // weighed back to the same answer.
    const run = estimate(design(EXPONENTIAL, 2), 1, firstDown);
    // Half the episodes start at n2 and the weights vary: a wider interval than unbiased, still tight.
    expectUseful(run.minPerYear, SINGLE_MIN, 0.15);
    expect(run.meanLr.low).toBeLessThanOrEqual(1);
    expect(run.meanLr.high).toBeGreaterThanOrEqual(1);
  });
});

describe('closed form: a pair, down only when both nodes are (two repair crews)', () => {
  it('the anchor: U² ≈ 0.021 min per year, inside DOMAIN.md’s 0.02–0.04 (two or one crew)', () => {
    expect(PAIR_MIN).toBeGreaterThan(0.02);
    expect(PAIR_MIN).toBeLessThan(0.04);
  });

  for (const [name, repair] of [
    ['exponential', EXPONENTIAL],
    ['lognormal σ 1 of the same mean (insensitivity)', LOGNORMAL],
  ] as const) {
    it(`${name} repairs: biased episodes estimate U² within a useful interval; the likelihood ratio averages 1`, () => {
      const run = estimate(design(repair, 2), 1, bothDown);
      expectUseful(run.minPerYear, PAIR_MIN);
      expect(run.meanLr.low).toBeLessThanOrEqual(1);
      expect(run.meanLr.high).toBeGreaterThanOrEqual(1);
      expect(run.seconds).toBeLessThan(30);
    });
  }

  it('without biasing the same episodes give a useless interval (none or a handful see both down)', () => {
    const run = estimate(design(EXPONENTIAL, 2), 0, bothDown, DEFAULT_EPISODES);
    const e = run.minPerYear;
    // Either no double failure was drawn (a zero-width interval at 0, excluding the truth) or the
    // half-width exceeds the estimate itself.
    expect(e.high < PAIR_MIN || halfWidth(e) > e.mean).toBe(true);
    expect(run.meanLr).toEqual({ mean: 1, low: 1, high: 1 });
  });
});

describe('closed form: three nodes all down, about once in ten million years', () => {
  // Down U³; such an event starts at rate 3·U²·(1 − U)·λ ≈ 1.05e−7 per year.
  const truth = MINUTES_PER_YEAR * U ** 3;

  it('is estimated within a useful interval from 4× the episodes (biasing θ = 2); plain sampling sees none', () => {
    expect(3 * U * U * (1 - U) * LAMBDA).toBeLessThan(1.1e-7);
    const run = estimate(design(EXPONENTIAL, 3), 2, (failed) => failed.size === 3, 4 * EPISODES);
    expectUseful(run.minPerYear, truth);
    expect(run.meanLr.low).toBeLessThanOrEqual(1);
    expect(run.meanLr.high).toBeGreaterThanOrEqual(1);
    const plain = estimate(design(EXPONENTIAL, 3), 0, (failed) => failed.size === 3, 4 * DEFAULT_EPISODES);
    expect(plain.minPerYear).toEqual({ mean: 0, low: 0, high: 0 });
  });
});

describe('closed form: the pair with a common cause (beta factor)', () => {
  // Four-state Markov chain with exponential repairs μ each: states up, one down (two of them),
  // both down. Independent rate λi = (1 − β)λ each, common-cause shock λc = βλ that takes whatever is
  // up. Balance: p1 = p0(2λi + λc)/(2μ); 2μ·p3 = λc·p0 + 2(λi + λc)·p1.
  const beta = 0.05;
  const mu = YEAR_MS / H / MTTR_H;
  const li = (1 - beta) * LAMBDA;
  const lc = beta * LAMBDA;
  const p1 = (2 * li + lc) / (2 * mu);
  const p3 = (lc + 2 * (li + lc) * p1) / (2 * mu);
  const truth = (MINUTES_PER_YEAR * p3) / (1 + 2 * p1 + p3);

  it('is dominated by the common cause (≈ 2.6 min per year against U²’s 0.021) and estimated within its interval', () => {
    expect(truth).toBeGreaterThan(20 * PAIR_MIN);
    const run = estimate(design(EXPONENTIAL, 2, beta), 1, bothDown);
    expectUseful(run.minPerYear, truth);
  });
});
