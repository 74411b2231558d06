// Keeps faults off knife edges. A fault that lands within a few ms of an advert (or of a timer
// expiring) can fall on either side of it for real, and the outcome then differs by a whole advert
// interval; no timing tolerance can judge that. Each fault is moved later, in steps, until no
// sensitive instant of the model's run up to it lies within the margin. Pure and deterministic.
import type { FaultStep } from '../../engine/faults/index.js';

export interface NudgeOptions {
  readonly marginMs: number;
  readonly stepMs: number;
  readonly maxSteps: number;
}

export const DEFAULT_NUDGE: NudgeOptions = { marginMs: 200, stepMs: 100, maxSteps: 20 };

/**
 * @param sensitive the model's sensitive instants when it runs `prefix` until `untilMs`
 * @returns the schedule with faults moved (later steps move with them, keeping their spacing); a
 *   fault with no clear slot within `maxSteps` goes where it is clearest
 */
export function nudgeSchedule(
  schedule: readonly FaultStep[],
  sensitive: (prefix: readonly FaultStep[], untilMs: number) => readonly number[],
  options: NudgeOptions = DEFAULT_NUDGE,
): FaultStep[] {
  let steps = schedule.map((s) => ({ ...s }));
  for (let i = 0; i < steps.length; i++) {
    const base = steps[i].at;
    const before = steps.slice(0, i).filter((s) => s.at < base);
    const instants = sensitive(before, base + options.stepMs * options.maxSteps + options.marginMs);
    let best = 0;
    let bestClearance = -1;
    for (let k = 0; k <= options.maxSteps; k++) {
      const at = base + k * options.stepMs;
      const clearance = instants.reduce((m, t) => Math.min(m, Math.abs(t - at)), Infinity);
      if (clearance >= options.marginMs) {
        best = k;
        break;
      }
      if (clearance > bestClearance) {
        bestClearance = clearance;
        best = k;
      }
    }
    const shift = best * options.stepMs;
    if (shift > 0) steps = steps.map((s, j) => (j >= i ? { ...s, at: s.at + shift } : s));
  }
  return steps;
}
