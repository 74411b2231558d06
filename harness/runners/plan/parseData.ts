// Plans as JSON or YAML: a list of steps (or {steps: […]}) with the same meaning as the text format:
//   - {at: 10s, fault: storage-hard-powercycle, target: sanA}
//   - {wait: healthy, within: 10m}
//   - {after: 30s, fault: storage-hard-powercycle, target: sanB}
import { didYouMean } from '../../engine/didYouMean.js';
import { FAULTS, isFaultName } from '../../engine/faults/index.js';
import { isMap, isScalar, type LineCounter } from 'yaml';
import { InputFileError, parseYamlInput, type ParsedYaml, type TopLevel } from '../../engine/inputText.js';
import { parseDuration } from '../../engine/time.js';
import { DEFAULT_WAIT_MS, type Plan, type PlanProblem, type PlanStep, type PlanTime } from './types.js';

function duration(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  return typeof raw === 'string' ? parseDuration(raw) : null;
}

const TOP_LEVEL: TopLevel = { kinds: ['list', 'mapping'], expected: 'a list of steps (or a mapping with `steps:`)' };

/** The loader's problems as plan problems (`file:line:col`, as every input file's are printed). */
export function planProblemsOf(error: InputFileError): PlanProblem[] {
  return error.problems.map((p) => ({ file: error.file, line: p.line, col: p.col, message: p.message }));
}

type Place = { line: number; col: number };

/** Where a node starts, or null. */
function placeOf(node: unknown, lines: LineCounter): Place | null {
  const range = (node as { range?: [number, number] } | null | undefined)?.range;
  return range ? lines.linePos(range[0]) : null;
}

/** Where the value of `key` in a step's mapping starts (its key: for a null value, or when `atKey`), or null. */
function fieldPlace(node: unknown, key: string, lines: LineCounter, atKey = false): Place | null {
  if (!isMap(node)) return null;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (!pair) return null;
  return (atKey ? null : placeOf(pair.value, lines)) ?? placeOf(pair.key, lines);
}

export function parsePlanData(text: string, source: string): { plan: Plan; problems: PlanProblem[] } {
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlInput(text, source, TOP_LEVEL);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    return { plan: { source, steps: [] }, problems: planProblemsOf(error) };
  }
  const { data, doc, lines } = parsed;
  const problems: PlanProblem[] = [];
  const root = doc.contents as { items?: unknown[] } | null;
  const list = Array.isArray(data) ? data : (data as { steps?: unknown }).steps;
  if (!Array.isArray(list)) {
    // Placed at `steps:` when it is there, else at the top-level mapping.
    const at = fieldPlace(root, 'steps', lines) ?? placeOf(root, lines) ?? { line: 1, col: 1 };
    problems.push({ file: source, ...at, message: 'expected a list of steps (or an object with `steps:`)' });
    return { plan: { source, steps: [] }, problems };
  }
  const nodes =
    (Array.isArray(data)
      ? root?.items
      : (root as { get?: (k: string) => { items?: unknown[] } })?.get?.('steps')?.items) ?? [];
  const steps: PlanStep[] = [];
  list.forEach((raw, i) => {
    const step = stepOf(raw, i, nodes[i], lines, source, problems);
    if (step) steps.push(step);
  });
  return { plan: { source, steps }, problems };
}

/** Step `i` of the list (its YAML node `node`), or null after adding its problem to `problems`. */
function stepOf(
  raw: unknown,
  i: number,
  node: unknown,
  lines: LineCounter,
  source: string,
  problems: PlanProblem[],
): PlanStep | null {
  const at = placeOf(node, lines) ?? { line: 1, col: 1 };
  /** A problem at the field it names (`steps[2].fault`, at its value), else at the step. */
  const fail = (message: string, field?: string): null => {
    const place = (field === undefined ? null : fieldPlace(node, field, lines)) ?? at;
    problems.push({ file: source, ...place, message: `steps[${i}]${field ? `.${field}` : ''}: ${message}` });
    return null;
  };
  /** A field the step must not have: the step named, the field's key pointed at. */
  const unexpected = (keys: readonly string[], why: string): null => {
    problems.push({
      file: source,
      ...(fieldPlace(node, keys[0], lines, true) ?? at),
      message: `steps[${i}]: unexpected field ${keys.map((k) => `\`${k}\``).join(', ')}${why}`,
    });
    return null;
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('expected an object such as {at: 10s, fault: …, target: …} or {wait: healthy}');
  const step = raw as Record<string, unknown>;
  const text = JSON.stringify(step);
  if ('wait' in step) {
    // A step waits or injects a fault, never both: a fault beside `wait` would silently not happen.
    const extra = Object.keys(step).filter((k) => k !== 'wait' && k !== 'within');
    if (extra.length > 0)
      return unexpected(
        extra,
        ' beside `wait`; a step either waits ({wait: healthy, within: 10m}) or injects a fault ({at: 10s, fault: …, target: …}), not both',
      );
    if (step.wait !== 'healthy') return fail(`expected \`healthy\`, found ${JSON.stringify(step.wait)}`, 'wait');
    const withinMs = step.within === undefined ? DEFAULT_WAIT_MS : duration(step.within);
    if (withinMs === null || withinMs <= 0)
      return fail(`expected a duration (e.g. 10m), found ${JSON.stringify(step.within)}`, 'within');
    return { kind: 'wait', ...at, text, withinMs };
  }
  if (step.at !== undefined && step.after !== undefined) return fail('give `at` or `after`, not both', 'after');
  let time: PlanTime = { afterMs: 0 };
  if (step.at !== undefined || step.after !== undefined) {
    const ms = duration(step.at ?? step.after);
    if (ms === null)
      return fail(
        `expected a duration like 10s, found ${JSON.stringify(step.at ?? step.after)}`,
        step.at !== undefined ? 'at' : 'after',
      );
    time = step.at !== undefined ? { atMs: ms } : { afterMs: ms };
  }
  if (typeof step.fault !== 'string') return fail('expected a fault name (e.g. storage-hard-powercycle)', 'fault');
  if (!isFaultName(step.fault))
    return fail(`unknown fault \`${step.fault}\`${didYouMean(step.fault, Object.keys(FAULTS))}`, 'fault');
  if (typeof step.target !== 'string') return fail('expected a component id', 'target');
  const unknown = Object.keys(step).filter((k) => !['at', 'after', 'fault', 'target'].includes(k));
  if (unknown.length > 0) return unexpected(unknown, '');
  const timeAt = fieldPlace(node, step.at !== undefined ? 'at' : 'after', lines) ?? at;
  const targetAt = fieldPlace(node, 'target', lines) ?? at;
  return { kind: 'fault', ...at, text, time, timeAt, fault: step.fault, target: step.target, targetAt };
}
