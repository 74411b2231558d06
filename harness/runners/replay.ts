// Re-runs a trace file's schedule and judges it again. A replay reproduces when its violations and
// its timeline are the recorded ones, to the byte; when it does not, the file's digest and the
// versions it records say why: the file was edited, the model changed, or the engine did.
import { checkProperty } from '../../properties/index.js';
import type { Config, Model } from '../engine/model.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import {
  TRACE_FORMAT,
  TRACE_FORMAT_VERSION,
  sealOf,
  sealTrace,
  storyOf,
  type RecordedViolation,
  type Seal,
  type TraceFile,
} from '../engine/traceFile.js';
import type { FaultStep } from '../engine/faults/index.js';
import type { PropertyName } from '../engine/model.js';
import type { Topology } from '../engine/topology.js';
import { checkTrace } from './traceCheck.js';
import { HAFAULT_VERSION } from './version.js';

/** What a replay that does not reproduce is blamed on, most specific first. */
export type MismatchCause = 'edited' | 'model changed' | 'engine changed' | 'unsealed';

export interface Provenance {
  readonly seal: Seal;
  readonly cause: MismatchCause;
  /** The sentence a mismatch is reported with. */
  readonly because: string;
  /** Said even when the replay reproduces: the file was edited, or recorded with another model version. */
  readonly notes: readonly string[];
}
import type { Oscillation } from '../engine/oscillation.js';
import { modelFlagFile } from './userModels/catalogue.js';

export interface ReplayOutcome {
  readonly run: RunResult;
  readonly violations: readonly RecordedViolation[];
  readonly sameViolations: boolean;
  readonly sameTimeline: boolean;
  readonly provenance: Provenance;
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

export const EDITED = 'edited: the file no longer matches the digest it was written with';

/** Why a replay of `file` on `model` could differ from its recording, from its digest and versions. */
export function provenanceOf(file: TraceFile, model: Model): Provenance {
  const seal = sealOf(file);
  const recorded = file.model.version;
  if (seal === 'edited') return { seal, cause: 'edited', because: EDITED, notes: [EDITED] };
  if (recorded !== model.version) {
    const because = `model changed: recorded with ${model.name} ${recorded}, this hafault has ${model.version}`;
    return { seal, cause: 'model changed', because, notes: [because] };
  }
  if (seal === 'unsealed')
    return {
      seal,
      cause: 'unsealed',
      because: `the engine changed, or the file was edited: ${model.name} is still ${recorded}, and the file was written before trace files carried a digest`,
      notes: [],
    };
  const by =
    file.hafault === HAFAULT_VERSION ? '' : `; written by hafault ${file.hafault}, this is hafault ${HAFAULT_VERSION}`;
  return {
    seal,
    cause: 'engine changed',
    because: `the engine changed: the file is as written and ${model.name} is still ${recorded}${by}`,
    notes: [],
  };
}

/**
 * Replays a trace file against its model: a built-in one by name, or the model passed (one that is
 * not in the registry, e.g. a test's). Everything the file says is checked first (traceCheck.ts);
 * `source` names the file in the problems.
 * @throws TraceFileError when the file cannot be replayed (bad input)
 */
export function replayTrace(file: TraceFile, given?: Model, source = 'trace'): ReplayOutcome {
  const { model, compiled, config } = checkTrace(file, source, given);
  // The file passed every check, so a model that throws on it is a bug (the CLI's exit 70), and a
  // run that never settles is a finding about the model (exit 5): neither is blamed on the file.
  const run: RunResult = new Simulation(model, compiled, config).run(file.schedule, {
    level: 'full',
    horizonMs: file.endMs,
  });
  const violations = judge(run, file.properties, model);
  return {
    run,
    violations,
    sameViolations: JSON.stringify(violations) === JSON.stringify(file.violations),
    sameTimeline: file.timeline.length === 0 || JSON.stringify(run.entries) === JSON.stringify(file.timeline),
    provenance: provenanceOf(file, model),
  };
}

/**
 * The command that replays a trace file and prints its timeline (printed beside every trace file
 * written); with the command's `--model FILE`, when its model is the user's from a module.
 */
export function replayCommand(path: string): string {
  const file = modelFlagFile();
  return `npx hafault replay ${path}${file === undefined ? '' : ` --model ${file}`} --timeline`;
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

/** A new trace file, sealed with its digest (serializeTrace seals it again as it writes). */
export function makeTraceFile(t: NewTrace): TraceFile {
  return sealTrace({
    format: TRACE_FORMAT,
    formatVersion: TRACE_FORMAT_VERSION,
    hafault: HAFAULT_VERSION,
    digest: null,
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
  });
}
