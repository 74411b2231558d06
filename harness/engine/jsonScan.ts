// A single pass over JSON text that finds what JSON.parse cannot say: where the text breaks (Node's
// JSON.parse gives no line or column), a key written twice in one object (JSON.parse keeps the last
// silently), and nesting deeper than a limit. Iterative, so no input can exhaust the stack; the
// values themselves are left to JSON.parse once the scan passes.

/** The first thing wrong with the text, at a 0-based offset. */
export interface JsonFlaw {
  readonly offset: number;
  readonly message: string;
}

type State = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';

interface Frame {
  readonly kind: 'object' | 'array';
  readonly keys: Set<string>;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The end (exclusive) of the string starting at `start` (a `"`), or the flaw inside it. */
function scanString(text: string, start: number): number | JsonFlaw {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, message: 'a control character inside a string (write it as an escape)' };
    if (c !== 0x5c) continue;
    const e = text[i + 1];
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5;
    else if (e !== undefined && ESCAPES.has(e)) i += 1;
    else return { offset: i, message: `an invalid escape \`\\${e ?? ''}\` inside a string` };
  }
  return { offset: start, message: 'a string that is never closed' };
}

/** The end of the scalar (number, true, false, null) at `i`, or null when there is none. */
function scanScalar(text: string, i: number): number | null {
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : null;
}

function describeAt(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text.codePointAt(i)!;
  return c < 0x20 ? `character U+${c.toString(16).padStart(4, '0').toUpperCase()}` : `\`${String.fromCodePoint(c)}\``;
}

/** A value starts at `i`: the state after it, the frames updated; or the flaw. */
function startValue(text: string, i: number, stack: Frame[], maxDepth: number): [number, State] | JsonFlaw {
  const c = text[i];
  if (c === '{' || c === '[') {
    if (stack.length >= maxDepth) return { offset: i, message: `nested deeper than ${maxDepth} levels` };
    stack.push({ kind: c === '{' ? 'object' : 'array', keys: new Set() });
    return [i + 1, c === '{' ? 'keyOrClose' : 'valueOrClose'];
  }
  const end = c === '"' ? scanString(text, i) : scanScalar(text, i);
  if (end === null) return { offset: i, message: `expected a value, found ${describeAt(text, i)}` };
  if (typeof end !== 'number') return end;
  return [end, stack.length === 0 ? 'end' : 'commaOrClose'];
}

/** A key starts at `i` in the innermost object: the offset after it; or the flaw (a repeated key). */
function readKey(text: string, i: number, frame: Frame): number | JsonFlaw {
  if (text[i] !== '"') return { offset: i, message: `expected a key in double quotes, found ${describeAt(text, i)}` };
  const end = scanString(text, i);
  if (typeof end !== 'number') return end;
  const raw = text.slice(i, end);
  const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  if (frame.keys.has(key))
    return { offset: i, message: `key ${raw} appears twice in this object; expected each key once` };
  frame.keys.add(key);
  return end;
}

/** The first flaw of JSON text (syntax, a repeated key, nesting deeper than maxDepth), or null. */
export function scanJson(text: string, maxDepth: number): JsonFlaw | null {
  const stack: Frame[] = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text[i];
    const top = stack[stack.length - 1];
    if (state === 'end')
      return i >= text.length
        ? null
        : { offset: i, message: `unexpected ${describeAt(text, i)} after the end of the value` };
    if (i >= text.length) return { offset: i, message: 'the file ends in the middle of a value' };
    const closes = (top?.kind === 'object' && c === '}') || (top?.kind === 'array' && c === ']');
    if (closes && (state === 'valueOrClose' || state === 'keyOrClose' || state === 'commaOrClose')) {
      stack.pop();
      i++;
      state = stack.length === 0 ? 'end' : 'commaOrClose';
    } else if (state === 'value' || state === 'valueOrClose') {
      const next = startValue(text, i, stack, maxDepth);
      if (!Array.isArray(next)) return next;
      [i, state] = next;
    } else if (state === 'key' || state === 'keyOrClose') {
      const next = readKey(text, i, top);
      if (typeof next !== 'number') return next;
      [i, state] = [next, 'colon'];
    } else if (state === 'colon') {
      if (c !== ':') return { offset: i, message: `expected \`:\` after the key, found ${describeAt(text, i)}` };
      [i, state] = [i + 1, 'value'];
    } else {
      if (c !== ',')
        return {
          offset: i,
          message: `expected \`,\` or \`${top.kind === 'object' ? '}' : ']'}\`, found ${describeAt(text, i)}`,
        };
      [i, state] = [i + 1, top.kind === 'object' ? 'key' : 'value'];
    }
  }
}
