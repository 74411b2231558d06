// What a trace file says, checked against the model it names before anything runs: the topology
// goes through the same schema and compiler as a topology file, the settings through the model's
// keys and ranges, and every step of the schedule through the fault vocabulary (every id must
// exist; nothing is rewritten). A trace file is input like any other: each problem is one line,
// `file:line:col: field path: what is wrong` (TraceFileError.placed, by the caller that holds the
// text), exit 2, never a stack trace from deep inside a run.
import { MAX_SIMULATED_MS } from '../engine/time.js';
import { Ajv, type ValidateFunction } from 'ajv';
import { findProperty } from '../../properties/index.js';
import { compileTopology, TopologyError, type CompiledTopology } from '../engine/compile.js';
import { ConfigError, parseValue, resolveConfig } from '../engine/config.js';
import { didYouMean } from '../engine/didYouMean.js';
import { printable } from '../engine/printable.js';
import { FAULTS, type FaultName } from '../engine/faults/index.js';
import { partitionProblem } from '../engine/faults/partition.js';
import { vocabularyOf } from '../engine/generators.js';
import type { Config, ConfigKey, ConfigValue, Model } from '../engine/model.js';
import type { Topology } from '../engine/topology.js';
import { TraceFileError, type TraceFieldProblem, type TraceFile } from '../engine/traceFile.js';
import { findCatalogued, catalogueModels } from './userModels/catalogue.js';
import { oscillationOf } from '../engine/oscillation.js';
import { Simulation } from '../engine/simulator.js';
import { formatPath, fromAjv } from './topologyFile/problems.js';
import { buildTraceTopologySchema } from './topologyFile/schema.js';

/** A replay runs at most this long in simulated time (a week: far beyond any run hafault writes). */
export const MAX_TRACE_END_MS = MAX_SIMULATED_MS;
/** At most this many problems are printed; the rest are counted. */
const MAX_PROBLEMS = 40;

export interface CheckedTrace {
  readonly model: Model;
  readonly compiled: CompiledTopology;
  readonly config: Config;
}

class Problems {
  readonly fields: TraceFieldProblem[] = [];
  private hidden = 0;
  constructor(private readonly source: string) {}
  add(path: string, message: string): void {
    if (this.fields.length < MAX_PROBLEMS) this.fields.push({ path, message });
    else this.hidden++;
  }
  throwIfAny(): void {
    if (this.fields.length === 0) return;
    const more =
      this.hidden > 0
        ? [{ path: null, message: `… and ${this.hidden} more problem${this.hidden === 1 ? '' : 's'}` }]
        : [];
    throw TraceFileError.of(this.source, [...this.fields, ...more]);
  }
}

/** A did-you-mean, except for names too long to be a typo of anything. */
function suggest(word: string, options: readonly string[]): string {
  return word.length <= 100 ? didYouMean(word, options) : '';
}

function shown(text: string): string {
  return `\`${printable(text.length > 60 ? `${text.slice(0, 57)}...` : text)}\``;
}

/**
 * Checks a parsed trace file (parseTraceFile checked its JSON shape) against its model: the
 * registered one it names, or `given` (a model outside the registry, e.g. a test's).
 * @throws TraceFileError with one line per problem
 */
export function checkTrace(file: TraceFile, source = 'trace', given?: Model): CheckedTrace {
  const problems = new Problems(source);
  const model = modelOf(file, problems, given);
  const compiled = topologyOf(file.topology, problems);
  let config: Config | null = null;
  if (model) {
    // Before format 3, `sweep --topology --out` recorded the topology file's name as the preset.
    const legacySweep = file.digest === null && file.preset === file.topology.name;
    if (file.preset !== null && !legacySweep && !model.presets.some((p) => p.name === file.preset)) {
      const names = model.presets.map((p) => p.name);
      problems.add(
        'preset',
        `${model.name} has no preset ${shown(file.preset)}${suggest(file.preset, names)} (presets: ${names.join(', ')})`,
      );
    }
    config = configOf(file.config, model, problems);
    checkProperties(file, model, problems);
    if (compiled) checkTargets(file, compiled, model, problems);
  }
  checkTimes(file, problems);
  problems.throwIfAny();
  smokeRun(model!, compiled!, config!, problems);
  problems.throwIfAny();
  return { model: model!, compiled: compiled!, config: config! };
}

/**
 * As for a topology file (topologyFile/load.ts): the model must be able to run the design at all, so
 * one fault-free run; what it throws is the design's problem (e.g. keepalived's routers name a
 * service the topology lacks). A throw in the recorded run after this one passed is a bug (exit 70).
 */
function smokeRun(model: Model, compiled: CompiledTopology, config: Config, problems: Problems): void {
  try {
    new Simulation(model, compiled, config).run([], { horizonMs: 60_000 });
  } catch (error) {
    if (oscillationOf(error) !== null) return;
    problems.add('topology', `${model.name} cannot run this design: ${(error as Error).message}`);
  }
}

function modelOf(file: TraceFile, problems: Problems, given?: Model): Model | null {
  const name = file.model.name;
  if (given) {
    if (given.name === name) return given;
    problems.add('model.name', `the trace is of ${shown(name)}, not of \`${given.name}\``);
    return null;
  }
  const model = findCatalogued(name);
  if (model) return model;
  const names = catalogueModels().map((m) => m.name);
  problems.add(
    'model.name',
    `unknown model ${shown(name)}${suggest(name, names)} (models: ${names.join(', ')}); a model of your own: give \`--model ./its-file.ts\`, or replay where your hafault.config.ts names it`,
  );
  return null;
}

let validator: ValidateFunction | null = null;

/** The topology as a topology file's would be checked: the schema first, then the compiler's ids and references. */
function topologyOf(topology: Topology, problems: Problems): CompiledTopology | null {
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(buildTraceTopologySchema());
  if (!validator(topology)) {
    for (const e of validator.errors ?? []) {
      const located = fromAjv(e, topology);
      // The path already says whose field is missing (ajv's message would name it without `topology.`).
      const message = e.keyword === 'required' ? 'missing; expected this required field' : located?.message;
      if (located) problems.add(formatPath(['topology', ...located.path]), message!);
    }
    return null;
  }
  try {
    return compileTopology(topology);
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    for (const issue of error.issues) problems.add(`topology.${issue.path}`, issue.message);
    return null;
  }
}

/** The JSON type a trace records a setting as (it holds resolved values: durations in ms). */
function typeProblem(key: ConfigKey, value: ConfigValue): string | null {
  const want = key.type === 'ms' || key.type === 'number' ? 'number' : key.type === 'boolean' ? 'boolean' : 'string';
  if (typeof value === want) return null;
  const what = {
    number: key.type === 'ms' ? 'whole milliseconds' : 'a whole number',
    boolean: 'true or false',
    string: 'a string',
  };
  return `expected ${what[want]}, found ${typeof value === 'string' ? shown(value) : String(value)}`;
}

/** One setting's problem, or null: a key of the model, of the JSON type it is recorded as, in its range. */
function settingProblem(model: Model, name: string, value: ConfigValue): string | null {
  const key = model.keys.find((k) => k.key === name);
  if (!key)
    return `not a setting of ${model.name}${suggest(
      name,
      model.keys.map((k) => k.key),
    )} (see \`hafault models\`)`;
  const wrongType = typeProblem(key, value);
  if (wrongType) return wrongType;
  const parsed = parseValue(key, value);
  return parsed.ok ? null : parsed.problem.replace(`${name}: `, '');
}

/** Settings against the model's keys and ranges, each key's problem at its path. */
function configOf(config: Config, model: Model, problems: Problems): Config | null {
  let ok = true;
  for (const [name, value] of Object.entries(config)) {
    const problem = settingProblem(model, name, value);
    if (problem) {
      problems.add(formatPath(['config', name]), problem);
      ok = false;
    }
  }
  if (!ok) return null;
  try {
    return resolveConfig(model, config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) problems.add('config', p);
    return null;
  }
}

/** Every property the trace names (judged, or recorded as violated) is one the model has. */
function checkProperties(file: TraceFile, model: Model, problems: Problems): void {
  const has = (p: string) => model.properties.includes(p) && findProperty(p, model) !== undefined;
  const list = `(properties: ${model.properties.join(', ')})`;
  const judged = new Set<string>();
  file.properties.forEach((p, i) => {
    if (!has(p))
      problems.add(
        `properties[${i}]`,
        `${model.name} has no property ${shown(p)}${suggest(p, model.properties)} ${list}`,
      );
    else if (judged.has(p)) problems.add(`properties[${i}]`, `\`${p}\` is listed twice; expected each once`);
    judged.add(p);
  });
  file.violations.forEach((v, i) => {
    const path = `violations[${i}].property`;
    if (!has(v.property))
      problems.add(
        path,
        `${model.name} has no property ${shown(v.property)}${suggest(v.property, model.properties)} ${list}`,
      );
    else if (!judged.has(v.property))
      problems.add(
        path,
        `\`${v.property}\` is not among the properties this trace judges (${file.properties.join(', ') || 'none'})`,
      );
  });
}

/** Steps in time order, inside the run; the run no longer than a replay runs. */
function checkTimes(file: TraceFile, problems: Problems): void {
  if (file.endMs > MAX_TRACE_END_MS)
    problems.add('endMs', `expected at most ${MAX_TRACE_END_MS} ms (7 days of simulated time), found ${file.endMs}`);
  file.schedule.forEach((s, i) => {
    const previous = file.schedule[i - 1];
    if (previous && s.at < previous.at)
      problems.add(
        `schedule[${i}].at`,
        `${s.at} ms is before schedule[${i - 1}] (${previous.at} ms); expected steps in time order`,
      );
    if (s.at > file.endMs)
      problems.add(
        `schedule[${i}].at`,
        `${s.at} ms is after the end of the run (endMs ${file.endMs}); the step would never happen`,
      );
  });
  file.violations.forEach((v, i) => {
    if (v.at > file.endMs)
      problems.add(`violations[${i}].at`, `${v.at} ms is after the end of the run (endMs ${file.endMs})`);
  });
}

/** Every target names components of this topology (or the model's drifts and operator steps). */
function checkTargets(file: TraceFile, topo: CompiledTopology, model: Model, problems: Problems): void {
  const vocabulary = vocabularyOf(model);
  const targets: Partial<Record<FaultName, readonly string[]>> = {};
  file.schedule.forEach((s, i) => {
    const path = `schedule[${i}].target`;
    if (s.fault === 'partition' || s.fault === 'heal') {
      const problem = partitionProblem(topo.hostIds, s.target);
      if (problem) problems.add(path, problem);
      return;
    }
    const candidates = (targets[s.fault] ??= FAULTS[s.fault].targets(topo, vocabulary));
    if (candidates.includes(s.target)) return;
    const list = candidates.length > 8 ? `${candidates.slice(0, 8).join(', ')}, …` : candidates.join(', ');
    problems.add(
      path,
      `unknown target ${shown(s.target)} for ${s.fault}${suggest(s.target, candidates)}${candidates.length > 0 ? ` (targets: ${list})` : ` (this topology has none)`}`,
    );
  });
}
