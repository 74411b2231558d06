// Trace files: a failing run written as versioned JSON that replays without searching. Readers
// accept every older format version (migrating it) and reject what they cannot read with one line
// per wrong field. Each file is sealed with a digest of its content, so a replay can tell a file
// that was edited from one whose model or engine changed. (What the fields mean for a model — ids,
// settings, targets — is checked a layer up, by harness/runners/traceCheck.ts.)
import { createHash } from 'node:crypto';
import type { FaultStep } from './faults/index.js';
import { FAULTS, isFaultName } from './faults/index.js';
import { describeNumber, InputFileError, parseJsonInput } from './inputText.js';
import { jsonPositions, pathSegments } from './jsonPositions.js';
import { printableJson } from './printable.js';
import type { Config, PropertyName } from './model.js';
import type { Oscillation } from './oscillation.js';
import type { Topology } from './topology.js';
import type { TraceEntry } from './trace.js';
import { checkTimeline } from './traceEntryShape.js';

export const TRACE_FORMAT = 'hafault-trace';
/** 3: `hafault` (the version that wrote it) and `digest`. 2: `search` and `story`. 1: the first release. */
export const TRACE_FORMAT_VERSION = 3;

export interface RecordedViolation {
  readonly property: PropertyName;
  readonly at: number;
  readonly explanation: string;
}

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly formatVersion: number;
  /** The hafault version (package.json) that wrote it; null in files older than format version 3. */
  readonly hafault: string | null;
  /** `sha256:<hex>` of the canonical JSON of every other field; null in files older than format version 3. */
  readonly digest: string | null;
  readonly model: { readonly name: string; readonly version: string };
  /** The model's preset it ran on; null for a topology file's design (the trace holds the topology either way). */
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

/** One wrong field of a trace file: its path (`schedule[3].target`; null: no field) and what is wrong. */
export interface TraceFieldProblem {
  readonly path: string | null;
  readonly message: string;
}

/**
 * A trace file that cannot be replayed: one line per problem. Built from field problems, its lines
 * are `file: path: what is wrong` until `placed` gives each its place in the file's text,
 * `file:line:col: path: what is wrong` (the format of every input file's problems).
 */
export class TraceFileError extends Error {
  readonly problems: readonly string[];
  constructor(
    problems: string | readonly string[],
    readonly file: string | null = null,
    readonly fields: readonly TraceFieldProblem[] = [],
  ) {
    const lines = typeof problems === 'string' ? [problems] : [...problems];
    super(lines.join('\n'));
    this.problems = lines;
  }

  static of(file: string, fields: readonly TraceFieldProblem[]): TraceFileError {
    return new TraceFileError(
      fields.map((f) => `${file}: ${f.path === null ? '' : `${f.path}: `}${f.message}`),
      file,
      fields,
    );
  }

  /** The same problems at their lines and columns in `text`, the file's JSON (already checked to be JSON). */
  placed(text: string): TraceFileError {
    if (this.file === null || this.fields.length === 0) return this;
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const at = jsonPositions(
      body,
      this.fields.map((f) => (f.path === null ? [] : pathSegments(f.path))),
    );
    const lines = this.fields.map((f, i) => {
      const pos = f.path === null ? null : at[i];
      const where = pos === null ? this.file! : `${this.file!}:${pos.line}:${pos.col}`;
      return `${where}: ${f.path === null ? '' : `${f.path}: `}${f.message}`;
    });
    return new TraceFileError(lines, this.file, this.fields);
  }
}

export function storyOf(schedule: readonly FaultStep[]): string[] {
  return schedule.map((s) => `at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`);
}

/** JSON with every object's keys sorted and no spacing: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** The seal of a trace: sha256 of the canonical JSON of everything but the digest itself. */
export function traceDigest(file: TraceFile): string {
  const { digest: _digest, ...content } = file;
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

/** The file with its digest recomputed (after it was built or changed by its writer). */
export function sealTrace(file: TraceFile): TraceFile {
  return { ...file, digest: traceDigest(file) };
}

/** intact: the content is what was written; edited: it is not; unsealed: written before files carried a digest. */
export type Seal = 'intact' | 'edited' | 'unsealed';

export function sealOf(file: TraceFile): Seal {
  if (file.digest === null) return 'unsealed';
  return traceDigest(file) === file.digest ? 'intact' : 'edited';
}

/** The file as written to disk, sealed (its digest recomputed), the header fields first. */
export function serializeTrace(file: TraceFile): string {
  const { format, formatVersion, hafault, digest: _old, ...rest } = file;
  const header = { format, formatVersion, hafault, digest: traceDigest(file) };
  return `${JSON.stringify({ ...header, ...rest }, null, 1)}\n`;
}

/**
 * Version 1 (the first release) stored `seed` and `path` at the top level and no `story`;
 * version 2 groups them under `search`; version 3 adds `hafault` and `digest` (null: not known).
 */
function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let d = doc;
  if (d.formatVersion === 1) {
    const { seed, path, runs, ...rest } = d;
    d = {
      ...rest,
      formatVersion: 2,
      search:
        typeof seed === 'number' ? { seed, path: typeof path === 'string' ? path : '', runs: Number(runs ?? 0) } : null,
      story: storyOfUnchecked(rest.schedule),
      // Version 1 timelines predate stop/start causes: replay compares violations only.
      timeline: [],
    };
  }
  if (d.formatVersion === 2) d = { ...d, formatVersion: 3, hafault: null, digest: null };
  return d;
}

/** The story of a schedule not yet checked (its problems are reported after migrating). */
function storyOfUnchecked(schedule: unknown): string[] {
  const steps = Array.isArray(schedule) ? (schedule as unknown[]) : [];
  const valid = steps.every((s) => {
    const step = s as Partial<Record<string, unknown>> | null;
    return typeof step?.at === 'number' && typeof step.fault === 'string' && isFaultName(step.fault);
  });
  return valid ? storyOf(steps as FaultStep[]) : [];
}

/** Reads a trace file's text: its JSON shape, every problem at once. @throws TraceFileError */
export function parseTraceFile(text: string, file = 'trace'): TraceFile {
  let doc: unknown;
  try {
    // The loader of every input file: its limits, a repeated key refused, the place of a syntax error.
    doc = parseJsonInput(text, file, { kinds: ['mapping'], expected: 'a JSON object (a trace file)' });
  } catch (error) {
    if (error instanceof InputFileError) throw new TraceFileError(error.lines);
    throw error;
  }
  // parseJsonInput checked the top level is an object.
  const raw = doc as Record<string, unknown>;
  const refuse = (path: string, message: string) => TraceFileError.of(file, [{ path, message }]);
  if (raw.format !== TRACE_FORMAT) throw refuse('format', `expected "${TRACE_FORMAT}", found ${found(raw.format)}`);
  const version = raw.formatVersion;
  if (!Number.isSafeInteger(version) || (version as number) < 1)
    throw refuse('formatVersion', `expected a positive integer, found ${found(version)}`);
  if ((version as number) > TRACE_FORMAT_VERSION)
    throw refuse(
      'formatVersion',
      `version ${String(version)} is newer than this hafault reads (${TRACE_FORMAT_VERSION}); upgrade hafault`,
    );
  const shape = new Shape();
  if (version === 1) checkVersion1(shape, raw);
  const d = migrate(raw);
  checkHeader(shape, d, version === TRACE_FORMAT_VERSION);
  checkBody(shape, d);
  if (shape.problems.length > 0) throw TraceFileError.of(file, shape.problems);
  return d as unknown as TraceFile;
}

/** Collects `path: expected …, found …` problems. */
class Shape {
  readonly problems: TraceFieldProblem[] = [];
  need(ok: boolean, path: string, expected: string, value: unknown): boolean {
    if (!ok) this.problems.push({ path, message: `expected ${expected}, found ${found(value)}` });
    return ok;
  }
  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

/** A short, safe description of a value for a problem line. */
function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return printableJson(JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value));
  if (typeof value === 'number') return describeNumber(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

const FIELDS = [
  'format',
  'formatVersion',
  'hafault',
  'digest',
  'model',
  'preset',
  'topology',
  'config',
  'search',
  'properties',
  'schedule',
  'story',
  'violations',
  'endMs',
  'timeline',
  'conformance',
  'oscillation',
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isMs = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Version 1's own fields (migrate moves them under `search`): as strict as version 3's `search`. */
function checkVersion1(shape: Shape, raw: Record<string, unknown>): void {
  if (raw.seed !== undefined) shape.need(Number.isSafeInteger(raw.seed), 'seed', 'a whole number', raw.seed);
  if (raw.path !== undefined)
    shape.need(typeof raw.path === 'string', 'path', 'a fast-check path (a string)', raw.path);
  if (raw.runs !== undefined) shape.need(isMs(raw.runs), 'runs', 'a whole number ≥ 0', raw.runs);
  if (raw.seed === undefined && (raw.path !== undefined || raw.runs !== undefined))
    shape.problem('seed', 'missing; expected the seed of the search that found the trace, beside its path and runs');
}

function checkHeader(shape: Shape, d: Record<string, unknown>, sealed: boolean): void {
  for (const key of Object.keys(d))
    if (!FIELDS.includes(key)) shape.problem(key, `unknown field (a trace file has: ${FIELDS.join(', ')})`);
  if (sealed) {
    shape.need(isText(d.hafault, 100), 'hafault', 'the hafault version that wrote the file', d.hafault);
    shape.need(
      typeof d.digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(d.digest),
      'digest',
      'sha256: and 64 hex digits',
      d.digest,
    );
  }
  if (shape.need(isObject(d.model), 'model', 'an object {name, version}', d.model)) {
    const model = d.model as Record<string, unknown>;
    shape.need(isText(model.name, 200), 'model.name', 'a model name', model.name);
    shape.need(isText(model.version, 100), 'model.version', 'the model version it was recorded with', model.version);
  }
  shape.need(d.preset === null || isText(d.preset, 200), 'preset', 'a preset name or null', d.preset);
  shape.need(isObject(d.topology), 'topology', 'an object (hosts, switches, services …)', d.topology);
  if (shape.need(isObject(d.config), 'config', 'an object of settings', d.config)) {
    for (const [key, value] of Object.entries(d.config as Record<string, unknown>))
      shape.need(
        typeof value === 'string' ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)),
        `config.${key}`,
        'a setting value (a number, true or false, or a string)',
        value,
      );
  }
  if (d.search !== null && shape.need(isObject(d.search), 'search', 'null or {seed, path, runs}', d.search)) {
    const s = d.search as Record<string, unknown>;
    shape.need(Number.isSafeInteger(s.seed), 'search.seed', 'a whole number', s.seed);
    shape.need(typeof s.path === 'string', 'search.path', 'a fast-check path (a string)', s.path);
    shape.need(isMs(s.runs), 'search.runs', 'a whole number ≥ 0', s.runs);
  }
}

function checkBody(shape: Shape, d: Record<string, unknown>): void {
  if (shape.need(Array.isArray(d.properties), 'properties', 'a list of property names', d.properties))
    (d.properties as unknown[]).forEach((p, i) => shape.need(isText(p, 200), `properties[${i}]`, 'a property name', p));
  checkSteps(shape, 'schedule', d.schedule);
  if (shape.need(Array.isArray(d.story), 'story', 'a list of sentences', d.story))
    (d.story as unknown[]).forEach((s, i) => shape.need(typeof s === 'string', `story[${i}]`, 'a sentence', s));
  if (shape.need(Array.isArray(d.violations), 'violations', 'a list of {property, at, explanation}', d.violations))
    (d.violations as unknown[]).forEach((v, i) => {
      if (!shape.need(isObject(v), `violations[${i}]`, 'an object {property, at, explanation}', v)) return;
      const violation = v as Record<string, unknown>;
      for (const key of Object.keys(violation))
        if (!['property', 'at', 'explanation'].includes(key))
          shape.problem(`violations[${i}].${key}`, 'unknown field (a violation has property, at, explanation)');
      shape.need(isText(violation.property, 200), `violations[${i}].property`, 'a property name', violation.property);
      shape.need(isMs(violation.at), `violations[${i}].at`, 'milliseconds (a whole number ≥ 0)', violation.at);
      shape.need(
        typeof violation.explanation === 'string',
        `violations[${i}].explanation`,
        'a sentence',
        violation.explanation,
      );
    });
  shape.need(isMs(d.endMs), 'endMs', 'milliseconds (a whole number ≥ 0)', d.endMs);
  checkTimeline(shape, 'timeline', d.timeline);
  if (d.conformance !== undefined) checkConformance(shape, d.conformance);
}

/** A list of {at, fault, target}: a schedule, or a conformance record's schedule as drawn. */
function checkSteps(shape: Shape, path: string, steps: unknown): void {
  if (!shape.need(Array.isArray(steps), path, 'a list of {at, fault, target}', steps)) return;
  (steps as unknown[]).forEach((s, i) => {
    const where = `${path}[${i}]`;
    if (!shape.need(isObject(s), where, 'an object {at, fault, target}', s)) return;
    const step = s as Record<string, unknown>;
    for (const key of Object.keys(step))
      if (!['at', 'fault', 'target'].includes(key))
        shape.problem(`${where}.${key}`, 'unknown field (a step has at, fault, target)');
    shape.need(isMs(step.at), `${where}.at`, 'milliseconds (a whole number ≥ 0)', step.at);
    shape.need(typeof step.fault === 'string' && isFaultName(step.fault), `${where}.fault`, 'a fault name', step.fault);
    shape.need(isText(step.target, 1000), `${where}.target`, 'a component id', step.target);
  });
}

/** What `replay` prints of a conformance record must be there, with its types. */
function checkConformance(shape: Shape, value: unknown): void {
  if (!shape.need(isObject(value), 'conformance', 'an object (a conformance finding)', value)) return;
  const c = value as Record<string, unknown>;
  for (const key of ['seed', 'schedule', 'toleranceMs', 'offsetMs'])
    shape.need(typeof c[key] === 'number' && Number.isFinite(c[key]), `conformance.${key}`, 'a number', c[key]);
  checkSteps(shape, 'conformance.drawn', c.drawn);
  if (shape.need(Array.isArray(c.mismatches), 'conformance.mismatches', 'a list of sentences', c.mismatches))
    (c.mismatches as unknown[]).forEach((m, i) =>
      shape.need(typeof m === 'string', `conformance.mismatches[${i}]`, 'a sentence', m),
    );
  for (const key of ['modelRoles', 'realRoles']) {
    if (!shape.need(isObject(c[key]), `conformance.${key}`, 'an object of role changes per host', c[key])) continue;
    for (const [host, changes] of Object.entries(c[key] as Record<string, unknown>)) {
      const ok =
        Array.isArray(changes) &&
        changes.every((x) => isObject(x) && typeof x.at === 'number' && typeof x.role === 'string');
      shape.need(ok, `conformance.${key}.${host}`, 'a list of {at, role}', changes);
    }
  }
  shape.need(Array.isArray(c.realTimeline), 'conformance.realTimeline', 'a list of trace entries', c.realTimeline);
  if (
    c.daemonLogs !== undefined &&
    shape.need(isObject(c.daemonLogs), 'conformance.daemonLogs', 'an object', c.daemonLogs)
  )
    for (const [name, log] of Object.entries(c.daemonLogs as Record<string, unknown>))
      shape.need(typeof log === 'string', `conformance.daemonLogs.${name}`, 'a log (a string)', log);
}
