// Where a field of a JSON file is written, so a problem found in the parsed data (a trace file's
// `schedule[3].target`, a checkpoint's `tally.settings[0].runs`) is printed at its line and column
// like a syntax error is: `file:line:col: path: problem`. JSON.parse keeps no positions, so the
// text is walked once more, iteratively (no input exhausts the stack), only on the way to a refusal.

/** A field path as problem lines print it: `schedule[3].target`, `config["a b"]`, `flags.x`. */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2]);
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/** The wanted paths as a tree; each node the offset where its field (member key or item) is written. */
interface Trie {
  readonly next: Map<string, Trie>;
  offset: number | null;
}

interface Frame {
  readonly trie: Trie | null;
  readonly isObject: boolean;
  index: number;
  /** In an object: the trie node of the member whose key was just read. */
  member: Trie | null;
  expectKey: boolean;
}

/** The end (exclusive) of the string that starts at `start` (a `"`) in valid JSON. */
function stringEnd(text: string, start: number): number {
  for (let i = text.indexOf('"', start + 1); i >= 0; i = text.indexOf('"', i + 1)) {
    let slashes = 0;
    while (text[i - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return i + 1;
  }
  return text.length;
}

const SCALAR_END = /[\s,\]}]/g;

function scalarEnd(text: string, start: number): number {
  SCALAR_END.lastIndex = start;
  return SCALAR_END.exec(text)?.index ?? text.length;
}

/** Marks the offsets of the wanted fields, walking valid JSON text once. */
function mark(text: string, root: Trie): void {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === ':') {
      i++;
      continue;
    }
    const frame = frames[frames.length - 1] as Frame | undefined;
    if (c === ',') {
      if (frame?.isObject) frame.expectKey = true;
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      frames.pop();
      i++;
      continue;
    }
    if (c === '"' && frame?.isObject && frame.expectKey) {
      const end = stringEnd(text, i);
      const raw = text.slice(i, end);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      frame.member = frame.trie?.next.get(key) ?? null;
      if (frame.member) frame.member.offset = i;
      frame.expectKey = false;
      i = end;
      continue;
    }
    // A value starts here: its trie node is the root's, the member's, or the item's.
    let trie: Trie | null = root;
    if (frame?.isObject) trie = frame.member;
    else if (frame) {
      frame.index++;
      trie = frame.trie?.next.get(String(frame.index)) ?? null;
      if (trie) trie.offset = i;
    } else root.offset = i;
    if (c === '{' || c === '[') {
      frames.push({ trie, isObject: c === '{', index: -1, member: null, expectKey: c === '{' });
      i++;
    } else i = c === '"' ? stringEnd(text, i) : Math.max(i + 1, scalarEnd(text, i));
  }
}

/** 1-based line and column (UTF-16 units, as the YAML reader counts them) of a 0-based offset. */
export function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * For each path (segments as pathSegments gives them), the line and column of the field in valid
 * JSON text: its key in an object, the item itself in a list; a field that is not there is placed at
 * the nearest enclosing field that is (a missing field at its object). Null only for blank text.
 */
export function jsonPositions(
  text: string,
  paths: readonly (readonly string[])[],
): ({ line: number; col: number } | null)[] {
  const root: Trie = { next: new Map(), offset: null };
  for (const path of paths) {
    let t = root;
    for (const s of path) {
      let child = t.next.get(s);
      if (!child) t.next.set(s, (child = { next: new Map(), offset: null }));
      t = child;
    }
  }
  mark(text, root);
  const offsets = paths.map((path) => {
    let t = root;
    let offset = root.offset;
    for (const s of path) {
      const child = t.next.get(s);
      if (child === undefined || child.offset === null) break;
      [t, offset] = [child, child.offset];
    }
    return offset;
  });
  return linesCols(text, offsets);
}

/** lineColOf for many offsets in one pass over the text (a refusal of a 64 MiB file stays fast). */
function linesCols(text: string, offsets: readonly (number | null)[]): ({ line: number; col: number } | null)[] {
  const order = offsets.map((_, i) => i).filter((i) => offsets[i] !== null);
  order.sort((a, b) => offsets[a]! - offsets[b]!);
  const out: ({ line: number; col: number } | null)[] = offsets.map(() => null);
  let line = 1;
  let start = 0;
  for (const i of order) {
    const offset = offsets[i]!;
    for (let nl = text.indexOf('\n', start); nl >= 0 && nl < offset; nl = text.indexOf('\n', start)) {
      line++;
      start = nl + 1;
    }
    out[i] = { line, col: offset - start + 1 };
  }
  return out;
}
