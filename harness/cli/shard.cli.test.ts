// `--shard i/n` and `hafault merge` as a CI matrix uses them: n = 3 shards run as separate processes
// (`node bin/hafault.js …`), merged, must print exactly what one unsharded run prints, byte for byte,
// with its exit code and, for check, its trace files; and merge refuses, one line each, what would
// make a wrong answer: a missing or repeated shard, shards of different runs, a file that is no shard.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'hafault.js');
const folder = () => mkdtempSync(join(tmpdir(), 'hafault-shard-'));

function hafault(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile('node', [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

async function cli(argv: readonly string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const home = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(home);
  }
}

/** Runs the command whole and as 3 shards at once, then merges the shards' files in a shuffled order. */
async function shardedAndWhole(args: readonly string[]) {
  const [whole, shards] = [folder(), folder()];
  const runs = await Promise.all([
    hafault(whole, args),
    ...[1, 2, 3].map((i) => hafault(shards, [...args, '--shard', `${i}/3`])),
  ]);
  runs.slice(1).forEach((r, k) => writeFileSync(join(shards, `shard-${k + 1}.json`), r.stdout));
  const merged = await hafault(shards, ['merge', 'shard-3.json', 'shard-1.json', 'shard-2.json']);
  return { whole: runs[0], merged, shardRuns: runs.slice(1), dirs: { whole, shards } };
}

describe('n shards merged equal one unsharded run', () => {
  it('check: the --json document, the exit code and the trace files', { timeout: 120_000 }, async () => {
    const args = ['check', '--model', 'xenserver-ha', '--runs', '20', '--max-faults', '2', '--json', '--out', 'out'];
    const { whole, merged, shardRuns, dirs } = await shardedAndWhole(args);
    expect(whole.code, whole.stderr).toBe(1);
    for (const r of shardRuns) expect(JSON.parse(r.stdout).hafault).toBe('check shard');
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.code).toBe(whole.code);
    const traces = (dir: string) => readdirSync(join(dir, 'out', 'traces')).sort();
    expect(traces(dirs.shards)).toEqual(traces(dirs.whole));
    for (const f of traces(dirs.whole))
      expect(readFileSync(join(dirs.shards, 'out', 'traces', f), 'utf8')).toBe(
        readFileSync(join(dirs.whole, 'out', 'traces', f), 'utf8'),
      );
  });

  it(
    'sweep: the --json document (exact tallies: rates, intervals, percentiles, flips) and the exit code',
    { timeout: 120_000 },
    async () => {
      const args = [
        'sweep',
        '--model',
        'xenserver-ha',
        '--preset',
        'bonded-mirrored-san',
        '--set',
        'timeoutMs=30s,60s',
        '--set',
        'hardFailoverMs=90s..120s',
        '--recommend',
        'noUnnecessaryFence',
        '--runs',
        '90',
        '--json',
        '--quiet',
      ];
      const { whole, merged, shardRuns } = await shardedAndWhole(args);
      expect([0, 1], whole.stderr).toContain(whole.code);
      for (const r of shardRuns) expect(JSON.parse(r.stdout).hafault).toBe('sweep shard');
      expect(merged.stderr).toBe('');
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.code).toBe(whole.code);
      // Not a vacuous comparison: every shard ran a third of the schedules.
      expect(shardRuns.map((r) => JSON.parse(r.stdout).to - JSON.parse(r.stdout).from)).toEqual([30, 30, 30]);
    },
  );

  /** The document with its timing fields' values blanked and each trace file named as the unsharded run names it. */
  const untimed = (text: string) =>
    text
      .replace(/("(?:seconds|schedulesPerSecond|distinctStatesPerSecond)": )[-\d.e+]+/g, '$1"timing"')
      .replace(/\.shard-\d+-of-\d+\./g, '.');
  const exploreCases: [string, string[], number][] = [
    // Violated, every schedule up to 2 faults (42 989 states): counts, witnesses, exit 1.
    [
      'keepalived/two-routers, depth 2, --keep-going',
      ['--model', 'keepalived', '--preset', 'two-routers', '--depth', '2', '--keep-going'],
      1,
    ],
    // Holds: every schedule of up to 2 faults keeps the service's restore time.
    [
      'everrun/crossover, depth 2, serviceRestoredWithin',
      ['--model', 'everrun', '--preset', 'crossover', '--depth', '2', '--property', 'serviceRestoredWithin'],
      0,
    ],
  ];
  for (const [name, flags, code] of exploreCases)
    it(
      `explore ${name}, 2 and 3 shards: the unsharded --json byte for byte but for timing fields`,
      { timeout: 120_000 },
      async () => {
        const args = ['explore', ...flags, '--json'];
        const shardsOf = async (n: number) => {
          const dir = folder();
          const indices = Array.from({ length: n }, (_, k) => k + 1);
          const runs = await Promise.all(indices.map((i) => hafault(dir, [...args, '--shard', `${i}/${n}`])));
          runs.forEach((r, k) => writeFileSync(join(dir, `shard-${k + 1}.json`), r.stdout));
          return { dir, runs, files: indices.reverse().map((i) => `shard-${i}.json`) };
        };
        const [whole, two, three] = await Promise.all([hafault(folder(), args), shardsOf(2), shardsOf(3)]);
        expect(whole.code, whole.stderr).toBe(code);
        type Result = { stats: { distinctStates: number }; shard: { common: { distinctStates: number } } };
        const result = (text: string) => (JSON.parse(text) as { results: Result[] }).results[0];
        for (const { dir, runs, files } of [two, three]) {
          for (const r of runs) {
            // A shard that printed nothing says why (it failed once in CI, unreproduced: exit code and stderr).
            expect(r.stdout.length, `a shard printed nothing: exit ${r.code}, stderr: ${r.stderr}`).toBeGreaterThan(0);
            expect(JSON.parse(r.stdout).hafault).toBe('explore shard');
          }
          const merged = await hafault(dir, ['merge', ...files]);
          expect(merged.stderr).toBe('');
          expect(untimed(merged.stdout)).toBe(untimed(whole.stdout));
          expect(merged.code).toBe(whole.code);
          // Not equal by adding up: the shards' states, the fault-free run's counted once, are more.
          const sum = runs.reduce((t, r) => t + result(r.stdout).stats.distinctStates, 0);
          const common = result(runs[0].stdout).shard.common.distinctStates;
          expect(sum - (runs.length - 1) * common).toBeGreaterThan(result(whole.stdout).stats.distinctStates);
        }
      },
    );
});

describe('merge refuses what would make a wrong answer', () => {
  const dir = folder();
  const shardArgs = (i: number, seed = '1') => [
    'check',
    '--model',
    'keepalived',
    '--runs',
    '5',
    '--seed',
    seed,
    '--shard',
    `${i}/3`,
    '--json',
    '--quiet',
    '--out',
    'out',
  ];
  const write = async (name: string, args: string[]) => writeFileSync(join(dir, name), (await cli(args, dir)).stdout);

  it(
    'a missing shard, a repeated one, one of another run, one of another kind, a file that is no shard',
    { timeout: 60_000 },
    async () => {
      await write('a1.json', shardArgs(1));
      await write('a2.json', shardArgs(2));
      await write('a3.json', shardArgs(3));
      await write('b2.json', shardArgs(2, '2'));
      await write('s1.json', [
        'sweep',
        '--model',
        'keepalived',
        '--set',
        'advertIntMs=1s,2s',
        '--runs',
        '4',
        '--shard',
        '1/3',
        '--json',
      ]);
      writeFileSync(
        join(dir, 'plain.json'),
        (await cli(['check', '--model', 'keepalived', '--runs', '3', '--json', '--out', 'out'], dir)).stdout,
      );
      const merge = (...files: string[]) => cli(['merge', ...files], dir);
      expect(await merge('a1.json', 'a3.json')).toEqual({
        code: 2,
        stdout: '',
        stderr: 'hafault merge: shard 2/3 is missing\n',
      });
      expect((await merge('a1.json', 'a2.json', 'a2.json', 'a3.json')).stderr).toBe(
        'hafault merge: shard 2/3 is given 2 times (a2.json, a2.json)\n',
      );
      expect((await merge('a1.json', 'b2.json', 'a3.json')).stderr).toBe(
        'hafault merge: b2.json: a shard of another run: --seed is 2, in a1.json 1\n',
      );
      expect((await merge('a1.json', 's1.json')).stderr).toBe(
        'hafault merge: s1.json: a sweep shard, but a1.json is a check shard\n',
      );
      const plain = await merge('plain.json', 'a1.json');
      expect(plain.code).toBe(2);
      expect(plain.stderr).toBe(
        'hafault merge: plain.json: not a shard document (expected what `check`, `sweep` or `explore` with `--shard i/n --json` prints)\n',
      );
      // And the shards themselves merge.
      expect((await merge('a2.json', 'a3.json', 'a1.json')).code).toBeLessThanOrEqual(1);
    },
  );

  it('sweep: shards that read one topology file at different paths are one sweep', { timeout: 60_000 }, async () => {
    const [a, b, whole] = [folder(), folder(), folder()];
    const yaml = readFileSync(join(root, 'examples', 'xenserver-ha', 'bonded-capacity.yaml'), 'utf8');
    for (const dir of [a, b, whole]) writeFileSync(join(dir, 'pool.yaml'), yaml);
    const args = ['sweep', '--topology', 'pool.yaml', '--set', 'timeoutMs=30s,60s', '--runs', '20', '--json'];
    const [s1, s2, one] = await Promise.all([
      hafault(a, [...args, '--shard', '1/2']),
      hafault(b, [...args, '--shard', '2/2']),
      hafault(whole, args),
    ]);
    writeFileSync(join(a, 's1.json'), s1.stdout);
    writeFileSync(join(a, 's2.json'), s2.stdout);
    const merged = await hafault(a, ['merge', 's1.json', 's2.json']);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toBe(one.stdout);
  });
  it('a file that is not JSON: one line, whatever the file holds', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'bad.json'), 'hello\nworld\n');
    const r = await cli(['merge', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hafault merge: bad\.json: not JSON \(.*\)\n$/);
  });
});

describe('a shard without --json', () => {
  it('says which units it judged before its table', async () => {
    const dir = folder();
    const r = await cli(
      ['check', '--model', 'xenserver-ha', '--preset', 'two-host', '--runs', '2', '--shard', '2/4'],
      dir,
    );
    expect(r.stdout.split('\n')[0]).toMatch(
      /^shard 2\/4: units? \d+(–\d+)? of \d+ \(model × preset × property\); hafault merge joins the shards' --json$/,
    );
  });
});

describe('--shard syntax', () => {
  it.each(['0/3', '4/3', '1/0', 'a/b', '1of3', '1/3/5', '-1/3', ''])('%j: exit 2, one line', async (text) => {
    for (const command of [
      ['check', '--model', 'keepalived', '--runs', '3'],
      ['sweep', '--model', 'keepalived', '--set', 'advertIntMs=1s,2s', '--runs', '3'],
    ]) {
      const r = await cli([...command, '--shard', text], folder());
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`hafault ${command[0]}: --shard: expected i/n with 1 <= i <= n, found \`${text}\`\n`);
    }
  });
});
