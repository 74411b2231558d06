// A written test plan: the steps an engineer would take by hand (pull this cord, wait until the pool
// is healthy, pull the next one), as data.
import type { FaultName } from '../../engine/faults/index.js';

/** When a fault step happens: at an absolute instant, or an offset after the previous step ended. */
export type PlanTime = { readonly atMs: number } | { readonly afterMs: number };

export type PlanStep =
  | {
      readonly kind: 'fault';
      readonly line: number;
      readonly text: string;
      readonly time: PlanTime;
      readonly fault: FaultName;
      readonly target: string;
    }
  | { readonly kind: 'wait'; readonly line: number; readonly text: string; readonly withinMs: number };

export interface Plan {
  readonly source: string;
  readonly steps: readonly PlanStep[];
}

/** One problem with a plan: where (line, or a field path for JSON/YAML), the step, what was expected. */
export interface PlanProblem {
  readonly line: number | null;
  readonly where: string;
  readonly message: string;
}

export class PlanError extends Error {
  constructor(readonly problems: readonly PlanProblem[]) {
    super(problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  }
}

/** How long `wait until healthy` waits when the plan does not say. */
export const DEFAULT_WAIT_MS = 30 * 60_000;
