// What a gate command (check, explore, spof) found, in the one shape its CI outputs share: suites
// (a model/preset) of test cases (a property, or a component × property), each passed, failed (a
// violation), in error (a run that never settles, so no verdict) or skipped (not judged). The JUnit
// file, the job summary and the GitHub annotations are each rendered from it, so they agree.

export type GateOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface GateCase {
  /** The property, or `component: property` (spof). */
  readonly name: string;
  readonly outcome: GateOutcome;
  /** One line: what broke, or why there is no verdict. Absent when passed. */
  readonly message?: string;
  /**
   * The finding as the terminal says it: the schedule's sentences, the explanation (for a run that
   * never settles, first why there is no verdict), seed and path, the trace file. The same for every
   * property a run leaves without a verdict, so the annotations say it once.
   */
  readonly details?: readonly string[];
  /** The command that shows it: `replay … --timeline` for a violation, `run …` for a run that never settles. */
  readonly command?: string;
}

export interface GateSuite {
  /** `model/preset` (a topology file: `model/its name`). */
  readonly name: string;
  readonly cases: readonly GateCase[];
}

export interface GateReport {
  /** `hafault check`, `hafault explore`, `hafault spof`. */
  readonly command: string;
  /** What was searched, e.g. `seed 1, 200 runs per property, up to 1 fault per schedule`. */
  readonly search: string;
  readonly suites: readonly GateSuite[];
  /** What one case is, for the headline: `model/preset × property`, `component × property`. */
  readonly caseUnit: string;
  /** The command's exit code, which the summary's headline explains. */
  readonly exitCode: number;
  /** The topology file given with --topology (annotations point at it). */
  readonly topologyFile?: string;
}

export interface GateCounts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

export function gateCounts(cases: readonly GateCase[]): GateCounts {
  const n = (o: GateOutcome) => cases.filter((c) => c.outcome === o).length;
  return { tests: cases.length, failures: n('failed'), errors: n('error'), skipped: n('skipped') };
}

export const allCases = (report: GateReport): GateCase[] => report.suites.flatMap((s) => s.cases);
