// Every report, trace, CSV, JSON and HTML file hafault writes goes through here, so that none is ever
// left half-written: the bytes go to a temporary name in the same folder, then one rename puts the
// whole file in place (a reader sees the old file or the new one, never a mix; a killed run leaves
// the old one). Folders are made one level at a time: Node's recursive mkdir never returns under
// /proc (it retries a parent that exists but refuses children), so it is never called here.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The failures of a disk, not of hafault (full, over quota, read-only, broken): each with its words. */
const DISK_FAILURES: ReadonlyMap<string, string> = new Map([
  ['ENOSPC', 'no space left on device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EIO', 'input/output error'],
  ['EROFS', 'read-only file system'],
  ['EFBIG', 'file too large'],
]);

/** What a disk failure is called (`no space left on device (ENOSPC)`), or null for any other error. */
export function diskFailureOf(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words = code === undefined ? undefined : DISK_FAILURES.get(code);
  return words === undefined ? null : `${words} (${code})`;
}

/** A file that could not be written because the disk refused it: the command ends with exit 74, one line. */
export class WriteFailedError extends Error {
  constructor(
    readonly path: string,
    readonly failure: string,
  ) {
    super(`could not write ${path}: ${failure}`);
  }
}

/** The longest name part a file stem keeps, in UTF-8 bytes (a file name holds 255; suffixes follow it). */
const STEM_BYTES = 100;

/**
 * A user's name (a topology's `name`) made safe as part of a file name: it never leaves its folder.
 * Separators, control and format characters (RTL overrides) become `_`, a run of dots one dot, a
 * leading dot is dropped, and it is cut to STEM_BYTES at a character boundary.
 */
export function safeStem(name: string): string {
  const plain = name
    .replace(/[/\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.+/, '');
  let kept = '';
  for (const ch of plain) {
    if (Buffer.byteLength(kept + ch) > STEM_BYTES) break;
    kept += ch;
  }
  return kept === '' ? '_' : kept;
}

/** Makes `dir` and its missing parents, outermost first; throws (never loops) when one cannot be made. */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}

/** Temporary names are unique within a process (the counter) and across processes (the PID). */
let written = 0;

/** The temporary name `path` is written under before its rename: hidden, beside it, ending in `.tmp`. */
export function temporaryNameOf(path: string): string {
  written += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${written}.tmp`);
}

/**
 * Writes `data` to `path` whole or not at all (its folder made first); the temporary file never stays.
 * `durable`: flushed to the disk before the rename, so that a power cut too leaves the old file or
 * the new one (a sweep's checkpoint; reports can be made again and skip the cost).
 */
export function writeFileAtomic(path: string, data: string, options: { readonly durable?: boolean } = {}): void {
  try {
    makeDirs(dirname(path));
  } catch (error) {
    const failure = diskFailureOf(error);
    throw failure === null ? error : new WriteFailedError(path, failure);
  }
  const temporary = temporaryNameOf(path);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      writeSync(fd, data);
      if (options.durable === true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const failure = diskFailureOf(error);
    throw failure === null ? error : new WriteFailedError(path, failure);
  }
}
