// The frame every inline-SVG chart of the pages shares: one geometry, horizontal grid lines at the
// y ticks, a baseline, the categories (settings) along the x axis, and an axis title — beneath for
// the sweep's charts, rotated along the y axis for the availability page's. Callers draw inside it.
import { esc } from './page.js';
import { n } from './svg.js';

export const W = 600;
export const H = 300;
export const L = 64;
export const R = 16;
export const T = 20;
export const B = 58;

export interface ChartFrame {
  /** The chart's label for screen readers. */
  readonly title: string;
  /** One category per slot along the x axis. */
  readonly labels: readonly string[];
  readonly ticks: readonly number[];
  readonly y: (v: number) => number;
  readonly tickText: (v: number) => string;
  /** The axis title: under the x axis, or along the y axis. */
  readonly axisTitle: { readonly on: 'x' | 'y'; readonly text: string };
}

/** The opened `<svg>` and its frame as parts (the caller closes it), and the centre of slot i. */
export function chartFrame(f: ChartFrame): { parts: string[]; x: (i: number) => number } {
  const x = (i: number) => L + ((W - L - R) * (i + 0.5)) / f.labels.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(f.title)}" class="chart">`,
  ];
  for (const t of f.ticks) {
    parts.push(`<line x1="${L}" y1="${n(f.y(t))}" x2="${W - R}" y2="${n(f.y(t))}" stroke="#eef1f5"/>`);
    parts.push(
      `<text x="${L - 8}" y="${n(f.y(t) + 4)}" font-size="11" fill="#5d6878" text-anchor="end">${esc(f.tickText(t))}</text>`,
    );
  }
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#9aa4b1"/>`);
  f.labels.forEach((label, i) =>
    parts.push(
      `<text x="${n(x(i))}" y="${H - B + 18}" font-size="11.5" fill="#1d2430" text-anchor="middle">${esc(label)}</text>`,
    ),
  );
  const text = esc(f.axisTitle.text);
  const mid = n((T + H - B) / 2);
  parts.push(
    f.axisTitle.on === 'x'
      ? `<text x="${n((L + W - R) / 2)}" y="${H - 12}" font-size="12" fill="#5d6878" text-anchor="middle">${text}</text>`
      : `<text class="axis" x="14" y="${mid}" font-size="12" fill="#5d6878" text-anchor="middle" transform="rotate(-90 14 ${mid})">${text}</text>`,
  );
  return { parts, x };
}
