// How availability numbers read, in every writer alike (terminal, HTML): downtime per year in the unit
// that holds it (0.021 min/yr, 4.4 min/yr, 105 min/yr, 2.3 h/yr), availability with as many decimals
// as the unavailability needs (99.9998 %), nines with one decimal, incidents per year (a rate never
// seen says so plainly), causes in words, and the verdict between settings with the interval of the
// difference (an interval that includes 0 is not a winner, however the point estimates fall).
import type {
  AvailabilityResult,
  ComponentKind,
  DowntimeCause,
  Estimate,
  RepairDistribution,
  SettingYear,
} from '../harness/runners/availability/types.js';
import { DOWNTIME_CAUSES } from '../harness/runners/availability/types.js';
import { formatExactMs } from '../harness/engine/time.js';

export const CAUSE_LABEL: Readonly<Record<DowntimeCause, string>> = {
  failure: 'real failure (until restored)',
  'needless-fence': 'needless fence',
  'fence-loop': 'fence loop',
  'split-brain': 'split brain',
  capacity: 'capacity refusal',
};

export const BUILT_IN_RATES = 'built-in rates (docs/availability.md)';

/** A plain number as people write it: 2 significant digits below 1, one decimal below 10, whole above. */
export function plain(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (a < 1e-4) return sign + a.toExponential(1);
  if (a < 1) return sign + String(Number(a.toPrecision(2)));
  if (a < 10) return sign + a.toFixed(1);
  return sign + a.toFixed(0);
}

/** The unit a downtime of `minutes` per year reads best in. */
function downUnit(minutes: number): { unit: string; per: number } {
  const a = Math.abs(minutes);
  if (a >= 2 * 24 * 60) return { unit: 'd/yr', per: 24 * 60 };
  if (a >= 120) return { unit: 'h/yr', per: 60 };
  return { unit: 'min/yr', per: 1 };
}

/** `4.4 min/yr`, `105 min/yr`, `2.3 h/yr`. */
export function downtime(minutes: number): string {
  const { unit, per } = downUnit(minutes);
  return `${plain(minutes / per)} ${unit}`;
}

/** `[1.1–5.3]`, or `[-0.4 to 2.1]` when a bound is negative (a dash would read as a minus). */
function bracket(low: string, high: string, negative: boolean): string {
  return negative ? `[${low} to ${high}]` : `[${low}–${high}]`;
}

/** `4.4 min/yr [1.1–8.0]`: the interval in the mean's unit, as the estimator gives it (bounds may be negative). */
export function savingInterval(e: Estimate): string {
  if (e.mean === 0 && e.low === 0 && e.high === 0) return '0 min/yr';
  // A mean of 0 reads in its upper bound's unit; an unbounded one (too few episodes) in minutes.
  const { unit, per } = downUnit(e.mean !== 0 ? e.mean : Number.isFinite(e.high) ? e.high : 0);
  const v = (x: number) => plain(x / per);
  return `${v(e.mean)} ${unit} ${bracket(v(e.low), v(e.high), e.low < 0 || e.high < 0)}`;
}

/**
 * A downtime with its interval: `4.4 min/yr [1.1–8.0]`; `0 min/yr (none seen)` when nothing was down.
 * Downtime cannot be negative, so a lower bound below 0 (the normal approximation's interval around a
 * small mean) reads 0; the JSON keeps the estimator's value.
 */
export function downtimeInterval(e: Estimate): string {
  if (e.mean === 0 && e.low === 0 && e.high === 0) return '0 min/yr (none seen)';
  return savingInterval({ ...e, low: Math.max(0, e.low) });
}

/** `99.9998 %`: the unavailability to two significant digits, trailing zeros dropped. */
export function availabilityPercent(a: number): string {
  if (!Number.isFinite(a)) return '–';
  const down = (1 - a) * 100;
  if (down <= 0) return '100 %';
  if (down >= 100) return '0 %';
  const decimals = Math.min(12, Math.max(1, Math.floor(-Math.log10(down)) + 2));
  const text = (100 - down)
    .toFixed(decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  return `${text} %`;
}

/** At or above this many nines the estimator reports its cap (estimate.ts MAX_NINES on avail-core): `12+`. */
export const NINES_CAP = 12;

/** Nines with one decimal; `12+` at the estimator's cap; `∞` when nothing was ever down. */
export function nines(x: number): string {
  if (Number.isNaN(x)) return '–';
  if (x === Infinity) return '∞';
  if (x >= NINES_CAP) return `${NINES_CAP}+`;
  return Math.max(0, x).toFixed(1); // an availability of 0 or less (a bound of −∞) has no nines
}

/** `5.1 [4.8–5.5]`; `5.1 [4.8–12+]`; `∞ (never down)` or `12+` when even the lower bound is there. */
export function ninesInterval(e: Estimate): string {
  if (e.mean === Infinity) return '∞ (never down)';
  if (e.mean >= NINES_CAP && e.low >= NINES_CAP) return nines(e.mean);
  return `${nines(e.mean)} ${bracket(nines(e.low), nines(e.high), false)}`;
}

/** A yearly rate: `0.012/yr`, `3.0/yr`. */
export const perYear = (x: number): string => `${plain(x)}/yr`;

/** Two significant digits for a large round figure: `21383` → `21000`, `1.4e8`. */
function rough(x: number): string {
  if (x >= 1e6) return x.toExponential(1).replace('e+', 'e');
  return x >= 100 ? String(Number(x.toPrecision(2))) : plain(x);
}

/** A rate below once a year as a return period (`, 1 in 830 yr`), only when the interval is clear of 0. */
const oneIn = (e: Estimate): string => (e.mean < 1 && e.low > 0 ? `, 1 in ${rough(1 / e.mean)} yr` : '');

/** Three significant digits (`16.2`, `0.0125`, `2`). */
export const sig3 = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : plain(x));

/**
 * Incidents per year of a property: the rate with its interval and return period (`0.0012/yr
 * [0.0002–0.0022], 1 in 830 yr`), or, never seen, `0 seen in N episodes; < x/yr` (the interval's
 * upper end, when the estimator gives one). A count cannot be negative: a lower bound below 0 reads 0.
 */
export function incidentsText(e: Estimate, r: Pick<AvailabilityResult, 'episodes'>): string {
  if (e.mean === 0) {
    const seen = `0 seen in ${episodesText(r.episodes)}`;
    return e.high > 0 ? `${seen}; < ${perYear(e.high)}` : seen;
  }
  return `${perYear(e.mean)} ${bracket(plain(Math.max(0, e.low)), plain(e.high), false)}${oneIn(e)}`;
}

/** `1 episode`, `20000 episodes`. */
export const episodesText = (n: number): string => `${n} episode${n === 1 ? '' : 's'}`;

export function years(y: number): string {
  return `${y >= 10 ? Math.round(y) : plain(y)} year${y === 1 ? '' : 's'}`;
}

/** A share of a whole as a percentage with sensible digits (`62 %`, `4.1 %`, `0.38 %`). */
export function share(part: number, whole: number): string {
  if (whole <= 0 || !Number.isFinite(part) || !Number.isFinite(whole)) return '–';
  const p = (part / whole) * 100;
  if (p > 0 && p < 0.01) return '< 0.01 %';
  return `${p >= 10 ? p.toFixed(0) : plain(p)} %`;
}

/** The causes with downtime at some setting, in the fixed cause order. */
export function causesSeen(settings: readonly SettingYear[]): DowntimeCause[] {
  return DOWNTIME_CAUSES.filter((c) => settings.some((s) => s.byCause[c].mean > 0));
}

/** Up to `limit` component kinds, ranked by their largest downtime at any setting. */
export function topKinds(settings: readonly SettingYear[], limit = 5): ComponentKind[] {
  const most = new Map<ComponentKind, number>();
  for (const s of settings)
    for (const c of s.contributors) most.set(c.kind, Math.max(most.get(c.kind) ?? 0, c.downMinPerYear.mean));
  return [...most.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([k]) => k);
}

/** Whether the rate a kind was drawn with has no published source (the built-in table's mark, or a file's). */
export function unverifiedKind(r: AvailabilityResult, kind: ComponentKind): boolean {
  return r.rates.kinds[kind].unverified === true;
}

/**
 * The footnote to contributors marked `*`: how much of each setting's design downtime the kinds with
 * unverified rates give (null when none contributes). A figure led by a guessed rate must say so.
 */
export function unverifiedNote(r: AvailabilityResult): string | null {
  const shares = r.settings.map((s) => {
    const guessed = s.contributors
      .filter((c) => unverifiedKind(r, c.kind))
      .reduce((a, c) => a + c.downMinPerYear.mean, 0);
    return { label: s.label, guessed, of: s.designDownMinPerYear.mean };
  });
  if (shares.every((x) => x.guessed <= 0)) return null;
  const at = shares.map((x) => `${share(x.guessed, x.of)} at ${x.label}`).join(', ');
  return `* unverified rate (no published figure; chosen, see docs/availability.md): these kinds give ${at} of the design's downtime`;
}

/** `lognormal, median 2 h, σ 0.8`. */
export function repairText(d: RepairDistribution): string {
  if (d.shape === 'lognormal') return `lognormal, median ${formatExactMs(d.medianMs)}, σ ${d.sigma}`;
  if (d.shape === 'exponential') return `exponential, mean ${formatExactMs(d.meanMs)}`;
  return `fixed ${formatExactMs(d.ms)}`;
}

/** Where the rates came from, as the header says it. */
export function ratesSource(r: AvailabilityResult): string {
  const kinds = Object.values(r.rates.kinds);
  const unverified = kinds.filter((k) => k.unverified === true).length;
  // Figures set with --rate say so in their source (overrides.ts): name them, or the line would
  // credit the table with a figure the command line chose.
  const flags = [...kinds, ...Object.values(r.rates.components)].flatMap(
    (k) => /^(--rate \S+) \(no source given\)$/.exec(k.source ?? '')?.[1] ?? [],
  );
  const table = r.rates.file === null ? BUILT_IN_RATES : r.rates.file;
  const source = flags.length > 0 ? `${table} with ${flags.join(', ')}` : table;
  return unverified > 0 ? `${source}; ${unverified} of ${kinds.length} kinds unverified` : source;
}

/** An interval that reaches 0 (or beyond) does not show a difference. */
export const includesZero = (e: Estimate) => e.low <= 0 && e.high >= 0;

/** The verdict between settings, one line; null with a single setting. */
export function verdictLine(r: AvailabilityResult): string | null {
  const best = r.best;
  if (best === null) return null;
  const saves = (v: (typeof best.versus)[number]) => `${savingInterval(v.savedMinPerYear)} over ${v.label}`;
  const clear = best.versus.filter((v) => !includesZero(v.savedMinPerYear));
  const unclear = best.versus.filter((v) => includesZero(v.savedMinPerYear));
  if (clear.length === 0)
    return `least downtime: no setting is clearly better — ${best.label} is lowest on these episodes, but saves only ${unclear.map(saves).join(', ')}, and the interval of the difference includes 0 (more --years may separate them)`;
  const head = `least downtime: ${best.label} — saves ${clear.map(saves).join(', ')}`;
  if (unclear.length === 0) return head;
  const others = unclear.map((v) => `${v.label} (saves ${savingInterval(v.savedMinPerYear)})`).join(' or ');
  return `${head}; not clearly better than ${others}: the interval${unclear.length === 1 ? ' includes' : 's include'} 0`;
}
