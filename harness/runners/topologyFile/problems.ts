// Turns what is wrong with a topology file into one line per problem, the way compilers print:
// `file:line:col: hosts[2].nics[0].switch: unknown switch `sw3`; did you mean `sw2`?`. Paths are
// the fields' paths; line and column come from the YAML (or JSON) source.
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { didYouMean } from '../../engine/didYouMean.js';
import { ID_PATTERN, idProblem, printableId } from '../../engine/ids.js';
import { describeNumber } from '../../engine/inputText.js';

export type Segment = string | number;

export interface Located {
  readonly path: readonly Segment[];
  readonly message: string;
}

/** `["hosts", 2, "nics", 0, "switch"]` → `hosts[2].nics[0].switch`. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '(top level)' : out;
}

/** The inverse of `formatPath` for the paths compile.ts reports (`storage.paths[3].nic`). */
export function parsePath(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

function pointerSegments(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let here: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(here) && /^\d+$/.test(s) ? Number(s) : s;
    out.push(seg);
    here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let here = data;
  for (const s of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[s];
  }
  return here;
}

/** A short, safe description of a value (never recursive, never long). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  // Control and bidirectional characters are shown escaped: a terminal must print what the file holds.
  if (typeof value === 'string')
    return value.length > 60 ? `\`${printableId(value.slice(0, 57))}...\`` : `\`${printableId(value)}\``;
  if (typeof value === 'number') return describeNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  object: 'a mapping',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
};

function typeWords(types: string): string {
  return types
    .split(',')
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');
}

/** One ajv error as a located problem; null for errors that another check reports better. */
export function fromAjv(error: ErrorObject, data: unknown): Located | null {
  // The per-model hints (settings names, environment keys) are checked by resolveConfig with
  // a did-you-mean, so the schema's own version of those errors is dropped.
  if (error.schemaPath.startsWith('#/allOf')) return null;
  const path = pointerSegments(error.instancePath, data);
  const value = valueAt(data, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return { path, message: `expected ${typeWords(String(params.type))}, found ${describeValue(value)}` };
    case 'required':
      return {
        path: [...path, String(params.missingProperty)],
        message: `missing; expected this required field${path.length === 0 ? '' : ` of ${formatPath(path)}`}`,
      };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      return {
        path: [...path, name],
        message: `unknown field \`${name}\`${didYouMean(name, known)} (expected one of: ${known.join(', ')})`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return {
        path,
        message: `expected one of ${allowed.join(', ')}, found ${describeValue(value)}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`,
      };
    }
    case 'pattern':
      if (params.pattern === ID_PATTERN && typeof value === 'string')
        return { path, message: idProblem(value) ?? 'expected an id' };
      return { path, message: `expected a duration (e.g. 120000, 120s, 2m, 1500ms), found ${describeValue(value)}` };
    case 'minimum':
      return { path, message: `expected at least ${String(params.limit)}, found ${describeValue(value)}` };
    case 'maximum':
      return { path, message: `expected at most ${String(params.limit)}, found ${describeValue(value)}` };
    case 'minLength':
      return { path, message: `expected a non-empty string, found ${describeValue(value)}` };
    case 'maxLength':
      return {
        path,
        message: `expected at most ${String(params.limit)} characters, found ${(value as string).length}`,
      };
    case 'minItems':
      return {
        path,
        message: `expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, found ${describeValue(value)}`,
      };
    case 'maxItems':
      return { path, message: `expected at most ${String(params.limit)} items, found ${describeValue(value)}` };
    case 'uniqueItems':
      return {
        path,
        message: `${describeValue((value as unknown[])[Number(params.i)])} is listed twice; expected each once`,
      };
    default:
      return { path, message: error.message ?? `invalid (${error.keyword})` };
  }
}

/** Source position of the node at a path, or of its nearest ancestor that exists. */
export function positionOf(
  doc: Document | null,
  lines: LineCounter | null,
  path: readonly Segment[],
): { line: number; col: number } | null {
  if (doc === null || lines === null) return null;
  let node: Node | null = doc.contents;
  let best: Node | null = node;
  let keyNode: Node | null = null;
  for (const seg of path) {
    if (node === null) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
      best = node ?? keyNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      keyNode = null;
      node = item;
      best = item;
    } else {
      break;
    }
  }
  const range = best?.range ?? keyNode?.range;
  if (!range) return null;
  const pos = lines.linePos(range[0]);
  return { line: pos.line, col: pos.col };
}
