// A run that never settles (agents that keep reacting to each other while time stands still, or a
// run that needs more events than any sane one) is a finding about the model, never a crash: the
// simulator stops it with an OscillationError, and every runner turns that into a typed outcome
// that says which run, at what simulated time, after how many events.
import type { FaultStep } from './faults/index.js';
import { formatMs } from './time.js';

/** Why and where a run was stopped. */
export interface Oscillation {
  /** Simulated time at which it was stopped. */
  readonly atMs: number;
  /** Events simulated in the run by then. */
  readonly events: number;
  /** What gave it away, as a clause: "100000 events at this instant without time moving on". */
  readonly reason: string;
}

/** An oscillation with the schedule that provokes it (what `check`, `sweep` and `explore` report). */
export interface OscillationFinding extends Oscillation {
  readonly schedule: readonly FaultStep[];
}

export class OscillationError extends Error {
  constructor(
    readonly model: string,
    readonly oscillation: Oscillation,
  ) {
    super(`${model}: ${describeOscillation(oscillation)}`);
  }
}

/** An OscillationError that names the schedule that provoked it (thrown by a runner that runs many). */
export class ScheduleOscillationError extends OscillationError {
  constructor(
    model: string,
    oscillation: Oscillation,
    readonly schedule: readonly FaultStep[],
  ) {
    super(model, oscillation);
  }
}

/** "the run never settles: …, stopped at t = 10 s after 100001 events" */
export function describeOscillation(o: Oscillation): string {
  return `the run never settles: ${o.reason}; stopped at t = ${formatMs(o.atMs)} after ${o.events} events`;
}

/** The oscillation an error carries, or null for any other error (which callers rethrow). */
export function oscillationOf(error: unknown): Oscillation | null {
  return error instanceof OscillationError ? error.oscillation : null;
}
