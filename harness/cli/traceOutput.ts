// A run written where a user can look at it: the trace file (JSON, what `replay` re-runs), its HTML
// page, and the command that replays it on that page. check, explore, sweep, run, replay and conform
// write these one way, here.
import { tracePage } from '../../reports/html/tracePage.js';
import type { PropertyName } from '../engine/model.js';
import type { RunResult } from '../engine/simulator.js';
import type { Target } from '../engine/target.js';
import { serializeTrace, type RecordedViolation, type TraceFile } from '../engine/traceFile.js';
import type { FaultStep } from '../engine/faults/index.js';
import { safeStem, writeFileAtomic, WriteFailedError } from '../runners/files.js';
import { makeTraceFile, replayCommand } from '../runners/replay.js';
import { stoppedTraceFile } from '../runners/stoppedRun.js';

/**
 * How a target's files are named: `model.preset` (a topology file: `model.its name`), then the
 * settings given on top (`--set`), if any: `xenserver-ha.two-host.timeoutMs=30s`; made safe, so it
 * stays in its folder. Two runs of one design at different settings never share a trace file.
 */
export function fileStem(target: Target): string {
  const design = `${target.model.name}.${safeStem(target.preset?.name ?? target.topology.name)}`;
  const given = Object.entries(target.given ?? {}).filter(([, v]) => v !== undefined);
  return given.length === 0 ? design : `${design}.${safeStem(given.map(([k, v]) => `${k}=${String(v)}`).join(','))}`;
}

/**
 * `{ oscillation }`: what spof and sweep print with --json when a run never settles (and what the
 * library API returns then): the design, the schedule, where it stopped and how to see it.
 */
export interface StoppedJson {
  readonly oscillation: {
    readonly model: string;
    readonly preset: string | null;
    /** spof: the topology file's design name (null for a preset). */
    readonly topology?: string | null;
    /** sweep: the setting, and the schedule's index, at which it stopped. */
    readonly setting?: Readonly<Record<string, unknown>>;
    readonly scheduleIndex?: number;
    readonly schedule: readonly FaultStep[];
    readonly at: number;
    readonly events: number;
    readonly explanation: string;
    /** The `npx hafault run …` command that shows the run. */
    readonly reproduce: string;
    readonly traceFile: string | null;
  };
}

/** A trace file of one run of `schedule` on a target (a preset or a topology file). */
export function targetTraceFile(
  target: Target,
  run: RunResult,
  schedule: readonly FaultStep[],
  properties: readonly PropertyName[],
  search: TraceFile['search'] = null,
): TraceFile {
  const preset = target.preset?.name ?? null;
  return makeTraceFile({
    model: target.model,
    preset,
    topology: target.topology,
    config: target.config,
    search,
    properties,
    schedule,
    run,
  });
}

/** Writes a trace file (its folder made first), whole or not at all. */
export function writeTrace(path: string, file: TraceFile): void {
  writeFileAtomic(path, serializeTrace(file));
}

export interface PageOptions {
  /** The violations shown (default: the file's recorded ones). */
  readonly violations?: readonly RecordedViolation[];
  /** The trace file on disk: the page shows the command that replays it. */
  readonly tracePath?: string;
  /** A replay: whether it reproduced the recording. */
  readonly reproduced?: boolean;
  /** A replay: what a mismatch is blamed on, and what is said even when it reproduces (runners/replay.ts). */
  readonly because?: string;
  readonly notes?: readonly string[];
  /** What tells this page from its siblings (a `run` page: its settings). */
  readonly setting?: string;
}

/** Writes the HTML page of a run (its folder made first), whole or not at all. */
export function writeTracePage(path: string, file: TraceFile, run: RunResult, options: PageOptions = {}): void {
  const replay = options.tracePath === undefined ? undefined : replayCommand(options.tracePath);
  const violations = options.violations ?? file.violations;
  writeFileAtomic(
    path,
    tracePage({
      file,
      entries: run.entries,
      violations,
      hosts: run.meta.hosts,
      endMs: run.meta.endMs,
      replay,
      reproduced: options.reproduced,
      because: options.because,
      notes: options.notes,
      setting: options.setting,
    }),
  );
}

/** The trace file at `tracePath` and its page at `pagePath`, the page naming the replay command. */
export function writeTraceAndPage(tracePath: string, pagePath: string, file: TraceFile, run: RunResult): void {
  writeTrace(tracePath, file);
  writeTracePage(pagePath, file, run, { tracePath });
}

/** Where a run that never settles leaves its trace when the command was given no --out (check's default). */
export const DEFAULT_OUT = 'hafault-out';

/** A trace file written, or why not (a plain run of the schedule settles; the disk refused). */
export type Written = { readonly path: string } | { readonly problem: string };

/**
 * Re-runs a schedule whose run never settles and writes its trace file (up to the stop, recording
 * where; `replay` reproduces it) and, with `pagePath`, its page. A failure to write is reported,
 * not thrown: the finding stands without its file.
 */
export function writeStoppedTrace(
  tracePath: string,
  target: Target,
  schedule: readonly FaultStep[],
  properties: readonly PropertyName[],
  options: { readonly search?: TraceFile['search']; readonly pagePath?: string; readonly reachMs?: number } = {},
): Written {
  const stopped = stoppedTraceFile(target, schedule, properties, options.search ?? null, options.reachMs);
  if (stopped === null) return { problem: 'a plain run of this schedule settles, so it has no trace file' };
  try {
    writeTrace(tracePath, stopped.file);
    if (options.pagePath !== undefined) writeTracePage(options.pagePath, stopped.file, stopped.run, { tracePath });
  } catch (error) {
    if (error instanceof WriteFailedError)
      return { problem: `its trace file could not be written to ${tracePath} (${error.failure})` };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return { problem: `its trace file could not be written to ${tracePath} (${code})` };
  }
  return { path: tracePath };
}

/** The line under a finding: where its trace file is and how to replay it, or why there is none. */
export function writtenLine(w: Written): string {
  return 'path' in w ? `trace ${w.path}; replay: ${replayCommand(w.path)}` : `(no trace file: ${w.problem})`;
}

export const writtenPath = (w: Written | undefined): string | undefined => (w && 'path' in w ? w.path : undefined);
