// `hafault replay FILE`: re-runs a trace file and says whether it reproduced, byte for byte.
import { InputFileError } from '../engine/inputText.js';
import { readInputFile } from '../runners/inputFile.js';
import { replayTrace, type ReplayOutcome } from '../runners/replay.js';
import { recordedStop } from '../runners/stoppedRun.js';
import { oscillationOf } from '../engine/oscillation.js';
import { parseTraceFile, TraceFileError, type TraceFile } from '../engine/traceFile.js';
import { scheduleLines } from './replayStory.js';
import { printable, printableJson } from '../engine/printable.js';
import { renderTimeline } from '../../reports/timeline.js';
import { renderAvailability } from '../../reports/availability.js';
import { availability } from '../../properties/availability.js';
import { renderConformance } from '../../reports/conformance.js';
import { EXIT_HOLDS, EXIT_NOT_REPRODUCED, EXIT_VIOLATION, pickModel } from './common.js';
import { checkOutputs } from './outputs.js';
import { reportStoppedReplay } from './replayStopped.js';
import { writeTracePage } from './traceOutput.js';

export interface ReplayFlags {
  readonly timeline?: boolean;
  readonly json?: boolean;
  /** Write the trace report (a self-contained HTML page) to this file. */
  readonly html?: string;
  /** The trace's model when it is not built in (already a name: program.ts loads a `--model FILE`). */
  readonly model?: string;
}

/** The trace file at `path`, read (bad input when it cannot be). */
function readTraceText(path: string): string {
  try {
    return readInputFile(path, 'json');
  } catch (error) {
    if (error instanceof InputFileError) throw new TraceFileError(error.lines);
    throw error;
  }
}

export function runReplay(path: string, flags: ReplayFlags, write: (s: string) => void, colour = false): number {
  checkOutputs([{ flag: '--html', path: flags.html, kind: 'file' }], [{ flag: 'the trace file', path }]);
  const text = readTraceText(path);
  try {
    return replayFile(path, parseTraceFile(text, path), flags, write, colour);
  } catch (error) {
    // Every problem with what the file says, at its line and column in the file.
    if (error instanceof TraceFileError) throw error.placed(text);
    throw error;
  }
}

function replayFile(
  path: string,
  file: TraceFile,
  flags: ReplayFlags,
  write: (s: string) => void,
  colour: boolean,
): number {
  recordedStop(file, path);
  let outcome: ReplayOutcome;
  try {
    outcome = replayTrace(file, flags.model === undefined ? undefined : pickModel(flags.model), path);
  } catch (error) {
    if (oscillationOf(error) === null) throw error;
    return reportStoppedReplay(path, file, flags, write, colour);
  }
  const reproduced = outcome.sameViolations && outcome.sameTimeline;
  const { provenance } = outcome;
  const metrics = availability(outcome.run);
  if (flags.html !== undefined)
    writeTracePage(flags.html, file, outcome.run, {
      violations: outcome.violations,
      tracePath: path,
      reproduced,
      because: provenance.because,
      notes: provenance.notes,
    });
  if (flags.json) {
    write(
      printableJson(
        JSON.stringify(
          {
            file: path,
            model: file.model.name,
            preset: file.preset,
            schedule: file.schedule,
            violations: outcome.violations,
            recorded: file.violations,
            reproduced,
            seal: provenance.seal,
            because: reproduced ? null : provenance.because,
            notes: provenance.notes,
            availability: metrics,
            ...(file.conformance ? { conformance: file.conformance } : {}),
          },
          null,
          2,
        ),
      ) + '\n',
    );
  } else {
    const out = [`${path}: ${printable(file.model.name)}${file.preset ? `/${printable(file.preset)}` : ''}`, ''];
    out.push(...scheduleLines(file), '');
    if (outcome.violations.length === 0) out.push('all properties hold on replay');
    for (const v of outcome.violations) out.push(`✗ ${v.property} at ${v.at / 1000} s: ${v.explanation}`);
    out.push(
      '',
      reproduced
        ? 'reproduced: the same violations and the same timeline, byte for byte'
        : `NOT reproduced: ${outcome.sameViolations ? 'same violations' : 'different violations'}, ${outcome.sameTimeline ? 'same timeline' : 'different timeline'} (${provenance.because})`,
    );
    if (reproduced) out.push(...provenance.notes.map((n) => `note: ${n}`));
    out.push('', 'availability:', ...renderAvailability(metrics));
    if (flags.timeline) out.push('', 'timeline:', renderTimeline(outcome.run.entries, outcome.violations, colour));
    if (flags.html !== undefined) out.push('', `trace report: ${flags.html}`);
    if (file.conformance) out.push('', renderConformance(file));
    write(out.join('\n') + '\n');
  }
  if (!reproduced) return EXIT_NOT_REPRODUCED;
  return outcome.violations.length > 0 ? EXIT_VIOLATION : EXIT_HOLDS;
}
