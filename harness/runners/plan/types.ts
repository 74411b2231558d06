// A written test plan: the steps an engineer would take by hand (pull this cord, wait until the pool
// is healthy, pull the next one), as data.
import type { FaultName } from '../../engine/faults/index.js';

/** When a fault step happens: at an absolute instant, or an offset after the previous step ended. */
export type PlanTime = { readonly atMs: number } | { readonly afterMs: number };

/** A 1-based line and column in the plan's text (for `--step`, the flag's number). */
export interface PlanPlace {
  readonly line: number;
  readonly col: number;
}

export type PlanStep =
  | (PlanPlace & {
      readonly kind: 'fault';
      readonly text: string;
      readonly time: PlanTime;
      /** Where its time is written (`at 10s`, `+30s`; a JSON/YAML step's `at` or `after`), else the step. */
      readonly timeAt: PlanPlace;
      readonly fault: FaultName;
      readonly target: string;
      readonly targetAt: PlanPlace;
    })
  | (PlanPlace & { readonly kind: 'wait'; readonly text: string; readonly withinMs: number });

export interface Plan {
  readonly source: string;
  readonly steps: readonly PlanStep[];
}

/** The source of a plan given as `--step` flags (its lines are the flags, 1-based). */
export const STEP_SOURCE = '--step';

/** One problem with a plan: its file, line and column (null: the whole file's), what was expected. */
export interface PlanProblem {
  readonly file: string;
  readonly line: number | null;
  readonly col: number | null;
  readonly message: string;
}

/** `file:line:col: message`, the line every input file's problems are printed as (`file: message` without a place). */
export function planLine(p: PlanProblem): string {
  return `${p.file}${p.line === null ? '' : `:${p.line}:${p.col ?? 1}`}: ${p.message}`;
}

export class PlanError extends Error {
  constructor(readonly problems: readonly PlanProblem[]) {
    super(problems.map(planLine).join('\n'));
  }
}

/** How long `wait until healthy` waits when the plan does not say. */
export const DEFAULT_WAIT_MS = 30 * 60_000;
