// Small helpers for hand-written SVG: number formatting that keeps files byte-stable, "nice" axis
// ticks, and colours for agent roles that mean the same thing in every model.
export const n = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** About `count` round tick values from 0 up to the first one at or above `max`. */
export function niceTicks(max: number, count = 6): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let k = 0; ticks.length === 0 || ticks[ticks.length - 1] < max - step * 1e-9; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Time ticks in whole seconds on a readable grid (10 s, 30 s, 1 min, …). */
export function timeTicks(endMs: number, count = 10): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);
  const step = steps.find((s) => endMs / s <= count) ?? steps[steps.length - 1];
  const ticks: number[] = [];
  for (let t = 0; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

const GOOD = /^(live|serving|ok|active|master|primary|running|up)$/;
const BAD = /^(fenced|lost|failed|split|dead|crashed)$/;
const OFF = /^(down|off|stopped|disabled|halted)$/;
const BUSY = /^(joining|booting|resyncing|starting|recovering|takeover)$/;
const WARN = /^(stalled|waiting|excluded|backup|standby|isolated|degraded)$/;
const SPARE = ['#7e57c2', '#26a69a', '#8d6e63', '#5c6bc0', '#ec407a', '#9e9d24'];

/** A role's colour: green working, red fenced or lost, grey off, blue on its way, amber degraded. */
export function roleColour(role: string): string {
  if (GOOD.test(role)) return '#43a047';
  if (BAD.test(role)) return '#e53935';
  if (OFF.test(role)) return '#9aa4b1';
  if (BUSY.test(role)) return '#64b5f6';
  if (WARN.test(role)) return '#ffb300';
  let h = 0;
  for (const ch of role) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}

/** Dark text on light fills, white on dark ones. */
export function inkOn(fill: string): string {
  const v = parseInt(fill.slice(1), 16);
  const lum = 0.299 * (v >> 16) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
  return lum > 150 ? '#1d2430' : '#ffffff';
}
