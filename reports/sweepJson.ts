// `sweep --json`: the documented shape. Distributions always carry their keys (null without samples)
// so a consumer can read `restoreMs.p50` without checking first; `passedOver` is top-level too, so it
// survives a null recommendation (the settings that would have been chosen but for a safety regression).
import type { Distribution } from '../harness/runners/sweep/histogram.js';
import type { PassedOver, SweepResult } from '../harness/runners/sweep/summary.js';

const EMPTY = { samples: 0, mean: null, p50: null, p95: null, max: null };

function dist(d: Distribution | null) {
  return d === null ? EMPTY : { samples: d.samples, mean: d.mean, p50: d.p50, p95: d.p95, max: d.max };
}

const passedOver = (x: PassedOver) => ({ values: x.values, regressions: x.regressions });

/** @param traceFiles per flip (same order), the trace file of its shortest schedule, when written */
export function sweepJson(r: SweepResult, traceFiles: readonly (string | undefined)[] = []) {
  const p = r.plan;
  return {
    model: p.model,
    preset: p.preset,
    seed: p.seed,
    runs: p.runs,
    maxFaults: p.maxFaults,
    faults: p.kinds,
    repairs: p.repairs,
    fixed: p.fixedAsWritten,
    environment: p.ranges,
    properties: p.properties,
    safety: p.safety,
    addedForSafety: p.addedForSafety,
    settings: r.settings.map((s) => ({
      values: s.values,
      default: s.isDefault,
      inGrid: s.inGrid,
      runs: s.runs,
      properties: s.properties,
      restoreMs: dist(s.restoreMs),
      detectMs: dist(s.detectMs),
      downtimeMs: dist(s.downtimeMs),
      fencesPerRun: s.fencesPerRun,
      unnecessaryFencesPerRun: s.unnecessaryFencesPerRun,
      failoversPerRun: s.failoversPerRun,
      restored: s.restored,
      unrestored: s.unrestored,
      regressions: s.regressions,
    })),
    flips: r.flips.map((f, k) => ({
      from: f.from,
      to: f.to,
      property: f.property,
      direction: f.direction,
      schedules: f.schedules,
      shortest: { ...f.shortest, ...(traceFiles[k] ? { traceFile: traceFiles[k] } : {}) },
    })),
    recommendation:
      r.recommendation === null
        ? null
        : {
            property: r.recommendation.property,
            values: r.recommendation.values,
            runs: r.recommendation.runs,
            high: r.recommendation.high,
            default: r.recommendation.defaultValues,
            restoreCostMs: r.recommendation.restoreCostMs,
            restoreP95CostMs: r.recommendation.restoreP95CostMs,
            outages: r.recommendation.outages,
            defaultOutages: r.recommendation.defaultOutages,
            sameRestoredFraction: r.recommendation.sameRestoredFraction,
            passedOver: r.recommendation.passedOver.map(passedOver),
          },
    passedOver: r.passedOver.map(passedOver),
  };
}
