// Which single mutations make an input invalid for certain, so that exit 2 is the only right answer.
// The rules come from what the inputs promise, not from the code that checks them: the topology
// file's JSON Schema (schema/topology.schema.json: required keys, no unknown keys, types, enums,
// lengths), the fields every trace file carries (a trace's topology is held to the topology file's
// rules, issue 12), names that must name something (a model, a property, a fault, a target), and a
// setting's declared range. Anything less certain (a swap, a deleted list element) is left unjudged:
// it must still end cleanly, just not necessarily with 2.
import type { Model } from '../../harness/engine/model.js';
import { idProblem } from '../../harness/engine/ids.js';
import { ODD_STRINGS, shown } from './hostile.js';
import { formatPath, type Applied, type Path } from './mutate.js';

/** A path with list indices as `[]`: `hosts[].nics[].id`. */
export function shape(path: Path): string {
  return formatPath(path.map((s) => (typeof s === 'number' ? 0 : s))).replaceAll('[0]', '[]');
}

/** schema/topology.schema.json's `required` lists, by the shape of the object that holds them. */
const TOPOLOGY_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  '': ['name', 'model', 'hosts', 'switches', 'services'],
  'hosts[]': ['id', 'nics'],
  'hosts[].nics[]': ['id', 'network'],
  'hosts[].bonds[]': ['id', 'network', 'nics'],
  'switches[]': ['id'],
  'links[]': ['a', 'b'],
  storage: ['nodes', 'paths'],
  'storage.nodes[]': ['id'],
  'storage.paths[]': ['host', 'node'],
  'services[]': ['id', 'home', 'priority'],
  'fenceDevices[]': ['id', 'host', 'switch'],
};

/** Fields whose value is one of a fixed list (no hostile value is on it). */
const ENUMS = /(^model|\.network|\.priority|\.os|^faults\[\])$/;
/** Bounded numbers: capacity, order, needs ≥ 0 and ≤ 2^53-1; powerSupplies 1..8, whole. */
const NUMBERS = /\.(capacity|order|needs|powerSupplies)$/;
/** Durations that may be written as text too. */
const DURATIONS = /\.(rtoMs|actionMs)$/;
/** Lists whose elements carry an `id` that must be unique. */
const WITH_IDS = /^(hosts|switches|services|storage\.nodes|fenceDevices|hosts\[\]\.nics|hosts\[\]\.bonds)\[\]$/;

function requiredIn(required: Readonly<Record<string, readonly string[]>>, path: Path): boolean {
  const holder = shape(path.slice(0, -1));
  return required[holder === '(root)' ? '' : holder]?.includes(String(path[path.length - 1])) ?? false;
}

function hostileInTopology(where: string, value: unknown): string | null {
  if (ENUMS.test(where)) return `${where} is not one of its values`;
  if (DURATIONS.test(where) || where.startsWith('settings') || where.startsWith('environment')) return null;
  if (NUMBERS.test(where)) {
    if (typeof value !== 'number') return `${where} must be a number`;
    const max = where.endsWith('powerSupplies') ? 8 : 2 ** 53 - 1;
    const min = where.endsWith('powerSupplies') ? 1 : 0;
    const whole = !where.endsWith('capacity') && !where.endsWith('needs');
    return value < min || value > max || (whole && !Number.isInteger(value)) ? `${where} out of range` : null;
  }
  if (where === '$schema') return null;
  if (typeof value !== 'string') return `${where} must be text`;
  if (where === 'description') return value.length > 2000 ? `${where} is longer than 2000 characters` : null;
  if (value.length > 200 || value === '') return `${where} is empty or longer than 200 characters`;
  // Every other text field but the design's name is an id or names one (harness/engine/ids.ts).
  return where !== 'name' && idProblem(value) !== null ? `${where} holds a character no id may hold` : null;
}

/** Why a single structural mutation of a topology file makes it invalid, or null when unsure. */
export function topologyInvalid(a: Applied, value: unknown): string | null {
  const where = shape(a.path);
  switch (a.kind) {
    case 'delete':
      return requiredIn(TOPOLOGY_REQUIRED, a.path) ? `${where} is required` : null;
    case 'addKey':
      return `${where} is not a key the schema knows`;
    case 'retype': {
      if (where.startsWith('settings') || where.startsWith('environment')) return null;
      // A duration may be written as text or as whole milliseconds: either type can be valid.
      if (DURATIONS.test(where) && (a.after === 'string' || a.after === 'number')) return null;
      return `${where} cannot be ${a.after === 'null' ? 'null' : `a ${a.after}`}`;
    }
    case 'hostile':
      return hostileInTopology(where, value);
    case 'duplicate':
      return WITH_IDS.test(where) ? `${where} duplicated: its id twice` : null;
    default:
      return null;
  }
}

/** The trace format's required fields (harness/engine/traceFile.ts reads them; the format page lists them). */
const TRACE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  '': ['format', 'formatVersion', 'model', 'topology', 'config', 'schedule', 'properties', 'violations', 'endMs'],
  model: ['name'],
  'schedule[]': ['at', 'fault', 'target'],
  'topology.hosts[]': ['id', 'nics'],
  'topology.hosts[].nics[]': ['id', 'network'],
  'topology.switches[]': ['id'],
  'topology.services[]': ['id', 'home', 'priority'],
  'topology.storage.nodes[]': ['id'],
  'topology.storage.paths[]': ['host', 'node'],
};

/** Fields of a trace that no hostile value can stand for: they name a model, a property, a fault, a component. */
const TRACE_NAMES =
  /^(format|model\.name|properties\[\]|schedule\[\]\.(fault|target)|topology\.hosts\[\]\.nics\[\]\.network)$/;

/** Hostile values that are never a number a setting accepts, written as JSON. */
function neverNumeric(value: unknown, min: number, max: number): boolean {
  if (typeof value === 'number') return value < min || value > max || !Number.isInteger(value);
  if (typeof value !== 'string') return false;
  return oddText(value) || ['NaN', 'Infinity', '-Infinity', '1e308', '9007199254740993'].includes(value);
}

function hostileInTrace(where: string, path: Path, value: unknown, model: Model | undefined): string | null {
  if (TRACE_NAMES.test(where)) return `${where} names nothing`;
  if (where === 'formatVersion') return `${where}: ${shown(value)} is no format version`;
  if (where === 'endMs' || where === 'schedule[].at')
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? null
      : `${where} must be a whole number of milliseconds`;
  if (path[0] !== 'config' || path.length !== 2 || model === undefined) return null;
  const key = model.keys.find((k) => k.key === path[1]);
  if (!key) return null;
  if (key.type === 'ms' || key.type === 'number')
    return neverNumeric(value, key.min, key.max) ? `config.${key.key} out of its range` : null;
  if (key.type === 'boolean')
    return typeof value === 'string' && oddText(value) ? `config.${key.key} must be true or false` : null;
  if (key.type === 'enum') return `config.${key.key} is not one of ${key.values?.join(', ')}`;
  return null;
}

/** Odd text that no parser of a boolean, a number or a duration takes for one. */
function oddText(value: string): boolean {
  return ODD_STRINGS.includes(value) && !['true', 'null', '~'].includes(value);
}

/** A retyped setting: certainly invalid when a number or a choice becomes a list, a mapping or null. */
function retypedSetting(key: string, after: string | undefined, model: Model | undefined): string | null {
  const spec = model?.keys.find((k) => k.key === key);
  if (!spec || spec.type === 'string') return null;
  if (after === 'array' || after === 'object' || after === 'null')
    return `config.${key} cannot be ${after === 'null' ? 'null' : `a ${after}`}`;
  return null;
}

/** Why a single structural mutation of a trace file makes it invalid, or null when unsure. */
export function traceInvalid(a: Applied, value: unknown, model: Model | undefined): string | null {
  const where = shape(a.path);
  const inTopology = a.path[0] === 'topology' && a.path.length > 1;
  switch (a.kind) {
    case 'delete':
      return requiredIn(TRACE_REQUIRED, a.path) ? `${where} is required` : null;
    case 'addKey':
      if (inTopology) return `${where} is not a key a topology has`;
      return a.path[0] === 'config' && a.path.length === 2 ? `${where}: the model has no such setting` : null;
    case 'retype': {
      if (a.path[0] === 'config' && a.path.length === 2) return retypedSetting(String(a.path[1]), a.after, model);
      // A duration may be written as text or as whole milliseconds: either type can be valid.
      if (DURATIONS.test(where) && (a.after === 'string' || a.after === 'number')) return null;
      return requiredIn(TRACE_REQUIRED, a.path) || inTopology
        ? `${where} cannot be ${a.after === 'null' ? 'null' : `a ${a.after}`}`
        : null;
    }
    case 'hostile':
      return hostileInTrace(where, a.path, value, model);
    case 'duplicate':
      return /^topology\.(hosts|switches|services)\[\]$/.test(where) ? `${where} duplicated: its id twice` : null;
    default:
      return null;
  }
}

/** A plan's fields that name a fault or a component, or say `healthy`: no hostile value is one. */
const PLAN_NAMES = /^steps\[\]\.(fault|target|wait)$/;

/** Why a single structural mutation of a YAML plan makes it invalid, or null when unsure. */
export function planInvalid(a: Applied): string | null {
  const where = shape(a.path);
  if (a.kind === 'delete' && (where === 'steps' || /^steps\[\]\.(fault|target)$/.test(where)))
    return `${where} is required`;
  if (a.kind === 'retype' && (where === 'steps' || PLAN_NAMES.test(where))) return `${where} cannot be a ${a.after}`;
  if (a.kind === 'hostile' && PLAN_NAMES.test(where)) return `${where} names nothing`;
  return null;
}
