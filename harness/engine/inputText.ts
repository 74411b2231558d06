// The one way a user's YAML or JSON file becomes data: topology files, plans and trace files all go
// through here, under one set of limits (INPUT_LIMITS), so a hostile file (an alias bomb, a
// 100 000-deep list, a key written twice, bytes that are not UTF-8, a gigabyte of anything) is
// refused the same way everywhere: `file:line:col: problem`, one line each, never a stack trace,
// never a hang. Pure: the runners read the bytes (runners/inputFile.ts) and hand them over.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { lineColOf as lineCol } from './jsonPositions.js';
import { scanJson } from './jsonScan.js';

export interface InputLimits {
  /** Bytes a file read by the YAML parser may hold: topology files and plans, YAML or JSON (on text: characters). */
  readonly maxYamlBytes: number;
  /** Bytes a strict JSON file may hold: trace files and sweep checkpoints, which hafault writes. */
  readonly maxJsonBytes: number;
  /** yaml's maxAliasCount: how far aliases (`*name`) may multiply the document. */
  readonly maxAliasCount: number;
  /** Lists and mappings nested inside each other, at most. */
  readonly maxDepth: number;
}

/** Which parser reads a file, and so which size limit it has. */
export type Syntax = 'yaml' | 'json';

/**
 * A topology of 30 hosts is a few kilobytes and a trace file tens of kilobytes. YAML costs about
 * 1.7 s and 250 MB per MiB to parse on this machine, so 4 MiB bounds its worst case at seconds;
 * strict JSON is read a hundred times faster (100 MiB: 1.3 s to scan, 0.7 s to parse), so a long
 * run's trace or a large sweep's checkpoint gets 64 MiB.
 */
export const INPUT_LIMITS: InputLimits = {
  maxYamlBytes: 4 * 1024 * 1024,
  maxJsonBytes: 64 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
};

/** The size limit of a syntax, and how a refusal names it. */
export function sizeLimit(syntax: Syntax, limits: InputLimits = INPUT_LIMITS): { bytes: number; text: string } {
  const bytes = syntax === 'yaml' ? limits.maxYamlBytes : limits.maxJsonBytes;
  return {
    bytes,
    text: `expected at most ${formatBytes(bytes)}, the limit for ${syntax === 'yaml' ? 'a YAML file (JSON read as YAML too)' : 'a JSON file'}`,
  };
}

/** At most this many problems are printed; the rest are counted. */
const MAX_PROBLEMS = 40;

export interface InputProblem {
  /** 1-based; null when the problem is the whole file's. */
  readonly line: number | null;
  readonly col: number | null;
  readonly message: string;
}

export class InputFileError extends Error {
  /** One line per problem: `file:line:col: problem`. */
  readonly lines: readonly string[];
  constructor(
    readonly file: string,
    readonly problems: readonly InputProblem[],
  ) {
    const lines = problems.map((p) => `${file}${p.line === null ? '' : `:${p.line}:${p.col ?? 1}`}: ${p.message}`);
    super(lines.join('\n'));
    this.lines = lines;
  }
}

/** What the top level must be, and how the refusal names it ("a mapping with name, model, …"). */
export interface TopLevel {
  readonly kinds: readonly ('mapping' | 'list')[];
  readonly expected: string;
}

function fail(file: string, message: string, line: number | null = null, col: number | null = null): never {
  throw new InputFileError(file, [{ line, col, message }]);
}

export function formatBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}

/** The byte offset of the first byte that is not UTF-8 (overlong forms and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= bytes.length) return i;
    // The second byte's range excludes overlong forms, surrogates (ED A0–BF) and code points past U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * A file's bytes as text: UTF-8 only (a UTF-8 byte-order mark is dropped, UTF-16 is refused by
 * name), no more than the syntax's size limit. @throws InputFileError
 */
export function decodeInput(
  bytes: Uint8Array,
  file: string,
  syntax: Syntax,
  limits: InputLimits = INPUT_LIMITS,
): string {
  const size = sizeLimit(syntax, limits);
  if (bytes.length > size.bytes) fail(file, `more than ${formatBytes(size.bytes)}; ${size.text}`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    fail(file, 'UTF-16 text (it starts with a UTF-16 byte-order mark); expected UTF-8, save it as UTF-8');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = new TextDecoder().decode(bytes.subarray(0, bad));
    const at = lineCol(before, before.length);
    fail(
      file,
      `not UTF-8 text (byte 0x${bytes[bad].toString(16).padStart(2, '0')}); expected a UTF-8 text file`,
      at.line,
      at.col,
    );
  }
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

/** The checks every text gets before parsing: size, NUL, emptiness; the text without its BOM. */
function checkedText(text: string, file: string, top: TopLevel, syntax: Syntax, limits: InputLimits): string {
  const size = sizeLimit(syntax, limits);
  if (text.length > size.bytes)
    fail(file, `more than ${formatBytes(size.bytes)} (${text.length} characters); ${size.text}`);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    const at = lineCol(body, nul);
    fail(file, 'binary data (a NUL byte); expected a YAML or JSON text file', at.line, at.col);
  }
  // An empty file's one place is its start.
  if (body.trim() === '') fail(file, `expected ${top.expected} at the top level, found an empty file`, 1, 1);
  return body;
}

/**
 * A number as a problem line shows it: `1e999` parses to Infinity (JSON.stringify would say "null"),
 * and a whole number past 2^53 was already rounded by the parser, so it is shown as such.
 */
export function describeNumber(value: number): string {
  if (!Number.isFinite(value)) return 'an infinite number';
  if (Number.isInteger(value) && !Number.isSafeInteger(value))
    return `${value} (rounded: a whole number past 2^53 cannot be held exactly)`;
  return String(value);
}

function kindOf(data: unknown): string {
  if (data === null || data === undefined) return 'an empty value';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'number' && describeNumber(data) !== String(data)) return describeNumber(data);
  const shown = typeof data === 'string' ? data : (JSON.stringify(data) ?? typeof data);
  return `a ${typeof data} (${JSON.stringify(shown.slice(0, 40))})`;
}

/** The top level is one of `top.kinds`; else refused at `at`, where the top-level value starts. */
function checkTop(data: unknown, file: string, top: TopLevel, at: { line: number; col: number }): void {
  const kind = data === null || typeof data !== 'object' ? null : Array.isArray(data) ? 'list' : 'mapping';
  if (kind === null || !top.kinds.includes(kind))
    fail(file, `expected ${top.expected} at the top level, found ${kindOf(data)}`, at.line, at.col);
}

export interface ParsedYaml {
  readonly data: unknown;
  /** The document and its line counter, to place later problems (a field's `file:line:col`). */
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A key as written: quoted, or plain up to its colon. */
const KEY = /^("(?:[^"\\]|\\.){0,60}"|'(?:[^']|''){0,60}'|[^:\s,{}[\]]{1,60})/;

/** yaml's own words for the problems a user meets, made specific. */
function yamlMessage(code: string, message: string, text: string, pos: readonly [number, number]): string {
  if (code === 'DUPLICATE_KEY')
    return `key \`${KEY.exec(text.slice(pos[0], pos[0] + 200))?.[0] ?? '?'}\` appears twice in this mapping; expected each key once`;
  if (/call stack/i.test(message)) return 'nested too deeply to read; expected a topology, plan or trace file';
  if (code === 'MULTIPLE_DOCS') return 'several YAML documents (`---`); expected one';
  return `not valid YAML or JSON: ${message.split('\n')[0].slice(0, 200)}`;
}

class Problems {
  readonly list: InputProblem[] = [];
  private hidden = 0;
  constructor(private readonly lines: LineCounter) {}

  at(offset: number | null, message: string): void {
    if (this.list.length >= MAX_PROBLEMS) {
      this.hidden++;
      return;
    }
    const pos = offset === null ? null : this.lines.linePos(offset);
    this.list.push({ line: pos?.line ?? null, col: pos?.col ?? null, message });
  }

  throwIfAny(file: string): void {
    if (this.list.length === 0) return;
    const more = this.hidden > 0 ? [{ line: null, col: null, message: `… and ${this.hidden} more problems` }] : [];
    const inFileOrder = [...this.list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new InputFileError(file, [...inFileOrder, ...more]);
  }
}

/** Tags that say what plain YAML would infer anyway; any other (`!!binary`, `!!set`, `!custom`) is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Every node once, without recursion (a deep file cannot exhaust the stack): nesting past
 * maxDepth, a tag that makes a non-JSON value, a key that is a list or mapping, an alias to no anchor.
 */
function walkNodes(doc: Document, limits: InputLimits, problems: Problems): void {
  const stack: [Node, number][] = doc.contents ? [[doc.contents, 0]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const at = node.range?.[0] ?? null;
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag))
      problems.at(
        at,
        `tag \`${node.tag.replace('tag:yaml.org,2002:', '!!')}\` is not supported; expected plain YAML values`,
      );
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined)
        problems.at(at, `alias \`*${node.source}\` names no anchor \`&${node.source}\` before it`);
    } else if (isMap(node) || isSeq(node)) {
      if (depth >= limits.maxDepth) {
        problems.at(at, `nested deeper than ${limits.maxDepth} levels`);
        continue;
      }
      for (const item of node.items) {
        if (!isPair(item)) {
          stack.push([item as Node, depth + 1]);
          continue;
        }
        const key = item.key as Node | null;
        if (key !== null && !isScalar(key))
          problems.at(key.range?.[0] ?? at, 'a key that is a list, a mapping or an alias; expected a plain key');
        if (item.value !== null) stack.push([item.value as Node, depth + 1]);
      }
    }
  }
}

/**
 * YAML (or JSON, which YAML 1.2 reads too) text to data, under `limits`, its top level one of
 * `top.kinds`. @throws InputFileError, one line per problem
 */
export function parseYamlInput(
  text: string,
  file: string,
  top: TopLevel,
  limits: InputLimits = INPUT_LIMITS,
): ParsedYaml {
  const body = checkedText(text, file, top, 'yaml', limits);
  const lines = new LineCounter();
  const problems = new Problems(lines);
  // prettyErrors off: yaml's pretty context compiles a regular expression per error that runs out of memory on deep input.
  let doc: Document;
  try {
    doc = parseDocument(body, {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      // 'error': warnings are not printed to stderr (what they say is refused below); 'silent' would drop errors.
      logLevel: 'error',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    fail(file, 'nested too deeply to read; expected a topology, plan or trace file');
  }
  // Past the stack's depth yaml reports the overflow and then whatever it made of the rest: the overflow alone is the news.
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  for (const e of overflow ? [overflow] : doc.errors)
    problems.at(e.pos[0], yamlMessage(e.code, e.message, body, e.pos));
  problems.throwIfAny(file);
  walkNodes(doc, limits, problems);
  problems.throwIfAny(file);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    fail(
      file,
      `its aliases (\`*name\`) expand it past the limit (maxAliasCount ${limits.maxAliasCount}); expected a file that repeats itself less`,
    );
  }
  const start = doc.contents?.range?.[0];
  checkTop(data, file, top, start === undefined ? { line: 1, col: 1 } : lines.linePos(start));
  return { data, doc, lines };
}

/** JSON text to data, under `limits`: a repeated key is refused, not silently overwritten. @throws InputFileError */
export function parseJsonInput(text: string, file: string, top: TopLevel, limits: InputLimits = INPUT_LIMITS): unknown {
  const body = checkedText(text, file, top, 'json', limits);
  const flaw = scanJson(body, limits.maxDepth);
  if (flaw !== null) {
    const at = lineCol(body, flaw.offset);
    fail(file, `not JSON: ${flaw.message}`, at.line, at.col);
  }
  const data: unknown = JSON.parse(body);
  checkTop(data, file, top, lineCol(body, body.length - body.trimStart().length));
  return data;
}
