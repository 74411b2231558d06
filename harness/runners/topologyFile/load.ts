// Reads a topology file (YAML or JSON) into the engine's Topology, the model it names, its settings
// and its environment. Every problem becomes one line — file, line, field path, what was found,
// what was expected — and never a stack trace: structure is checked against the JSON Schema, then
// ids and cross-references by compile.ts, then settings by the model's own keys.
import { Ajv, type ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { compileTopology, TopologyError, type CompiledTopology } from '../../engine/compile.js';
import { hostLimitOf } from '../../engine/hostLimit.js';
import { ConfigError, parseValue, resolveConfig } from '../../engine/config.js';
import { didYouMean } from '../../engine/didYouMean.js';
import { InputFileError, parseYamlInput, type TopLevel } from '../../engine/inputText.js';
import { FAULTS, type FaultName } from '../../engine/faults/index.js';
import { drawableKinds, vocabularyOf } from '../../engine/generators.js';
import type { Config, ConfigValue, Model } from '../../engine/model.js';
import { findCatalogued, catalogueModels } from '../userModels/catalogue.js';
import { Simulation } from '../../engine/simulator.js';
import { formatMs, parseDuration } from '../../engine/time.js';
import type { Topology } from '../../engine/topology.js';
import { fromAjv, formatPath, parsePath, positionOf, type Segment } from './problems.js';
import { readInputFile } from '../inputFile.js';
import { buildTopologySchema } from './schema.js';
import type { EnvironmentRange, TopologyFileData } from './types.js';

/** At most this many problems are printed; the rest are counted. */
export const MAX_PROBLEMS = 40;

export class TopologyFileError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

export interface LoadedTopology {
  readonly file: string;
  readonly model: Model;
  readonly topology: Topology;
  readonly compiled: CompiledTopology;
  /** The file's settings resolved over the model's defaults (before any `--set`). */
  readonly config: Config;
  /** The settings as the file wrote them, to layer `--set` on top. */
  readonly settings: Readonly<Record<string, ConfigValue>>;
  /** World settings the environment is known to span, parsed (ms for durations). */
  readonly environment: Readonly<Record<string, EnvironmentRange>>;
  /** Fault kinds to draw; null: the model's. */
  readonly faults: readonly FaultName[] | null;
  /** One line each, same format as errors, with `warning:`. */
  readonly warnings: readonly string[];
}

/** The schema's validator for the models it was built from: rebuilt when user models come or go. */
let validator: { readonly models: readonly Model[]; readonly check: ValidateFunction } | null = null;
function validate(): ValidateFunction {
  const models = catalogueModels();
  const same = validator?.models.length === models.length && models.every((m, i) => validator?.models[i] === m);
  if (!same) {
    const check = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(buildTopologySchema(models));
    validator = { models, check };
  }
  return validator!.check;
}

class Problems {
  readonly errors: string[] = [];
  /** Source offset of each error, to print them in file order. */
  private readonly order: number[] = [];
  readonly warnings: string[] = [];
  private hidden = 0;
  constructor(
    private readonly file: string,
    private readonly doc: Document | null = null,
    private readonly lines: LineCounter | null = null,
  ) {}

  private line(path: readonly Segment[] | null, message: string, warning: boolean): string {
    const pos = path === null ? null : positionOf(this.doc, this.lines, path);
    const where = pos ? `${this.file}:${pos.line}:${pos.col}` : this.file;
    // An empty path is the whole design: placed at the top, no field named.
    const field = path === null || path.length === 0 ? '' : `${formatPath(path)}: `;
    return `${where}: ${warning ? 'warning: ' : ''}${field}${message}`;
  }

  error(path: readonly Segment[] | null, message: string): void {
    const text = this.line(path, oneLine(message), false);
    if (this.errors.includes(text)) return;
    if (this.errors.length >= MAX_PROBLEMS) {
      this.hidden++;
      return;
    }
    const pos = path === null ? null : positionOf(this.doc, this.lines, path);
    this.errors.push(text);
    this.order.push(pos === null ? -1 : pos.line * 1e6 + pos.col);
  }

  warn(path: readonly Segment[] | null, message: string): void {
    this.warnings.push(this.line(path, oneLine(message), true));
  }

  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const sorted = this.errors
      .map((e, i) => [e, this.order[i] ?? -1] as const)
      .sort((a, b) => a[1] - b[1])
      .map(([e]) => e);
    throw new TopologyFileError(
      this.hidden > 0
        ? [...sorted, `${this.file}: … and ${this.hidden} more problem${this.hidden === 1 ? '' : 's'}`]
        : sorted,
    );
  }
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? text;
  return first.trim().slice(0, 300);
}

/** Reads and loads a file (size, encoding and syntax under the limits of every input file). @throws TopologyFileError */
export function loadTopologyFile(file: string): LoadedTopology {
  let text: string;
  try {
    text = readInputFile(file, 'yaml');
  } catch (error) {
    if (error instanceof InputFileError) throw new TopologyFileError(error.lines);
    throw error;
  }
  return parseTopologyText(text, file);
}

/** Loads a file's text. @throws TopologyFileError with one line per problem */
export function parseTopologyText(text: string, file: string): LoadedTopology {
  try {
    return parseChecked(text, file);
  } catch (error) {
    if (error instanceof TopologyFileError) throw error;
    // A bad file must never surface as a stack trace, whatever went wrong inside.
    const why =
      error instanceof RangeError
        ? 'nested too deeply'
        : `could not be loaded (${(error as Error).message ?? String(error)})`;
    throw new TopologyFileError([`${file}: ${oneLine(why)}`]);
  }
}

const TOP_LEVEL: TopLevel = {
  kinds: ['mapping'],
  expected: 'a mapping with name, model, hosts, switches and services',
};

function parseChecked(text: string, file: string): LoadedTopology {
  let parsed;
  try {
    parsed = parseYamlInput(text, file, TOP_LEVEL);
  } catch (error) {
    if (error instanceof InputFileError) throw new TopologyFileError(error.lines);
    throw error;
  }
  const { data, doc, lines } = parsed;
  const problems = new Problems(file, doc, lines);
  const check = validate();
  if (!check(data)) {
    for (const e of check.errors ?? []) {
      // More hosts than the engine holds: say so with the model's own limit, when the model is known.
      if (e.keyword === 'maxItems' && e.instancePath === '/hosts' && tooManyHosts(data, problems)) continue;
      const p = fromAjv(e, data);
      if (p) problems.error(p.path, p.message);
    }
  }
  problems.throwIfAny();
  return fromValid(data as TopologyFileData, file, problems);
}

function fromValid(data: TopologyFileData, file: string, problems: Problems): LoadedTopology {
  const model = findCatalogued(data.model)!;
  const topology = toTopology(data, problems);
  tooManyHosts(data, problems);
  problems.throwIfAny();
  let compiled: CompiledTopology | null = null;
  try {
    compiled = compileTopology(topology);
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    for (const issue of error.issues) problems.error(parsePath(issue.path), issue.message);
  }
  const settings = data.settings ?? {};
  let config: Config | null = null;
  try {
    config = resolveConfig(model, settings);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) settingProblem(problems, p, settings);
  }
  const environment = parseEnvironment(model, data.environment ?? {}, problems);
  const faults = data.faults ?? null;
  if (faults !== null && faults.length === 0)
    problems.error(['faults'], "expected at least one fault kind, found an empty list (omit it to use the model's)");
  problems.throwIfAny();
  for (const w of compiled!.warnings) problems.warn(parsePath(w.path), w.message);
  if (faults !== null) {
    const drawable = new Set(drawableKinds(compiled!, faults, vocabularyOf(model)));
    faults.forEach((f, i) => {
      if (!drawable.has(f))
        problems.warn(
          ['faults', i],
          `fault kind \`${f}\` has no target in this topology (${FAULTS[f].area}); it is never drawn`,
        );
    });
  }
  smokeRun(model, compiled!, config!, problems);
  problems.throwIfAny();
  return {
    file,
    model,
    topology,
    compiled: compiled!,
    config: config!,
    settings,
    environment,
    faults,
    warnings: problems.warnings,
  };
}

/**
 * More hosts than the file's model supports (its declared maximum, held to the engine's): one
 * problem at the first host too many. False when the model is unknown or the hosts are few enough.
 */
function tooManyHosts(data: unknown, problems: Problems): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const { model: name, hosts } = data as { model?: unknown; hosts?: unknown };
  const model = typeof name === 'string' ? findCatalogued(name) : undefined;
  if (model === undefined || !Array.isArray(hosts)) return false;
  const limit = hostLimitOf(model);
  if (hosts.length <= limit.hosts) return false;
  problems.error(
    ['hosts', limit.hosts],
    `found ${hosts.length} hosts; ${model.name} supports at most ${limit.hosts} (${limit.why})`,
  );
  return true;
}

/** resolveConfig says `timeoutMs: expected …`; the file's field is `settings.timeoutMs`. */
function settingProblem(problems: Problems, text: string, settings: Readonly<Record<string, ConfigValue>>): void {
  const colon = text.indexOf(': ');
  const key = colon > 0 ? text.slice(0, colon) : '';
  if (Object.prototype.hasOwnProperty.call(settings, key)) problems.error(['settings', key], text.slice(colon + 2));
  else problems.error(['settings'], text);
}

function toTopology(data: TopologyFileData, problems: Problems): Topology {
  return {
    name: data.name,
    description: data.description,
    hosts: data.hosts.map((h) => ({
      id: h.id,
      nics: h.nics.map((n) => ({
        id: n.id,
        network: n.network,
        ...(n.switch !== undefined ? { switch: n.switch } : {}),
        ...(n.independent !== undefined ? { independent: n.independent } : {}),
      })),
      ...(h.bonds !== undefined
        ? { bonds: h.bonds.map((b) => ({ id: b.id, network: b.network, nics: [...b.nics] })) }
        : {}),
      ...(h.capacity !== undefined ? { capacity: h.capacity } : {}),
      ...(h.runsOn !== undefined ? { runsOn: h.runsOn } : {}),
      ...(h.powerSupplies !== undefined ? { powerSupplies: h.powerSupplies } : {}),
      ...(h.os !== undefined ? { os: h.os } : {}),
    })),
    switches: data.switches.map((s) => ({ id: s.id })),
    ...(data.links !== undefined ? { links: data.links.map((l) => ({ a: l.a, b: l.b })) } : {}),
    ...(data.storage !== undefined
      ? {
          storage: {
            nodes: data.storage.nodes.map((n) => ({ id: n.id })),
            ...(data.storage.mirror !== undefined
              ? { mirror: [data.storage.mirror[0], data.storage.mirror[1]] as const }
              : {}),
            paths: data.storage.paths.map((p) => ({
              host: p.host,
              node: p.node,
              ...(p.nic !== undefined ? { nic: p.nic } : {}),
            })),
          },
        }
      : {}),
    services: data.services.map((s, i) => ({
      id: s.id,
      home: s.home,
      priority: s.priority,
      ...(s.order !== undefined ? { order: s.order } : {}),
      ...(s.needs !== undefined ? { needs: s.needs } : {}),
      ...(s.rtoMs !== undefined ? { rtoMs: toMs(s.rtoMs, ['services', i, 'rtoMs'], problems) } : {}),
      ...(s.os !== undefined ? { os: s.os } : {}),
      ...(s.backups !== undefined ? { backups: [...s.backups] } : {}),
    })),
    ...(data.fenceDevices !== undefined
      ? {
          fenceDevices: data.fenceDevices.map((d, i) => ({
            id: d.id,
            host: d.host,
            switch: d.switch,
            ...(d.network !== undefined ? { network: d.network } : {}),
            ...(d.actionMs !== undefined
              ? { actionMs: toMs(d.actionMs, ['fenceDevices', i, 'actionMs'], problems) }
              : {}),
          })),
        }
      : {}),
  };
}

function toMs(value: number | string, path: Segment[], problems: Problems): number {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === null || !Number.isSafeInteger(ms)) {
    problems.error(path, `expected a duration (e.g. 120000, 120s, 2m), found \`${value}\``);
    return 0;
  }
  return ms;
}

function parseEnvironment(
  model: Model,
  raw: Readonly<Record<string, unknown>>,
  problems: Problems,
): Record<string, EnvironmentRange> {
  const out: Record<string, EnvironmentRange> = {};
  const numeric = model.keys.filter((k) => k.type === 'ms' || k.type === 'number');
  for (const [name, spec] of Object.entries(raw)) {
    const key = numeric.find((k) => k.key === name);
    if (!key) {
      const other = model.keys.find((k) => k.key === name);
      problems.error(
        ['environment', name],
        other
          ? `\`${name}\` is ${other.type === 'enum' ? 'an enum' : `a ${other.type}`} setting; expected a duration or number setting of ${model.name}`
          : `not a setting of ${model.name}${didYouMean(
              name,
              numeric.map((k) => k.key),
            )} (expected a duration or number setting: ${numeric.map((k) => k.key).join(', ')})`,
      );
      continue;
    }
    const show = (v: number) => (key.type === 'ms' ? formatMs(v) : String(v));
    const parse = (v: ConfigValue, path: Segment[]): number | null => {
      const r = parseValue(key, v);
      if (!r.ok) {
        problems.error(path, r.problem.replace(`${name}: `, ''));
        return null;
      }
      return typeof r.value === 'number' ? r.value : null;
    };
    if (Array.isArray(spec)) {
      const values = spec.map((v, i) => parse(v as ConfigValue, ['environment', name, i]));
      // A value listed twice would run the same setting twice (as in --set, bad input).
      const twice = values.findIndex((v, i) => v !== null && values.indexOf(v) < i);
      const again = twice >= 0 ? values[twice] : null;
      if (again !== null) problems.error(['environment', name, twice], `${show(again)} is listed twice`);
      else if (values.every((v): v is number => v !== null))
        out[name] = { key: name, values, min: Math.min(...values), max: Math.max(...values) };
    } else {
      const r = spec as { min: ConfigValue; max: ConfigValue };
      const min = parse(r.min, ['environment', name, 'min']);
      const max = parse(r.max, ['environment', name, 'max']);
      if (min !== null && max !== null && min > max)
        problems.error(
          ['environment', name],
          `min (${show(min)}) is greater than max (${show(max)}); expected min ≤ max`,
        );
      else if (min !== null && max !== null) out[name] = { key: name, min, max };
    }
  }
  return out;
}

/** The model must be able to run the design at all: one fault-free run, its failures as a problem. */
function smokeRun(model: Model, compiled: CompiledTopology, config: Config, problems: Problems): void {
  try {
    new Simulation(model, compiled, config).run([]);
  } catch (error) {
    problems.error(null, `${model.name} cannot run this design: ${(error as Error).message}`);
  }
}
