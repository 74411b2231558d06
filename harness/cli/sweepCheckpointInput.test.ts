// A sweep checkpoint is read like every input file: `--resume` naming a device or a FIFO is refused
// at once (it read /dev/zero for ever and waited on a FIFO for ever).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './common.js';
import { readCheckpoint } from './sweepCheckpoint.js';

function refusal(path: string): string[] {
  try {
    readCheckpoint('--resume', path);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return [...(error as UsageError).problems];
  }
  throw new Error('read');
}

describe('sweep --resume reads its checkpoint under the input limits', () => {
  it('a device or a FIFO is refused at once, not read for ever', () => {
    expect(refusal('/dev/zero')).toEqual(['--resume /dev/zero: a character device; expected a file']);
    const fifo = join(mkdtempSync(join(tmpdir(), 'hafault-checkpoint-')), 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(refusal(fifo)).toEqual([`--resume ${fifo}: a FIFO; expected a file`]);
  });
});
