// Every command that writes files, as a user meets an unusable --out or --html: one line naming
// the flag, the path and the reason, exit 2, before any work, never a stack trace and never a hang
// (a folder under /proc used to hang `check` for good). And a reader that closes the pipe early
// (`… --json | head`) gets no stack trace either.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from './check.js';
import { runPlan } from './run.js';
import { UsageError } from './common.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const main = join(root, 'harness/cli/main.ts');
const trace = join(root, 'properties/corpus/ka-2-partition-dual-master.json');

const scratch = mkdtempSync(join(tmpdir(), 'hafault-outputs-cli-'));
const aFile = join(scratch, 'a-file');
writeFileSync(aFile, 'keep me');
const aFolder = join(scratch, 'a-folder');
mkdirSync(aFolder);

function run(script: string, args: readonly string[]) {
  const r = spawnSync(tsx, [script, ...args], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const KA = ['--model', 'keepalived'];

/** Inputs a careless command line names as its output too: each must come through untouched. */
const myTrace = join(scratch, 'my-trace.json');
copyFileSync(trace, myTrace);
const myPlan = join(scratch, 'my-plan.plan');
writeFileSync(myPlan, 'at 10s: host-crash r1\n');
const myTopology = join(scratch, 'my-topology.yaml');
copyFileSync(join(root, 'examples/keepalived/two-routers.yaml'), myTopology);
const inputs = [myTrace, myPlan, myTopology].map((p) => [p, readFileSync(p, 'utf8')] as const);
symlinkSync(join(scratch, 'nowhere'), join(scratch, 'dangling'));
const SWEEP = ['sweep', ...KA, '--set', 'advertIntMs=1s,2s', '--runs', '2', '--threads', '1'];
const sweepOut = join(scratch, 'sweep-out');

const CASES: readonly [string, readonly string[], string][] = [
  ['check', ['check', ...KA, '--runs', '1', '--out', aFile], `--out ${aFile}: a file is there; expected a folder`],
  ['check', ['check', ...KA, '--runs', '1', '--out', ''], '--out "": empty; expected a folder'],
  [
    'check',
    ['check', ...KA, '--runs', '1', '--out', '/proc/x'],
    "--out /proc/x: /proc is the kernel's own filesystem; nothing can be written there",
  ],
  ['explore', ['explore', ...KA, '--out', join(aFile, 'x')], `--out ${join(aFile, 'x')}: ${aFile} is a file`],
  ['spof', ['spof', ...KA, '--out', aFile], `--out ${aFile}: a file is there; expected a folder`],
  [
    'sweep',
    ['sweep', ...KA, '--set', 'advertIntMs=1s,2s', '--runs', '2', '--threads', '1', '--out', '/proc/x'],
    "--out /proc/x: /proc is the kernel's own filesystem",
  ],
  [
    'run',
    ['run', ...KA, '--step', 'at 10s: host-crash r1', '--html', aFolder],
    `--html ${aFolder}: a folder is there; expected a file name`,
  ],
  ['replay', ['replay', trace, '--html', aFolder], `--html ${aFolder}: a folder is there; expected a file name`],
  ['replay', ['replay', trace, '--html', '/dev/null'], "--html /dev/null: /dev is the kernel's own filesystem"],
  ['conform', ['conform', ...KA, '--out', aFile], `--out ${aFile}: a file is there; expected a folder`],
  [
    'replay',
    ['replay', myTrace, '--html', myTrace],
    `--html ${myTrace}: the same file as the trace file ${myTrace}, which this command reads; name another file`,
  ],
  [
    'run',
    ['run', ...KA, '--plan', myPlan, '--html', myPlan],
    `--html ${myPlan}: the same file as --plan ${myPlan}, which this command reads; name another file`,
  ],
  [
    'run',
    ['run', '--topology', myTopology, '--step', 'at 10s: host-crash r1', '--html', myTopology],
    `--html ${myTopology}: the same file as --topology ${myTopology}`,
  ],
  ['sweep', [...SWEEP, '--checkpoint', '/dev/x'], "--checkpoint /dev/x: /dev is the kernel's own filesystem"],
  ['sweep', [...SWEEP, '--checkpoint', '/proc/x'], "--checkpoint /proc/x: /proc is the kernel's own filesystem"],
  [
    'sweep',
    [...SWEEP, '--checkpoint', join(scratch, 'dangling')],
    `--checkpoint ${join(scratch, 'dangling')}: a broken symbolic link is there`,
  ],
  ['sweep', [...SWEEP, '--checkpoint', aFolder], `--checkpoint ${aFolder}: a folder is there; expected a file name`],
  [
    'sweep',
    [...SWEEP, '--checkpoint', join(sweepOut, 'sweep.csv'), '--out', sweepOut],
    `--checkpoint ${join(sweepOut, 'sweep.csv')}: --out ${sweepOut} writes its sweep.csv there; name another file`,
  ],
];

describe('an output location that cannot be written: exit 2, one line, no work done', () => {
  for (const [command, args, line] of CASES) {
    it(`${command} ${args.slice(args.length - 2).join(' ')}`, () => {
      const r = run(main, args);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringContaining(`hafault ${command}: ${line}`)]);
      expect(r.stdout).toBe('');
    });
  }

  it('an input named as an output too came through untouched', () => {
    for (const [path, text] of inputs) expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('npm run soak -- --out FILE', () => {
    const r = run(join(root, 'harness/cli/soakMain.ts'), ['--runs', '10', '--out', aFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`hafault soak: --out ${aFile}: a file is there; expected a folder\n`);
    expect(readFileSync(aFile, 'utf8')).toBe('keep me');
  });

  it('check refuses before its search starts (no progress is reported)', () => {
    const progress: number[] = [];
    const flags = { ...{ model: 'keepalived', set: [], property: [] }, runs: '1', seed: '1', maxFaults: '1' };
    expect(() =>
      runCheck(
        { ...flags, repairs: true, out: join(aFile, 'out') },
        () => {},
        (s) => progress.push(s),
      ),
    ).toThrow(UsageError);
    expect(progress).toEqual([]);
  });

  it('run --html OUT with several runs: OUT.<setting>.html, … checked before the first run', () => {
    const base = join(scratch, 'plan.html');
    mkdirSync(join(scratch, 'plan.advertIntMs=2s.html'));
    const flags = { model: 'keepalived', set: ['advertIntMs=1s,2s'], step: ['at 10s: host-crash r1'], html: base };
    expect(() => runPlan(flags, () => {})).toThrow(
      new UsageError([`--html ${join(scratch, 'plan.advertIntMs=2s.html')}: a folder is there; expected a file name`]),
    );
    expect(readdirSync(scratch)).not.toContain('plan.advertIntMs=1s.html');
  });
});

describe('files a command writes', () => {
  it('check --out over an earlier run: index.html replaced whole, no temporary file left', () => {
    const out = join(scratch, 'again');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), 'stale '.repeat(50_000));
    const r = run(main, ['check', ...KA, '--runs', '5', '--out', out]);
    expect(r.code).toBe(1);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/^<!doctype html>[\s\S]*<\/html>\n?$/i);
    expect(index).not.toContain('stale');
    const all = readdirSync(out, { recursive: true, encoding: 'utf8' });
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(all).toContain(join('traces', 'keepalived.two-routers.noDualActive.json'));
  });
});

describe("a topology's name makes file names that stay inside --out", () => {
  for (const [name, stem] of [
    ['../../../../x/pwned', '_._._._x_pwned'],
    ['a/b', 'a_b'],
  ] as const) {
    it(`name: ${JSON.stringify(name)} (check and explore)`, () => {
      const dir = mkdtempSync(join(scratch, 'named-'));
      const topology = join(dir, 'topology.yaml');
      const yaml = readFileSync(join(root, 'examples/keepalived/two-routers.yaml'), 'utf8');
      writeFileSync(topology, yaml.replace(/^name: .*$/m, `name: ${JSON.stringify(name)}`));
      const out = join(dir, 'deep', 'er', 'out');
      const found = run(main, ['check', '--topology', topology, '--runs', '5', '--out', out]);
      expect(found.code).toBe(1);
      const explored = run(main, ['explore', '--topology', topology, '--depth', '1', '--out', out]);
      expect(explored.code).toBe(1);
      expect(readdirSync(dir).sort()).toEqual(['deep', 'topology.yaml']);
      const written = readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
      expect(written).toContain(join('traces', `keepalived.${stem}.noDualActive.json`));
      expect(written).toContain(join('html', `keepalived.${stem}.noDualActive.html`));
      expect(written).toContain(join('traces', `keepalived.${stem}.explore.noDualActive.json`));
      expect(written.every((f) => f === 'index.html' || /^(traces|html)(\/[^/]+)?$/.test(f))).toBe(true);
    });
  }
});

describe('a reader that closes the pipe early', () => {
  it('`models --json | head -c 10`: no stack trace, exit 0', () => {
    const r = spawnSync(
      'bash',
      ['-c', `"${tsx}" "${main}" models --json | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}"`],
      { cwd: scratch, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit 0\n');
  });
});
