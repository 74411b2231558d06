// Structural mutations of a parsed input (a topology, a plan, a trace file): delete a key or an element,
// duplicate an element, retype a value, swap two values, put a hostile scalar somewhere, add an unknown
// key. A mutation is drawn as plain numbers (which node, which way) and applied to whatever document it
// meets, so fast-check can shrink it and print it; `Applied` says what it did, in JSON-path words, for
// the failure message and for the input kind's "known invalid" rules.
import fc from 'fast-check';
import { hostileScalar, shown } from './hostile.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = readonly (string | number)[];

export const TYPES = ['number', 'string', 'array', 'object', 'null', 'boolean'] as const;
export type JsonType = (typeof TYPES)[number];

export type TreeMutation =
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'duplicate'; readonly pick: number }
  | { readonly kind: 'retype'; readonly pick: number; readonly to: JsonType }
  | { readonly kind: 'swap'; readonly pick: number; readonly other: number }
  | { readonly kind: 'hostile'; readonly pick: number; readonly value: string | number }
  | { readonly kind: 'addKey'; readonly pick: number; readonly key: string }
  | { readonly kind: 'renumber'; readonly pick: number; readonly value: number };

/** What a mutation did: where, and the value's type before and after. */
export interface Applied {
  readonly kind: TreeMutation['kind'] | 'none';
  readonly path: Path;
  /** The second node of a swap. */
  readonly other?: Path;
  readonly before?: JsonType;
  readonly after?: JsonType;
  readonly label: string;
}

const pick = fc.nat({ max: 1_000_000 });

/** One mutation, its node chosen within the top-level key `scope` when there is one. */
export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('retype' as const), pick, to: fc.constantFrom(...TYPES) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('swap' as const), pick, other: pick }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('hostile' as const), pick, value: hostileScalar }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('addKey' as const),
      pick,
      key: fc.constantFrom('extra', 'id\u200f', 'x'),
    }),
    weight: 1,
  },
);

export function typeOf(value: Json): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'number' | 'string' | 'boolean' | 'object';
}

/** `topology.hosts[0].id` */
export function formatPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(root)';
}

/** Every node's path below the root, depth first in document order. */
export function pathsOf(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    const path = [...prefix, key];
    out.push(path, ...pathsOf(child, path));
  }
  return out;
}

export function getAt(value: Json, path: Path): Json {
  let node = value;
  for (const s of path) node = (node as Record<string | number, Json>)[s];
  return node;
}

function setAt(root: Json, path: Path, value: Json): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = value;
}

const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((s, i) => s === b[i]);

/** The value as another type, keeping what can be kept (`30` → `"30"`, `x` → `[x]`). */
export function retyped(value: Json, to: JsonType): Json {
  switch (to) {
    case 'number':
      return typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== '' ? Number(value) : 7;
    case 'string':
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    case 'array':
      return [value];
    case 'object':
      return { value };
    case 'null':
      return null;
    case 'boolean':
      return true;
  }
}

/** Applies a mutation to a copy of `doc`; `scope` (a top-level key) narrows where it lands. */
export function applyTree(doc: Json, m: TreeMutation, scope?: string): { value: Json; applied: Applied } {
  const value = structuredClone(doc);
  const all = pathsOf(value);
  const scoped = scope === undefined ? all : all.filter((p) => p[0] === scope);
  const paths = scoped.length > 0 ? scoped : all;
  const at = (n: number, among: Path[] = paths) => among[n % among.length];
  const none = (why: string) => ({ value, applied: { kind: 'none' as const, path: [], label: `${m.kind}: ${why}` } });
  if (paths.length === 0) return none('an empty document');
  switch (m.kind) {
    case 'delete':
      return { value, applied: deleteAt(value, at(m.pick)) };
    case 'duplicate': {
      const elements = paths.filter((p) => typeof p[p.length - 1] === 'number');
      if (elements.length === 0) return none('no list');
      return { value, applied: duplicateAt(value, at(m.pick, elements)) };
    }
    case 'retype': {
      const path = at(m.pick);
      const before = typeOf(getAt(value, path));
      const to = m.to === before ? TYPES[(TYPES.indexOf(m.to) + 1) % TYPES.length] : m.to;
      setAt(value, path, retyped(getAt(value, path), to));
      return {
        value,
        applied: { kind: 'retype', path, before, after: to, label: `retype ${formatPath(path)} ${before} → ${to}` },
      };
    }
    case 'swap':
      return swapIn(value, at(m.pick), at(m.other, all), none);
    case 'hostile': {
      const path = at(m.pick);
      const before = typeOf(getAt(value, path));
      setAt(value, path, m.value);
      const label = `set ${formatPath(path)} = ${shown(m.value)}`;
      return { value, applied: { kind: 'hostile', path, before, after: typeOf(m.value), label } };
    }
    case 'addKey':
      return addKeyIn(value, m.key, at(m.pick), none);
    case 'renumber': {
      const numbers = paths.filter((p) => typeof getAt(value, p) === 'number');
      if (numbers.length === 0) return none('no number');
      const path = at(m.pick, numbers);
      setAt(value, path, m.value);
      return {
        value,
        applied: {
          kind: 'renumber',
          path,
          before: 'number',
          after: 'number',
          label: `set ${formatPath(path)} = ${m.value}`,
        },
      };
    }
  }
}

function deleteAt(root: Json, path: Path): Applied {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  const before = typeOf(getAt(root, path));
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, Json>)[last];
  return { kind: 'delete', path, before, label: `delete ${formatPath(path)}` };
}

function duplicateAt(root: Json, path: Path): Applied {
  const list = getAt(root, path.slice(0, -1)) as Json[];
  const index = path[path.length - 1] as number;
  list.splice(index + 1, 0, structuredClone(list[index]));
  return { kind: 'duplicate', path, before: typeOf(list[index]), label: `duplicate ${formatPath(path)}` };
}

type None = (why: string) => { value: Json; applied: Applied };

function swapIn(value: Json, a: Path, b: Path, none: None): { value: Json; applied: Applied } {
  if (isPrefix(a, b) || isPrefix(b, a)) return none('nested nodes');
  const va = getAt(value, a);
  const vb = getAt(value, b);
  setAt(value, a, vb);
  setAt(value, b, va);
  const label = `swap ${formatPath(a)} ↔ ${formatPath(b)}`;
  return { value, applied: { kind: 'swap', path: a, other: b, before: typeOf(va), after: typeOf(vb), label } };
}

function addKeyIn(value: Json, key: string, near: Path, none: None): { value: Json; applied: Applied } {
  // The mapping at or above the chosen node (the root when there is none).
  for (let n = near.length; n >= 0; n--) {
    const path = near.slice(0, n);
    const node = getAt(value, path);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    if (key in node) return none(`${key} exists`);
    node[key] = 1;
    return { value, applied: { kind: 'addKey', path: [...path, key], label: `add ${formatPath([...path, key])}` } };
  }
  return none('no mapping');
}
