// The shape of a trace file's timeline, entry by entry, as the engine writes it (trace.ts): each
// entry at a whole millisecond ≥ 0, in time order, of a known type, with that type's fields and no
// other. A timeline that is not one the engine could have written is bad input at its JSON path
// (exit 2), never a replay mismatch blamed on the engine (exit 3).
import { isFaultName } from './faults/index.js';

/** Where the problems go (traceFile.ts's Shape). */
export interface ShapeSink {
  need(ok: boolean, path: string, expected: string, value: unknown): boolean;
  problem(path: string, text: string): void;
}

type FieldCheck = readonly [expected: string, ok: (v: unknown) => boolean];

const text: FieldCheck = ['a string', (v) => typeof v === 'string'];
const name: FieldCheck = ['an id (a non-empty string)', (v) => typeof v === 'string' && v.length > 0];
const ids: FieldCheck = ['a list of ids', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')];
const oneOf = (...values: readonly unknown[]): FieldCheck => [
  values.map((v) => JSON.stringify(v)).join(' or '),
  (v) => values.includes(v),
];
const CAUSES = ['fault', 'fence', 'ha', 'planned', 'migrate', 'restart', 'takeover', 'local-recovery', 'mirror'];

/** Per entry type: its fields (besides `at` and `type`); a `?` after a name marks an optional one. */
const ENTRY_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldCheck>>>> = {
  fault: { fault: ['a fault name', (v) => typeof v === 'string' && isFaultName(v)], target: name, text },
  truth: { canRun: ids, serving: ids, 'reachable?': ids },
  role: { agent: name, kind: text, role: text, 'status?': oneOf('up', 'out') },
  fence: { host: name, reason: text, 'by?': name, 'device?': name },
  service: {
    service: name,
    host: name,
    state: oneOf('starting', 'running', 'stopped'),
    'cause?': oneOf(...CAUSES),
    'shadow?': oneOf(true),
  },
  refused: { service: name, host: name, reason: text },
  note: { agent: name, text },
  data: {
    service: name,
    host: name,
    source: ['a host id or null', (v) => v === null || (typeof v === 'string' && v.length > 0)],
    state: oneOf('following', 'stopped'),
    mode: oneOf('sync', 'async'),
    lagMs: ['milliseconds ≥ 0', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0],
    upToMs: ['milliseconds (a number)', (v) => typeof v === 'number' && Number.isFinite(v)],
  },
  event: { agent: name, event: text },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One entry's fields against its type's. */
function checkEntry(shape: ShapeSink, where: string, entry: Record<string, unknown>): void {
  const type = entry.type;
  const fields = typeof type === 'string' && Object.hasOwn(ENTRY_FIELDS, type) ? ENTRY_FIELDS[type] : undefined;
  if (
    !shape.need(fields !== undefined, `${where}.type`, `an entry type (${Object.keys(ENTRY_FIELDS).join(', ')})`, type)
  )
    return;
  const known = new Set(['at', 'type']);
  for (const [key, [expected, ok]] of Object.entries(fields!)) {
    const optional = key.endsWith('?');
    const field = optional ? key.slice(0, -1) : key;
    known.add(field);
    if (optional && entry[field] === undefined) continue;
    shape.need(ok(entry[field]), `${where}.${field}`, expected, entry[field]);
  }
  for (const key of Object.keys(entry))
    if (!known.has(key))
      shape.problem(`${where}.${key}`, `unknown field (a ${String(type)} entry has: ${[...known].join(', ')})`);
}

/** Every entry of a timeline (`path`: its JSON path), in time order. */
export function checkTimeline(shape: ShapeSink, path: string, timeline: unknown): void {
  if (!shape.need(Array.isArray(timeline), path, 'a list of trace entries', timeline)) return;
  let previous = 0;
  (timeline as unknown[]).forEach((e, i) => {
    const where = `${path}[${i}]`;
    if (!shape.need(isObject(e), where, 'a trace entry (an object {at, type, …})', e)) return;
    const entry = e as Record<string, unknown>;
    const at = entry.at;
    if (
      shape.need(
        Number.isSafeInteger(at) && (at as number) >= 0,
        `${where}.at`,
        'milliseconds (a whole number ≥ 0)',
        at,
      )
    ) {
      if ((at as number) < previous)
        shape.problem(
          `${where}.at`,
          `${at as number} ms is before the entry before it (${previous} ms); expected entries in time order`,
        );
      else previous = at as number;
    }
    checkEntry(shape, where, entry);
  });
}
