// index.html of a `check --out DIR`: the verdict table (preset × property), each violation linked to
// its trace page and described in one line, each run that never settles described in one line.
import { esc, page } from './page.js';

export interface IndexCell {
  readonly property: string;
  readonly status: 'holds' | 'violated' | 'unknown' | 'oscillating';
  /** Relative link to the finding's page (a run that never settles: its page up to the stop, when written). */
  readonly page?: string;
  readonly explanation?: string;
  readonly faults?: number;
}

export interface IndexRow {
  readonly target: string;
  readonly cells: readonly IndexCell[];
}

export function checkIndexPage(rows: readonly IndexRow[], summary: string): string {
  const properties = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.property)))];
  const head = ['model / preset', ...properties].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = properties.map((p) => {
        const c = r.cells.find((x) => x.property === p);
        if (!c) return '<td>n/a</td>';
        if (c.status === 'violated')
          return `<td class="bad"><a href="${esc(c.page ?? '#')}">violated</a> (${c.faults} fault${c.faults === 1 ? '' : 's'})</td>`;
        if (c.status === 'oscillating') {
          const text = `never settles (${c.faults} fault${c.faults === 1 ? '' : 's'})`;
          return `<td class="bad">${c.page ? `<a href="${esc(c.page)}">${text}</a>` : text}</td>`;
        }
        return `<td class="${c.status === 'holds' ? 'good' : ''}">${esc(c.status)}</td>`;
      });
      return `<tr><td>${esc(r.target)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  const found = rows.flatMap((r) =>
    r.cells.filter((c) => c.status === 'violated' || c.status === 'oscillating').map((c) => ({ target: r.target, c })),
  );
  const list = found
    .map(({ target, c }) =>
      c.status === 'violated'
        ? `<li><a href="${esc(c.page ?? '#')}"><b>${esc(target)}</b>: ${esc(c.property)}</a> — ${esc(c.explanation ?? '')}</li>`
        : c.page
          ? `<li><a href="${esc(c.page)}"><b>${esc(target)}</b>: ${esc(c.property)}</a> — ${esc(c.explanation ?? '')}</li>`
          : `<li><b>${esc(target)}</b>: ${esc(c.property)} — ${esc(c.explanation ?? '')}</li>`,
    )
    .join('');
  const html = `
<header><h1>hafault check</h1><p>${esc(summary)}</p></header>
<div class="card verdict${found.length === 0 ? ' ok' : ''}"><strong>${found.length === 0 ? 'Every property holds on every preset checked' : `${found.length} counterexample${found.length === 1 ? '' : 's'} found`}</strong></div>
<div class="card" style="overflow-x:auto"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>
${found.length > 0 ? `<h2>Counterexamples</h2><div class="card"><ul>${list}</ul></div>` : ''}`;
  return page('hafault check', html);
}
