// sweep.csv: one row per setting, every number in plain units (ms, fractions), for a spreadsheet;
// per safety property, whether it is worse than at the default (empty without a default row).
import type { Distribution } from '../harness/runners/sweep/histogram.js';
import type { SweepResult } from '../harness/runners/sweep/summary.js';

function quote(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const DIST = ['samples', 'p50', 'p95', 'max', 'mean'] as const;

function distCells(d: Distribution | null): (number | null)[] {
  return DIST.map((k) => (d === null ? (k === 'samples' ? 0 : null) : d[k]));
}

export function sweepCsv(r: SweepResult): string {
  const keys = r.plan.axes.map((a) => a.key);
  const props = r.plan.properties;
  const hasDefault = r.settings.some((s) => s.isDefault);
  const header = [
    ...keys,
    'default',
    'runs',
    ...props.flatMap((p) => [`${p}.violations`, `${p}.rate`, `${p}.low`, `${p}.high`]),
    ...['detectMs', 'restoreMs', 'downtimeMs'].flatMap((m) => DIST.map((k) => `${m}.${k}`)),
    'fencesPerRun',
    'unnecessaryFencesPerRun',
    'failoversPerRun',
    'unrestored',
    'restored',
    ...r.plan.safety.map((p) => `${p}.worseThanDefault`),
  ];
  const rows = r.settings.map((s) => [
    ...keys.map((k) => s.values[k]),
    s.isDefault,
    s.runs,
    ...props.flatMap((p) => [
      s.properties[p].violations,
      s.properties[p].rate,
      s.properties[p].low,
      s.properties[p].high,
    ]),
    ...distCells(s.detectMs),
    ...distCells(s.restoreMs),
    ...distCells(s.downtimeMs),
    s.fencesPerRun,
    s.unnecessaryFencesPerRun,
    s.failoversPerRun,
    s.unrestored,
    s.restored,
    ...r.plan.safety.map((p) => (hasDefault ? s.regressions.some((g) => g.property === p) : null)),
  ]);
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
}
