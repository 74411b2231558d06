// The availability page's charts as inline SVG: design downtime per year per setting as bars with
// their 95 % interval as whiskers (on a log scale when the values span more than two decades, and the
// axis says so), the downtime of each setting stacked by cause, and the downtime each component kind
// started, one bar per setting. Settings are categories, in the order they were asked for.
import { DOWNTIME_CAUSES, type DowntimeCause } from '../../harness/runners/availability/types.js';
import { CAUSE_LABEL, downtime, downtimeInterval, sig3 } from '../ninesFormat.js';
import type { Estimate } from '../../harness/runners/availability/types.js';
import { B, chartFrame, H, L, R, T, W } from './chartFrame.js';
import { esc } from './page.js';
import { n, niceTicks } from './svg.js';

export const CAUSE_COLOUR: Readonly<Record<DowntimeCause, string>> = {
  failure: '#2457c5',
  'needless-fence': '#ffb300',
  'fence-loop': '#ef6c00',
  'split-brain': '#c62828',
  capacity: '#8d6e63',
};

export const SETTING_COLOURS = ['#2457c5', '#26a69a', '#7e57c2', '#ef6c00', '#8d6e63', '#ec407a'];

interface Axis {
  readonly ticks: readonly number[];
  readonly y: (v: number) => number;
  readonly log: boolean;
}

/** Linear from 0, or log by decades when the positive values span more than two of them. */
export function downtimeAxis(values: readonly number[]): Axis {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const top = Math.max(0, ...positive);
  const bottom = Math.min(top, ...positive);
  if (positive.length > 0 && top / bottom > 100) {
    const lo = Math.floor(Math.log10(bottom));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(top)));
    const ticks = Array.from({ length: hi - lo + 1 }, (_, k) => Number((10 ** (lo + k)).toPrecision(12)));
    const y = (v: number) => {
      const clamped = Math.min(hi, Math.max(lo, Math.log10(Math.max(Number.isNaN(v) ? 0 : v, 10 ** lo))));
      return H - B - ((H - B - T) * (clamped - lo)) / (hi - lo);
    };
    return { ticks, y, log: true };
  }
  const ticks = niceTicks(Math.max(top, 0.001) * 1.05, 5);
  const yMax = ticks[ticks.length - 1] || 1;
  // Bounds off the chart (an interval of ±∞ from too few episodes) are drawn at its edge.
  const inside = (v: number) => (Number.isNaN(v) ? 0 : Math.min(yMax, Math.max(0, v)));
  return { ticks, y: (v) => H - B - ((H - B - T) * inside(v)) / yMax, log: false };
}

function frame(title: string, labels: readonly string[], axis: Axis, yTitle: string): string[] {
  return chartFrame({
    title,
    labels,
    ticks: axis.ticks,
    y: axis.y,
    tickText: sig3,
    axisTitle: { on: 'y', text: yTitle },
  }).parts;
}

const slot = (count: number) => (W - L - R) / count;
const xOf = (i: number, count: number) => L + slot(count) * (i + 0.5);

export interface DowntimeBar extends Estimate {
  readonly label: string;
  readonly highlight?: boolean;
}

/** One bar per setting, its 95 % interval as a whisker. */
export function downtimeChart(bars: readonly DowntimeBar[]): string {
  const axis = downtimeAxis(bars.flatMap((b) => [b.mean, b.low, b.high]));
  const yTitle = `minutes down per year${axis.log ? ' (log scale)' : ''}`;
  const parts = frame(
    'design downtime per year per setting',
    bars.map((b) => b.label),
    axis,
    yTitle,
  );
  const width = Math.min(64, slot(bars.length) * 0.5);
  bars.forEach((b, i) => {
    const cx = xOf(i, bars.length);
    const top = axis.y(b.mean);
    const fill = b.highlight ? '#1b7f3b' : '#2457c5';
    parts.push(
      `<g class="bar"><rect x="${n(cx - width / 2)}" y="${n(top)}" width="${n(width)}" height="${n(H - B - top)}" rx="3" fill="${fill}" opacity="0.85"/>`,
    );
    const [lo, hi] = [axis.y(b.low), axis.y(b.high)];
    parts.push(
      `<path class="whisker" d="M${n(cx)} ${n(lo)} V${n(hi)} M${n(cx - 8)} ${n(hi)} H${n(cx + 8)} M${n(cx - 8)} ${n(lo)} H${n(cx + 8)}" stroke="#1d2430" stroke-width="1.6" fill="none"/>`,
    );
    parts.push(
      `<text x="${n(cx + width / 2 + 4)}" y="${n(top - 4)}" font-size="11" fill="#1d2430">${esc(downtime(b.mean))}</text>`,
    );
    parts.push(`<title>${esc(`${b.label}: ${downtimeInterval(b)} (95% interval)`)}</title></g>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface CauseStack {
  readonly label: string;
  readonly byCause: Readonly<Record<DowntimeCause, number>>;
}

/** One stacked bar per setting: its downtime split by cause (causes with no downtime draw nothing). */
export function causeChart(stacks: readonly CauseStack[]): string {
  const counted = (v: number) => (v > 0 && Number.isFinite(v) ? v : 0);
  const totals = stacks.map((s) => DOWNTIME_CAUSES.reduce((sum, c) => sum + counted(s.byCause[c]), 0));
  const ticks = niceTicks(Math.max(0.001, ...totals) * 1.05, 5);
  const yMax = ticks[ticks.length - 1] || 1;
  const y = (v: number) => H - B - ((H - B - T) * v) / yMax;
  const axis = { ticks, y, log: false };
  const parts = frame(
    'downtime per year by cause, per setting',
    stacks.map((s) => s.label),
    axis,
    'minutes down per year',
  );
  const width = Math.min(64, slot(stacks.length) * 0.5);
  stacks.forEach((s, i) => {
    const cx = xOf(i, stacks.length);
    parts.push(`<g class="stack">`);
    let below = 0;
    for (const cause of DOWNTIME_CAUSES) {
      const v = counted(s.byCause[cause]);
      if (v === 0) continue;
      const [top, bottom] = [y(below + v), y(below)];
      parts.push(
        `<rect class="seg" data-cause="${cause}" x="${n(cx - width / 2)}" y="${n(top)}" width="${n(width)}" height="${n(Math.max(0.5, bottom - top))}" fill="${CAUSE_COLOUR[cause]}"><title>${esc(`${s.label}: ${CAUSE_LABEL[cause]} ${downtime(v)}`)}</title></rect>`,
      );
      below += v;
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface KindBars {
  readonly kind: string;
  /** Minutes per year, one per setting (in the settings' order). */
  readonly values: readonly number[];
}

/** Horizontal bars: a row per component kind, a bar per setting in that setting's colour. */
export function contributorChart(rows: readonly KindBars[], settings: readonly string[]): string {
  const rowH = Math.max(18, settings.length * 12 + 8);
  const left = 150;
  const height = T + rows.length * rowH + 36;
  const ticks = niceTicks(Math.max(0.001, ...rows.flatMap((r) => r.values).filter(Number.isFinite)) * 1.05, 5);
  const xMax = ticks[ticks.length - 1] || 1;
  const x = (v: number) => left + ((W - left - R - 60) * v) / xMax;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="downtime per year started by each component kind" class="chart">`,
  ];
  const base = T + rows.length * rowH;
  for (const t of ticks)
    parts.push(
      `<line x1="${n(x(t))}" y1="${T}" x2="${n(x(t))}" y2="${base}" stroke="#eef1f5"/><text x="${n(x(t))}" y="${base + 14}" font-size="11" fill="#5d6878" text-anchor="middle">${esc(sig3(t))}</text>`,
    );
  parts.push(
    `<text x="${n((left + W - R) / 2)}" y="${height - 6}" font-size="12" fill="#5d6878" text-anchor="middle">minutes down per year, from episodes the kind started</text>`,
  );
  rows.forEach((r, i) => {
    const top = T + i * rowH;
    parts.push(
      `<text x="${left - 8}" y="${n(top + rowH / 2 + 4)}" font-size="11.5" fill="#1d2430" text-anchor="end">${esc(r.kind)}</text>`,
    );
    r.values.forEach((v, k) => {
      if (!(v > 0 && Number.isFinite(v))) return;
      const y0 = top + 4 + k * 12;
      parts.push(
        `<g class="contrib"><rect x="${left}" y="${n(y0)}" width="${n(Math.max(0, x(v) - left))}" height="10" rx="2" fill="${SETTING_COLOURS[k % SETTING_COLOURS.length]}"/><text x="${n(x(v) + 4)}" y="${n(y0 + 9)}" font-size="10" fill="#5d6878">${esc(downtime(v))}</text><title>${esc(`${r.kind} at ${settings[k]}: ${downtime(v)}`)}</title></g>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
