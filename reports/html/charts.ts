// The sweep's two charts as inline SVG: a property's violation rate per setting with its 95%
// interval (a hollow point at 0 still shows how high the rate could be), and time distributions
// per setting (p50 line, p95 dashed, max as ticks; for restore times, the outages restored and still
// open under each setting, open ones also as a red arrow). Settings are categories on the x axis, in
// grid order.
import { formatMs } from '../../harness/engine/time.js';
import { percent } from '../sweepFormat.js';
import { B, chartFrame, H, T, W } from './chartFrame.js';
import { esc } from './page.js';
import { n, niceTicks } from './svg.js';

export interface RatePoint {
  readonly label: string;
  readonly violations: number;
  readonly runs: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  readonly highlight?: boolean;
}

function frame(
  title: string,
  labels: readonly string[],
  yTicks: readonly number[],
  yMax: number,
  yText: (v: number) => string,
  xTitle: string,
): { parts: string[]; x: (i: number) => number; y: (v: number) => number } {
  const y = (v: number) => H - B - ((H - B - T) * v) / (yMax || 1);
  const { parts, x } = chartFrame({
    title,
    labels,
    ticks: yTicks,
    y,
    tickText: yText,
    axisTitle: { on: 'x', text: xTitle },
  });
  return { parts, x, y };
}

export function rateChart(property: string, points: readonly RatePoint[], xTitle: string): string {
  const top = Math.max(0.01, ...points.map((p) => p.high));
  const ticks = niceTicks(top * 1.05, 5);
  const yMax = ticks[ticks.length - 1];
  const pct = (v: number) => `${Number((v * 100).toPrecision(3))}%`;
  const { parts, x, y } = frame(
    `violation rate of ${property} per setting`,
    points.map((p) => p.label),
    ticks,
    yMax,
    pct,
    xTitle,
  );
  /** A point's label, right of it unless that runs off the chart. */
  const label = (cx: number, cy: number, text: string, colour: string) => {
    const right = cx + 10 + text.length * 6.2 < W - 2;
    return `<text x="${n(right ? cx + 10 : cx - 10)}" y="${n(cy - 6)}" font-size="11" fill="${colour}"${right ? '' : ' text-anchor="end"'}>${esc(text)}</text>`;
  };
  points.forEach((p, i) => {
    const cx = x(i);
    if (p.highlight)
      parts.push(`<rect x="${n(cx - 28)}" y="${T - 6}" width="56" height="${H - B - T + 6}" rx="6" fill="#e7f5ec"/>`);
  });
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(x(i))} ${n(y(p.rate))}`).join(' ');
  parts.push(`<path d="${line}" fill="none" stroke="#c9d1db" stroke-width="1.5"/>`);
  points.forEach((p, i) => {
    const cx = x(i);
    const colour = p.violations > 0 ? '#c62828' : '#1b7f3b';
    const tip = `${p.label}: ${p.violations} of ${p.runs} runs (${percent(p.rate)}; 95% interval ${percent(p.low)}–${percent(p.high)})`;
    parts.push(
      `<g class="rate"><line x1="${n(cx)}" y1="${n(y(p.low))}" x2="${n(cx)}" y2="${n(y(p.high))}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<line x1="${n(cx - 7)}" y1="${n(y(p.high))}" x2="${n(cx + 7)}" y2="${n(y(p.high))}" stroke="${colour}" stroke-width="2"/><line x1="${n(cx - 7)}" y1="${n(y(p.low))}" x2="${n(cx + 7)}" y2="${n(y(p.low))}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<circle cx="${n(cx)}" cy="${n(y(p.rate))}" r="5.5" fill="${p.violations > 0 ? colour : '#fff'}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `${label(cx, y(p.rate), p.violations > 0 ? percent(p.rate) : `0 (≤ ${percent(p.high)})`, colour)}<title>${esc(tip)}</title></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface TimePoint {
  readonly label: string;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
  readonly samples: number;
  /** Outages still open when their run ended: no time, so not in the percentiles (restore chart only). */
  readonly open?: number;
}

const OPEN = '#c62828';

/**
 * Under each setting, "n restored · m open"; above each setting with open outages, a dashed red
 * arrow from its longest restore to the top: those outages lasted longer still, by an unknown amount.
 */
function openOutages(points: readonly TimePoint[], x: (i: number) => number, y: (v: number) => number): string[] {
  const parts: string[] = [];
  points.forEach((p, i) => {
    const open = p.open ?? 0;
    const cx = x(i);
    const counts = `${p.samples} restored · ${open} open`;
    parts.push(
      `<text class="outages" x="${n(cx)}" y="${H - B + 32}" font-size="10.5" fill="${open > 0 ? OPEN : '#5d6878'}" text-anchor="middle"${open > 0 ? ' font-weight="600"' : ''}>${esc(counts)}</text>`,
    );
    if (open === 0) return;
    const from = p.max === null ? y(0) - 16 : y(p.max); // above "no samples" when nothing was restored
    const tip = `${p.label}: ${open} outage${open === 1 ? '' : 's'} still open when the run ended (not in the percentiles); ${p.samples} restored`;
    parts.push(
      `<g class="open"><line x1="${n(cx)}" y1="${n(from)}" x2="${n(cx)}" y2="${T + 6}" stroke="${OPEN}" stroke-width="2" stroke-dasharray="3 3"/>`,
    );
    parts.push(
      `<path d="M${n(cx - 5)} ${T + 8} L${n(cx)} ${T} L${n(cx + 5)} ${T + 8}" fill="none" stroke="${OPEN}" stroke-width="2"/>`,
    );
    parts.push(
      `<text x="${n(cx - 8)}" y="${T + 10}" font-size="11" fill="${OPEN}" text-anchor="end">${esc(`${open} open`)}</text><title>${esc(tip)}</title></g>`,
    );
  });
  return parts;
}

export function timeChart(title: string, points: readonly TimePoint[], xTitle: string, colour = '#2457c5'): string {
  const top = Math.max(1000, ...points.map((p) => p.max ?? 0));
  const ticks = niceTicks(top * 1.05, 5);
  const yMax = ticks[ticks.length - 1];
  const { parts, x, y } = frame(
    title,
    points.map((p) => p.label),
    ticks,
    yMax,
    (v) => (v === 0 ? '0 s' : formatMs(v)),
    xTitle,
  );
  const path = (key: 'p50' | 'p95') => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = p[key];
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${n(x(i))} ${n(y(v))} `;
      pen = true;
    });
    return d.trim();
  };
  parts.push(
    `<path d="${path('p95')}" fill="none" stroke="${colour}" stroke-width="1.8" stroke-dasharray="5 4" opacity="0.7"/>`,
  );
  parts.push(`<path d="${path('p50')}" fill="none" stroke="${colour}" stroke-width="2.5"/>`);
  points.forEach((p, i) => {
    if (p.p50 === null) {
      parts.push(
        `<text x="${n(x(i))}" y="${n(y(0) - 8)}" font-size="11" fill="#8a94a3" text-anchor="middle">no samples</text>`,
      );
      return;
    }
    const cx = x(i);
    parts.push(
      `<g class="time"><line x1="${n(cx - 8)}" y1="${n(y(p.max!))}" x2="${n(cx + 8)}" y2="${n(y(p.max!))}" stroke="${colour}" stroke-width="2" opacity="0.6"/>`,
    );
    parts.push(
      `<circle cx="${n(cx)}" cy="${n(y(p.p95!))}" r="3.5" fill="#fff" stroke="${colour}" stroke-width="1.8"/><circle cx="${n(cx)}" cy="${n(y(p.p50))}" r="5" fill="${colour}"/>`,
    );
    parts.push(
      `<text x="${n(cx + 9)}" y="${n(y(p.p50) + 4)}" font-size="11" fill="${colour}">${esc(formatMs(p.p50))}</text>`,
    );
    parts.push(
      `<title>${esc(`${p.label}: p50 ${formatMs(p.p50)}, p95 ${formatMs(p.p95!)}, max ${formatMs(p.max!)} (${p.samples} samples)`)}</title></g>`,
    );
  });
  if (points.some((p) => p.open !== undefined)) parts.push(...openOutages(points, x, y));
  parts.push('</svg>');
  return parts.join('\n');
}
