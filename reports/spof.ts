// The single-point-of-failure report as markdown (terminal and file) and as an HTML page in the
// shared shell. Both say the same things in the same order, from the same helpers: the verdict
// first (which components the design cannot survive, on which the HA software did the wrong
// thing), what was tried and how it is ranked, the table worst first, then why each is a SPOF.
import {
  failureSentence,
  FAILURES,
  type SpofEntry,
  type SpofFinding,
  type SpofReport,
} from '../harness/runners/spof.js';
import { formatMs } from '../harness/engine/time.js';
import { encodePath, esc, href, page } from './html/page.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fenced(e: SpofEntry): string {
  return e.fenced === 0 ? '0' : `${e.fenced} (${e.fencedHosts.join(', ')})`;
}

function downtime(e: SpofEntry): string {
  if (e.downtimeMs === 0) return '—';
  const [id] = Object.entries(e.services).sort((a, b) => b[1] - a[1])[0];
  return `${formatMs(e.downtimeMs)} (${id}${e.unrestored.length > 0 ? `; not restored: ${e.unrestored.join(', ')}` : ''})`;
}

/** "design", "HA software (safety)", "design + HA software (liveness)", or "—". */
export function findingLabel(e: SpofEntry): string {
  const software = e.findingKinds.filter((k) => k !== 'design');
  const parts = [
    ...(e.findingKinds.includes('design') ? ['design'] : []),
    ...(software.length > 0 ? [`HA software (${software.join(', ')})`] : []),
  ];
  return parts.length > 0 ? parts.join(' + ') : '—';
}

const harmless = (e: SpofEntry) => e.broken.length === 0 && e.fenced === 0 && e.downtimeMs === 0;
const designJudged = (report: SpofReport) => report.properties.includes('servicesSurvive');

export interface SpofVerdict {
  readonly ok: boolean;
  /** One sentence, the verdict. */
  readonly lead: string;
  /** The components the design cannot survive, and those on which the HA software did the wrong thing (ranked). */
  readonly design: readonly string[];
  readonly software: readonly string[];
}

export function spofVerdict(report: SpofReport): SpofVerdict {
  const design = report.spofs.filter((e) => e.findingKinds.includes('design')).map((e) => e.component);
  const software = report.spofs.filter((e) => e.findingKinds.some((k) => k !== 'design')).map((e) => e.component);
  const n = report.entries.length;
  if (report.spofs.length === 0) {
    const lead = designJudged(report)
      ? `No single point of failure among ${plural(n, 'component')}: none, failing alone, leaves a protected service down past its RTO or breaks a property.`
      : `No single point of failure among ${plural(n, 'component')} for the properties judged (servicesSurvive, the design property, was not judged: a service the design loses is not counted).`;
    return { ok: true, lead, design, software };
  }
  const names = report.spofs.map((e) => e.component);
  const shown = `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''}`;
  return {
    ok: false,
    lead: `${plural(report.spofs.length, 'single point')} of failure among ${plural(n, 'component')}: ${shown}.`,
    design,
    software,
  };
}

/** The two sentences under the lead, one per kind of finding, names in rank order; `text` escapes the words around them. */
function verdictSentences(
  v: SpofVerdict,
  name: (s: string) => string,
  text: (s: string) => string = (s) => s,
): string[] {
  const list = (names: readonly string[]) =>
    `${names.slice(0, 10).map(name).join(', ')}${text(names.length > 10 ? `, and ${names.length - 10} more` : '')}`;
  if (v.ok) return [];
  return [
    v.design.length > 0
      ? `${text(`The design cannot survive ${v.design.length} of them (a protected service stays down past its RTO whatever the HA software does): `)}${list(v.design)}.`
      : text('The design survives every single failure (no protected service stays down past its RTO).'),
    v.software.length > 0
      ? `${text(`The HA software did the wrong thing on ${v.software.length} (a safety or liveness property of the product breaks): `)}${list(v.software)}.`
      : text('The HA software did nothing wrong (every safety and liveness property holds).'),
  ];
}

function preamble(report: SpofReport): string[] {
  const t = report.timing;
  const grid =
    t.periodMs > 0
      ? `at ${report.instants.length} instants across the ${formatMs(t.periodMs)} heartbeat (one per phase class of the model's timers)`
      : `at ${report.instants.length} instant(s)`;
  const byKind = (k: string) => report.properties.filter((p) => report.kinds[p] === k);
  const judged = ['safety', 'liveness']
    .filter((k) => byKind(k).length > 0)
    .map((k) => `${k}: ${byKind(k).join(', ')}`)
    .join('; ');
  const order = FAILURES.map((f) => f.kind).join(', ');
  return [
    `Each component fails alone, ${grid}. A storage node fails twice: hard power-cycled (back after its reboot) and lost (stopped for good); every other failure lasts to the end of the run. Each row shows the component's worst outcome.`,
    `A component is a single point of failure when its failure alone breaks a property, and each finding says which kind it is. **design**: the design cannot survive this, a protected service stays down past its RTO whatever the HA software does (servicesSurvive${designJudged(report) ? '' : ': not judged here, so such losses are not counted'}). **HA software**: the HA software did the wrong thing (${judged || 'no product property judged'}).`,
    `Ranked worst first: a design loss or a safety break, then a liveness finding only, then nothing; within each, more services left down at the end of the run, more properties broken, more hosts fenced, longer downtime; ties by kind of component (${order}) and name.`,
  ];
}

/** Where a finding's trace file and page were written, relative to the report (a link), when they were. */
export type FindingLinks = (
  component: string,
  finding: SpofFinding,
) => { readonly page: string; readonly trace: string; readonly replay: string } | undefined;

const noLinks: FindingLinks = () => undefined;

const HEADER = ['component', 'kind', 'finding', 'breaks', 'hosts fenced', 'longest service downtime'];

function row(e: SpofEntry): string[] {
  return [
    e.component,
    e.kind,
    findingLabel(e),
    e.broken.length > 0 ? e.broken.join(', ') : 'none',
    fenced(e),
    downtime(e),
  ];
}

/** "the design cannot survive this" or "the HA software did the wrong thing (safety)". */
export function findingTitle(f: SpofFinding): string {
  return f.kind === 'design' ? 'the design cannot survive this' : `the HA software did the wrong thing (${f.kind})`;
}

/** "switch sw1 fails at 12 s ⇒ …": how the component failed and what the property said. */
export const findingStory = (component: string, f: SpofFinding) =>
  `${failureSentence(f.fault, component)} at ${formatMs(f.at)} ⇒ ${f.explanation}`;

export function spofMarkdown(label: string, report: SpofReport, links: FindingLinks = noLinks): string {
  const verdict = spofVerdict(report);
  const lines = [
    `# Single points of failure: ${label}`,
    '',
    `**${verdict.lead}**`,
    ...verdictSentences(verdict, (s) => `\`${s}\``),
    '',
  ];
  lines.push(...preamble(report).flatMap((p) => [p, '']));
  const body = report.entries.filter((e) => !harmless(e));
  if (body.length > 0) {
    lines.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`);
    for (const e of body)
      lines.push(
        `| ${row(e)
          .map((c) => c.replace(/\|/g, '\\|'))
          .join(' | ')} |`,
      );
    lines.push('');
  }
  const quiet = report.entries.filter(harmless);
  if (quiet.length > 0)
    lines.push(
      `Harmless alone (no property broken, no fence, no downtime): ${plural(quiet.length, 'component')}: ${quiet.map((e) => e.component).join(', ')}.`,
      '',
    );
  if (report.spofs.length > 0) lines.push('## Why each is a single point of failure', '');
  for (const e of report.spofs) {
    lines.push(`- \`${e.component}\` (${e.kind}): ${findingLabel(e)}`);
    for (const f of e.findings) {
      const l = links(e.component, f);
      const seeIt = l ? ` ([page](${encodePath(l.page)}), [trace](${encodePath(l.trace)}))` : '';
      lines.push(`  - ${findingTitle(f)}, ${f.property}: ${findingStory(e.component, f)}${seeIt}`);
    }
  }
  return lines.join('\n').trimEnd() + '\n';
}

/** `**x**` in the preamble becomes <b>x</b>; everything else is escaped. */
const inline = (text: string) => esc(text).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>');

/** What a broken property means for the sign-off, in a clause. */
function propertySentence(f: SpofFinding): string {
  return f.kind === 'design'
    ? `${f.property} breaks: the design cannot survive this, whatever the HA software does.`
    : `${f.property} breaks: the HA software did the wrong thing (a ${f.kind} property of the product).`;
}

/** A clause as a sentence: capitalised (not an identifier that opens it: `vm-h1 down`), one full stop. */
const sentence = (text: string, capitalise = true) => {
  const t = text.trim().replace(/\.$/, '');
  return `${capitalise ? t.charAt(0).toUpperCase() : t.charAt(0)}${t.slice(1)}.`;
};

/** One finding in three sentences (what failed, what went wrong, which property), then its trace. */
function findingItem(component: string, f: SpofFinding, links: FindingLinks): string {
  const l = links(component, f);
  const seeIt = l
    ? `<p class="links">See it: <a href="${href(l.page)}">the run's page</a> · <a href="${href(l.trace)}">its trace file</a> (replay it: <code>${esc(l.replay)}</code>)</p>`
    : '';
  return `<li data-kind="${f.kind}" data-property="${esc(f.property)}"><p><b>What failed:</b> ${esc(sentence(`${failureSentence(f.fault, component)} at ${formatMs(f.at)}`))}</p><p><b>What went wrong:</b> ${esc(sentence(f.explanation, false))}</p><p><b>Which property:</b> ${esc(propertySentence(f))}</p>${seeIt}</li>`;
}

function whyCard(e: SpofEntry, links: FindingLinks): string {
  const badges = e.findingKinds
    .map((k) => `<span class="badge">${k === 'design' ? 'design' : `HA software: ${k}`}</span>`)
    .join('');
  const items = e.findings.map((f) => findingItem(e.component, f, links)).join('');
  return `<div class="card spof" data-component="${esc(e.component)}" data-finding="${esc(e.findingKinds.join(' '))}"><strong><code>${esc(e.component)}</code> (${esc(e.kind)})</strong> ${badges}<ul>${items}</ul></div>`;
}

export function spofHtml(label: string, report: SpofReport, links: FindingLinks = noLinks): string {
  const verdict = spofVerdict(report);
  const sentences = verdictSentences(verdict, (s) => `<code>${esc(s)}</code>`, esc);
  const body = report.entries.filter((e) => !harmless(e));
  const rows = body
    .map(
      (e) =>
        `<tr data-component="${esc(e.component)}" data-finding="${esc(e.findingKinds.join(' '))}">${row(e)
          .map((c, i) => `<td${i === 2 && e.findingKinds.length > 0 ? ' class="bad"' : ''}>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const quiet = report.entries.filter(harmless).map((e) => e.component);
  const html = `
<header><h1>Single points of failure: ${esc(label)}</h1><p>hafault spof: every component failed alone</p></header>
<div class="card verdict${verdict.ok ? ' ok' : ''}" id="verdict"><strong>${esc(verdict.lead)}</strong>${sentences.map((s) => `<p>${s}</p>`).join('')}</div>
<div class="card">${preamble(report)
    .map((p) => `<p>${inline(p)}</p>`)
    .join('\n')}</div>
${body.length > 0 ? `<h2>Components, worst first</h2>\n<div class="card" style="overflow-x:auto"><table><thead><tr>${HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table></div>` : ''}
${quiet.length > 0 ? `<p>Harmless alone (no property broken, no fence, no downtime): ${esc(plural(quiet.length, 'component'))}: ${esc(quiet.join(', '))}.</p>` : ''}
${report.spofs.length > 0 ? `<h2>Why each is a single point of failure</h2>\n${report.spofs.map((e) => whyCard(e, links)).join('\n')}` : ''}`;
  return page(`Single points of failure: ${label}`, html);
}
