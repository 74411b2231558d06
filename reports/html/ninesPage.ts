// availability.html: the answer first (which setting gives the least downtime and by how much, or
// that none is clearly better; with one setting, the design's availability), then three charts, each
// with its numbers in a table beneath (downtime per year per setting with its interval, the split by
// cause, the component kinds that started the downtime), the services and incidents per year, and the
// failure rates used with their sources in a section that opens on demand.
import type { AvailabilityResult, SettingYear } from '../../harness/runners/availability/types.js';
import { DOWNTIME_CAUSES } from '../../harness/runners/availability/types.js';
import {
  availabilityPercent,
  CAUSE_LABEL,
  causesSeen,
  downtimeInterval,
  includesZero,
  incidentsText,
  ninesInterval,
  perYear,
  repairText,
  share,
  topKinds,
  verdictLine,
  unverifiedKind,
  unverifiedNote,
} from '../ninesFormat.js';
import { ninesHeadline } from '../ninesTable.js';
import { CAUSE_COLOUR, causeChart, contributorChart, downtimeChart, SETTING_COLOURS } from './ninesCharts.js';
import { esc, page } from './page.js';

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric = 1): string {
  const th = head.map((h, i) => `<th${i >= numeric ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  // A number with its interval stays on one line; a table too wide for its card scrolls inside it.
  const cell = (c: string, i: number) =>
    (i >= numeric ? `<td class="num" style="white-space:nowrap">` : '<td>') + esc(c);
  const body = rows.map((r) => `<tr>${r.map((c, i) => `${cell(c, i)}</td>`).join('')}</tr>`).join('');
  return `<div style="overflow-x:auto"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function callout(r: AvailabilityResult): string {
  const verdict = verdictLine(r);
  if (verdict === null || r.best === null) {
    const s = r.settings[0];
    if (s === undefined) return '';
    return `<div class="card verdict ok"><strong>${esc(`${availabilityPercent(s.availability.mean)} available: ${ninesInterval(s.nines)} nines`)}</strong><p>${esc(`downtime ${downtimeInterval(s.designDownMinPerYear)} (95% interval) at ${s.label}`)}</p></div>`;
  }
  const unclear = r.best.versus.filter((v) => includesZero(v.savedMinPerYear));
  const text = verdict.replace(/^least downtime: (no setting is clearly better — )?/, '');
  if (unclear.length === 0)
    return `<div class="card verdict ok"><strong>Least downtime: ${esc(r.best.label)}</strong><p>${esc(text)}</p></div>`;
  const title =
    unclear.length === r.best.versus.length
      ? 'No setting is clearly better'
      : `Least downtime: ${r.best.label}, but not clearly better than ${unclear.map((v) => v.label).join(' or ')}`;
  return `<div class="card verdict" style="border-left-color:#ffb300;background:#fff8e1"><strong>${esc(title)}</strong><p>${esc(text)}</p></div>`;
}

function downtimeCard(r: AvailabilityResult): string {
  const bars = r.settings.map((s) => ({
    label: s.label,
    ...s.designDownMinPerYear,
    highlight: r.best?.label === s.label,
  }));
  const rows = r.settings.map((s) => [
    s.label,
    availabilityPercent(s.availability.mean),
    ninesInterval(s.nines),
    downtimeInterval(s.designDownMinPerYear),
  ]);
  return `<div class="card"><h2 style="margin-top:0">Design downtime per year</h2>${downtimeChart(bars)}<div class="legend"><span>bar: expected downtime</span><span>whisker: 95% interval</span></div>${table(['setting', 'availability', 'nines [95% interval]', 'downtime per year [95% interval]'], rows)}</div>`;
}

function causeCard(r: AvailabilityResult): string {
  const causes = causesSeen(r.settings);
  if (causes.length === 0)
    return `<div class="card"><h2 style="margin-top:0">Downtime by cause</h2><p>No downtime in any episode at any setting.</p></div>`;
  const stacks = r.settings.map((s) => ({
    label: s.label,
    byCause: Object.fromEntries(DOWNTIME_CAUSES.map((c) => [c, s.byCause[c].mean])) as Record<
      (typeof DOWNTIME_CAUSES)[number],
      number
    >,
  }));
  const legend = causes
    .map((c) => `<span><i style="background:${CAUSE_COLOUR[c]}"></i>${esc(CAUSE_LABEL[c])}</span>`)
    .join('');
  const cell = (s: SettingYear, c: (typeof causes)[number]) =>
    s.byCause[c].mean > 0
      ? `${downtimeInterval(s.byCause[c])} (${share(s.byCause[c].mean, s.designDownMinPerYear.mean)})`
      : '–';
  const rows = causes.map((c) => [CAUSE_LABEL[c], ...r.settings.map((s) => cell(s, c))]);
  return `<div class="card"><h2 style="margin-top:0">Downtime by cause</h2>${causeChart(stacks)}<div class="legend">${legend}</div>${table(['cause', ...r.settings.map((s) => s.label)], rows)}</div>`;
}

function contributorCard(r: AvailabilityResult): string {
  const kinds = topKinds(r.settings, 8);
  if (kinds.length === 0) return '';
  const value = (s: SettingYear, kind: string) => s.contributors.find((c) => c.kind === kind)?.downMinPerYear;
  const rows = kinds.map((kind) => ({ kind, values: r.settings.map((s) => value(s, kind)?.mean ?? 0) }));
  const note = unverifiedNote(r);
  const legend =
    r.settings.length > 1
      ? `<div class="legend">${r.settings.map((s, k) => `<span><i style="background:${SETTING_COLOURS[k % SETTING_COLOURS.length]}"></i>${esc(s.label)}</span>`).join('')}</div>`
      : '';
  const cells = kinds.map((kind) => [
    unverifiedKind(r, kind) ? `${kind}*` : kind,
    ...r.settings.map((s) => {
      const e = value(s, kind);
      return e === undefined || e.mean === 0
        ? '–'
        : `${downtimeInterval(e)} (${share(e.mean, s.designDownMinPerYear.mean)})`;
    }),
  ]);
  return `<div class="card"><h2 style="margin-top:0">Largest contributors (component kinds)</h2>${contributorChart(
    rows,
    r.settings.map((s) => s.label),
  )}${legend}${table(['component kind', ...r.settings.map((s) => s.label)], cells)}${note === null ? '' : `<p class="legend">${esc(note)}</p>`}</div>`;
}

function serviceTable(r: AvailabilityResult): string {
  const rows = r.settings.flatMap((s) =>
    s.services.map((x) => [
      x.service,
      s.label,
      availabilityPercent(x.availability.mean),
      ninesInterval(x.nines),
      downtimeInterval(x.downMinPerYear),
    ]),
  );
  return table(
    ['service', 'setting', 'availability', 'nines [95% interval]', 'downtime per year [95% interval]'],
    rows,
    2,
  );
}

function incidentTable(r: AvailabilityResult): string {
  const props = Object.keys(r.settings[0]?.incidentsPerYear ?? {});
  const rows = props.map((p) => [
    p,
    ...r.settings.map((s) => (s.incidentsPerYear[p] ? incidentsText(s.incidentsPerYear[p], r) : '–')),
  ]);
  return table(['property', ...r.settings.map((s) => s.label)], rows);
}

function ratesSection(r: AvailabilityResult): string {
  const t = r.rates;
  const mark = (u: boolean | undefined) => (u === true ? '<span class="badge">unverified</span>' : '');
  const kinds = Object.entries(t.kinds)
    .map(
      ([kind, k]) =>
        `<tr class="${k.unverified === true ? 'unverified' : ''}"><td>${esc(kind)}</td><td class="num">${esc(perYear(k.perYear))}</td><td>${esc(repairText(k.repair))}</td><td>${mark(k.unverified)}${esc(k.source)}</td></tr>`,
    )
    .join('');
  const overrides = Object.entries(t.components)
    .map(([id, o]) => `<li><code>${esc(id)}</code>: ${esc(JSON.stringify(o))}</li>`)
    .join('');
  const cc =
    t.commonCause === null
      ? 'none (every failure independent)'
      : `β = ${t.commonCause.beta} of each kind's failures take every component of the kind at once${t.commonCause.kinds ? ` (kinds: ${t.commonCause.kinds.join(', ')})` : ''}`;
  const op = t.operatorRestore;
  return `<details class="card rates"><summary>Failure rates used: ${esc(t.file === null ? 'built-in rates (docs/availability.md)' : t.file)}</summary>
<table><thead><tr><th>kind</th><th class="num">failures per component</th><th>repair time</th><th>source</th></tr></thead><tbody>${kinds}</tbody></table>
${overrides ? `<p>Per component:</p><ul>${overrides}</ul>` : ''}
<p>Common cause: ${esc(cc)}.</p>
<p>Operator restore of a service left down: ${esc(repairText(op))} — ${mark(op.unverified)}${esc(op.source)}</p></details>`;
}

export function ninesPage(result: AvailabilityResult): string {
  const r = result;
  const what = r.topologyFile !== undefined ? `${r.model} · ${r.topologyFile}` : `${r.model} / ${r.preset}`;
  const body = `
<header>
  <h1>Availability — ${esc(what)}</h1>
  ${ninesHeadline(r)
    .map((l) => `<p>${esc(l.replace(/^hafault availability: /, ''))}</p>`)
    .join('\n  ')}
</header>
${callout(r)}
<div class="grid2">${downtimeCard(r)}
${causeCard(r)}
${contributorCard(r)}</div>
<h2>Per protected service</h2>
<div class="card" style="overflow-x:auto">${serviceTable(r)}</div>
<h2>Incidents per year of each property</h2>
<div class="card" style="overflow-x:auto">${incidentTable(r)}</div>
${ratesSection(r)}`;
  return page(`hafault availability: ${r.topologyFile ?? `${r.model}/${r.preset}`}`, body);
}
