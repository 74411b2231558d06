// The GitHub problem matcher shipped in .github/hafault-problem-matcher.json must catch the problem
// lines hafault really prints for every kind of input file — topology, plan (text and YAML), trace,
// sweep checkpoint — with the file as given, the line and column of the offending node and the
// message; and must not catch a command-line problem, which has no file. Each fixture's place is
// counted by hand in the comment beside it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const root = join(import.meta.dirname, '..', '..');
const matcher = JSON.parse(readFileSync(join(root, '.github', 'hafault-problem-matcher.json'), 'utf8')) as {
  problemMatcher: {
    owner: string;
    pattern: { regexp: string; file: number; line: number; column: number; message: number; severity?: number }[];
  }[];
};
const [entry] = matcher.problemMatcher;
const [pattern] = entry.pattern;
const regexp = new RegExp(pattern.regexp);

/** What the matcher makes of a line: null when it does not match. */
function caught(line: string): { file: string; line: number; col: number; message: string } | null {
  const m = regexp.exec(line);
  if (!m) return null;
  return {
    file: m[pattern.file],
    line: Number(m[pattern.line]),
    col: Number(m[pattern.column]),
    message: m[pattern.message],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'hafault-matcher-'));
/** A file written under `dir`, named as a user in the current folder would: relative. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return relative(process.cwd(), path);
}

async function stderrOf(argv: string[]): Promise<{ code: number; lines: string[] }> {
  let stderr = '';
  const code = await runCli(argv, { stdout: () => undefined, stderr: (s) => (stderr += s) });
  return { code, lines: stderr.trimEnd().split('\n') };
}

const plan = ['run', '--model', 'xenserver-ha', '--preset', 'bonded-mirrored-san', '--plan'];

describe('the problem matcher catches every input kind', () => {
  it('is owned by hafault and captures file, line, column and message', () => {
    expect(entry.owner).toBe('hafault');
    // A topology warning is annotated as one; anything else as an error (the matcher's default).
    const warning = regexp.exec('pool.yaml:4:3: warning: faults[0]: fault kind `x` has no target');
    expect(pattern.severity).toBeDefined();
    expect(warning?.[pattern.severity!]).toBe('warning');
    expect(warning?.[pattern.message]).toBe('faults[0]: fault kind `x` has no target');
    expect(regexp.exec('a/b.yaml:12:3: hosts[1].id: expected an id')?.[pattern.severity!]).toBeUndefined();
    expect(caught('a/b.yaml:12:3: hosts[1].id: expected an id')).toEqual({
      file: 'a/b.yaml',
      line: 12,
      col: 3,
      message: 'hosts[1].id: expected an id',
    });
  });

  const cases: [string, () => Promise<[string, { code: number; lines: string[] }]>, number, number, RegExp][] = [
    [
      'a topology file',
      // Line 3 `colour: red`: the value `red` starts at column 9.
      async () => {
        const f = file('pool.yaml', 'name: t\nmodel: keepalived\ncolour: red\n');
        return [f, await stderrOf(['check', '--topology', f])];
      },
      3,
      9,
      /^colour: unknown field `colour`/,
    ],
    [
      'a text plan',
      // Line 2 `at 10s: host-crush h1`: the fault starts at column 9 (`at 10s: ` is 8 characters).
      async () => {
        const f = file('p.plan', '# a plan\nat 10s: host-crush h1\n');
        return [f, await stderrOf([...plan, f])];
      },
      2,
      9,
      /^`at 10s: host-crush h1`: unknown fault `host-crush`; did you mean `host-crash`\?/,
    ],
    [
      'a YAML plan',
      // Line 2 `- {at: 10s, fault: host-crash, target: h9}`: `h9` starts at column 40.
      async () => {
        const f = file('p.yaml', '# a plan\n- {at: 10s, fault: host-crash, target: h9}\n');
        return [f, await stderrOf([...plan, f])];
      },
      2,
      40,
      /unknown target `h9` for host-crash/,
    ],
    [
      'a trace file',
      // Line 2 `  "format": "nope",`: the key starts at column 3.
      async () => {
        const f = file('t.json', '{\n  "format": "nope",\n  "formatVersion": 3\n}\n');
        return [f, await stderrOf(['replay', f])];
      },
      2,
      3,
      /^format: expected "hafault-trace", found "nope"$/,
    ],
    [
      'a sweep checkpoint',
      // Line 3 ` "hafault": "x"`: the key starts at column 2.
      async () => {
        const f = file('cp.json', '{\n "format": 1,\n "hafault": "x"\n}\n');
        return [f, await stderrOf(['sweep', '--resume', f])];
      },
      3,
      2,
      /^not a sweep checkpoint/,
    ],
  ];
  for (const [kind, run, line, col, message] of cases) {
    it(`${kind}: every line is caught, the problem at ${line}:${col}`, async () => {
      const [name, { code, lines }] = await run();
      expect(code).toBe(2);
      expect(name.startsWith('/')).toBe(false);
      const all = lines.map(caught);
      expect(
        all.every((c) => c !== null && c.file === name),
        lines.join('\n'),
      ).toBe(true);
      const hit = all.find((c) => c !== null && c.line === line && c.col === col);
      expect(hit, lines.join('\n')).toBeDefined();
      expect(hit!.message).toMatch(message);
      expect(lines.some((l) => l.startsWith(`${name}:${line}:${col}: `))).toBe(true);
    });
  }

  it('a command-line problem (no file) is not caught, and the exit code stays 2', async () => {
    const r = await stderrOf([
      'run',
      '--model',
      'xenserver-ha',
      '--preset',
      'bonded-mirrored-san',
      '--step',
      'at 10s: switch-down sw9',
    ]);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([expect.stringMatching(/^hafault run: --step:1:21: /)]);
    expect(caught(r.lines[0])).toBeNull();
  });
});
