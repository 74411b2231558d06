// How sweep numbers read, in every writer alike: rates as percentages with their interval, times
// in seconds, distributions as p50 / p95 / max, safety regressions with both counts.
import type { Distribution } from '../harness/runners/sweep/histogram.js';
import type {
  PassedOver,
  PropertyRate,
  Regression,
  SettingResult,
  SweepResult,
} from '../harness/runners/sweep/summary.js';
import { formatMs } from '../harness/engine/time.js';

export function percent(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (p >= 10) return `${p.toFixed(1).replace(/\.0$/, '')}%`;
  if (p >= 1) return `${p.toFixed(2).replace(/\.?0+$/, '')}%`;
  return `${p.toPrecision(2)}%`;
}

/** "50.8% (47.7–53.9%)", or "0 (≤ 0.38%)" when nothing was seen. */
export function rateText(r: PropertyRate): string {
  if (r.violations === 0) return `0 (≤ ${percent(r.high)})${r.unknown > 0 ? `, ${r.unknown} undecided` : ''}`;
  return `${percent(r.rate)} (${percent(r.low).replace('%', '')}–${percent(r.high)})${r.unknown > 0 ? `, ${r.unknown} undecided` : ''}`;
}

/** Durations in a sweep table: seconds throughout, so a column reads in one unit ("0 s", not "0 ms"). */
export function seconds(ms: number): string {
  return ms === 0 ? '0 s' : formatMs(ms);
}

export function distributionText(d: Distribution | null): string {
  return d === null ? '–' : `${seconds(d.p50)} / ${seconds(d.p95)} / ${seconds(d.max)}`;
}

export function perRun(x: number): string {
  return x === 0 ? '0' : x.toFixed(x >= 10 ? 1 : 2);
}

export function settingName(s: SettingResult): string {
  return `${s.label}${s.isDefault ? ' (default)' : ''}`;
}

export function signedMs(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`;
}

/** "noDualActive worse: 3 of 20000 runs vs 0 at the default" (undecided runs shown when there are any). */
export function regressionText(g: Regression, runs: number): string {
  return `${g.property} worse: ${violationCount(g.at)} of ${runs} runs vs ${violationCount(g.atDefault)} at the default`;
}

const violationCount = (x: PropertyRate) => `${x.violations}${x.unknown > 0 ? ` (+${x.unknown} undecided)` : ''}`;

/** A row's safety properties against the default, short: "baseline", "no worse", or "noDualActive 3 vs 0". */
export function regressionCell(s: SettingResult): string {
  if (s.isDefault) return 'baseline';
  if (s.regressions.length === 0) return 'no worse';
  return `worse: ${s.regressions.map((g) => `${g.property} ${violationCount(g.at)} vs ${violationCount(g.atDefault)}`).join(', ')}`;
}

/** Real outages of a row: "9940 restored, 60 open" (open: still out when the run ended, so without a time). */
export function outagesText(s: SettingResult): string {
  return s.restored + s.unrestored === 0 ? 'none' : `${s.restored} restored, ${s.unrestored} open`;
}

/** The passed-over setting in one line: what it clears and which safety property it makes worse. */
export function passedOverText(r: SweepResult, p: PassedOver): string {
  return `${p.label} clears ${r.recommendProperty} but makes ${p.regressions.map((g) => regressionText(g, r.settings[p.setting].runs)).join('; ')}`;
}

/** The per-setting times table: its header and one row per setting; `open` marks the outages still open at the end. */
export const TIMES_HEADER = [
  'setting',
  'detect',
  'restore after a real failure',
  'real outages',
  'downtime per run',
  'fences',
  'needless fences',
  'failovers',
] as const;

export function timesRows(r: SweepResult, open: (text: string) => string): string[][] {
  return r.settings.map((s) => [
    settingName(s),
    distributionText(s.detectMs),
    distributionText(s.restoreMs),
    s.unrestored > 0 ? open(outagesText(s)) : outagesText(s),
    distributionText(s.downtimeMs),
    perRun(s.fencesPerRun),
    perRun(s.unnecessaryFencesPerRun),
    perRun(s.failoversPerRun),
  ]);
}
