// Re-runs a trace file's schedule and judges it again. A replay reproduces when its violations and
// its timeline are the recorded ones, to the byte.
import { checkProperty, findProperty } from '../../properties/index.js';
import { didYouMean } from '../engine/didYouMean.js';
import { compileTopology } from '../engine/compile.js';
import { resolveConfig } from '../engine/config.js';
import type { Config, Model } from '../engine/model.js';
import { findModel } from '../../models/registry.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import {
  TRACE_FORMAT,
  TRACE_FORMAT_VERSION,
  TraceFileError,
  storyOf,
  type RecordedViolation,
  type TraceFile,
} from '../engine/traceFile.js';
import type { FaultStep } from '../engine/faults/index.js';
import type { PropertyName } from '../engine/model.js';
import type { Topology } from '../engine/topology.js';
import type { Oscillation } from '../engine/oscillation.js';

export interface ReplayOutcome {
  readonly run: RunResult;
  readonly violations: readonly RecordedViolation[];
  readonly sameViolations: boolean;
  readonly sameTimeline: boolean;
}

/** The violations of `properties` (built-in or `model`'s own) in a run. */
export function judge(run: RunResult, properties: readonly PropertyName[], model: Model): RecordedViolation[] {
  const out: RecordedViolation[] = [];
  for (const p of properties) {
    const v = checkProperty(p, run, model);
    if (v.status === 'violated') out.push({ property: p, at: v.at, explanation: v.explanation });
  }
  return out;
}

/**
 * Replays a trace file against its model: a built-in one by name, or the model passed (one that is
 * not in the registry, e.g. a test's). A property the model cannot judge is bad input.
 */
export function replayTrace(file: TraceFile, given?: Model): ReplayOutcome {
  const model = given ?? findModel(file.model.name);
  if (!model) throw new TraceFileError(`model.name: unknown model \`${file.model.name}\``);
  if (model.name !== file.model.name)
    throw new TraceFileError(`model.name: the trace is of \`${file.model.name}\`, not of \`${model.name}\``);
  file.properties.forEach((p, i) => {
    if (typeof p !== 'string' || findProperty(p, model) === undefined) {
      throw new TraceFileError(
        `properties[${i}]: ${model.name} has no property \`${String(p)}\`${didYouMean(String(p), model.properties)} (properties: ${model.properties.join(', ')})`,
      );
    }
  });
  const config = resolveConfig(model, file.config);
  const sim = new Simulation(model, compileTopology(file.topology), config);
  const run = sim.run(file.schedule, { level: 'full', horizonMs: file.endMs });
  const violations = judge(run, file.properties, model);
  return {
    run,
    violations,
    sameViolations: JSON.stringify(violations) === JSON.stringify(file.violations),
    sameTimeline: file.timeline.length === 0 || JSON.stringify(run.entries) === JSON.stringify(file.timeline),
  };
}

/** The command that replays a trace file and prints its timeline (printed beside every trace file written). */
export function replayCommand(path: string): string {
  return `npm run hafault -- replay ${path} --timeline`;
}

export interface NewTrace {
  readonly model: Model;
  readonly preset: string | null;
  readonly topology: Topology;
  readonly config: Config;
  readonly search: TraceFile['search'];
  readonly properties: readonly PropertyName[];
  readonly schedule: readonly FaultStep[];
  readonly run: RunResult;
  /** The run never settled (`run` is up to the stop): no property is judged; a replay runs to `horizonMs`. */
  readonly stopped?: { readonly oscillation: Oscillation; readonly horizonMs: number };
}

export function makeTraceFile(t: NewTrace): TraceFile {
  return {
    format: TRACE_FORMAT,
    formatVersion: TRACE_FORMAT_VERSION,
    model: { name: t.model.name, version: t.model.version },
    preset: t.preset,
    topology: t.topology,
    config: t.config,
    search: t.search,
    properties: t.properties,
    schedule: t.schedule,
    story: storyOf(t.schedule),
    violations: t.stopped ? [] : judge(t.run, t.properties, t.model),
    endMs: t.stopped ? t.stopped.horizonMs : t.run.meta.endMs,
    timeline: t.run.entries,
    ...(t.stopped ? { oscillation: t.stopped.oscillation } : {}),
  };
}
