// `spof`'s results as a gate report (reports/gate.ts): a suite per model/preset, a test case per
// component × property judged ("switch sw1: noUnnecessaryFence"), failed when that component failing
// alone breaks that property, with the sentence the report prints and the `run` command that shows it.
// A run that never settles stops spof: its target is one case in error.
import type { GateCase, GateReport, GateSuite } from '../../reports/gate.js';
import { findingTitle, findingStory } from '../../reports/spof.js';
import { describeOscillation, type ScheduleOscillationError } from '../engine/oscillation.js';
import { targetLabel, type Target } from '../engine/target.js';
import { failureSentence, type SpofEntry, type SpofReport } from '../runners/spof.js';
import { reproduceCommand } from './reproduce.js';
import { writtenLine, type Written } from './traceOutput.js';
import { formatMs } from '../engine/time.js';

function entryCases(target: Target, e: SpofEntry, properties: readonly string[]): GateCase[] {
  return properties.map((property): GateCase => {
    const name = `${e.kind} ${e.component}: ${property}`;
    const f = e.findings.find((x) => x.property === property);
    if (!f) return { name, outcome: 'passed' };
    return {
      name,
      outcome: 'failed',
      message: `${e.kind} ${e.component} failing alone breaks ${property}: ${f.explanation}`,
      details: [`${findingTitle(f)}: ${findingStory(e.component, f)}`],
      command: reproduceCommand(target, [{ at: f.at, fault: f.fault, target: e.component }]),
    };
  });
}

export function spofSuite(target: Target, report: SpofReport): GateSuite {
  return { name: targetLabel(target), cases: report.entries.flatMap((e) => entryCases(target, e, report.properties)) };
}

/** The target whose run never settled: no component of it is judged. */
export function stoppedSpofSuite(target: Target, error: ScheduleOscillationError, written: Written): GateSuite {
  return {
    name: targetLabel(target),
    cases: [
      {
        name: 'single points of failure',
        outcome: 'error',
        message: `no single point of failure can be judged: ${describeOscillation(error.oscillation)} (a model that oscillates)`,
        details: [
          `${describeOscillation(error.oscillation)} (a model that oscillates), on this failure:`,
          ...error.schedule.map((s) => `at ${formatMs(s.at)}: ${failureSentence(s.fault, s.target)}`),
          writtenLine(written),
        ],
        command: reproduceCommand(target, error.schedule),
      },
    ],
  };
}

export function spofGate(suites: readonly GateSuite[], exitCode: number, topologyFile: string | undefined): GateReport {
  return {
    command: 'hafault spof',
    search: 'every component failing alone, at every heartbeat phase that matters',
    exitCode,
    caseUnit: 'component × property',
    ...(topologyFile === undefined ? {} : { topologyFile }),
    suites,
  };
}
