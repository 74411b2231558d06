// `explore`'s results as a gate report (reports/gate.ts): a suite per model/preset, a test case per
// property. A property passes only when every schedule up to the depth was explored; one the search
// did not finish is skipped (stopped at a violation without --keep-going, or at --max-states), and a
// run that never settles leaves every property it did not already violate in error.
import type { GateCase, GateReport } from '../../reports/gate.js';
import { findProperty } from '../../properties/index.js';
import { FAULTS } from '../engine/faults/index.js';
import type { PropertyName } from '../engine/model.js';
import { describeOscillation } from '../engine/oscillation.js';
import { targetLabel, type Target } from '../engine/target.js';
import { formatMs } from '../engine/time.js';
import type { ExploreResult, ExploreViolation } from '../runners/explore/explore.js';
import { replayCommand } from '../runners/replay.js';
import { reproduceCommand } from './reproduce.js';
import { writtenLine, type Written } from './traceOutput.js';

export interface ExploreOutcome {
  readonly target: Target;
  readonly properties: readonly PropertyName[];
  readonly result: ExploreResult;
  readonly traceFiles: Map<string, string>;
  /** The run that never settled: its trace file, or why there is none. */
  readonly stopped?: Written;
}

function violationCase(o: ExploreOutcome, v: ExploreViolation): GateCase {
  const file = o.traceFiles.get(v.property);
  const statement = findProperty(v.property, o.target.model)?.statement;
  return {
    name: v.property,
    outcome: 'failed',
    message: `${v.property} violated: ${v.explanation}`,
    details: [
      ...v.schedule.map((f) => `at ${formatMs(f.at)}: ${FAULTS[f.fault].sentence(f.target)}`),
      `⇒ ${v.explanation}`,
      ...(statement ? [`property ${v.property}: ${statement}`] : []),
      `no schedule of fewer faults${o.result.shard ? ' in this shard' : ''} violates it${file ? `; trace ${file}` : ''}`,
    ],
    command: file ? replayCommand(file) : reproduceCommand(o.target, v.schedule),
  };
}

/** Why a property that was not violated has no verdict, or null when every schedule was explored. */
function unfinished(o: ExploreOutcome): GateCase['outcome'] | null {
  if (o.result.oscillation) return 'error';
  return o.result.complete ? null : 'skipped';
}

function unfinishedCase(o: ExploreOutcome, property: PropertyName): GateCase {
  const r = o.result;
  if (r.oscillation)
    return {
      name: property,
      outcome: 'error',
      message: `${property} cannot be judged: ${describeOscillation(r.oscillation)} (a model that oscillates)`,
      details: [
        `${describeOscillation(r.oscillation)} (a model that oscillates), on this schedule:`,
        ...r.oscillation.schedule.map((f) => `at ${formatMs(f.at)}: ${FAULTS[f.fault].sentence(f.target)}`),
        ...(o.stopped ? [writtenLine(o.stopped)] : []),
      ],
      command: reproduceCommand(o.target, r.oscillation.schedule),
    };
  const message = r.truncated
    ? `not judged to the end: the search stopped at --max-states ${r.truncated.maxStates}`
    : 'not judged to the end: the search stops at the first violation (--keep-going judges every property)';
  return { name: property, outcome: 'skipped', message };
}

export function exploreGate(
  outcomes: readonly ExploreOutcome[],
  search: string,
  exitCode: number,
  topologyFile: string | undefined,
): GateReport {
  return {
    command: 'hafault explore',
    search,
    exitCode,
    caseUnit: 'model/preset × property',
    ...(topologyFile === undefined ? {} : { topologyFile }),
    suites: outcomes.map((o) => ({
      name: targetLabel(o.target),
      cases: o.properties.map((property): GateCase => {
        const v = o.result.violations.find((x) => x.property === property);
        if (v) return violationCase(o, v);
        return unfinished(o) === null ? { name: property, outcome: 'passed' } : unfinishedCase(o, property);
      }),
    })),
  };
}
