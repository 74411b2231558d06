// `sweep --checkpoint` / `--resume` as a user meets them: a sweep stopped by Ctrl-C or killed outright,
// then resumed, prints the same --json and writes the same report files, byte for byte, as one never
// stopped; a checkpoint of another sweep, a damaged one, or one that would be overwritten is refused
// with one line. No timing: HAFAULT_SWEEP_HOLD_AT (a test knob) makes the child stop at a known
// schedule and wait for the signal; HAFAULT_CHECKPOINT_EVERY writes every 20 schedules.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../engine/inputText.js';
import { UsageError } from './common.js';
import { runSweepCommand, type SweepFlags } from './sweep.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const main = join(root, 'harness/cli/main.ts');
// Relative --out and --checkpoint: every run below starts in its own folder, so each command line (which
// sweep.md and sweep.html print) is the same text.
const SWEEP = [
  'sweep',
  '--model',
  'xenserver-ha',
  '--preset',
  'bonded-mirrored-san',
  '--set',
  'profile=seed-2009',
  '--set',
  'hardFailoverMs=90s..120s',
  '--set',
  'timeoutMs=30s,60s,120s',
  '--faults',
  'host-crash,storage-hard-powercycle',
  '--runs',
  '100',
  '--recommend',
  'noUnnecessaryFence',
  '--json',
  '--quiet',
  '--out',
  'out',
  '--checkpoint',
  'cp.json',
];

const folder = () => mkdtempSync(join(tmpdir(), 'hafault-resume-'));

function hafault(cwd: string, ...args: string[]) {
  const r = spawnSync(tsx, [main, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, by relative path, with its content. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) out[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  return out;
}

/** Starts the sweep in `cwd`, waits until it holds after 30 schedules, sends `signal` to its process group (as a terminal's Ctrl-C does). */
async function stopAtHold(cwd: string, signal: NodeJS.Signals) {
  const env = { ...process.env, HAFAULT_SWEEP_HOLD_AT: '30', HAFAULT_CHECKPOINT_EVERY: '20' };
  const child = spawn(tsx, [main, ...SWEEP], { cwd, env, detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('holding at')) resolve();
      });
      void exited.then(() => reject(new Error(`the sweep ended before holding: ${stderr}`)));
    });
    process.kill(-child.pid!, signal);
    const end = await exited;
    await new Promise((resolve) => setImmediate(resolve));
    return { ...end, stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
}

describe('sweep --checkpoint, --resume', () => {
  const whole = folder();
  let uninterrupted: ReturnType<typeof hafault>;
  beforeAll(() => {
    uninterrupted = hafault(whole, ...SWEEP);
  }, 120_000);

  it('the sweep never stopped: exit 0, its JSON, its reports and a finished checkpoint', () => {
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.code).toBe(0);
    const json = JSON.parse(uninterrupted.stdout) as { runs: number; flips: unknown[] };
    expect(json.runs).toBe(100);
    expect(json.flips.length).toBeGreaterThan(0);
    expect(Object.keys(files(join(whole, 'out'))).sort()).toEqual(
      expect.arrayContaining(['sweep.csv', 'sweep.html', 'sweep.md']),
    );
    expect(JSON.parse(readFileSync(join(whole, 'cp.json'), 'utf8'))).toMatchObject({ next: 100 });
  });

  it('Ctrl-C: a last checkpoint, how to resume, exit 130; `--resume` alone then gives the same JSON, reports and checkpoint', async () => {
    const dir = folder();
    const stopped = await stopAtHold(dir, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/interrupted after (\d+) of 100 schedules; checkpoint written to cp\.json/);
    expect(stopped.stderr).toContain('resume with: npx hafault sweep --resume cp.json');
    const next = (JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as { next: number }).next;
    expect(next).toBeGreaterThanOrEqual(30);
    expect(next).toBeLessThan(100);
    const resumed = hafault(dir, 'sweep', '--resume', 'cp.json');
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(uninterrupted.stdout);
    expect(files(join(dir, 'out'))).toEqual(files(join(whole, 'out')));
    expect(readFileSync(join(dir, 'cp.json'), 'utf8')).toBe(readFileSync(join(whole, 'cp.json'), 'utf8'));
  });

  it('SIGTERM (kill, systemd, a CI timeout): as Ctrl-C, the checkpoint and how to resume, exit 143', async () => {
    const dir = folder();
    const stopped = await stopAtHold(dir, 'SIGTERM');
    expect(stopped.code).toBe(143);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/interrupted after (\d+) of 100 schedules; checkpoint written to cp\.json/);
    expect(stopped.stderr).toContain('resume with: npx hafault sweep --resume cp.json');
    const next = (JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as { next: number }).next;
    expect(next).toBeGreaterThanOrEqual(30);
    expect(next).toBeLessThan(100);
    const resumed = hafault(dir, 'sweep', '--resume', 'cp.json');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(uninterrupted.stdout);
  });

  it('SIGKILL: the checkpoint on disk is whole, --checkpoint will not overwrite it, and resuming from it gives the same JSON and reports', async () => {
    const dir = folder();
    const killed = await stopAtHold(dir, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const there = join(dir, 'cp.json');
    const lines = await refusal(flagsOf({ model: 'keepalived', set: ['advertIntMs=1s,2s'], checkpoint: there }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^--checkpoint .*cp\.json: holds an unfinished sweep \(\d+ of 100 schedules\): resume it with --resume .*cp\.json, or delete it to start over$/,
    );
    const resumed = hafault(dir, 'sweep', '--resume', 'cp.json');
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toBe(uninterrupted.stdout);
    expect(files(join(dir, 'out'))).toEqual(files(join(whole, 'out')));
  });
});

/** The flags commander gives `sweep` without options, then these. */
function flagsOf(flags: Partial<SweepFlags>): SweepFlags {
  return { set: [], property: [], runs: '1000', seed: '1', maxFaults: '1', repairs: true, quiet: true, ...flags };
}

/** The lines a sweep refuses with (exit 2), or [] when it ran. `explicit`: the flags typed on the command line. */
async function refusal(
  flags: SweepFlags,
  explicit: readonly string[] = [],
  write: (text: string) => void = () => undefined,
): Promise<string[]> {
  try {
    await runSweepCommand(flags, [], write, new Set(explicit), () => undefined);
    return [];
  } catch (error) {
    // A checkpoint's own problems are an input file's: `file:line:col: problem`.
    if (error instanceof InputFileError) return [...error.lines];
    if (!(error instanceof UsageError)) throw error;
    return [...error.problems];
  }
}

describe('a checkpoint that does not belong', () => {
  const dir = folder();
  const topology = join(dir, 'pool.yaml');
  const cp = join(dir, 'cp.json');
  const sweep = flagsOf({
    topology,
    set: ['timeoutMs=30s,120s'],
    faults: 'host-crash',
    runs: '20',
    json: true,
    checkpoint: cp,
  });

  let printed = '';
  beforeAll(async () => {
    writeFileSync(topology, readFileSync(join(root, 'examples/xenserver-ha/bonded-mirrored-san.yaml'), 'utf8'));
    expect(await refusal(sweep, [], (s) => (printed += s))).toEqual([]);
  }, 120_000);

  it('resuming a finished sweep prints its result again', async () => {
    let again = '';
    expect(await refusal(flagsOf({ resume: cp }), ['resume'], (s) => (again += s))).toEqual([]);
    expect(JSON.parse(printed)).toMatchObject({ runs: 20, settings: [{ runs: 20 }, { runs: 20 }] });
    expect(again).toBe(printed);
  });

  it('a flag that would change the runs beside --resume: one line each, naming it', async () => {
    const given = { resume: cp, runs: '30', seed: '2', model: 'everrun', topology: topology, repairs: false };
    const lines = await refusal(flagsOf({ ...given, set: ['timeoutMs=30s'] }), [
      'model',
      'topology',
      'set',
      'runs',
      'seed',
      'repairs',
      'resume',
    ]);
    const beside = `not taken beside --resume, which runs the checkpoint's sweep as it was started (beside it: --json, --out, --threads, --quiet, --checkpoint)`;
    expect(lines).toEqual(
      ['--model', '--topology', '--set', '--runs', '--seed', '--no-repairs'].map((f) => `${f}: ${beside}`),
    );
  });

  it('beside --resume, --json, --quiet and --checkpoint OTHER (documented: it moves on there) are taken', async () => {
    const other = join(dir, 'other.json');
    let again = '';
    const flags = flagsOf({ resume: cp, checkpoint: other, json: true, quiet: true });
    expect(await refusal(flags, ['resume', 'checkpoint', 'json', 'quiet'], (s) => (again += s))).toEqual([]);
    expect(again).toBe(printed);
    expect(readFileSync(other, 'utf8')).toContain('"next":20');
  });

  it('the topology file changed since: the design differs', async () => {
    const saved = readFileSync(topology, 'utf8');
    writeFileSync(topology, saved.replace('capacity: 8', 'capacity: 6'));
    try {
      const lines = await refusal(flagsOf({ resume: cp }), ['resume']);
      expect(lines).toHaveLength(1);
      // At the design's digest in the checkpoint, written on one line.
      const col = readFileSync(cp, 'utf8').indexOf('"design":') + 1;
      expect(col).toBeGreaterThan(1);
      expect(lines[0].startsWith(`${cp}:1:${col}: design (topology, settings and fault kinds`)).toBe(true);
      expect(lines[0]).toMatch(/\) differs: /);
    } finally {
      writeFileSync(topology, saved);
    }
  });

  it('cut short, edited, not a checkpoint at all: one line each, before any work', async () => {
    const text = readFileSync(cp, 'utf8');
    // Cut after the comma before `"tally"`: the JSON stops where a key should start.
    const half = text.slice(0, text.indexOf('"tally"'));
    expect(half.endsWith(',')).toBe(true);
    expect(half).not.toContain('\n');
    // Each at its place: where the JSON stops, the digest that does not match, the tag that is not a checkpoint's.
    const cases: [string, string, RegExp][] = [
      [half, `1:${half.length + 1}`, /not JSON \(cut short or damaged\?\)$/],
      [
        text.replace('"next":20', '"next":10'),
        `1:${text.indexOf('"digest"') + 1}`,
        /damaged or edited: its content does not match its digest/,
      ],
      ['{"hafault":"something else"}', '1:2', /not a sweep checkpoint/],
    ];
    const bad = join(dir, 'bad.json');
    for (const [content, at, message] of cases) {
      writeFileSync(bad, content);
      const lines = await refusal(flagsOf({ resume: bad }), ['resume']);
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(`${bad}:${at}: `), lines[0]).toBe(true);
      expect(lines[0]).toMatch(message);
    }
    expect(text).toContain('"next":20');
  });

  it('--checkpoint never overwrites another file, and needs its folder', async () => {
    // The sweep's own topology file is refused as its input; any other file as not a checkpoint.
    expect(await refusal({ ...sweep, checkpoint: topology })).toEqual([
      `--checkpoint ${topology}: the same file as --topology ${topology}, which this command reads; name another file`,
    ]);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'mine\n');
    expect(await refusal({ ...sweep, checkpoint: notes })).toEqual([
      `--checkpoint ${notes}: exists and is not a sweep checkpoint; name a new file`,
    ]);
    expect(readFileSync(notes, 'utf8')).toBe('mine\n');
    expect(await refusal({ ...sweep, checkpoint: join(dir, 'no', 'cp.json') })).toEqual([
      `--checkpoint ${join(dir, 'no', 'cp.json')}: folder ${join(dir, 'no')} does not exist`,
    ]);
  });
});
