// Keeps faults off knife edges. A fault that lands within a few ms of an advert (or of a timer
// expiring) can fall on either side of it for real, and the outcome then differs by a whole advert
// interval; no timing tolerance can judge that. Each fault is moved later, in steps, until no
// sensitive instant of the model's run up to it lies within the margin. Pure and deterministic.
import type { FaultStep } from '../faults/index.js';

export interface NudgeOptions {
  readonly marginMs: number;
  readonly stepMs: number;
  readonly maxSteps: number;
}

export const DEFAULT_NUDGE: NudgeOptions = { marginMs: 300, stepMs: 100, maxSteps: 15 };

/**
 * @param sensitive the model's sensitive instants when it runs `prefix` until `untilMs`
 * @returns the schedule with faults moved (later steps move with them, keeping their spacing)
 */
export function nudgeSchedule(
  schedule: readonly FaultStep[],
  sensitive: (prefix: readonly FaultStep[], untilMs: number) => readonly number[],
  options: NudgeOptions = DEFAULT_NUDGE,
): FaultStep[] {
  let steps = schedule.map((s) => ({ ...s }));
  for (let i = 0; i < steps.length; i++) {
    for (let k = 0; k < options.maxSteps; k++) {
      const at = steps[i].at;
      const before = steps.slice(0, i).filter((s) => s.at < at);
      const near = sensitive(before, at + options.marginMs).some((t) => Math.abs(t - at) < options.marginMs);
      if (!near) break;
      steps = steps.map((s, j) => (j >= i ? { ...s, at: s.at + options.stepMs } : s));
    }
  }
  return steps;
}
