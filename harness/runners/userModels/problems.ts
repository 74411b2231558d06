// What is wrong with a model written outside hafault, one line each, checked when it is loaded: the
// shape the runners rely on, the properties it judges (propertyProblems), and each preset — its
// topology compiles, its settings fit the model's keys, and the model instantiates on it. A built-in
// model passes these by its tests; a user's model is checked the same way before any run.
import { compileTopology, TopologyError } from '../../engine/compile.js';
import { ConfigError, defaultsFor, parseValue, resolveConfig } from '../../engine/config.js';
import { FAULTS } from '../../engine/faults/index.js';
import type { Model, Preset } from '../../engine/model.js';
import { propertyProblems } from '../../../properties/index.js';

/** Loose test for "this export is meant as a Model": what picking the export relies on. */
export function looksLikeModel(value: unknown): value is Model {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && Array.isArray(v.presets) && typeof v.instantiate === 'function';
}

function shapeProblems(model: Model): string[] {
  const v = model as unknown as Record<string, unknown>;
  const out: string[] = [];
  // A name with a slash or a file extension would read as a path after `--model`.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(model.name) || /\.[mc]?[jt]s$/.test(model.name))
    out.push(
      `name: \`${model.name}\` is not a model name; expected letters, digits, '-', '_' or '.', not ending .ts/.js`,
    );
  for (const field of ['version', 'summary']) if (typeof v[field] !== 'string') out.push(`${field}: expected a string`);
  for (const field of ['keys', 'faults', 'drifts', 'properties'])
    if (!Array.isArray(v[field])) out.push(`${field}: expected an array`);
  if (model.presets.length === 0) out.push('presets: expected at least one preset');
  return out;
}

function keyProblems(model: Model): string[] {
  const out: string[] = [];
  model.keys.forEach((k, i) => {
    if (model.keys.findIndex((x) => x.key === k.key) !== i) out.push(`keys[${i}]: \`${k.key}\` is declared twice`);
    if ((k.type === 'ms' || k.type === 'number') && !(k.min <= k.max))
      out.push(`keys[${i}]: ${k.key}: min ${k.min} is above max ${k.max}`);
  });
  if (out.length > 0) return out;
  const defaults = defaultsFor(model, {});
  for (const k of model.keys) {
    const parsed = parseValue(k, defaults[k.key]);
    if (!parsed.ok) out.push(`keys: ${k.key}: its default does not fit it: ${parsed.problem}`);
  }
  return out;
}

function presetProblems(model: Model, preset: Preset, i: number): string[] {
  const where = `presets[${i}] (${preset.name})`;
  if (model.presets.findIndex((p) => p.name === preset.name) !== i) return [`${where}: the name is used twice`];
  try {
    const compiled = compileTopology(preset.topology);
    model.instantiate(compiled, resolveConfig(model, preset.config ?? {}));
    return [];
  } catch (error) {
    if (error instanceof TopologyError || error instanceof ConfigError)
      return error.problems.map((p) => `${where}: ${p}`);
    return [`${where}: the model cannot instantiate it: ${firstLine(error)}`];
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim() !== '') ?? text;
}

/** Every problem of a model, `model-name: field: problem` each; none for a model that runs. */
export function modelProblems(model: Model): string[] {
  const shape = shapeProblems(model);
  if (shape.length > 0) return shape.map((p) => `${model.name}: ${p}`);
  const faults = model.faults
    .filter((f) => !Object.prototype.hasOwnProperty.call(FAULTS, f))
    .map((f) => `${model.name}: faults: \`${f}\` is not a fault kind (see \`hafault models\`)`);
  const keys = keyProblems(model).map((p) => `${model.name}: ${p}`);
  const presets = keys.length > 0 ? [] : model.presets.flatMap((p, i) => presetProblems(model, p, i));
  return [...faults, ...keys, ...propertyProblems(model), ...presets.map((p) => `${model.name}: ${p}`)];
}
