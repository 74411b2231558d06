// Availability results built by hand for the writers' tests: every number is one a test names, so
// the tables, the JSON and the page meet exactly the case they must handle (a clear winner, a
// difference whose interval includes 0, a cause with no downtime, a property never seen, a label
// that needs escaping) whatever the estimator does today.
import type {
  AvailabilityResult,
  ComponentKind,
  DowntimeCause,
  Estimate,
  KindRate,
  SettingYear,
} from '../harness/runners/availability/types.js';
import { DOWNTIME_CAUSES } from '../harness/runners/availability/types.js';
import { COMPONENT_KINDS } from '../harness/runners/availability/components.js';

export const est = (mean: number, low: number, high: number): Estimate => ({ mean, low, high });

const MIN_PER_YEAR = 365.25 * 24 * 60;

/** Availability and nines that agree with a downtime (minutes per year). */
function fromDowntime(down: Estimate): { availability: Estimate; nines: Estimate } {
  const u = (m: number) => m / MIN_PER_YEAR;
  const nines = (m: number) => (m > 0 ? -Math.log10(u(m)) : Infinity);
  return {
    availability: est(1 - u(down.mean), 1 - u(down.high), 1 - u(down.low)),
    nines: est(nines(down.mean), nines(down.high), nines(down.low)),
  };
}

export interface HandSetting {
  readonly label: string;
  readonly down: Estimate;
  readonly byCause?: Partial<Record<DowntimeCause, Estimate>>;
  readonly incidents?: Readonly<Record<string, Estimate>>;
  readonly contributors?: readonly (readonly [ComponentKind, Estimate])[];
  /** Per service: name and downtime (the design's downtime for one service `vm` when absent). */
  readonly services?: readonly (readonly [string, Estimate])[];
}

export function handSetting(h: HandSetting): SettingYear {
  const byCause = Object.fromEntries(DOWNTIME_CAUSES.map((c) => [c, h.byCause?.[c] ?? est(0, 0, 0)])) as Record<
    DowntimeCause,
    Estimate
  >;
  return {
    label: h.label,
    values: {},
    designDownMinPerYear: h.down,
    ...fromDowntime(h.down),
    services: (h.services ?? [['vm', h.down] as const]).map(([service, down]) => ({
      service,
      downMinPerYear: down,
      ...fromDowntime(down),
    })),
    byCause,
    incidentsPerYear: h.incidents ?? {},
    contributors: (h.contributors ?? []).map(([kind, downMinPerYear]) => ({ kind, downMinPerYear })),
  };
}

const rate = (perYear: number, source: string, unverified?: boolean): KindRate => ({
  perYear,
  repair: { shape: 'lognormal', medianMs: 4 * 3_600_000, sigma: 0.8 },
  source,
  ...(unverified ? { unverified } : {}),
});

export function handRates(file: string | null = null): AvailabilityResult['rates'] {
  const kinds = Object.fromEntries(
    COMPONENT_KINDS.map((k) =>
      k === 'switch'
        ? [k, rate(0.2, 'DOMAIN.md: switch field MTBF 5 years')]
        : [k, rate(0.5, `modelling choice for ${k}`, true)],
    ),
  ) as Record<ComponentKind, KindRate>;
  return {
    kinds,
    components: { sw1: { perYear: 0.4 } },
    commonCause: null,
    operatorRestore: { shape: 'fixed', ms: 1_800_000, source: 'modelling choice: 30 min', unverified: true },
    file,
  };
}

export function handResult(
  settings: readonly SettingYear[],
  best: AvailabilityResult['best'] = null,
  more: Partial<AvailabilityResult> = {},
): AvailabilityResult {
  return {
    model: 'xenserver-ha',
    preset: 'bonded-mirrored-san',
    seed: 7,
    years: 1234.4,
    episodes: 20000,
    biasTarget: 2,
    rates: handRates(),
    failureModel: { totalPerYear: 16.2, components: 42, groups: 0 },
    settings,
    best,
    ...more,
  };
}
