// Output locations refused before any work, one line each: the flag, the path, the reason.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './common.js';
import { checkOutputs, outputProblem } from './outputs.js';

const dir = mkdtempSync(join(tmpdir(), 'hafault-outputs-'));
const file = join(dir, 'a-file');
writeFileSync(file, 'x');
mkdirSync(join(dir, 'a-folder'));
symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));

function problems(
  specs: Parameters<typeof checkOutputs>[0],
  inputs: Parameters<typeof checkOutputs>[1] = [],
): string[] {
  try {
    checkOutputs(specs, inputs);
    return [];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return [...error.problems];
  }
}

describe('outputProblem', () => {
  it('accepts a folder that exists or can be made, and a file that can be (re)placed', () => {
    expect(outputProblem(dir, 'folder')).toBeNull();
    expect(outputProblem(join(dir, 'new', 'deeper'), 'folder')).toBeNull();
    expect(outputProblem(file, 'file')).toBeNull();
    expect(outputProblem(join(dir, 'new', 'page.html'), 'file')).toBeNull();
    expect(outputProblem('/dev/shm/hafault-x', 'folder')).toBeNull();
  });

  it('refuses the empty string', () => {
    expect(outputProblem('', 'folder')).toBe('empty; expected a folder');
    expect(outputProblem('', 'file')).toBe('empty; expected a file name');
  });

  it('refuses a file where a folder goes, and a folder where a file goes', () => {
    expect(outputProblem(file, 'folder')).toBe('a file is there; expected a folder');
    expect(outputProblem(join(file, 'sub'), 'folder')).toBe(`${file} is a file, so nothing can be made under it`);
    expect(outputProblem(join(file, 'page.html'), 'file')).toBe(`${file} is a file, so nothing can be made under it`);
    expect(outputProblem(join(dir, 'a-folder'), 'file')).toBe('a folder is there; expected a file name');
  });

  it('refuses pseudo filesystems (/proc, /sys, /dev) and devices, which a rename would replace', () => {
    expect(outputProblem('/proc/x', 'folder')).toMatch(
      /^\/proc is the kernel's own filesystem; nothing can be written/,
    );
    expect(outputProblem('/sys/x/y', 'folder')).toMatch(/^\/sys is the kernel's own filesystem/);
    expect(outputProblem('/dev/null', 'file')).toMatch(/^\/dev is the kernel's own filesystem/);
    expect(outputProblem('/proc/self/status', 'file')).toMatch(/^\/proc /);
  });

  it('refuses a broken symbolic link, itself or on the way', () => {
    expect(outputProblem(join(dir, 'dangling'), 'folder')).toBe('a broken symbolic link is there');
    expect(outputProblem(join(dir, 'dangling', 'x'), 'folder')).toBe(
      `${join(dir, 'dangling')} is a broken symbolic link`,
    );
  });
});

describe('checkOutputs', () => {
  it('one line per unusable location, naming the flag and the path; flags not given are skipped', () => {
    expect(
      problems([
        { flag: '--out', path: file, kind: 'folder' },
        { flag: '--html', path: '', kind: 'file' },
        { flag: '--csv', path: undefined, kind: 'file' },
        { flag: '--json', path: join(dir, 'ok.json'), kind: 'file' },
      ]),
    ).toEqual([`--out ${file}: a file is there; expected a folder`, '--html "": empty; expected a file name']);
  });

  it('checks the paths a command writes inside its folder', () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'traces'), '');
    mkdirSync(join(out, 'index.html'));
    expect(
      problems([
        {
          flag: '--out',
          path: out,
          kind: 'folder',
          inside: [
            { path: 'traces', kind: 'folder' },
            { path: 'html', kind: 'folder' },
            { path: 'index.html', kind: 'file' },
          ],
        },
      ]),
    ).toEqual([
      `--out ${out}: traces: a file is there; expected a folder`,
      `--out ${out}: index.html: a folder is there; expected a file name`,
    ]);
  });
});

describe('checkOutputs: an output that is an input, or another output', () => {
  const input = join(dir, 'trace.json');
  writeFileSync(input, '{}');
  symlinkSync(input, join(dir, 'trace-link.json'));
  const sweepOut = (path: string) => ({
    flag: '--out',
    path,
    kind: 'folder' as const,
    inside: [
      { path: 'flips', kind: 'folder' as const },
      { path: 'sweep.csv', kind: 'file' as const },
    ],
  });

  it('refuses an output file that is an input, by its real path (a link to it, a path spelled otherwise)', () => {
    const line = (path: string) =>
      `--html ${path}: the same file as the trace file ${input}, which this command reads; name another file`;
    for (const path of [input, join(dir, 'trace-link.json'), join(dir, 'a-folder', '..', 'trace.json')])
      expect(problems([{ flag: '--html', path, kind: 'file' }], [{ flag: 'the trace file', path: input }])).toEqual([
        line(path),
      ]);
  });

  it("refuses a file --out writes that is an input (a topology named like --out's sweep.csv)", () => {
    const out = join(dir, 'swept');
    mkdirSync(out);
    writeFileSync(join(out, 'sweep.csv'), 'name: x\n');
    expect(problems([sweepOut(out)], [{ flag: '--topology', path: join(out, 'sweep.csv') }])).toEqual([
      `--out ${out}: sweep.csv: the same file as --topology ${join(out, 'sweep.csv')}, which this command reads; name another file`,
    ]);
  });

  it("refuses a checkpoint that is one of --out's files, or in a folder --out fills", () => {
    const out = join(dir, 'sweep-out');
    const csv = join(out, 'sweep.csv');
    const flip = join(out, 'flips', 'flip-1-noDualActive.json');
    expect(problems([sweepOut(out), { flag: '--checkpoint', path: csv, kind: 'file' }])).toEqual([
      `--checkpoint ${csv}: --out ${out} writes its sweep.csv there; name another file`,
    ]);
    expect(problems([sweepOut(out), { flag: '--checkpoint', path: flip, kind: 'file' }])).toEqual([
      `--checkpoint ${flip}: --out ${out} fills its flips folder there; name another file`,
    ]);
  });

  it('accepts outputs apart from the inputs and from each other', () => {
    const out = join(dir, 'apart');
    expect(
      problems(
        [sweepOut(out), { flag: '--checkpoint', path: join(out, 'checkpoint.json'), kind: 'file' }],
        [
          { flag: '--topology', path: input },
          { flag: '--plan', path: undefined },
        ],
      ),
    ).toEqual([]);
  });
});
