// The single-point-of-failure report as markdown (terminal and file) and as a small self-contained
// HTML page. Worst components first; components whose failure changes nothing are summarised.
import type { SpofEntry, SpofReport } from '../harness/spof.js';
import { formatMs } from '../harness/time.js';

function fenced(e: SpofEntry): string {
  return e.fenced === 0 ? '0' : `${e.fenced} (${e.fencedHosts.join(', ')})`;
}

function downtime(e: SpofEntry): string {
  if (e.downtimeMs === 0) return '—';
  const [id] = Object.entries(e.services).sort((a, b) => b[1] - a[1])[0];
  return `${formatMs(e.downtimeMs)} (${id}${e.unrestored.length > 0 ? `; not restored: ${e.unrestored.join(', ')}` : ''})`;
}

const harmless = (e: SpofEntry) => e.broken.length === 0 && e.fenced === 0 && e.downtimeMs === 0;

function rows(report: SpofReport) {
  return report.entries.filter((e) => !harmless(e)).map((e) => [e.component, e.kind, e.broken.length > 0 ? e.broken.join(', ') : 'none', fenced(e), downtime(e)]);
}

const HEADER = ['component', 'kind', 'breaks', 'hosts fenced', 'longest service downtime'];

function preamble(report: SpofReport): string[] {
  const t = report.timing;
  const grid = t.periodMs > 0 ? `at ${report.instants.length} instants across the ${formatMs(t.periodMs)} heartbeat (one per phase class of the model's timers)` : `at ${report.instants.length} instant(s)`;
  return [
    `Each component fails alone, ${grid}; each row shows its worst outcome. Properties judged: ${report.properties.join(', ')}.`,
    `Sorted worst first: properties broken, then hosts fenced, then services left down, then downtime.`,
  ];
}

export function spofMarkdown(label: string, report: SpofReport): string {
  const body = rows(report);
  const quiet = report.entries.filter(harmless);
  const spofs = report.entries.filter((e) => e.broken.length > 0);
  const lines = [`# Single points of failure: ${label}`, '', ...preamble(report), ''];
  lines.push(spofs.length === 0 ? '**No single component breaks a property.**' : `**${spofs.length} single point${spofs.length === 1 ? '' : 's'} of failure** (a property breaks when it alone fails): ${spofs.slice(0, 8).map((e) => `\`${e.component}\``).join(', ')}${spofs.length > 8 ? ', …' : ''}.`);
  lines.push('');
  if (body.length > 0) {
    lines.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`);
    for (const r of body) lines.push(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    lines.push('');
  }
  if (quiet.length > 0) lines.push(`Harmless alone (no property broken, no fence, no downtime): ${quiet.length} component${quiet.length === 1 ? '' : 's'}: ${quiet.map((e) => e.component).join(', ')}.`, '');
  for (const e of spofs) if (e.explanation) lines.push(`- \`${e.component}\` (${e.kind}, failing at ${formatMs(e.worstAt)}): ${e.explanation}`);
  return lines.join('\n').trimEnd() + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function spofHtml(label: string, report: SpofReport): string {
  const body = rows(report)
    .map((r, i) => `<tr class="${report.entries.filter((e) => !harmless(e))[i].broken.length > 0 ? 'bad' : ''}">${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const quiet = report.entries.filter(harmless).map((e) => e.component);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Single points of failure: ${esc(label)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}tr.bad td{background:#fde8e8}th{background:#f3f3f3}</style>
</head><body>
<h1>Single points of failure: ${esc(label)}</h1>
${preamble(report).map((p) => `<p>${esc(p)}</p>`).join('\n')}
<table><thead><tr>${HEADER.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table>
${quiet.length > 0 ? `<p>Harmless alone: ${esc(quiet.join(', '))}.</p>` : ''}
</body></html>
`;
}
