// The sweep as the terminal shows it: what was run, violation rates with their intervals, times and
// fences per setting, the schedules that flip between neighbours, and the recommendation.
import { rangeLabel, labelOf } from '../harness/runners/sweep/settings.js';
import type { PropertyName } from '../harness/engine/model.js';
import type { Outages, SweepResult } from '../harness/runners/sweep/summary.js';
import { formatMs } from '../harness/engine/time.js';
import {
  passedOverText,
  percent,
  rateText,
  regressionCell,
  settingName,
  signedMs,
  TIMES_HEADER,
  timesRows,
} from './sweepFormat.js';
import { paint, renderTable } from './table.js';

export function sweepHeadline(r: SweepResult, threads: number): string[] {
  const p = r.plan;
  const faults = `up to ${p.maxFaults} fault${p.maxFaults === 1 ? '' : 's'} of ${p.kinds.join(', ')}${p.repairs ? ', with repairs' : ''}`;
  const lines = [
    `hafault sweep: ${p.model}/${p.preset}, ${p.settings.length} setting${p.settings.length === 1 ? '' : 's'} × ${p.runs} schedules (seed ${p.seed}; ${faults}) on ${threads} thread${threads === 1 ? '' : 's'}`,
  ];
  if (Object.keys(p.fixedAsWritten).length > 0)
    lines.push(
      `fixed: ${Object.entries(p.fixedAsWritten)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (p.ranges.length > 0)
    lines.push(
      `environment, drawn per schedule (the same draw at every setting): ${p.ranges.map(rangeLabel).join('; ')}`,
    );
  if (p.addedForSafety.length > 0)
    lines.push(
      `also judged, though --property left them out: ${p.addedForSafety.join(', ')} (safety properties: a recommendation may make none worse than the default)`,
    );
  return lines;
}

export function renderSweep(r: SweepResult, threads: number, color: boolean): string {
  const c = paint(color);
  const props = r.plan.properties;
  const out = [...sweepHeadline(r, threads), ''];
  out.push(c.bold('violation rate per property (95% Wilson interval)'));
  const vsDefault = comparesSafety(r);
  out.push(
    renderTable(
      ['setting', 'runs', ...props, ...(vsDefault ? ['safety vs default'] : [])],
      r.settings.map((s) => [
        settingName(s),
        String(s.runs),
        ...props.map((p) =>
          s.properties[p].violations > 0 ? c.bad(rateText(s.properties[p])) : c.good(rateText(s.properties[p])),
        ),
        ...(vsDefault ? [s.regressions.length > 0 ? c.bad(regressionCell(s)) : regressionCell(s)] : []),
      ]),
    ),
  );
  out.push(
    '',
    c.bold('times after a fault (p50 / p95 / max; restore times cover restored outages only) and fences per run'),
  );
  out.push(renderTable([...TIMES_HEADER], timesRows(r, c.bad)));
  if (r.flips.length > 0) {
    out.push('', c.bold('schedules that flip between neighbouring settings (the shortest one shown)'));
    for (const f of r.flips) {
      const word = f.direction === 'safe→violated' ? c.bad('safe → VIOLATED') : c.good('violated → safe');
      out.push(
        `  ${labelOf(f.from)} → ${labelOf(f.to)}: ${f.property} ${word} on ${f.schedules} of ${r.plan.runs} schedules, e.g.`,
      );
      const env = Object.entries(f.shortest.environment).map(([k, v]) => `${k} = ${formatMs(v)}`);
      for (const line of f.shortest.story) out.push(`      ${line}`);
      if (env.length > 0) out.push(c.dim(`      (environment: ${env.join(', ')}; schedule #${f.shortest.index})`));
    }
  }
  out.push('', ...recommendationLines(r, c.good, c.bad));
  return out.join('\n') + '\n';
}

/** A "safety vs default" column: there is a default row to compare with, and safety properties to compare. */
export function comparesSafety(r: SweepResult): boolean {
  return r.plan.safety.length > 0 && r.settings.some((s) => s.isDefault);
}

/**
 * The recommendation first (or why there is none), then indented: the restore-time caveat when the
 * two settings restored different fractions of their outages, and each setting passed over.
 */
export function recommendationLines(
  r: SweepResult,
  good: (s: string) => string = (s) => s,
  bad: (s: string) => string = (s) => s,
): string[] {
  const asked = r.recommendProperty;
  if (asked === null) return [];
  const passed = r.passedOver.map((p) => bad(`  passed over: ${passedOverText(r, p)}`));
  const rec = r.recommendation;
  if (rec === null) return [bad(`recommendation (${asked}): none — ${noneReason(r, asked)}`), ...passed];
  const chosen = r.settings[rec.setting];
  const base = r.settings[rec.defaultSetting];
  const restore = chosen.restoreMs
    ? `restore after a real failure p50 ${formatMs(chosen.restoreMs.p50)}`
    : 'no real failure restored in these runs';
  const cost =
    rec.restoreCostMs === null
      ? ''
      : `, ${signedMs(rec.restoreCostMs)} against the default (${base.label}: p50 ${formatMs(base.restoreMs!.p50)})`;
  const safety = r.plan.safety.length > 0 ? `, no safety property worse than at the default` : '';
  const lines = [
    good(
      `recommendation (${rec.property}): ${rec.label} — 0 of ${rec.runs} runs violate it (95% upper bound ${percent(rec.high)})${safety}; ${restore}${cost}`,
    ),
  ];
  if (!rec.sameRestoredFraction) {
    const of = (o: Outages) => `${o.restored} of ${o.restored + o.unrestored}`;
    lines.push(
      `  not like for like: ${of(rec.outages)} real outages restored at ${rec.label}, ${of(rec.defaultOutages)} at the default; an outage still open at the end has no restore time`,
    );
  }
  return [...lines, ...passed];
}

function noneReason(r: SweepResult, asked: PropertyName): string {
  const base = r.settings.find((s) => s.isDefault);
  if (r.passedOver.length > 0)
    return `every setting that clears it makes a safety property worse than the default${base ? ` (${base.label})` : ''}:`;
  const undecided = r.settings.some(
    (s) => s.inGrid && s.properties[asked].violations === 0 && s.properties[asked].unknown > 0,
  );
  return `every setting swept violates it${undecided ? ' or leaves runs undecided' : ''}; widen the grid`;
}
