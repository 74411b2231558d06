// `hafault availability` as the terminal shows it: what was estimated from what (episodes, years,
// seed, failure rates and their source), the whole design per setting (availability, nines,
// downtime per year with its 95 % interval), each protected service, the split by cause, incidents
// per year of each property, the largest contributing component kinds, and with several settings
// the verdict with the interval of the difference. Tables as the sweep prints them.
import type { AvailabilityResult, SettingYear } from '../harness/runners/availability/types.js';
import {
  availabilityPercent,
  CAUSE_LABEL,
  causesSeen,
  downtime,
  downtimeInterval,
  episodesText,
  includesZero,
  incidentsText,
  ninesInterval,
  ratesSource,
  share,
  sig3,
  topKinds,
  verdictLine,
  years,
  unverifiedKind,
  unverifiedNote,
} from './ninesFormat.js';
import { paint, type Paint } from './table.js';
import { renderTable } from './table.js';

export function ninesHeadline(r: AvailabilityResult): string[] {
  const what = r.topologyFile !== undefined ? `${r.model}, topology ${r.topologyFile}` : `${r.model}/${r.preset}`;
  const n = r.settings.length;
  const same = n > 1 ? `; the same episodes at all ${n} settings` : '';
  const fm = r.failureModel;
  const groups = fm.groups > 0 ? ` and ${fm.groups} common-cause group${fm.groups === 1 ? '' : 's'}` : '';
  const bias =
    r.biasTarget > 0
      ? `failure biasing θ = ${sig3(r.biasTarget)} (weighted back by the likelihood ratio)`
      : 'no biasing (plain Monte Carlo)';
  return [
    `hafault availability: ${what}, ${episodesText(r.episodes)} ≈ ${years(r.years)} of operation (seed ${r.seed}${same})`,
    `failures: Λ = ${sig3(fm.totalPerYear)}/yr over ${fm.components} component${fm.components === 1 ? '' : 's'}${groups}; ${bias}`,
    `rates: ${ratesSource(r)}`,
  ];
}

function designTable(r: AvailabilityResult, c: Paint): string {
  return renderTable(
    ['setting', 'availability', 'nines', 'downtime per year [95% interval]'],
    r.settings.map((s) => [
      r.best?.label === s.label ? c.good(s.label) : s.label,
      availabilityPercent(s.availability.mean),
      ninesInterval(s.nines),
      downtimeInterval(s.designDownMinPerYear),
    ]),
  );
}

function serviceTable(r: AvailabilityResult): string {
  const several = r.settings.length > 1;
  const services = r.settings[0]?.services.map((x) => x.service) ?? [];
  const rows: string[][] = [];
  for (const name of services)
    for (const s of r.settings) {
      const x = s.services.find((y) => y.service === name);
      if (x === undefined) continue;
      rows.push([
        name,
        ...(several ? [s.label] : []),
        availabilityPercent(x.availability.mean),
        ninesInterval(x.nines),
        downtimeInterval(x.downMinPerYear),
      ]);
    }
  return renderTable(
    ['service', ...(several ? ['setting'] : []), 'availability', 'nines', 'downtime per year [95% interval]'],
    rows,
  );
}

/** One row per cause with downtime at some setting; a cell: downtime, interval and share of that setting's total. */
function causeTable(r: AvailabilityResult): string | null {
  const causes = causesSeen(r.settings);
  if (causes.length === 0) return null;
  const cell = (s: SettingYear, e: SettingYear['byCause'][keyof SettingYear['byCause']]) =>
    e.mean > 0 ? `${downtimeInterval(e)} (${share(e.mean, s.designDownMinPerYear.mean)})` : '–';
  return renderTable(
    ['cause', ...r.settings.map((s) => s.label)],
    causes.map((cause) => [CAUSE_LABEL[cause], ...r.settings.map((s) => cell(s, s.byCause[cause]))]),
  );
}

function incidentTable(r: AvailabilityResult, c: Paint): string | null {
  const props = Object.keys(r.settings[0]?.incidentsPerYear ?? {});
  if (props.length === 0) return null;
  return renderTable(
    ['property', ...r.settings.map((s) => s.label)],
    props.map((p) => [
      p,
      ...r.settings.map((s) => {
        const e = s.incidentsPerYear[p];
        if (e === undefined) return '–';
        return e.mean > 0 ? c.bad(incidentsText(e, r)) : incidentsText(e, r);
      }),
    ]),
  );
}

function contributorTable(r: AvailabilityResult): string | null {
  const kinds = topKinds(r.settings);
  if (kinds.length === 0) return null;
  return renderTable(
    ['component kind', ...r.settings.map((s) => s.label)],
    kinds.map((kind) => [
      unverifiedKind(r, kind) ? `${kind}*` : kind,
      ...r.settings.map((s) => {
        const e = s.contributors.find((x) => x.kind === kind)?.downMinPerYear;
        return e === undefined || e.mean === 0
          ? '–'
          : `${downtime(e.mean)} (${share(e.mean, s.designDownMinPerYear.mean)})`;
      }),
    ]),
  );
}

export function renderNines(result: AvailabilityResult, options: { readonly colour: boolean }): string[] {
  const c = paint(options.colour);
  const out = [...ninesHeadline(result), ''];
  out.push(c.bold('whole design per setting (95% interval)'), ...designTable(result, c).split('\n'));
  out.push('', c.bold('per protected service'), ...serviceTable(result).split('\n'));
  const blocks: [string, string | null][] = [
    ['downtime by cause (share of that setting’s downtime)', causeTable(result)],
    ['incidents per year of each property', incidentTable(result, c)],
    [
      'largest contributors (component kinds; downtime of the episodes they started; ranked by their largest at any setting)',
      contributorTable(result),
    ],
  ];
  for (const [title, table] of blocks) if (table !== null) out.push('', c.bold(title), ...table.split('\n'));
  const guessed = contributorTable(result) === null ? null : unverifiedNote(result);
  if (guessed !== null) out.push(guessed);
  if (causesSeen(result.settings).length === 0) out.push('', 'no downtime in any episode at any setting');
  const verdict = verdictLine(result);
  if (verdict !== null) {
    const clear = result.best!.versus.every((v) => !includesZero(v.savedMinPerYear));
    out.push('', clear ? c.good(verdict) : verdict);
  }
  return out;
}
