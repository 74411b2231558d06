// The recommendation rule (SPEC.md §5): the first setting in grid order that clears the asked property
// and makes no safety property worse than the default. A timeout that stops needless fences by
// letting two servers run the same VM is not an answer; it is named, with both counts, and passed over.
import type { PropertyName } from '../../engine/model.js';
import type { Outages, PassedOver, PropertyRate, Recommendation, Regression, SettingResult } from './results.js';

/**
 * "No worse": with the same schedules at every setting, counts compare directly. Property P is no
 * worse at s than at the default d when v_s ≤ v_d and v_s + u_s ≤ v_d + u_d (v: runs violating P,
 * u: runs its checker left undecided), i.e. not even counting every undecided run as a violation
 * can make s look worse. One more run is worse: no statistical allowance for a safety property.
 */
export function isNoWorse(at: PropertyRate, atDefault: PropertyRate): boolean {
  return (
    at.violations <= atDefault.violations && at.violations + at.unknown <= atDefault.violations + atDefault.unknown
  );
}

/** The safety properties of `safety` that got worse at `setting` than at `base` (none without a default). */
export function regressionsOf(
  setting: SettingResult['properties'],
  base: SettingResult['properties'] | undefined,
  safety: readonly PropertyName[],
): Regression[] {
  if (base === undefined) return [];
  return safety
    .filter((p) => setting[p] && base[p] && !isNoWorse(setting[p], base[p]))
    .map((p) => ({ property: p, at: setting[p], atDefault: base[p] }));
}

/** Run at all, in the grid, and no violation and no undecided run of `property`. */
export function clears(s: SettingResult, property: PropertyName): boolean {
  return s.inGrid && s.runs > 0 && s.properties[property].violations === 0 && s.properties[property].unknown === 0;
}

const qualifies = (s: SettingResult, property: PropertyName) => clears(s, property) && s.regressions.length === 0;

/** Settings that clear `property` but regress a safety property, in grid order, up to the recommendation (all of them when there is none). */
export function passedOverOf(settings: readonly SettingResult[], property: PropertyName): PassedOver[] {
  const pick = settings.findIndex((s) => qualifies(s, property));
  return settings
    .map((s, k) => ({ s, k }))
    .filter(({ s, k }) => (pick < 0 || k < pick) && clears(s, property) && s.regressions.length > 0)
    .map(({ s, k }) => ({ setting: k, values: s.values, label: s.label, regressions: s.regressions }));
}

const outagesOf = (s: SettingResult): Outages => ({ restored: s.restoreMs?.samples ?? 0, unrestored: s.unrestored });

function sameFraction(a: Outages, b: Outages): boolean {
  // restored_a / total_a = restored_b / total_b, in integers; no outage at all counts as all restored.
  const total = (o: Outages) => o.restored + o.unrestored;
  if (total(a) === 0 || total(b) === 0) return a.unrestored === 0 && b.unrestored === 0;
  return a.restored * total(b) === b.restored * total(a);
}

/** The first setting in grid order (each axis ascending) that clears `property` and makes no safety property worse than the default; null when none does. */
export function recommendationOf(settings: readonly SettingResult[], property: PropertyName): Recommendation | null {
  const d = settings.findIndex((s) => s.isDefault);
  if (d < 0)
    throw new Error(
      'a recommendation needs the default setting among the settings swept (plan it with baseline: true)',
    );
  const pick = settings.findIndex((s) => qualifies(s, property));
  if (pick < 0) return null;
  const chosen = settings[pick];
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
    passedOver: passedOverOf(settings, property),
    restoreCostMs: diff(chosen.restoreMs?.p50, base.restoreMs?.p50),
    restoreP95CostMs: diff(chosen.restoreMs?.p95, base.restoreMs?.p95),
    outages: outagesOf(chosen),
    defaultOutages: outagesOf(base),
    sameRestoredFraction: sameFraction(outagesOf(chosen), outagesOf(base)),
  };
}
