// A disk that refuses a write (full, over quota, read-only, an I/O error) is not a bug in hafault:
// the report, trace, page or checkpoint it could not write is named in one line, exit 74 (EX_IOERR),
// and no temporary file is left. The disk is made full here by a writeSync that throws ENOSPC (no
// root needed); stdout on /dev/full is the real thing, in a child process.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteFailedError, writeFileAtomic } from '../runners/files.js';
import { EXIT_IO_ERROR } from './common.js';
import { exitCodeOf } from './guard.js';
import { runReplay } from './replay.js';
import { writeCheckpoint, type CheckpointBody } from './sweepCheckpoint.js';

/** The errno code the next writes fail with (null: writes succeed). */
let failWith: string | null = null;

vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  const writeSync = ((...args: Parameters<typeof real.writeSync>) => {
    if (failWith === null) return real.writeSync(...args);
    throw Object.assign(new Error(`${failWith}: the disk refused it, write`), { code: failWith, syscall: 'write' });
  }) as typeof real.writeSync;
  return { ...real, writeSync, default: { ...real, writeSync } };
});

afterEach(() => {
  failWith = null;
});

const root = join(import.meta.dirname, '..', '..');
const scratch = () => fs.mkdtempSync(join(tmpdir(), 'hafault-disk-full-'));

describe('a write the disk refuses', () => {
  it('writeFileAtomic names the file and the failure, and leaves the folder as it was', () => {
    const dir = scratch();
    const words: Record<string, string> = {
      ENOSPC: 'no space left on device (ENOSPC)',
      EDQUOT: 'disk quota exceeded (EDQUOT)',
      EIO: 'input/output error (EIO)',
      EROFS: 'read-only file system (EROFS)',
      EFBIG: 'file too large (EFBIG)',
    };
    for (const [code, said] of Object.entries(words)) {
      failWith = code;
      const path = join(dir, 'sweep.md');
      expect(() => writeFileAtomic(path, 'x')).toThrow(new WriteFailedError(path, said));
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });

  it('any other write error is still thrown as it was (a bug, exit 70, not 74)', () => {
    failWith = 'EBADF';
    expect(() => writeFileAtomic(join(scratch(), 'x.md'), 'x')).toThrow(/EBADF/);
  });

  it('replay --html on a full disk: one line naming the page, exit 74', async () => {
    const page = join(scratch(), 'page.html');
    const trace = join(root, 'properties/corpus/ka-2-partition-dual-master.json');
    failWith = 'ENOSPC';
    const lines: string[] = [];
    const code = await exitCodeOf(
      'replay',
      () => runReplay(trace, { html: page }, () => {}),
      (text) => lines.push(text),
    );
    expect(code).toBe(EXIT_IO_ERROR);
    expect(lines).toEqual([`hafault replay: could not write ${page}: no space left on device (ENOSPC)\n`]);
  });

  it('a checkpoint on a full disk: the same line and exit 74, not bad input', async () => {
    const path = join(scratch(), 'checkpoint.json');
    failWith = 'ENOSPC';
    const lines: string[] = [];
    const body = { hafault: 'sweep checkpoint', format: 1, next: 0 } as unknown as CheckpointBody;
    const code = await exitCodeOf(
      'sweep',
      () => {
        writeCheckpoint('--checkpoint', path, body);
        return 0;
      },
      (text) => lines.push(text),
    );
    expect(code).toBe(EXIT_IO_ERROR);
    expect(lines).toEqual([`hafault sweep: could not write ${path}: no space left on device (ENOSPC)\n`]);
  });
});

describe('stdout on a full disk', () => {
  it('`check … >/dev/full`: one line, exit 74', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const main = join(root, 'harness/cli/main.ts');
    const out = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(tsx, [main, 'check', '--model', 'keepalived', '--runs', '2', '--out', scratch()], {
        cwd: scratch(),
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', out, 'pipe'],
      });
      expect(r.stderr).toBe('hafault check: could not write standard output: no space left on device (ENOSPC)\n');
      expect(r.status).toBe(EXIT_IO_ERROR);
    } finally {
      fs.closeSync(out);
    }
  });
});
