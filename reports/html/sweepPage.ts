// sweep.html: the answer first (the recommendation and its cost, or why there is none, and the
// settings passed over for a safety regression), then the charts (violation rate with its interval,
// restore and detection times per setting, outages left open), then the numbers and the schedules
// that flip, each linked to its own trace page.
import { labelOf, rangeLabel, show } from '../../harness/runners/sweep/settings.js';
import type { SettingResult, SweepResult } from '../../harness/runners/sweep/summary.js';
import { formatMs } from '../../harness/engine/time.js';
import {
  distributionText,
  outagesText,
  percent,
  perRun,
  rateText,
  regressionCell,
  settingName,
} from '../sweepFormat.js';
import { comparesSafety, recommendationLines } from '../sweepTable.js';
import { rateChart, timeChart } from './charts.js';
import { esc, page } from './page.js';

export interface SweepPageOptions {
  readonly threads: number;
  readonly command: string;
  /** Per flip (same order), the page of its shortest schedule, relative to sweep.html. */
  readonly flipPages?: readonly string[];
}

function shortLabel(r: SweepResult, s: SettingResult): string {
  const text = r.plan.axes.map((a) => show(a.key, s.values[a.key])).join(' · ');
  return s.inGrid ? text : `${text} (default)`;
}

/** The answer first: the recommended setting, or why none; each setting passed over for a safety regression; the restore-time caveat. */
function callout(r: SweepResult): string {
  if (r.recommendProperty === null) return '';
  const [first, ...rest] = recommendationLines(r);
  const notes =
    rest.length > 0
      ? `<ul>${rest.map((l) => `<li${l.trim().startsWith('passed over') ? ' class="passed-over"' : ''}>${esc(l.trim())}</li>`).join('')}</ul>`
      : '';
  const rec = r.recommendation;
  if (rec !== null)
    return `<div class="card verdict ok"><strong>Set ${esc(rec.label)}</strong> <span class="when">for ${esc(rec.property)}</span><p>${esc(first.replace(/^recommendation \([^)]*\): [^—]*— /, ''))}</p>${notes}</div>`;
  return `<div class="card verdict"><strong>No setting swept qualifies for ${esc(r.recommendProperty)}</strong><p>${esc(first.replace(/^recommendation \([^)]*\): none — /, ''))}</p>${notes}</div>`;
}

function rateTable(r: SweepResult): string {
  const props = r.plan.properties;
  const vsDefault = comparesSafety(r);
  const head = ['setting', 'runs', ...props, ...(vsDefault ? ['safety vs default'] : [])]
    .map((h, i) => `<th${i === 1 ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  const rows = r.settings
    .map((s, k) => {
      const cls = [s.isDefault ? 'default' : '', r.recommendation?.setting === k ? 'recommended' : '']
        .filter(Boolean)
        .join(' ');
      const cells = props
        .map(
          (prop) =>
            `<td class="${s.properties[prop].violations > 0 ? 'bad' : 'good'}">${esc(rateText(s.properties[prop]))}</td>`,
        )
        .join('');
      const safety = vsDefault
        ? `<td class="${s.regressions.length > 0 ? 'bad regression' : ''}">${esc(regressionCell(s))}</td>`
        : '';
      return `<tr class="${cls}"><td>${esc(s.label)}</td><td class="num">${s.runs}</td>${cells}${safety}</tr>`;
    })
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function timeTable(r: SweepResult): string {
  const head = [
    'setting',
    'detect',
    'restore after a real failure',
    'real outages',
    'downtime per run',
    'fences / run',
    'needless fences / run',
    'failovers / run',
  ]
    .map((h) => `<th>${esc(h)}</th>`)
    .join('');
  const rows = r.settings
    .map(
      (s) =>
        `<tr class="${s.isDefault ? 'default' : ''}"><td>${esc(settingName(s).replace(' (default)', ''))}</td><td>${esc(distributionText(s.detectMs))}</td><td>${esc(distributionText(s.restoreMs))}</td><td class="outages${s.unrestored > 0 ? ' bad' : ''}">${esc(outagesText(s))}</td><td>${esc(distributionText(s.downtimeMs))}</td><td class="num">${perRun(s.fencesPerRun)}</td><td class="num">${perRun(s.unnecessaryFencesPerRun)}</td><td class="num">${perRun(s.failoversPerRun)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function charts(r: SweepResult, xTitle: string): string[] {
  const rec = r.recommendation;
  const charted = r.plan.properties.filter(
    (prop) => prop === r.recommendProperty || r.settings.some((s) => s.properties[prop].violations > 0),
  );
  const rateCharts = charted.map((prop) => {
    const points = r.settings.map((s, k) => ({
      label: shortLabel(r, s),
      ...s.properties[prop],
      runs: s.runs,
      highlight: rec !== null && rec.property === prop && rec.setting === k,
    }));
    return `<div class="card"><h2 style="margin-top:0">${esc(prop)}: violation rate</h2>${rateChart(prop, points, xTitle)}</div>`;
  });
  const timePoints = (pick: (s: SettingResult) => SettingResult['restoreMs'], open: boolean) =>
    r.settings.map((s) => {
      const d = pick(s);
      return {
        label: shortLabel(r, s),
        p50: d?.p50 ?? null,
        p95: d?.p95 ?? null,
        max: d?.max ?? null,
        samples: d?.samples ?? 0,
        ...(open ? { open: s.unrestored } : {}),
      };
    });
  const legend = '<span>● p50</span><span>○ p95 (dashed)</span><span>— max</span>';
  const openLegend =
    '<span style="color:#c62828">↑ open: outages still out when the run ended, with no time, so not in the percentiles</span>';
  return [
    ...rateCharts,
    `<div class="card"><h2 style="margin-top:0">Time to restore after a real failure</h2>${timeChart(
      'restore time per setting',
      timePoints((s) => s.restoreMs, true),
      xTitle,
      '#2457c5',
    )}<div class="legend">${legend}${openLegend}</div></div>`,
    `<div class="card"><h2 style="margin-top:0">Time from a fault to the first reaction</h2>${timeChart(
      'detection time per setting',
      timePoints((s) => s.detectMs, false),
      xTitle,
      '#7e57c2',
    )}<div class="legend">${legend}</div></div>`,
  ];
}

export function sweepPage(r: SweepResult, options: SweepPageOptions): string {
  const p = r.plan;
  const xTitle = p.axes.map((a) => a.key).join(' · ');
  const flips = r.flips
    .map((f, k) => {
      const env = Object.entries(f.shortest.environment)
        .map(([key, v]) => `${key} = ${formatMs(v)}`)
        .join(', ');
      const link = options.flipPages?.[k] ? ` <a href="${esc(options.flipPages[k])}">see it happen →</a>` : '';
      const badge =
        f.direction === 'safe→violated'
          ? '<span class="badge">safe → violated</span>'
          : '<span class="badge ok">violated → safe</span>';
      return `<li>${badge}<b>${esc(labelOf(f.from))} → ${esc(labelOf(f.to))}</b>: <code>${esc(f.property)}</code> on ${f.schedules} of ${p.runs} schedules (${esc(percent(f.schedules / p.runs))}). Shortest: ${esc(f.shortest.story.join('; '))}${env ? ` <span class="when">(${esc(env)})</span>` : ''}.${link}</li>`;
    })
    .join('');
  const fixed = Object.entries(p.fixedAsWritten)
    .map(([k, v]) => `<span>${esc(k)} = <b>${esc(v)}</b></span>`)
    .join('');
  const env = p.ranges.map((x) => `<span>${esc(rangeLabel(x))} <i>drawn per schedule</i></span>`).join('');
  const added =
    p.addedForSafety.length > 0
      ? `<span>also judged: <b>${esc(p.addedForSafety.join(', '))}</b> <i>safety properties --property left out</i></span>`
      : '';
  const body = `
<header>
  <h1>Sweep of ${esc(xTitle)} — ${esc(`${p.model} / ${p.preset}`)}</h1>
  <p>${esc(`${p.settings.length} settings × ${p.runs} schedules, the same schedules at every setting (seed ${p.seed}; up to ${p.maxFaults} fault${p.maxFaults === 1 ? '' : 's'} of ${p.kinds.join(', ')}); ${options.threads} thread${options.threads === 1 ? '' : 's'}`)}</p>
</header>
${callout(r)}
<div class="card chips">${fixed}${env}${added}${fixed || env || added ? '' : '<span>preset defaults</span>'}</div>
<div class="grid2">${charts(r, xTitle).join('\n')}</div>
<h2>Violation rate per property (95% Wilson interval)</h2>
<div class="card" style="overflow-x:auto">${rateTable(r)}</div>
<h2>Times (p50 / p95 / max) and fences</h2>
<p class="when">Restore times cover restored outages only; <i>real outages</i> also counts those still open when the run ended.</p>
<div class="card" style="overflow-x:auto">${timeTable(r)}</div>
${r.flips.length > 0 ? `<h2>Schedules that flip between neighbouring settings</h2><div class="card"><ul>${flips}</ul></div>` : ''}
<div class="card"><p>Run again: <code>${esc(options.command)}</code></p></div>`;
  return page(`hafault sweep: ${p.model}/${p.preset}`, body);
}
