// Files written whole or not at all, and every writer of reports going through the one helper.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs, safeStem, temporaryNameOf, writeFileAtomic } from './files.js';

const root = join(import.meta.dirname, '..', '..');
const scratch = () => mkdtempSync(join(tmpdir(), 'hafault-files-'));

describe('writeFileAtomic', () => {
  it('writes the file, its missing folders first, and leaves nothing else behind', () => {
    const dir = scratch();
    const path = join(dir, 'a', 'b', 'report.md');
    writeFileAtomic(path, '# report\n');
    expect(readFileSync(path, 'utf8')).toBe('# report\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['report.md']);
  });

  it('replaces an existing, longer file whole', () => {
    const dir = scratch();
    const path = join(dir, 'index.html');
    writeFileSync(path, 'old '.repeat(10_000));
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['index.html']);
  });

  it('puts the bytes under a hidden temporary name beside the file, a new one each time', () => {
    const a = temporaryNameOf('/x/y/sweep.csv');
    const b = temporaryNameOf('/x/y/sweep.csv');
    expect(a).toMatch(new RegExp(`^/x/y/\\.sweep\\.csv\\.${process.pid}\\.\\d+\\.tmp$`));
    expect(b).not.toBe(a);
  });

  it('a write that cannot land (a folder in the way) throws and removes its temporary file', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'page.html'));
    expect(() => writeFileAtomic(join(dir, 'page.html'), '<html>')).toThrow();
    expect(readdirSync(dir)).toEqual(['page.html']);
    expect(statSync(join(dir, 'page.html')).isDirectory()).toBe(true);
  });

  it('makeDirs makes every missing level and throws, without looping, when a file is in the way', () => {
    const dir = scratch();
    makeDirs(join(dir, 'p', 'q', 'r'));
    expect(statSync(join(dir, 'p', 'q', 'r')).isDirectory()).toBe(true);
    writeFileSync(join(dir, 'f'), '');
    expect(() => makeDirs(join(dir, 'f', 'g'))).toThrow(/ENOTDIR/);
  });
});

describe('safeStem: a name from a user file never leaves its folder', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeStem('two-routers')).toBe('two-routers');
    expect(safeStem('zürich dc.2')).toBe('zürich dc.2');
  });

  it('turns separators, control and format characters into `_`, dot runs into one dot, and drops a leading dot', () => {
    expect(safeStem('../../../../../tmp/r/pwned')).toBe('_._._._._tmp_r_pwned');
    expect(safeStem('a/b')).toBe('a_b');
    expect(safeStem('a\\b')).toBe('a_b');
    expect(safeStem('..')).toBe('_');
    expect(safeStem('.hidden')).toBe('hidden');
    expect(safeStem('x\u0000y\ny\u202eevil')).toBe('x_y_y_evil');
    expect(safeStem('')).toBe('_');
  });

  it('cuts a long name to 100 bytes of UTF-8, never inside a character', () => {
    expect(safeStem('a'.repeat(300))).toBe('a'.repeat(100));
    const cut = safeStem('é'.repeat(300));
    expect(cut).toBe('é'.repeat(50));
    expect(Buffer.byteLength(safeStem('😀'.repeat(60)))).toBe(100);
  });
});

/** Source files (not tests) under the folders that write reports. */
function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(folder, f));
}

describe('every writer of reports, traces and pages', () => {
  it('writes through writeFileAtomic: no direct writeFileSync, and no recursive mkdir', () => {
    const offenders = ['harness/cli', 'harness/runners', 'reports']
      .flatMap(sources)
      .filter((f) => f !== 'harness/runners/files.ts')
      .filter((f) => /\bwriteFileSync\b|mkdirSync\([^;]*recursive/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
