// `availability --json` (and availability.json): the documented shape, keys in a fixed order (free-form
// maps such as property names, setting values and rate overrides sorted by key), so two runs of the
// same input give the same bytes. JSON has no Infinity or NaN: every number that is not finite is
// written as null (nines of a design never seen down is +∞ in the result, null here). `formatVersion`
// numbers this shape (raised when a field changes meaning or goes); `hafault` names the version that wrote it.
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

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

const est = (e: Estimate) => ({ mean: num(e.mean), low: num(e.low), high: num(e.high) });

function sorted<T, U>(record: Readonly<Record<string, T>>, map: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of Object.keys(record).sort()) out[key] = map(record[key]);
  return out;
}

const scalar = (v: number | string | boolean) => (typeof v === 'number' ? num(v) : v);

function repair(d: RepairDistribution) {
  if (d.shape === 'lognormal') return { shape: d.shape, medianMs: num(d.medianMs), sigma: num(d.sigma) };
  if (d.shape === 'exponential') return { shape: d.shape, meanMs: num(d.meanMs) };
  return { shape: d.shape, ms: num(d.ms) };
}

function kindRate(k: Partial<KindRate>) {
  return {
    ...(k.perYear !== undefined ? { perYear: num(k.perYear) } : {}),
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
    values: sorted(s.values, scalar),
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
        : { beta: num(t.commonCause.beta), ...(t.commonCause.kinds ? { kinds: [...t.commonCause.kinds] } : {}) },
    operatorRestore: {
      ...repair(t.operatorRestore),
      source: t.operatorRestore.source,
      ...(t.operatorRestore.unverified !== undefined ? { unverified: t.operatorRestore.unverified } : {}),
    },
  };
}

/** The result as pretty JSON (two-space indent, a final newline). */
export function ninesJson(result: AvailabilityResult): string {
  const r = result;
  const doc = {
    formatVersion: NINES_JSON_VERSION,
    hafault: HAFAULT_VERSION,
    model: r.model,
    preset: r.preset,
    topologyFile: r.topologyFile ?? null,
    seed: r.seed,
    episodes: r.episodes,
    years: num(r.years),
    biasTarget: num(r.biasTarget),
    failureModel: {
      totalPerYear: num(r.failureModel.totalPerYear),
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
  // The replacer is a second guard: a number the shape above does not pass through `num` (a repair's medianMs, say).
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
