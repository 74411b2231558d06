// index.html of a `check --out DIR`: the verdict table (preset × property) with each preset's own
// verdict (a clean design is named as clean, not left to be inferred from a row of "holds"), each
// violation linked to its trace page and described in one line, each run that never settles
// described in one line. The table fits a 1400 px window: property names wrap at their words
// (noUnnecessary·Fence), and a table wider still scrolls inside its card, never off the page.
import { esc, href, page } from './page.js';

export interface IndexCell {
  readonly property: string;
  readonly status: 'holds' | 'violated' | 'unknown' | 'oscillating';
  /** Relative link to the finding's page (a run that never settles: its page up to the stop, when written). */
  readonly page?: string;
  readonly explanation?: string;
  /** The finding's schedule in words, as the terminal says it ("1 fault + 1 repair": reports/scheduleSize.ts). */
  readonly size?: string;
}

export interface IndexRow {
  readonly target: string;
  readonly cells: readonly IndexCell[];
}

const found = (c: IndexCell) => c.status === 'violated' || c.status === 'oscillating';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A property's name with a break allowed between its words, so a narrow column wraps it. */
const wrappable = (name: string) => esc(name).replace(/([a-z0-9])([A-Z])/g, '$1<wbr>$2');

/** A preset's own verdict: clean (every property holds), its findings, or no finding but some undecided. */
export function rowVerdict(row: IndexRow): { text: string; clean: boolean } {
  const violated = row.cells.filter((c) => c.status === 'violated').length;
  const stopped = row.cells.filter((c) => c.status === 'oscillating').length;
  const unknown = row.cells.filter((c) => c.status === 'unknown').length;
  if (violated + stopped > 0) {
    const parts = [
      violated > 0 ? `${violated} violated` : '',
      stopped > 0 ? `${stopped} never settle${stopped === 1 ? 's' : ''}` : '',
    ];
    return { text: parts.filter(Boolean).join(', '), clean: false };
  }
  if (unknown > 0) return { text: `no counterexample; ${unknown} undecided`, clean: false };
  return { text: `clean: all ${row.cells.length} hold`, clean: true };
}

function cell(c: IndexCell | undefined): string {
  if (!c) return '<td>n/a</td>';
  const size = c.size ? ` (${esc(c.size)})` : '';
  if (c.status === 'violated') return `<td class="bad"><a href="${href(c.page ?? '#')}">violated</a>${size}</td>`;
  if (c.status === 'oscillating') {
    const text = `never settles${size}`;
    return `<td class="bad">${c.page ? `<a href="${href(c.page)}">${text}</a>` : text}</td>`;
  }
  return `<td class="${c.status === 'holds' ? 'good' : ''}">${esc(c.status)}</td>`;
}

function table(rows: readonly IndexRow[]): string {
  const properties = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.property)))];
  const head = [
    '<th>model / preset</th><th>verdict</th>',
    ...properties.map((p) => `<th title="${esc(p)}">${wrappable(p)}</th>`),
  ].join('');
  const body = rows
    .map((r) => {
      const v = rowVerdict(r);
      const cells = properties.map((p) => cell(r.cells.find((x) => x.property === p)));
      return `<tr data-verdict="${v.clean ? 'clean' : 'findings'}"><td>${esc(r.target)}</td><td class="${v.clean ? 'good' : 'bad'}">${esc(v.text)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="card" style="overflow-x:auto"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The headline: how many counterexamples, and which presets are clean. */
function headline(rows: readonly IndexRow[], count: number): string {
  const clean = rows.filter((r) => rowVerdict(r).clean).map((r) => r.target);
  const lead =
    count === 0
      ? clean.length === rows.length
        ? `Every property holds on every preset checked (${plural(rows.length, 'preset')})`
        : 'No counterexample found'
      : `${plural(count, 'counterexample')} found`;
  const named =
    clean.length === 0
      ? 'No preset is clean.'
      : `Clean (every property holds): ${clean.length === rows.length && rows.length > 10 ? `all ${rows.length}` : clean.join(', ')}.`;
  return `<div class="card verdict${count === 0 ? ' ok' : ''}" id="verdict"><strong>${esc(lead)}</strong><p>${esc(named)}</p></div>`;
}

export function checkIndexPage(rows: readonly IndexRow[], summary: string): string {
  const findings = rows.flatMap((r) => r.cells.filter(found).map((c) => ({ target: r.target, c })));
  const list = findings
    .map(({ target, c }) => {
      const what = `<b>${esc(target)}</b>: ${esc(c.property)}`;
      return `<li>${c.page ? `<a href="${href(c.page)}">${what}</a>` : what} — ${esc(c.explanation ?? '')}</li>`;
    })
    .join('');
  const html = `
<header><h1>hafault check</h1><p>${esc(summary)}</p></header>
${headline(rows, findings.length)}
${table(rows)}
${findings.length > 0 ? `<h2>Counterexamples</h2><div class="card"><ul>${list}</ul></div>` : ''}`;
  return page('hafault check', html);
}
