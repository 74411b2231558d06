// `replay` of a trace whose run never settles (written by check, explore, sweep, spof or run for such
// a run, or any trace whose run now never settles): where it stops, whether that is where the file
// says it stopped, the timeline up to there. Exit 5 either way, as every command's run that never
// settles; the text and `reproduced` in --json say whether it matches the recording.
import { describeOscillation, type Oscillation } from '../engine/oscillation.js';
import { formatMs } from '../engine/time.js';
import { printable } from '../engine/printable.js';
import type { TraceFile } from '../engine/traceFile.js';
import { scheduleLines } from './replayStory.js';
import { recordedStop, replayStopped, type StoppedReplay } from '../runners/stoppedRun.js';
import { renderTimeline } from '../../reports/timeline.js';
import { EXIT_OSCILLATION } from './common.js';
import { writeTracePage } from './traceOutput.js';

/** replay's flags (replay.ts's ReplayFlags; not imported, which would be a cycle). */
interface ReplayFlags {
  readonly timeline?: boolean;
  readonly json?: boolean;
  readonly html?: string;
}

const where = (o: Oscillation) => `t = ${formatMs(o.atMs)} after ${o.events} events`;

/** Why a replay that stopped is not the recording: no stop recorded, or a different one. */
function verdict(file: TraceFile, path: string, again: StoppedReplay): string {
  if (again.reproduced)
    return 'reproduced: it stops at the same instant, after the same events, with the same timeline';
  const recorded = recordedStop(file, path);
  if (recorded === null) return 'NOT reproduced: the file records a run that settles';
  const same = recorded.atMs === again.oscillation.atMs && recorded.events === again.oscillation.events;
  return same
    ? 'NOT reproduced: it stops where the file says, but the timeline up to there differs'
    : `NOT reproduced: the file records a stop at ${where(recorded)}; this run stopped at ${where(again.oscillation)}`;
}

/** Reports a replay whose run never settled; returns exit 5. */
export function reportStoppedReplay(
  path: string,
  file: TraceFile,
  flags: ReplayFlags,
  write: (s: string) => void,
  colour: boolean,
): number {
  const again = replayStopped(file, path);
  if (again === null)
    throw new Error(`${path}: the replay never settled, then settled: the simulator is not deterministic`);
  const explanation = `${file.model.name}: ${describeOscillation(again.oscillation)}`;
  if (flags.html !== undefined)
    writeTracePage(flags.html, { ...file, oscillation: again.oscillation }, again.run, {
      violations: [],
      tracePath: path,
      reproduced: again.reproduced,
    });
  if (flags.json) {
    const { atMs: at, events } = again.oscillation;
    const recorded = recordedStop(file, path);
    const body = {
      file: path,
      model: file.model.name,
      preset: file.preset,
      schedule: file.schedule,
      oscillation: { at, events, explanation },
      recorded: { oscillation: recorded === null ? null : { at: recorded.atMs, events: recorded.events } },
      reproduced: again.reproduced,
    };
    write(JSON.stringify(body, null, 2) + '\n');
    return EXIT_OSCILLATION;
  }
  const out = [`${path}: ${printable(file.model.name)}${file.preset ? `/${printable(file.preset)}` : ''}`, ''];
  out.push(...scheduleLines(file), '');
  out.push(`⟳ ${explanation} (a model that oscillates); no property is judged`, '', verdict(file, path, again));
  if (flags.timeline) out.push('', 'timeline:', renderTimeline(again.run.entries, [], colour));
  if (flags.html !== undefined) out.push('', `trace report: ${flags.html}`);
  write(out.join('\n') + '\n');
  return EXIT_OSCILLATION;
}
