// Every report, trace, CSV, JSON and HTML file hafault writes goes through here, so that none is ever
// left half-written: the bytes go to a temporary name in the same folder, then one rename puts the
// whole file in place (a reader sees the old file or the new one, never a mix; a killed run leaves
// the old one). Folders are made one level at a time: Node's recursive mkdir never returns under
// /proc (it retries a parent that exists but refuses children), so it is never called here.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

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
  makeDirs(dirname(path));
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
    throw error;
  }
}
