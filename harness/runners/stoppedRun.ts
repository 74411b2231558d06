// A run that never settles, kept as evidence: the run up to the instant it was stopped (its start
// and the first entries of the loop, not the 100 000 repeats), written as a trace file that records
// where it stopped, and replayed to see whether it stops at the same instant after the same events
// with the same timeline. Every command that meets such a run writes this file, so `replay` shows it.
import type { FaultStep } from '../engine/faults/index.js';
import type { Model, PropertyName } from '../engine/model.js';
import { oscillationOf, type Oscillation } from '../engine/oscillation.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import type { Target } from '../engine/target.js';
import { TraceFileError, type TraceFile } from '../engine/traceFile.js';
import { findCatalogued } from './userModels/catalogue.js';
import { compileTopology } from '../engine/compile.js';
import { resolveConfig } from '../engine/config.js';
import { makeTraceFile } from './replay.js';

/** Trace entries kept from the instant a run was stopped at: the start of the loop, not all of it. */
export const KEPT_AT_STOP = 50;

/** The run a simulation stopped at `oscillation`: everything before that instant, and the loop's first entries. */
export function stoppedRun(sim: Simulation, oscillation: Oscillation): RunResult {
  const run = sim.result(oscillation.atMs);
  const before = run.entries.filter((e) => e.at < oscillation.atMs);
  const entries = [...before, ...run.entries.slice(before.length, before.length + KEPT_AT_STOP)];
  return { ...run, entries };
}

export interface Stopped {
  readonly run: RunResult;
  readonly oscillation: Oscillation;
  /** The end the run was meant to have (what a replay runs to). */
  readonly horizonMs: number;
}

/** A full run of `schedule` to `horizonMs` (default: as `Simulation.run`'s) that never settles, up to its stop; null when it settles. */
export function runToStop(sim: Simulation, schedule: readonly FaultStep[], horizonMs?: number): Stopped | null {
  const horizon = horizonMs ?? Math.max(0, ...schedule.map((s) => s.at)) + sim.tailMs;
  try {
    sim.run(schedule, { level: 'full', horizonMs: horizon });
    return null;
  } catch (error) {
    const oscillation = oscillationOf(error);
    if (oscillation === null) throw error;
    return { run: stoppedRun(sim, oscillation), oscillation, horizonMs: horizon };
  }
}

/**
 * The trace file of a schedule whose run never settles on a target (no property judged, the stop
 * recorded); null when a plain run of it settles (explore's step-by-step runs can differ in that).
 * `reachMs`: run at least that far (a plan's waits can outlast the usual end of a run).
 */
export function stoppedTraceFile(
  target: Target,
  schedule: readonly FaultStep[],
  properties: readonly PropertyName[],
  search: TraceFile['search'] = null,
  reachMs = 0,
): { file: TraceFile; run: RunResult } | null {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const horizon = Math.max(reachMs, Math.max(0, ...schedule.map((s) => s.at)) + sim.tailMs);
  const stopped = runToStop(sim, schedule, horizon);
  if (stopped === null) return null;
  const file = makeTraceFile({
    model: target.model,
    preset: target.preset?.name ?? null,
    topology: target.topology,
    config: target.config,
    search,
    properties,
    schedule,
    run: stopped.run,
    stopped: { oscillation: stopped.oscillation, horizonMs: stopped.horizonMs },
  });
  return { file, run: stopped.run };
}

/** The stop a trace file records, checked field by field; null when it records none. */
export function recordedStop(file: TraceFile, path: string): Oscillation | null {
  const o: unknown = file.oscillation;
  if (o === undefined) return null;
  const need = (ok: boolean, field: string, what: string) => {
    if (!ok) throw TraceFileError.of(path, [{ path: `oscillation${field}`, message: what }]);
  };
  need(typeof o === 'object' && o !== null && !Array.isArray(o), '', 'expected {atMs, events, reason}');
  const r = o as Record<string, unknown>;
  need(Number.isSafeInteger(r.atMs) && (r.atMs as number) >= 0, '.atMs', 'expected milliseconds');
  need(Number.isSafeInteger(r.events) && (r.events as number) >= 0, '.events', 'expected a count of events');
  need(typeof r.reason === 'string', '.reason', 'expected a sentence');
  return { atMs: r.atMs as number, events: r.events as number, reason: r.reason as string };
}

export interface StoppedReplay extends Stopped {
  /** It stopped at the recorded instant, after the recorded events, with the recorded timeline. */
  readonly reproduced: boolean;
}

/** Replays a trace file whose run never settles (its model: built-in, or `given`); null if it settles this time. */
export function replayStopped(file: TraceFile, path: string, given?: Model): StoppedReplay | null {
  const recorded = recordedStop(file, path);
  const model = given ?? findCatalogued(file.model.name);
  if (!model)
    throw TraceFileError.of(path, [
      {
        path: 'model.name',
        message: `unknown model \`${file.model.name}\`; a model of your own: give \`--model ./its-file.ts\`, or replay where your hafault.config.ts names it`,
      },
    ]);
  const sim = new Simulation(model, compileTopology(file.topology), resolveConfig(model, file.config));
  const stopped = runToStop(sim, file.schedule, file.endMs);
  if (stopped === null) return null;
  const same =
    recorded !== null &&
    recorded.atMs === stopped.oscillation.atMs &&
    recorded.events === stopped.oscillation.events &&
    recorded.reason === stopped.oscillation.reason &&
    JSON.stringify(stopped.run.entries) === JSON.stringify(file.timeline);
  return { ...stopped, reproduced: same };
}
