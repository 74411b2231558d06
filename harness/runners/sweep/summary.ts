// From a finished tally to the answer a user reads: per setting the violation rate of every property
// with its 95% interval, the time distributions and the safety properties worse than at the default;
// the schedules that flip between neighbouring settings (the shortest one re-drawn from its index);
// and the recommendation (recommend.ts).
import type { FaultStep } from '../../engine/faults/index.js';
import type { PropertyName } from '../../engine/model.js';
import { storyOf } from '../../engine/traceFile.js';
import { summarize } from './histogram.js';
import type { SweepPlan } from './plan.js';
import { labelOf, type Values } from './settings.js';
import type { SettingTally, SweepTally } from './tally.js';
import { passedOverOf, recommendationOf, regressionsOf } from './recommend.js';
import { wilson } from './wilson.js';

export type { Outages, PassedOver, PropertyRate, Recommendation, Regression, SettingResult } from './results.js';
import type { PassedOver, PropertyRate, Recommendation, SettingResult } from './results.js';
export { recommendationOf } from './recommend.js';

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

export interface SweepResult {
  readonly plan: SweepPlan;
  readonly settings: readonly SettingResult[];
  readonly flips: readonly Flip[];
  /** Asked for with --recommend; null when no setting of the grid clears it without making a safety property worse. */
  readonly recommendation: Recommendation | null;
  readonly recommendProperty: PropertyName | null;
  /** With --recommend: the settings that clear it but make a safety property worse (before the recommendation; all when none). */
  readonly passedOver: readonly PassedOver[];
}

export interface Redraw {
  schedule(index: number): FaultStep[];
  environment(index: number): Record<string, number>;
}

export function summarizeSweep(
  plan: SweepPlan,
  tally: SweepTally,
  redraw: Redraw,
  recommend: PropertyName | null,
): SweepResult {
  const rows = plan.settings.map((_, k) => settingRow(plan, k, tally.settings[k]));
  const base = rows.find((s) => s.isDefault)?.properties;
  const settings = rows.map((s): SettingResult => ({
    ...s,
    regressions: regressionsOf(s.properties, base, plan.safety),
  }));
  const shortest = (index: number): ShortestFlip => {
    const schedule = redraw.schedule(index);
    return { index, schedule, story: storyOf(schedule), environment: redraw.environment(index) };
  };
  const flips: Flip[] = [];
  plan.neighbours.forEach(([lo, hi], n) => {
    plan.properties.forEach((property, p) => {
      const f = tally.flips[n][p];
      const base = {
        from: plan.settings[lo].values,
        to: plan.settings[hi].values,
        fromSetting: lo,
        toSetting: hi,
        property,
      };
      if (f.broken.count > 0)
        flips.push({
          ...base,
          direction: 'safe→violated',
          schedules: f.broken.count,
          shortest: shortest(f.broken.index),
        });
      if (f.fixed.count > 0)
        flips.push({
          ...base,
          direction: 'violated→safe',
          schedules: f.fixed.count,
          shortest: shortest(f.fixed.index),
        });
    });
  });
  const recommendation = recommend ? recommendationOf(settings, recommend) : null;
  return {
    plan,
    settings,
    flips,
    recommendation,
    recommendProperty: recommend,
    passedOver: recommend ? passedOverOf(settings, recommend) : [],
  };
}

function settingRow(plan: SweepPlan, k: number, t: SettingTally): Omit<SettingResult, 'regressions'> {
  const s = plan.settings[k];
  const properties: Record<string, PropertyRate> = {};
  plan.properties.forEach((p, i) => {
    const interval = wilson(t.violations[i], t.runs);
    properties[p] = {
      violations: t.violations[i],
      rate: t.runs === 0 ? 0 : t.violations[i] / t.runs,
      low: interval.low,
      high: interval.high,
      unknown: t.unknown[i],
    };
  });
  const perRun = (n: number) => (t.runs === 0 ? 0 : n / t.runs);
  const restoreMs = summarize(t.restoreMs);
  return {
    values: s.values,
    label: labelOf(s.values),
    inGrid: s.inGrid,
    isDefault: s.isDefault,
    runs: t.runs,
    properties,
    detectMs: summarize(t.detectMs),
    restoreMs,
    downtimeMs: summarize(t.downtimeMs),
    fencesPerRun: perRun(t.fences),
    unnecessaryFencesPerRun: perRun(t.unnecessaryFences),
    failoversPerRun: perRun(t.failovers),
    restored: restoreMs?.samples ?? 0,
    unrestored: t.unrestored,
  };
}
