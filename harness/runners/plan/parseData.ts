// Plans as JSON or YAML: a list of steps (or {steps: […]}) with the same meaning as the text format:
//   - {at: 10s, fault: storage-hard-powercycle, target: sanA}
//   - {wait: healthy, within: 10m}
//   - {after: 30s, fault: storage-hard-powercycle, target: sanB}
import { didYouMean } from '../../engine/didYouMean.js';
import { FAULTS, isFaultName } from '../../engine/faults/index.js';
import { InputFileError, parseYamlInput, type ParsedYaml, type TopLevel } from '../../engine/inputText.js';
import { parseDuration } from '../../engine/time.js';
import { DEFAULT_WAIT_MS, type Plan, type PlanProblem, type PlanStep, type PlanTime } from './types.js';

type Located = { value: unknown; line: number | null };

function duration(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  return typeof raw === 'string' ? parseDuration(raw) : null;
}

const TOP_LEVEL: TopLevel = { kinds: ['list', 'mapping'], expected: 'a list of steps (or a mapping with `steps:`)' };

/** The loader's problems as plan problems (`file:line:col`, as the topology loader prints them). */
export function planProblemsOf(error: InputFileError): PlanProblem[] {
  return error.problems.map((p) => ({
    line: p.line,
    where: p.line === null ? error.file : `${error.file}:${p.line}:${p.col ?? 1}`,
    message: p.message,
  }));
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
    problems.push({ line: null, where: source, message: 'expected a list of steps (or an object with `steps:`)' });
    return { plan: { source, steps: [] }, problems };
  }
  const nodes =
    (Array.isArray(data)
      ? root?.items
      : (root as { get?: (k: string) => { items?: unknown[] } })?.get?.('steps')?.items) ?? [];
  const steps: PlanStep[] = [];
  list.forEach((raw, i) => {
    const node = nodes[i] as { range?: [number, number] } | undefined;
    const at: Located = { value: raw, line: node?.range ? lines.linePos(node.range[0]).line : null };
    const where = `${source}: steps[${i}]${at.line ? ` (line ${at.line})` : ''}`;
    const fail = (message: string) => problems.push({ line: at.line, where, message });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return void fail('expected an object such as {at: 10s, fault: …, target: …} or {wait: healthy}');
    const step = raw as Record<string, unknown>;
    const text = JSON.stringify(step);
    if ('wait' in step) {
      // A step waits or injects a fault, never both: a fault beside `wait` would silently not happen.
      const extra = Object.keys(step).filter((k) => k !== 'wait' && k !== 'within');
      if (extra.length > 0)
        return void fail(
          `unexpected field ${extra.map((k) => `\`${k}\``).join(', ')} beside \`wait\`; a step either waits ({wait: healthy, within: 10m}) or injects a fault ({at: 10s, fault: …, target: …}), not both`,
        );
      if (step.wait !== 'healthy') return void fail(`wait: expected \`healthy\`, found ${JSON.stringify(step.wait)}`);
      const withinMs = step.within === undefined ? DEFAULT_WAIT_MS : duration(step.within);
      if (withinMs === null || withinMs <= 0)
        return void fail(`within: expected a duration (e.g. 10m), found ${JSON.stringify(step.within)}`);
      steps.push({ kind: 'wait', line: at.line ?? i + 1, text, withinMs });
      return;
    }
    if (step.at !== undefined && step.after !== undefined) return void fail('give `at` or `after`, not both');
    let time: PlanTime = { afterMs: 0 };
    if (step.at !== undefined || step.after !== undefined) {
      const ms = duration(step.at ?? step.after);
      if (ms === null)
        return void fail(
          `${step.at !== undefined ? 'at' : 'after'}: expected a duration like 10s, found ${JSON.stringify(step.at ?? step.after)}`,
        );
      time = step.at !== undefined ? { atMs: ms } : { afterMs: ms };
    }
    if (typeof step.fault !== 'string') return void fail('fault: expected a fault name (e.g. storage-hard-powercycle)');
    if (!isFaultName(step.fault))
      return void fail(`fault: unknown fault \`${step.fault}\`${didYouMean(step.fault, Object.keys(FAULTS))}`);
    if (typeof step.target !== 'string') return void fail('target: expected a component id');
    const unknown = Object.keys(step).filter((k) => !['at', 'after', 'fault', 'target'].includes(k));
    if (unknown.length > 0) return void fail(`unexpected field ${unknown.map((k) => `\`${k}\``).join(', ')}`);
    steps.push({ kind: 'fault', line: at.line ?? i + 1, text, time, fault: step.fault, target: step.target });
  });
  return { plan: { source, steps }, problems };
}
