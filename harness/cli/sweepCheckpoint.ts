// The sweep checkpoint file (`sweep --checkpoint FILE`, `--resume FILE`): the sweep's identity, the
// flags and command line it was started with (a bare `--resume FILE` runs them again, and its reports
// name the original command), the next schedule index and the tally of every schedule before it, and
// a sha256 digest of all of that. Written whole to a temporary name in the same folder, flushed, then
// renamed over the old one: a crash or a kill leaves the previous checkpoint or the new one, never half
// of either. Read back, anything cut short, damaged or edited is refused with one line (exit 2).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputFileError, parseJsonInput } from '../engine/inputText.js';
import { jsonPositions, pathSegments } from '../engine/jsonPositions.js';
import { printable } from '../engine/printable.js';
import { readInputFile } from '../runners/inputFile.js';
import type { SweepIdentity, TallyJson } from '../runners/sweep/checkpoint.js';
import { writeFileAtomic, WriteFailedError } from '../runners/files.js';
import { UsageError } from './common.js';
import { HAFAULT_VERSION } from '../runners/version.js';

const TAG = 'sweep checkpoint';
const FORMAT = 1;

/** The version recorded in every checkpoint: a resume by another hafault version is refused. */
export { HAFAULT_VERSION };

/** The sweep flags a checkpoint keeps (all but --checkpoint and --resume), as commander gave them. */
export type StoredFlags = Readonly<Record<string, string | boolean | readonly string[]>>;

export interface CheckpointBody {
  readonly hafault: typeof TAG;
  readonly format: typeof FORMAT;
  readonly sweep: SweepIdentity;
  /** The command line that started the sweep, as its reports print it. */
  readonly command: string;
  readonly flags: StoredFlags;
  /** Schedules [0, next) are in the tally. */
  readonly next: number;
  readonly tally: TallyJson;
}

/** A checkpoint read back: its body's envelope checked; `sweep` and the progress are checked by the caller against the plan. */
export interface CheckpointRead {
  /** The file's text, to place a later problem (the sweep differs, the tally is damaged) at its field. */
  readonly text: string;
  readonly sweep: unknown;
  readonly command: string;
  readonly flags: StoredFlags;
  readonly next: unknown;
  readonly tally: unknown;
}

const digestOf = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function writeCheckpoint(flag: string, path: string, body: CheckpointBody): void {
  try {
    writeFileAtomic(path, JSON.stringify({ ...body, digest: digestOf(body) }) + '\n', { durable: true });
  } catch (error) {
    // The disk refused it (full, read-only): exit 74 like any report; anything else, the location is bad.
    if (error instanceof WriteFailedError) throw error;
    throw new UsageError([`${flag} ${path}: cannot write the checkpoint (${reason(error)})`]);
  }
}

/** The flags a sweep records (sweep's options, as commander names them, but --checkpoint and --resume), by type. */
const FLAG_TYPES: Readonly<Record<string, 'string' | 'boolean' | 'list'>> = {
  model: 'string',
  preset: 'string',
  topology: 'string',
  set: 'list',
  property: 'list',
  recommend: 'string',
  faults: 'string',
  runs: 'string',
  seed: 'string',
  maxFaults: 'string',
  repairs: 'boolean',
  threads: 'string',
  json: 'boolean',
  out: 'string',
  quiet: 'boolean',
};
const EXPECTED = { string: 'a string', boolean: 'true or false', list: 'a list of strings' };

/** One problem with a checkpoint: the field it is about (`tally.next`; null: the whole file), the line to print. */
export interface CheckpointProblem {
  readonly path: string | null;
  readonly message: string;
  /** Where, when the JSON reader already knows (a syntax error). */
  readonly at?: { readonly line: number; readonly col: number };
}

/** The problems of checkpoint `file` (its `text`), each at its field's line and column: `file:line:col: problem`. */
export function checkpointError(file: string, text: string, problems: readonly CheckpointProblem[]): InputFileError {
  const at = jsonPositions(
    text,
    problems.map((p) => (p.path === null ? [] : pathSegments(p.path))),
  );
  return new InputFileError(
    file,
    problems.map((p, i) => {
      const place = p.at ?? at[i];
      return { line: place?.line ?? null, col: place?.col ?? null, message: p.message };
    }),
  );
}

/** The recorded flags, or one problem per flag that is not one a sweep writes. */
function storedFlags(value: unknown): StoredFlags | CheckpointProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path: 'flags', message: 'damaged: flags: expected an object of the flags the sweep was started with' }];
  const problems: CheckpointProblem[] = [];
  for (const [key, v] of Object.entries(value)) {
    const path = `flags[${JSON.stringify(key)}]`;
    const type = Object.hasOwn(FLAG_TYPES, key) ? FLAG_TYPES[key] : undefined;
    if (type === undefined) {
      problems.push({
        path,
        message: `damaged: flags.${printable(key)}: not a sweep flag (a checkpoint records: ${Object.keys(FLAG_TYPES).join(', ')})`,
      });
      continue;
    }
    const ok = type === 'list' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === type;
    if (!ok) problems.push({ path, message: `damaged: flags.${key}: expected ${EXPECTED[type]}` });
  }
  return problems.length > 0 ? problems : (value as StoredFlags);
}

/** Parses a checkpoint's text; the problems, one each, when it is not a whole, unedited checkpoint. */
export function parseCheckpoint(text: string): CheckpointRead | CheckpointProblem[] {
  let file: unknown;
  try {
    // The loader of every input file: its limits, and a key written twice refused.
    file = parseJsonInput(text, 'checkpoint', { kinds: ['mapping'], expected: 'a JSON object' });
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const [first] = error.problems;
    const at = first?.line != null ? { line: first.line, col: first.col ?? 1 } : { line: 1, col: 1 };
    return [{ path: null, at, message: 'not a sweep checkpoint: not JSON (cut short or damaged?)' }];
  }
  if (typeof file !== 'object' || file === null || (file as { hafault?: unknown }).hafault !== TAG)
    return [{ path: 'hafault', message: `not a sweep checkpoint (no "hafault": "${TAG}")` }];
  const { digest, ...body } = file as Record<string, unknown>;
  if (body.format !== FORMAT)
    return [
      {
        path: 'format',
        message: `checkpoint format ${printable(JSON.stringify(body.format) ?? 'missing')}: this hafault reads format ${FORMAT}`,
      },
    ];
  if (digest !== digestOf(body))
    return [
      {
        path: 'digest',
        message: 'damaged or edited: its content does not match its digest; start the sweep again without --resume',
      },
    ];
  // Even re-sealed (its digest recomputed after an edit), what it holds must be what a sweep writes.
  const flags = storedFlags(body.flags);
  const command: CheckpointProblem[] =
    typeof body.command === 'string'
      ? []
      : [{ path: 'command', message: 'damaged: command: expected the command line (a string)' }];
  if (Array.isArray(flags) || command.length > 0) return [...(Array.isArray(flags) ? flags : []), ...command];
  return { text, sweep: body.sweep, command: body.command as string, flags, next: body.next, tally: body.tally };
}

/**
 * The checkpoint `--resume` names. What it holds is refused as every input file's problems are,
 * `file:line:col: problem`; a file that cannot be read at all, as the flag's problem.
 */
export function readCheckpoint(flag: string, path: string): CheckpointRead {
  let text: string;
  try {
    // A regular file under JSON's size limit: `--resume /dev/zero` or a FIFO would never end.
    text = readInputFile(path, 'json');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new UsageError(error.lines.map((line) => `${flag} ${line}`));
  }
  const read = parseCheckpoint(text);
  if (Array.isArray(read)) throw checkpointError(path, text, read);
  return read;
}

/**
 * Refuses a checkpoint location before any work: a missing folder, a folder, or a file that would be
 * lost (anything but a finished checkpoint; an unfinished one is to be resumed or deleted first).
 */
export function checkCheckpointLocation(path: string): void {
  const problem = (what: string) => new UsageError([`--checkpoint ${path}: ${what}`]);
  if (path === '') throw problem('name a file');
  const folder = statSync(dirname(path), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw problem(`folder ${dirname(path)} does not exist`);
  const here = statSync(path, { throwIfNoEntry: false });
  if (here === undefined) return;
  if (!here.isFile()) throw problem('exists and is not a file');
  let text: string;
  try {
    text = readInputFile(path, 'json');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw problem(`exists and cannot be read as a checkpoint (${error.problems[0].message})`);
  }
  const read = parseCheckpoint(text);
  if (Array.isArray(read)) throw problem('exists and is not a sweep checkpoint; name a new file');
  const runs = (read.sweep as { runs?: unknown } | null)?.runs;
  if (read.next !== runs)
    throw problem(
      `holds an unfinished sweep (${String(read.next)} of ${String(runs)} schedules): resume it with --resume ${path}, or delete it to start over`,
    );
}
