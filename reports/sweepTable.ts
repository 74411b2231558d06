// The sweep as the terminal shows it: what was run, violation rates with their intervals, times and
// fences per setting, the schedules that flip between neighbours, and the recommendation.
import { rangeLabel, labelOf } from '../harness/sweep/settings.js';
import type { SweepResult } from '../harness/sweep/summary.js';
import { formatMs } from '../harness/time.js';
import { distributionText, percent, perRun, rateText, settingName, signedMs } from './sweepFormat.js';
import { paint, renderTable } from './table.js';

export function sweepHeadline(r: SweepResult, threads: number): string[] {
  const p = r.plan;
  const faults = `up to ${p.maxFaults} fault${p.maxFaults === 1 ? '' : 's'} of ${p.kinds.join(', ')}${p.repairs ? ', with repairs' : ''}`;
  const lines = [`hafault sweep: ${p.model}/${p.preset}, ${p.settings.length} setting${p.settings.length === 1 ? '' : 's'} × ${p.runs} schedules (seed ${p.seed}; ${faults}) on ${threads} thread${threads === 1 ? '' : 's'}`];
  if (Object.keys(p.fixed).length > 0) lines.push(`fixed: ${Object.entries(p.fixed).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (p.ranges.length > 0) lines.push(`environment, drawn per schedule (the same draw at every setting): ${p.ranges.map(rangeLabel).join('; ')}`);
  return lines;
}

export function renderSweep(r: SweepResult, threads: number, color: boolean): string {
  const c = paint(color);
  const props = r.plan.properties;
  const out = [...sweepHeadline(r, threads), ''];
  out.push(c.bold('violation rate per property (95% Wilson interval)'));
  out.push(
    renderTable(
      ['setting', 'runs', ...props],
      r.settings.map((s) => [settingName(s), String(s.runs), ...props.map((p) => (s.properties[p].violations > 0 ? c.bad(rateText(s.properties[p])) : c.good(rateText(s.properties[p]))))]),
    ),
  );
  out.push('', c.bold('times after a fault (p50 / p95 / max) and fences per run'));
  out.push(
    renderTable(
      ['setting', 'detect', 'restore after a real failure', 'downtime per run', 'fences', 'needless fences', 'failovers'],
      r.settings.map((s) => [settingName(s), distributionText(s.detectMs), distributionText(s.restoreMs) + (s.unrestored > 0 ? ` (${s.unrestored} not restored)` : ''), distributionText(s.downtimeMs), perRun(s.fencesPerRun), perRun(s.unnecessaryFencesPerRun), perRun(s.failoversPerRun)]),
    ),
  );
  if (r.flips.length > 0) {
    out.push('', c.bold('schedules that flip between neighbouring settings (the shortest one shown)'));
    for (const f of r.flips) {
      const word = f.direction === 'safe→violated' ? c.bad('safe → VIOLATED') : c.good('violated → safe');
      out.push(`  ${labelOf(f.from)} → ${labelOf(f.to)}: ${f.property} ${word} on ${f.schedules} of ${r.plan.runs} schedules, e.g.`);
      const env = Object.entries(f.shortest.environment).map(([k, v]) => `${k} = ${formatMs(v)}`);
      for (const line of f.shortest.story) out.push(`      ${line}`);
      if (env.length > 0) out.push(c.dim(`      (environment: ${env.join(', ')}; schedule #${f.shortest.index})`));
    }
  }
  out.push('', ...recommendationLines(r, c.good, c.bad));
  return out.join('\n') + '\n';
}

export function recommendationLines(r: SweepResult, good: (s: string) => string = (s) => s, bad: (s: string) => string = (s) => s): string[] {
  if (r.recommendProperty === null) return [];
  const rec = r.recommendation;
  if (rec === null) return [bad(`recommendation (${r.recommendProperty}): none — every setting swept violates it; widen the grid`)];
  const chosen = r.settings[rec.setting];
  const base = r.settings[rec.defaultSetting];
  const restore = chosen.restoreMs ? `restore after a real failure p50 ${formatMs(chosen.restoreMs.p50)}` : 'no real failure to restore from in these runs';
  const cost = rec.restoreCostMs === null ? '' : `, ${signedMs(rec.restoreCostMs)} against the default (${base.label}: p50 ${formatMs(base.restoreMs!.p50)})`;
  return [good(`recommendation (${rec.property}): ${rec.label} — 0 of ${rec.runs} runs violate it (95% upper bound ${percent(rec.high)}); ${restore}${cost}`)];
}
