// `assertDesign`, in the spirit of fast-check's `fc.assert`: it runs `check` on a design and throws
// when any property is violated (or cannot be judged), with a message an engineer can act on: the
// shrunk schedule as sentences, the property's statement and what went wrong, the seed and path that
// find it again, the trace file and the command that replays it. Test suites use it as a gate.
import { FAULTS } from '../engine/faults/index.js';
import { findModel } from '../../models/registry.js';
import { findProperty } from '../../properties/index.js';
import type { Answer } from './cliCall.js';
import { check, type CheckOptions } from './commands.js';
import type { CheckFinding, CheckResult } from './results.js';

/** Thrown by assertDesign: `findings` are the properties that did not hold, as `check --json` gives them. */
export class DesignViolationError extends Error {
  readonly result: CheckResult;
  readonly findings: readonly CheckFinding[];
  constructor(message: string, result: CheckResult, findings: readonly CheckFinding[]) {
    super(message);
    this.name = 'DesignViolationError';
    this.result = result;
    this.findings = findings;
  }
}

/**
 * Searches `runs` fault schedules per property (default: HAFAULT_RUNS, else 200) from `seed`
 * (default: HAFAULT_SEED, else 1) and resolves when every property holds; otherwise throws a
 * DesignViolationError. Bad input throws HafaultInputError.
 */
export async function assertDesign(options: CheckOptions): Promise<CheckResult> {
  const given = {
    ...options,
    runs: options.runs ?? envNumber('HAFAULT_RUNS'),
    seed: options.seed ?? envNumber('HAFAULT_SEED'),
  };
  const answer = await check(given);
  const findings = answer.result.results.filter((r) => r.status !== 'holds');
  if (findings.length === 0) return answer.result;
  throw new DesignViolationError(violationMessage(answer, given), answer.result, findings);
}

/** `check`'s defaults (its --help shows them; a test compares). */
export const CHECK_DEFAULTS = { runs: 200, seed: 1, maxFaults: 1 } as const;

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  return text === undefined || text === '' ? undefined : Number(text);
}

/** The error's message: a headline, then each finding as `check` prints it, with its replay command. */
function violationMessage(answer: Answer<CheckResult>, options: CheckOptions): string {
  const findings = answer.result.results.filter((r) => r.status !== 'holds');
  const runs = options.runs ?? CHECK_DEFAULTS.runs;
  const seed = options.seed ?? CHECK_DEFAULTS.seed;
  const maxFaults = options.maxFaults ?? CHECK_DEFAULTS.maxFaults;
  const head = `hafault: ${findings.length} propert${findings.length === 1 ? 'y does' : 'ies do'} not hold (seed ${seed}, ${runs} runs per property, up to ${maxFaults} fault${maxFaults === 1 ? '' : 's'} per schedule)`;
  return [head, ...findings.flatMap(findingLines)].join('\n');
}

function findingLines(f: CheckFinding): string[] {
  const where = `${f.model}/${f.preset ?? f.topology}`;
  const statement = findProperty(f.property, findModel(f.model))?.statement;
  const title = `${where}: ${f.property}${statement === undefined ? '' : ` (${statement})`}`;
  const sentences = (schedule: readonly { at: number; fault: keyof typeof FAULTS; target: string }[]) =>
    schedule.map((s) => `    at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`);
  if (f.counterexample) {
    const ce = f.counterexample;
    return [
      '',
      `✗ ${title} is violated:`,
      ...sentences(ce.schedule),
      `    ⇒ ${ce.explanation}`,
      `    seed ${ce.seed}, path "${ce.path}"`,
      ...(ce.traceFile === undefined
        ? []
        : [`    trace ${ce.traceFile}`, `    replay: npx hafault replay ${ce.traceFile} --timeline`]),
    ];
  }
  if (f.oscillation) {
    const o = f.oscillation;
    return [
      '',
      `⟳ ${title} cannot be judged: ${o.explanation} (a model that oscillates)`,
      ...sentences(o.schedule),
      `    seed ${o.seed}, path "${o.path}"`,
      ...(o.traceFile === undefined ? [] : [`    trace ${o.traceFile}`]),
      `    see it: ${o.reproduce}`,
    ];
  }
  return ['', `? ${title} is unknown: ${f.unknown ?? 'no verdict'}`];
}
