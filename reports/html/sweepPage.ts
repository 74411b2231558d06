// sweep.html: the answer first (the recommendation and its cost), then the charts (violation rate
// with its interval, restore and detection times per setting), then the numbers and the schedules
// that flip, each linked to its own trace page.
import { labelOf, rangeLabel, show } from '../../harness/sweep/settings.js';
import type { SettingResult, SweepResult } from '../../harness/sweep/summary.js';
import { formatMs } from '../../harness/time.js';
import { distributionText, percent, perRun, rateText, settingName } from '../sweepFormat.js';
import { recommendationLines } from '../sweepTable.js';
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

export function sweepPage(r: SweepResult, options: SweepPageOptions): string {
  const p = r.plan;
  const props = p.properties;
  const xTitle = p.axes.map((a) => a.key).join(' · ');
  const rec = r.recommendation;
  const charted = props.filter((prop) => prop === r.recommendProperty || r.settings.some((s) => s.properties[prop].violations > 0));
  const rateCharts = charted.map((prop) => {
    const points = r.settings.map((s, k) => ({ label: shortLabel(r, s), ...s.properties[prop], runs: s.runs, highlight: rec !== null && rec.property === prop && rec.setting === k }));
    return `<div class="card"><h2 style="margin-top:0">${esc(prop)}: violation rate</h2>${rateChart(prop, points, xTitle)}</div>`;
  });
  const timePoints = (pick: (s: SettingResult) => SettingResult['restoreMs']) =>
    r.settings.map((s) => {
      const d = pick(s);
      return { label: shortLabel(r, s), p50: d?.p50 ?? null, p95: d?.p95 ?? null, max: d?.max ?? null, samples: d?.samples ?? 0 };
    });
  const timeCharts = [
    `<div class="card"><h2 style="margin-top:0">Time to restore after a real failure</h2>${timeChart('restore time per setting', timePoints((s) => s.restoreMs), xTitle, '#2457c5')}<div class="legend"><span>● p50</span><span>○ p95 (dashed)</span><span>— max</span></div></div>`,
    `<div class="card"><h2 style="margin-top:0">Time from a fault to the first reaction</h2>${timeChart('detection time per setting', timePoints((s) => s.detectMs), xTitle, '#7e57c2')}<div class="legend"><span>● p50</span><span>○ p95 (dashed)</span><span>— max</span></div></div>`,
  ];
  const recText = recommendationLines(r)[0];
  const callout =
    r.recommendProperty === null
      ? ''
      : rec !== null
        ? `<div class="card verdict ok"><strong>Set ${esc(rec.label)}</strong> <span class="when">for ${esc(rec.property)}</span><p>${esc(recText.replace(/^recommendation \([^)]*\): [^—]*— /, ''))}</p></div>`
        : `<div class="card verdict"><strong>No setting swept is free of ${esc(r.recommendProperty)}</strong><p>Every setting violated it at least once; widen the grid.</p></div>`;
  const head = ['setting', 'runs', ...props].map((h, i) => `<th${i === 1 ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const rows = r.settings
    .map((s, k) => {
      const cls = [s.isDefault ? 'default' : '', rec?.setting === k ? 'recommended' : ''].filter(Boolean).join(' ');
      const cells = props.map((prop) => `<td class="${s.properties[prop].violations > 0 ? 'bad' : 'good'}">${esc(rateText(s.properties[prop]))}</td>`).join('');
      return `<tr class="${cls}"><td>${esc(s.label)}</td><td class="num">${s.runs}</td>${cells}</tr>`;
    })
    .join('');
  const timeHead = ['setting', 'detect', 'restore after a real failure', 'downtime per run', 'fences / run', 'needless fences / run', 'failovers / run'].map((h) => `<th>${esc(h)}</th>`).join('');
  const timeRows = r.settings
    .map((s) => `<tr class="${s.isDefault ? 'default' : ''}"><td>${esc(settingName(s).replace(' (default)', ''))}</td><td>${esc(distributionText(s.detectMs))}</td><td>${esc(distributionText(s.restoreMs))}${s.unrestored > 0 ? ` (${s.unrestored} not restored)` : ''}</td><td>${esc(distributionText(s.downtimeMs))}</td><td class="num">${perRun(s.fencesPerRun)}</td><td class="num">${perRun(s.unnecessaryFencesPerRun)}</td><td class="num">${perRun(s.failoversPerRun)}</td></tr>`)
    .join('');
  const flips = r.flips
    .map((f, k) => {
      const env = Object.entries(f.shortest.environment).map(([key, v]) => `${key} = ${formatMs(v)}`).join(', ');
      const link = options.flipPages?.[k] ? ` <a href="${esc(options.flipPages[k])}">see it happen →</a>` : '';
      const badge = f.direction === 'safe→violated' ? '<span class="badge">safe → violated</span>' : '<span class="badge ok">violated → safe</span>';
      return `<li>${badge}<b>${esc(labelOf(f.from))} → ${esc(labelOf(f.to))}</b>: <code>${esc(f.property)}</code> on ${f.schedules} of ${p.runs} schedules (${esc(percent(f.schedules / p.runs))}). Shortest: ${esc(f.shortest.story.join('; '))}${env ? ` <span class="when">(${esc(env)})</span>` : ''}.${link}</li>`;
    })
    .join('');
  const fixed = Object.entries(p.fixed).map(([k, v]) => `<span>${esc(k)} = <b>${esc(v)}</b></span>`).join('');
  const env = p.ranges.map((x) => `<span>${esc(rangeLabel(x))} <i>drawn per schedule</i></span>`).join('');
  const body = `
<header>
  <h1>Sweep of ${esc(xTitle)} — ${esc(`${p.model} / ${p.preset}`)}</h1>
  <p>${esc(`${p.settings.length} settings × ${p.runs} schedules, the same schedules at every setting (seed ${p.seed}; up to ${p.maxFaults} fault${p.maxFaults === 1 ? '' : 's'} of ${p.kinds.join(', ')}); ${options.threads} thread${options.threads === 1 ? '' : 's'}`)}</p>
</header>
${callout}
<div class="card chips">${fixed}${env}${fixed || env ? '' : '<span>preset defaults</span>'}</div>
<div class="grid2">${[...rateCharts, ...timeCharts].join('\n')}</div>
<h2>Violation rate per property (95% Wilson interval)</h2>
<div class="card" style="overflow-x:auto"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
<h2>Times (p50 / p95 / max) and fences</h2>
<div class="card" style="overflow-x:auto"><table><thead><tr>${timeHead}</tr></thead><tbody>${timeRows}</tbody></table></div>
${r.flips.length > 0 ? `<h2>Schedules that flip between neighbouring settings</h2><div class="card"><ul>${flips}</ul></div>` : ''}
<div class="card"><p>Run again: <code>${esc(options.command)}</code></p></div>`;
  return page(`hafault sweep: ${p.model}/${p.preset}`, body);
}
