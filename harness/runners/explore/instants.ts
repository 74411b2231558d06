// The time abstraction that keeps exhaustive search finite. Between two consecutive deadlines of
// the running system (a timer's expiry, a scheduled notice, a VM finishing its boot, a node coming
// back) nothing happens, so a fault injected anywhere in that gap meets the same pending deadlines
// in the same order. What can still differ inside a gap is where the fault falls against the
// heartbeat grid (which tick notices it) and where the timers it starts land against that grid;
// those are finitely many phase classes, derived from the model's settings. README "Explore"
// says where this is sound and where it is not.
import type { Config, ConfigKey, ModelInstance } from '../../engine/model.js';

export type InstantMode = 'coarse' | 'fine';

export interface Timing {
  /** Heartbeat period of the agents that notice on a grid (0: all notice at once; -1: unknown). */
  readonly periodMs: number;
  /** Phases in [0, period) where a fault's class changes: ticks, and where t + D lands on a tick. */
  readonly phaseThresholds: readonly number[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Classifies each agent's `noticeAt`: at once, on a grid of period p, or unknown. The phase classes
 * come from the settings that are durations: the `ms` keys when `keys` is given, else every
 * positive integer setting (a count then adds a class that changes nothing: finer, still exact).
 */
export function timingOf(instance: ModelInstance, config: Config, keys?: readonly ConfigKey[]): Timing {
  let period = 0;
  for (const a of instance.agents) {
    if (!a.noticeAt) continue;
    const samples = [0, 1, 499, 1000, 1234, 7001, 59_999, 60_000, 123_457];
    if (samples.every((t) => a.noticeAt!(t) === t)) continue;
    const p = a.noticeAt(0);
    const periodic = p > 0 && samples.every((t) => a.noticeAt!(t) === (Math.floor(t / p) + 1) * p);
    if (!periodic) return { periodMs: -1, phaseThresholds: [] };
    period = period === 0 ? p : (period * p) / gcd(period, p);
    if (period > 3_600_000) return { periodMs: -1, phaseThresholds: [] };
  }
  if (period <= 0) return { periodMs: period, phaseThresholds: [] };
  const isDuration = (name: string) => keys === undefined || keys.some((k) => k.key === name && k.type === 'ms');
  const durations = Object.entries(config).flatMap(([name, v]) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && isDuration(name) ? [v] : [],
  );
  const phases = new Set<number>([0]);
  for (const d of durations) phases.add((period - (d % period)) % period);
  return { periodMs: period, phaseThresholds: [...phases].sort((a, b) => a - b) };
}

/** One representative instant per phase class: the middle of each class. */
function classMiddles(timing: Timing): number[] {
  const t = timing.phaseThresholds;
  const p = timing.periodMs;
  return t.map((start, i) => {
    const end = i + 1 < t.length ? t[i + 1] : p;
    return start + Math.floor((end - start) / 2);
  });
}

/** First instant ≥ from with the given phase. */
function atPhase(from: number, phase: number, period: number): number {
  return from + ((((phase - (from % period)) % period) + period) % period);
}

/**
 * Instants at which to inject the next fault, in time order, given the current instant and the
 * next pending deadline (-1: none, the system is quiet). `now` itself is always one: together with
 * what just happened.
 */
export function candidateInstants(now: number, next: number, timing: Timing, mode: InstantMode): number[] {
  const out = new Set<number>([now]);
  const p = timing.periodMs;
  if (next < 0) {
    // Quiet: the world is the same one period later; one instant per phase class suffices.
    if (p > 0) for (const m of classMiddles(timing)) out.add(atPhase(now + 1, m, p));
    return [...out].sort((a, b) => a - b);
  }
  if (next - now >= 2) {
    out.add(now + Math.floor((next - now) / 2));
    out.add(next - 1);
  }
  if (mode === 'fine' && p > 0) {
    // Every phase class in the first and in the last period of the gap.
    for (const m of classMiddles(timing)) {
      const first = atPhase(now + 1, m, p);
      if (first < next) out.add(first);
      const last = atPhase(Math.max(now + 1, next - p), m, p);
      if (last < next) out.add(last);
    }
  }
  return [...out].sort((a, b) => a - b);
}
