// Runs a plan on a target: faults at their instants, and `wait until healthy` as a real wait in
// simulated time, so the next relative step starts when the world is back to normal.
import { oscillationOf, type Oscillation } from '../../engine/oscillation.js';
import { Simulation, type RunResult } from '../../engine/simulator.js';
import type { Target } from '../../engine/target.js';
import type { Plan } from './types.js';
import { stoppedRun } from '../stoppedRun.js';

export interface WaitOutcome {
  readonly line: number;
  readonly startedAt: number;
  /** When every host, node and service was back; null when the wait timed out. */
  readonly endedAt: number | null;
  /** What was still not healthy when it timed out. */
  readonly pending: readonly string[];
}

export interface PlanRun {
  /** The run; when it never settled, up to the instant it was stopped. */
  readonly run: RunResult;
  readonly waits: readonly WaitOutcome[];
  /** When each fault step happened. */
  readonly stepTimes: readonly { readonly line: number; readonly at: number }[];
  /** The run never settled: where it was stopped (no property is judged on it). */
  readonly oscillation?: Oscillation;
}

export function executePlan(t: Target, plan: Plan): PlanRun {
  const sim = new Simulation(t.model, t.compiled, t.config);
  sim.begin('full');
  const waits: WaitOutcome[] = [];
  const stepTimes: { line: number; at: number }[] = [];
  try {
    const endMs = walk(sim, plan, waits, stepTimes);
    return { run: sim.result(endMs), waits, stepTimes };
  } catch (error) {
    const oscillation = oscillationOf(error);
    if (oscillation === null) throw error;
    return { run: stoppedRun(sim, oscillation), waits, stepTimes, oscillation };
  }
}

/** Runs the steps; returns the end of the run. */
function walk(sim: Simulation, plan: Plan, waits: WaitOutcome[], stepTimes: { line: number; at: number }[]): number {
  let cursor = 0;
  for (const step of plan.steps) {
    if (step.kind === 'fault') {
      const at = 'atMs' in step.time ? Math.max(step.time.atMs, cursor) : cursor + step.time.afterMs;
      sim.inject({ at, fault: step.fault, target: step.target });
      stepTimes.push({ line: step.line, at });
      cursor = at;
      continue;
    }
    sim.advance(cursor);
    const endedAt = sim.advance(cursor + step.withinMs, () => sim.unhealthy().length === 0);
    waits.push({ line: step.line, startedAt: cursor, endedAt, pending: endedAt === null ? sim.unhealthy() : [] });
    cursor = endedAt ?? cursor + step.withinMs;
  }
  const endMs = cursor + sim.tailMs;
  sim.advance(endMs);
  return endMs;
}
