// Virtual time is integer milliseconds. These helpers read and print durations the way an
// engineer writes them ("10s", "2m", "1500ms").

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * The longest stretch of simulated time a written input may ask for (a plan, a trace's end): a week
 * covers every scenario the models describe, and a run that long still ends in seconds.
 */
export const MAX_SIMULATED_MS = 7 * 24 * 3_600_000;

/**
 * Parses `1500`, `1500ms`, `10s`, `2.5s`, `2m`, `1h`; returns null when it is not a duration in
 * whole milliseconds (`1.5ms`, `0.0001s`: virtual time cannot hold them).
 */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * UNITS[m[2] ?? 'ms'];
  const ms = Math.round(value);
  // Decimal fractions of a unit are not exact in binary (2.3 s is 2299.9999… ms): allow that, not a real fraction.
  if (!Number.isSafeInteger(ms) || Math.abs(value - ms) > 1e-6) return null;
  return ms;
}

/** `10000` → `10 s`, `1500` → `1.5 s`, `250` → `250 ms`. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(s < 10 ? 2 : 1).replace(/\.?0+$/, '')} s`;
}

/** A duration in the largest unit that holds it exactly: `3600000` → `1 h`, `600000` → `10 min`, `255000` → `255 s`, `10` → `10 ms`. */
export function formatExactMs(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ] as const)
    if (ms !== 0 && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}
