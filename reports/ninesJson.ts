// `availability --json` (and availability.json): the documented shape, keys in a fixed order (free-form
// maps such as property names, setting values and rate overrides sorted by key), so two runs of the
// same input give the same bytes. JSON has no Infinity or NaN: every number that is not finite is
// written as null (an interval of ±∞ from too few episodes; nines of +∞, which the types allow for a
// design never down). `formatVersion` numbers this shape (raised when a field changes meaning or
// goes); `hafault` names the version that wrote it.
import type {
  AvailabilityResult,
  Estimate,
  KindRate,
  RepairDistribution,
  SettingYear,
} from '../harness/runners/availability/types.js';
import { DOWNTIME_CAUSES } from '../harness/runners/availability/types.js';
import { HAFAULT_VERSION } from '../harness/runners/version.js';
import { includesZero } from './ninesFormat.js';

export const NINES_JSON_VERSION = 1;

const est = (e: Estimate) => ({ mean: e.mean, low: e.low, high: e.high });

function sorted<T, U>(record: Readonly<Record<string, T>>, map: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of Object.keys(record).sort()) out[key] = map(record[key]);
  return out;
}

function repair(d: RepairDistribution) {
  if (d.shape === 'lognormal') return { shape: d.shape, medianMs: d.medianMs, sigma: d.sigma };
  if (d.shape === 'exponential') return { shape: d.shape, meanMs: d.meanMs };
  return { shape: d.shape, ms: d.ms };
}

function kindRate(k: Partial<KindRate>) {
  return {
    ...(k.perYear !== undefined ? { perYear: k.perYear } : {}),
    ...(k.repair !== undefined ? { repair: repair(k.repair) } : {}),
    ...(k.source !== undefined ? { source: k.source } : {}),
    ...(k.unverified !== undefined ? { unverified: k.unverified } : {}),
  };
}

function setting(s: SettingYear) {
  const byCause: Record<string, ReturnType<typeof est>> = {};
  for (const c of DOWNTIME_CAUSES) byCause[c] = est(s.byCause[c]);
  return {
    label: s.label,
    values: sorted(s.values, (v) => v),
    designDownMinPerYear: est(s.designDownMinPerYear),
    availability: est(s.availability),
    nines: est(s.nines),
    services: s.services.map((x) => ({
      service: x.service,
      downMinPerYear: est(x.downMinPerYear),
      availability: est(x.availability),
      nines: est(x.nines),
    })),
    byCause,
    incidentsPerYear: sorted(s.incidentsPerYear, est),
    contributors: s.contributors.map((c) => ({ kind: c.kind, downMinPerYear: est(c.downMinPerYear) })),
  };
}

function rates(r: AvailabilityResult) {
  const t = r.rates;
  return {
    file: t.file,
    kinds: sorted(t.kinds, kindRate),
    components: sorted(t.components, kindRate),
    commonCause:
      t.commonCause === null
        ? null
        : { beta: t.commonCause.beta, ...(t.commonCause.kinds ? { kinds: [...t.commonCause.kinds] } : {}) },
    operatorRestore: {
      ...repair(t.operatorRestore),
      source: t.operatorRestore.source,
      ...(t.operatorRestore.unverified !== undefined ? { unverified: t.operatorRestore.unverified } : {}),
    },
  };
}

/** The result as the document `--json` prints (numbers that are not finite print as null). */
export function ninesDocument(result: AvailabilityResult) {
  const r = result;
  return {
    formatVersion: NINES_JSON_VERSION,
    hafault: HAFAULT_VERSION,
    model: r.model,
    preset: r.preset,
    topologyFile: r.topologyFile ?? null,
    seed: r.seed,
    episodes: r.episodes,
    years: r.years,
    biasTarget: r.biasTarget,
    failureModel: {
      totalPerYear: r.failureModel.totalPerYear,
      components: r.failureModel.components,
      groups: r.failureModel.groups,
    },
    rates: rates(r),
    settings: r.settings.map(setting),
    best:
      r.best === null
        ? null
        : {
            label: r.best.label,
            clearlyBetter: r.best.versus.every((v) => !includesZero(v.savedMinPerYear)),
            versus: r.best.versus.map((v) => ({
              label: v.label,
              savedMinPerYear: est(v.savedMinPerYear),
              clearlyBetter: !includesZero(v.savedMinPerYear),
            })),
          },
  };
}

/** The result as pretty JSON (two-space indent, a final newline). */
export function ninesJson(result: AvailabilityResult): string {
  // JSON.stringify itself writes every number that is not finite as null, wherever it sits.
  return JSON.stringify(ninesDocument(result), null, 2) + '\n';
}
