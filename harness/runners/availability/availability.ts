// `availability` end to end, without I/O: the episodes run on the pool (inline or on worker threads,
// same answer either way), then the yearly figures per setting and, with several settings, the one
// with the least design downtime and its paired difference to each other one (common random
// numbers: the same episodes ran at every setting, so the difference's interval is narrow).
import { threadsFor } from '../pool.js';
import { COMPONENT_KINDS } from './components.js';
import { availabilityOf, neverSeen, ninesOf } from './estimate.js';
import { likelihoodRatioBound } from './history.js';
import type { AvailabilityPlan } from './plan.js';
import { AvailabilityRunner } from './runner.js';
import { runEpisodeSlices, slicesOf } from './slices.js';
import { difference, perYearFromSums, sumsOf } from './sums.js';
import { pairIndex, type AvailabilityTally, type Moments, type SettingTally } from './tally.js';
import {
  DOWNTIME_CAUSES,
  type AvailabilityResult,
  type DowntimeCause,
  type Estimate,
  type SettingYear,
} from './types.js';

export interface AvailabilityOptions {
  /** Threads in all, this one included (1: no worker). Default: one per core as the work pays for. */
  readonly threads?: number;
  /** This thread only hands out slices (tests: the workers do the work). */
  readonly coordinateOnly?: boolean;
  /** Called as episodes finish: (episode runs done, in all), a run being one episode at one setting. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Episode runs (episodes × settings) per thread that pay for it: an episode costs several sweep runs. */
const EPISODE_RUNS_PER_RUN = 4;

export function defaultThreads(plan: AvailabilityPlan): number {
  return threadsFor(plan.episodes * plan.settings.length * EPISODE_RUNS_PER_RUN);
}

/** Runs every episode of the plan at every setting and estimates the yearly figures. @throws AvailabilityOscillation */
export async function runAvailability(
  plan: AvailabilityPlan,
  options: AvailabilityOptions = {},
): Promise<AvailabilityResult> {
  const runner = new AvailabilityRunner(plan);
  const total = plan.episodes * plan.settings.length;
  let done = 0;
  const tally = await runEpisodeSlices(runner, slicesOf(plan.episodes), {
    threads: Math.max(1, options.threads ?? defaultThreads(plan)),
    coordinateOnly: options.coordinateOnly,
    onSlice: (episodes) => {
      done += episodes * plan.settings.length;
      options.onProgress?.(done, total);
    },
  });
  return summarizeAvailability(runner, tally);
}

/** The yearly figures of a finished run. */
export function summarizeAvailability(runner: AvailabilityRunner, tally: AvailabilityTally): AvailabilityResult {
  const { plan, fm } = runner;
  const lambda = fm.totalPerYear;
  const est = (m: Moments): Estimate => perYearFromSums(sumsOf(m, tally.episodes, tally.d, tally.dd), lambda);
  const cycleYears = 1 / lambda + (tally.episodes === 0 ? 0 : tally.d / tally.episodes);
  const unseen = neverSeen(tally.episodes, likelihoodRatioBound(fm, plan.biasTarget), cycleYears);
  const incident = (m: Moments): Estimate => (m.x === 0 && m.xx === 0 ? unseen : est(m));
  const settings = tally.settings.map((t, s) => settingYear(runner, t, s, est, incident));
  return {
    model: plan.model,
    preset: plan.preset,
    ...(plan.topologyFile !== undefined ? { topologyFile: plan.topologyFile } : {}),
    seed: plan.seed,
    years: tally.episodes / lambda,
    episodes: tally.episodes,
    biasTarget: plan.biasTarget,
    rates: runner.rates,
    failureModel: { totalPerYear: lambda, components: fm.components.length, groups: fm.groups.length },
    settings,
    best: bestOf(settings, tally, est),
  };
}

function settingYear(
  runner: AvailabilityRunner,
  t: SettingTally,
  s: number,
  est: (m: Moments) => Estimate,
  incident: (m: Moments) => Estimate,
): SettingYear {
  const { plan, fm } = runner;
  const withNines = (down: Estimate) => {
    const availability = availabilityOf(down);
    return { availability, nines: ninesOf(availability) };
  };
  const design = est(t.design);
  const present = new Set(fm.components.map((c) => c.kind));
  return {
    label: plan.settings[s].label,
    values: plan.settings[s].values,
    designDownMinPerYear: design,
    ...withNines(design),
    services: runner.services.map((service, i) => {
      const down = est(t.services[i]);
      return { service, downMinPerYear: down, ...withNines(down) };
    }),
    byCause: Object.fromEntries(DOWNTIME_CAUSES.map((c, i) => [c, est(t.causes[i])])) as Record<
      DowntimeCause,
      Estimate
    >,
    incidentsPerYear: Object.fromEntries(plan.properties.map((p, i) => [p, incident(t.incidents[i])])),
    contributors: COMPONENT_KINDS.map((kind, i) => ({ kind, downMinPerYear: est(t.contributors[i]) }))
      .filter((c) => present.has(c.kind) || c.downMinPerYear.mean > 0)
      .sort((a, b) => b.downMinPerYear.mean - a.downMinPerYear.mean),
  };
}

/** The setting with the least design downtime (the first of equals) and what it saves against each other one. */
function bestOf(
  settings: readonly SettingYear[],
  tally: AvailabilityTally,
  est: (m: Moments) => Estimate,
): AvailabilityResult['best'] {
  const n = settings.length;
  if (n < 2) return null;
  let best = 0;
  settings.forEach((s, i) => {
    if (s.designDownMinPerYear.mean < settings[best].designDownMinPerYear.mean) best = i;
  });
  const b = tally.settings[best].design;
  const versus = settings.flatMap((s, t) => {
    if (t === best) return [];
    const cross = tally.pairs[pairIndex(Math.min(best, t), Math.max(best, t), n)];
    return [{ label: s.label, savedMinPerYear: est(difference(tally.settings[t].design, b, cross)) }];
  });
  return { label: settings[best].label, versus };
}
