// Every command reads `--set` with the one grammar (harness/engine/setFlags.ts): a key given twice or
// a value listed twice is bad input (exit 2, one line naming the key, nothing run), a form the
// command does not take is refused with the forms it does take, and its --help says which.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const main = join(root, 'harness/cli/main.ts');
const out = mkdtempSync(join(tmpdir(), 'hafault-set-'));

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Several --help texts at once (each is a process start; the machine has cores to spare for them). */
function helps(commands: readonly string[]): Promise<string[]> {
  return Promise.all(
    commands.map(
      (c) =>
        new Promise<string>((done, fail) => {
          let text = '';
          const child = spawn(tsx, [main, c, '--help'], { cwd: root });
          child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
          child.on('error', fail);
          child.on('close', () => done(text.replace(/\s+/g, ' ')));
        }),
    ),
  );
}

function expectBadInput(r: ReturnType<typeof hafault>, command: string, lines: readonly string[]) {
  expect(r.stderr.trimEnd().split('\n')).toEqual(lines.map((l) => `hafault ${command}: ${l}`));
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
}

const TWICE_ONCE = 'advertIntMs: set twice; give it once';
const LIST_REFUSED =
  '--set priority1=100,150: a list of values, but this command takes key=value only (run and sweep take key=v1,v2,…)';
const RANGE_REFUSED =
  '--set priority2=50..60: a range, but this command takes key=value only (sweep takes key=low..high)';
const FIXED_ONLY = [
  '--set',
  'advertIntMs=1s',
  '--set',
  'advertIntMs=2s',
  '--set',
  'priority1=100,150',
  '--set',
  'priority2=50..60',
  '--set',
  'bogus',
];
const FIXED_ONLY_LINES = [TWICE_ONCE, LIST_REFUSED, RANGE_REFUSED, '--set bogus: expected key=value'];

describe('commands that take key=value only: a key twice, a list, a range, no =', () => {
  it('check', () => {
    expectBadInput(
      hafault('check', '--model', 'keepalived', ...FIXED_ONLY, '--runs', '1', '--out', out),
      'check',
      FIXED_ONLY_LINES,
    );
  });

  it('check across every model (no --model)', () => {
    expectBadInput(
      hafault('check', '--set', 'timeoutMs=60s', '--set', 'timeoutMs=90s', '--runs', '1', '--out', out),
      'check',
      ['timeoutMs: set twice; give it once'],
    );
  });

  it('explore, on a topology file', () => {
    const file = join(root, 'examples/keepalived/two-routers.yaml');
    expectBadInput(
      hafault('explore', '--topology', file, ...FIXED_ONLY, '--depth', '1', '--out', out),
      'explore',
      FIXED_ONLY_LINES,
    );
  });

  it('spof', () => {
    expectBadInput(hafault('spof', '--model', 'keepalived', ...FIXED_ONLY), 'spof', FIXED_ONLY_LINES);
  });

  it('conform (before it looks for real daemons)', () => {
    expectBadInput(
      hafault('conform', '--model', 'keepalived', ...FIXED_ONLY, '--runs', '1', '--out', out),
      'conform',
      FIXED_ONLY_LINES,
    );
  });

  it('a free-text setting keeps its commas: check takes pingTargets=gateway,router9 as one value', () => {
    const r = hafault(
      'check',
      '--model',
      'neverfail',
      '--preset',
      'physical-crossover',
      '--set',
      'pingTargets=gateway,router9',
      '--runs',
      '1',
      '--out',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^hafault check: pingTargets: `router9` is not a host of the topology other than the pair/,
    );
  });
});

describe('run takes key=value and key=v1,v2,…', () => {
  const plan = ['run', '--model', 'keepalived', '--preset', 'two-routers', '--step', 'at 10s: host-crash r1'];

  it('refuses a key twice and a range', () => {
    expectBadInput(
      hafault(...plan, '--set', 'advertIntMs=1s,2s', '--set', 'advertIntMs=3s', '--set', 'priority2=50..60'),
      'run',
      [
        'advertIntMs: set twice; give every value in one --set advertIntMs=v1,v2,…',
        '--set priority2=50..60: a range, but this command takes key=value or key=v1,v2,… only (sweep takes key=low..high)',
      ],
    );
  });

  it('refuses a value listed twice, as written or as parsed (1s and 1000ms), instead of running it twice', () => {
    expectBadInput(hafault(...plan, '--set', 'advertIntMs=1s,1s'), 'run', ['advertIntMs: 1 s is listed twice']);
    expectBadInput(hafault(...plan, '--set', 'priority1=150', '--set', 'advertIntMs=2s,1s,1000ms'), 'run', [
      'advertIntMs: 1 s is listed twice',
    ]);
  });
});

describe('sweep takes all three forms', () => {
  it('refuses a key twice and a pair without =', () => {
    expectBadInput(
      hafault(
        'sweep',
        '--model',
        'keepalived',
        '--set',
        'advertIntMs=1s,2s',
        '--set',
        'advertIntMs=3s',
        '--set',
        'priority1',
        '--runs',
        '1',
        '--quiet',
      ),
      'sweep',
      [
        'advertIntMs: set twice; give every value in one --set advertIntMs=v1,v2,…',
        '--set priority1: expected key=value, key=v1,v2,… or key=low..high',
      ],
    );
  });

  it('refuses a value listed twice', () => {
    expectBadInput(
      hafault('sweep', '--model', 'keepalived', '--set', 'advertIntMs=1s,2s,1s', '--runs', '1', '--quiet'),
      'sweep',
      ['advertIntMs: 1 s is listed twice'],
    );
  });

  it("--topology: a value listed twice in the file's environment is refused at its line", () => {
    const file = join(out, 'pool.yaml');
    const example = readFileSync(join(root, 'examples/xenserver-ha/bonded-mirrored-san.yaml'), 'utf8');
    writeFileSync(
      file,
      example.replace(/^environment:\n( {2}.*\n)+/m, 'environment:\n  hardFailoverMs: [90s, 120s, 90000]\n'),
    );
    const r = hafault('sweep', '--topology', file, '--set', 'timeoutMs=30s,60s', '--runs', '1', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: environment\\.hardFailoverMs\\[2\\]: 90 s is listed twice$`,
      ),
    );
  });
});

describe('--help says which forms --set takes', () => {
  it('check, explore, spof, conform: key=value only; run: lists too; sweep: ranges too', async () => {
    const [check, explore, spof, conform, run, sweep] = await helps([
      'check',
      'explore',
      'spof',
      'conform',
      'run',
      'sweep',
    ]);
    for (const text of [check, explore, spof, conform]) {
      expect(text).toMatch(
        /--set <key=value> override a setting: key=value only, e\.g\. \S+=\S+\. Repeatable, each key once/,
      );
      expect(text).not.toMatch(/key=v1,v2|key=low\.\.high/);
    }
    expect(run).toMatch(
      /--set <key=v1,v2,…> settings: key=value fixes a setting; key=v1,v2,… runs the plan once per value .*Repeatable, each key once/,
    );
    expect(run).not.toMatch(/key=low\.\.high/);
    expect(sweep).toMatch(
      /--set <key=values> settings: key=value fixes a setting; key=v1,v2,… sweeps it; key=low\.\.high draws it per schedule .*Repeatable, each key once/,
    );
  });
});
