// Reading an input file never blocks and never reads more than the limit allows, whatever the path
// names: a directory, a FIFO with no writer, an endless device, a file past the size limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS, InputFileError } from '../engine/inputText.js';
import { readInputFile } from './inputFile.js';

function refusal(file: string, syntax: 'yaml' | 'json' = 'yaml', limits = INPUT_LIMITS): string[] {
  try {
    readInputFile(file, syntax, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return [...(error as InputFileError).lines];
  }
  throw new Error(`${file} was read`);
}

describe('readInputFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hafault-input-'));

  it('reads a UTF-8 file, without its byte-order mark', () => {
    writeFileSync(join(dir, 'ok.yaml'), '\uFEFFname: é\n');
    expect(readInputFile(join(dir, 'ok.yaml'), 'yaml')).toBe('name: é\n');
  });

  it('refuses what is not a regular file at once, a FIFO with no writer included', () => {
    expect(refusal(dir)).toEqual([`${dir}: a directory; expected a file`]);
    expect(refusal('/dev/zero')).toEqual(['/dev/zero: a character device; expected a file']);
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(refusal(fifo)).toEqual([`${fifo}: a FIFO; expected a file`]);
  });

  it('refuses a missing file, an empty name, and a file past the size limit with its size', () => {
    expect(refusal(join(dir, 'nope.yaml'))).toEqual([`${join(dir, 'nope.yaml')}: cannot read (ENOENT)`]);
    expect(refusal('')).toEqual(['(empty file name): expected a file name']);
    const big = join(dir, 'big.yaml');
    const size = INPUT_LIMITS.maxYamlBytes + 512 * 1024;
    writeFileSync(big, 'a'.repeat(size));
    expect(refusal(big)).toEqual([
      `${big}: 4.5 MiB (${size} bytes); expected at most 4 MiB, the limit for a YAML file (JSON read as YAML too)`,
    ]);
    // The same file as JSON (a trace, a checkpoint) is under JSON's limit: read, then judged as JSON.
    expect(readInputFile(big, 'json')).toHaveLength(size);
  });

  it('reads no more than the limit from a file whose size the file system does not know', () => {
    // /proc files report size 0; their content still counts.
    expect(refusal('/proc/self/maps', 'json', { ...INPUT_LIMITS, maxJsonBytes: 16 })[0]).toMatch(
      /^\/proc\/self\/maps: more than 16 bytes; expected at most 16 bytes, the limit for a JSON file$/,
    );
  });

  it('refuses bytes that are not UTF-8 with their line', () => {
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0x0a, 0x62, 0xe9, 0x0a]));
    expect(refusal(join(dir, 'latin1.yaml'))).toEqual([
      `${join(dir, 'latin1.yaml')}:2:2: not UTF-8 text (byte 0xe9); expected a UTF-8 text file`,
    ]);
  });
});
