// `check`'s results as a gate report (reports/gate.ts): a suite per model/preset, a test case per
// property, each finding with the same sentences the terminal prints and the command that shows it.
import type { GateCase, GateReport } from '../../reports/gate.js';
import { findProperty } from '../../properties/index.js';
import { dualActiveOverlaps } from '../../properties/dualActiveOverlaps.js';
import { exactSeconds } from '../../reports/sideBySide.js';
import { FAULTS, type FaultStep } from '../engine/faults/index.js';
import { describeOscillation } from '../engine/oscillation.js';
import { targetLabel, type Target } from '../engine/target.js';
import { replayCommand } from '../runners/replay.js';
import type { PropertyResult } from '../runners/search.js';
import { reproduceCommand } from './reproduce.js';
import { writtenLine, type Written } from './traceOutput.js';

/** One target's search: its results, each violation's trace file, each never-settling run's trace. */
export interface CheckRow {
  readonly target: Target;
  readonly results: PropertyResult[];
  readonly traceFiles: Map<string, string>;
  /** Per property whose run never settles: its trace file, or why there is none. */
  readonly stopped: Map<string, Written>;
}

/** `at 10 s: storage node sanA is hard power-cycled`, as the terminal says it. */
export const scheduleSentences = (schedule: readonly FaultStep[]): string[] =>
  schedule.map((s) => `at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`);

function statementOf(target: Target, property: string): string[] {
  const p = findProperty(property, target.model);
  return p ? [`property ${property}: ${p.statement}`] : [];
}

function violationCase(row: CheckRow, x: PropertyResult): GateCase {
  const ce = x.counterexample!;
  const file = row.traceFiles.get(x.property)!;
  const overlaps =
    x.property === 'noDualActive'
      ? dualActiveOverlaps(ce.run).map(
          (o) =>
            `overlap: ${o.service} on ${o.hosts.join(' and ')} from ${exactSeconds(o.fromMs)} for ${exactSeconds(o.lengthMs)}${o.open ? ' (still at the end of the run)' : ''}`,
        )
      : [];
  return {
    name: x.property,
    outcome: 'failed',
    message: `${x.property} violated: ${ce.verdict.explanation}`,
    details: [
      ...scheduleSentences(ce.schedule),
      `⇒ ${ce.verdict.explanation}`,
      ...overlaps,
      ...statementOf(row.target, x.property),
      `seed ${ce.seed}, path "${ce.path}", ${ce.shrinks} shrink steps; trace ${file}`,
    ],
    command: replayCommand(file),
  };
}

function oscillationCase(row: CheckRow, x: PropertyResult): GateCase {
  const o = x.oscillation!;
  const written = row.stopped.get(x.property);
  return {
    name: x.property,
    outcome: 'error',
    message: `${x.property} cannot be judged: ${describeOscillation(o)} (a model that oscillates)`,
    details: [
      `${describeOscillation(o)} (a model that oscillates), on this schedule:`,
      ...scheduleSentences(o.schedule),
      `seed ${o.seed}, path "${o.path}", ${o.shrinks} shrink steps`,
      ...(written ? [writtenLine(written)] : []),
    ],
    command: reproduceCommand(row.target, o.schedule),
  };
}

function resultCase(row: CheckRow, x: PropertyResult): GateCase {
  if (x.oscillation) return oscillationCase(row, x);
  if (x.counterexample) return violationCase(row, x);
  if (x.status === 'unknown') return { name: x.property, outcome: 'skipped', message: `unknown: ${x.unknown}` };
  return { name: x.property, outcome: 'passed' };
}

export function checkGate(
  rows: readonly CheckRow[],
  search: string,
  exitCode: number,
  topologyFile: string | undefined,
): GateReport {
  return {
    command: 'hafault check',
    search,
    exitCode,
    caseUnit: 'model/preset × property',
    ...(topologyFile === undefined ? {} : { topologyFile }),
    suites: rows.map((r) => ({ name: targetLabel(r.target), cases: r.results.map((x) => resultCase(r, x)) })),
  };
}
