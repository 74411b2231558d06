// From a finished tally to the answer a user reads: per setting the violation rate of every property
// with its 95% interval and the time distributions; the schedules that flip between neighbouring
// settings (the shortest one re-drawn from its index); and the recommendation.
import type { FaultStep } from '../faults/index.js';
import type { PropertyName } from '../model.js';
import { storyOf } from '../traceFile.js';
import { summarize, type Distribution } from './histogram.js';
import type { SweepPlan } from './plan.js';
import { labelOf, type Values } from './settings.js';
import type { SweepTally } from './tally.js';
import { wilson } from './wilson.js';

export interface PropertyRate {
  readonly violations: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Runs whose checker could not decide. */
  readonly unknown: number;
}

export interface SettingResult {
  readonly values: Values;
  readonly label: string;
  readonly inGrid: boolean;
  readonly isDefault: boolean;
  readonly runs: number;
  readonly properties: Readonly<Record<string, PropertyRate>>;
  readonly detectMs: Distribution | null;
  readonly restoreMs: Distribution | null;
  /** Per run, summed over protected services. */
  readonly downtimeMs: Distribution | null;
  readonly fencesPerRun: number;
  readonly unnecessaryFencesPerRun: number;
  readonly failoversPerRun: number;
  /** Outages after a real failure still open when their run ended. */
  readonly unrestored: number;
}

export type FlipDirection = 'safe→violated' | 'violated→safe';

export interface ShortestFlip {
  readonly index: number;
  readonly schedule: readonly FaultStep[];
  readonly story: readonly string[];
  readonly environment: Readonly<Record<string, number>>;
}

export interface Flip {
  readonly from: Values;
  readonly to: Values;
  readonly fromSetting: number;
  readonly toSetting: number;
  readonly property: PropertyName;
  /** Going from the lower setting to the higher one. */
  readonly direction: FlipDirection;
  readonly schedules: number;
  readonly shortest: ShortestFlip;
}

export interface Recommendation {
  readonly property: PropertyName;
  readonly values: Values;
  readonly label: string;
  readonly setting: number;
  readonly runs: number;
  /** Upper end of the 95% interval of its violation rate (0 of n is not a proof of 0). */
  readonly high: number;
  readonly defaultValues: Values;
  readonly defaultSetting: number;
  /** Median restore time at the recommendation minus at the default (null without samples at either). */
  readonly restoreCostMs: number | null;
  readonly restoreP95CostMs: number | null;
}

export interface SweepResult {
  readonly plan: SweepPlan;
  readonly settings: readonly SettingResult[];
  readonly flips: readonly Flip[];
  /** Asked for with --recommend; null when no setting of the grid is free of violations of it. */
  readonly recommendation: Recommendation | null;
  readonly recommendProperty: PropertyName | null;
}

export interface Redraw {
  schedule(index: number): FaultStep[];
  environment(index: number): Record<string, number>;
}

export function summarizeSweep(plan: SweepPlan, tally: SweepTally, redraw: Redraw, recommend: PropertyName | null): SweepResult {
  const settings = plan.settings.map((s, k): SettingResult => {
    const t = tally.settings[k];
    const properties: Record<string, PropertyRate> = {};
    plan.properties.forEach((p, i) => {
      const interval = wilson(t.violations[i], t.runs);
      properties[p] = { violations: t.violations[i], rate: t.runs === 0 ? 0 : t.violations[i] / t.runs, low: interval.low, high: interval.high, unknown: t.unknown[i] };
    });
    const perRun = (n: number) => (t.runs === 0 ? 0 : n / t.runs);
    return {
      values: s.values,
      label: labelOf(s.values),
      inGrid: s.inGrid,
      isDefault: s.isDefault,
      runs: t.runs,
      properties,
      detectMs: summarize(t.detectMs),
      restoreMs: summarize(t.restoreMs),
      downtimeMs: summarize(t.downtimeMs),
      fencesPerRun: perRun(t.fences),
      unnecessaryFencesPerRun: perRun(t.unnecessaryFences),
      failoversPerRun: perRun(t.failovers),
      unrestored: t.unrestored,
    };
  });
  const shortest = (index: number): ShortestFlip => {
    const schedule = redraw.schedule(index);
    return { index, schedule, story: storyOf(schedule), environment: redraw.environment(index) };
  };
  const flips: Flip[] = [];
  plan.neighbours.forEach(([lo, hi], n) => {
    plan.properties.forEach((property, p) => {
      const f = tally.flips[n][p];
      const base = { from: plan.settings[lo].values, to: plan.settings[hi].values, fromSetting: lo, toSetting: hi, property };
      if (f.broken.count > 0) flips.push({ ...base, direction: 'safe→violated', schedules: f.broken.count, shortest: shortest(f.broken.index) });
      if (f.fixed.count > 0) flips.push({ ...base, direction: 'violated→safe', schedules: f.fixed.count, shortest: shortest(f.fixed.index) });
    });
  });
  return { plan, settings, flips, recommendation: recommend ? recommendationOf(settings, recommend) : null, recommendProperty: recommend };
}

/** The first setting in grid order (each axis ascending) with no violation, and no undecided run, of the property. */
export function recommendationOf(settings: readonly SettingResult[], property: PropertyName): Recommendation | null {
  const pick = settings.findIndex((s) => s.inGrid && s.runs > 0 && s.properties[property].violations === 0 && s.properties[property].unknown === 0);
  if (pick < 0) return null;
  const chosen = settings[pick];
  const d = settings.findIndex((s) => s.isDefault);
  const base = settings[d];
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : a - b);
  return {
    property,
    values: chosen.values,
    label: chosen.label,
    setting: pick,
    runs: chosen.runs,
    high: chosen.properties[property].high,
    defaultValues: base.values,
    defaultSetting: d,
    restoreCostMs: diff(chosen.restoreMs?.p50, base.restoreMs?.p50),
    restoreP95CostMs: diff(chosen.restoreMs?.p95, base.restoreMs?.p95),
  };
}
