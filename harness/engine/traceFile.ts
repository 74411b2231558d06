// Trace files: a failing run written as versioned JSON that replays without searching. Readers
// accept every older format version (migrating it) and reject what they cannot read with a
// sentence that says which field is wrong.
import type { FaultStep } from './faults/index.js';
import { FAULTS, isFaultName } from './faults/index.js';
import type { Config, PropertyName } from './model.js';
import type { Oscillation } from './oscillation.js';
import type { Topology } from './topology.js';
import type { TraceEntry } from './trace.js';

export const TRACE_FORMAT = 'hafault-trace';
export const TRACE_FORMAT_VERSION = 2;

export interface RecordedViolation {
  readonly property: PropertyName;
  readonly at: number;
  readonly explanation: string;
}

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly formatVersion: number;
  readonly model: { readonly name: string; readonly version: string };
  readonly preset: string | null;
  readonly topology: Topology;
  readonly config: Config;
  /** The search that found it (null when written by hand or by `run`). */
  readonly search: { readonly seed: number; readonly path: string; readonly runs: number } | null;
  /** Properties judged on replay. */
  readonly properties: readonly PropertyName[];
  readonly schedule: readonly FaultStep[];
  /** The schedule as sentences. */
  readonly story: readonly string[];
  readonly violations: readonly RecordedViolation[];
  readonly endMs: number;
  readonly timeline: readonly TraceEntry[];
  /** The run never settled: where it was stopped (the timeline ends there; no property is judged). */
  readonly oscillation?: Oscillation;
  /** Written by `conform` for a disagreement: what the real daemons did under the same schedule. */
  readonly conformance?: ConformanceRecord;
}

/** The real side of a conformance finding (replay re-runs the model and shows both). */
export interface ConformanceRecord {
  /** `conform --seed` and which of its drawn schedules this is (1-based). */
  readonly seed: number;
  readonly schedule: number;
  readonly toleranceMs: number;
  /** Real start-up delay the real timeline was shifted by. */
  readonly offsetMs: number;
  /** The schedule as drawn, before faults were moved off knife edges. */
  readonly drawn: readonly FaultStep[];
  readonly mismatches: readonly string[];
  readonly modelRoles: Readonly<Record<string, readonly { readonly at: number; readonly role: string }[]>>;
  readonly realRoles: Readonly<Record<string, readonly { readonly at: number; readonly role: string }[]>>;
  readonly realTimeline: readonly TraceEntry[];
  /** Each real daemon's log of the run. */
  readonly daemonLogs?: Readonly<Record<string, string>>;
}

export class TraceFileError extends Error {}

export function storyOf(schedule: readonly FaultStep[]): string[] {
  return schedule.map((s) => `at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`);
}

export function serializeTrace(file: TraceFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

function need(cond: boolean, where: string, what: string): void {
  if (!cond) throw new TraceFileError(`${where}: ${what}`);
}

/**
 * Version 1 (the first release) stored `seed` and `path` at the top level and no `story`;
 * version 2 groups them under `search`.
 */
function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  if (doc.formatVersion === 1) {
    const { seed, path, runs, ...rest } = doc;
    return {
      ...rest,
      formatVersion: 2,
      search:
        typeof seed === 'number' ? { seed, path: typeof path === 'string' ? path : '', runs: Number(runs ?? 0) } : null,
      story: storyOf(rest.schedule as FaultStep[]),
      // Version 1 timelines predate stop/start causes: replay compares violations only.
      timeline: [],
    };
  }
  return doc;
}

export function parseTraceFile(text: string, file = 'trace'): TraceFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new TraceFileError(`${file}: not JSON (${(error as Error).message})`);
  }
  need(typeof doc === 'object' && doc !== null && !Array.isArray(doc), file, 'expected a JSON object');
  let d = doc as Record<string, unknown>;
  need(d.format === TRACE_FORMAT, `${file}: format`, `expected "${TRACE_FORMAT}", found ${JSON.stringify(d.format)}`);
  need(
    typeof d.formatVersion === 'number' && d.formatVersion >= 1,
    `${file}: formatVersion`,
    'expected a positive integer',
  );
  need(
    (d.formatVersion as number) <= TRACE_FORMAT_VERSION,
    `${file}: formatVersion`,
    `version ${String(d.formatVersion)} is newer than this hafault reads (${TRACE_FORMAT_VERSION}); upgrade hafault`,
  );
  d = migrate(d);
  const model = d.model as Record<string, unknown> | undefined;
  need(typeof model?.name === 'string', `${file}: model.name`, 'expected a model name');
  need(typeof d.topology === 'object' && d.topology !== null, `${file}: topology`, 'expected an object');
  need(typeof d.config === 'object' && d.config !== null, `${file}: config`, 'expected an object');
  need(Array.isArray(d.schedule), `${file}: schedule`, 'expected a list of {at, fault, target}');
  (d.schedule as unknown[]).forEach((s, i) => {
    const step = s as Record<string, unknown>;
    need(
      Number.isSafeInteger(step?.at) && (step.at as number) >= 0,
      `${file}: schedule[${i}].at`,
      'expected milliseconds (a non-negative integer)',
    );
    need(
      typeof step.fault === 'string' && isFaultName(step.fault),
      `${file}: schedule[${i}].fault`,
      `expected a fault name, found ${JSON.stringify(step.fault)}`,
    );
    need(typeof step.target === 'string', `${file}: schedule[${i}].target`, 'expected a component id');
  });
  need(Array.isArray(d.properties), `${file}: properties`, 'expected a list of property names');
  need(Array.isArray(d.violations), `${file}: violations`, 'expected a list');
  need(Number.isSafeInteger(d.endMs), `${file}: endMs`, 'expected milliseconds');
  return d as unknown as TraceFile;
}
