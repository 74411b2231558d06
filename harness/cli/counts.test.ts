// Every count flag of every command: one grammar, a documented ceiling shown in --help, and a
// refusal that names the flag, the range and what was found, before any work starts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckFlags } from './check.js';
import { UsageError } from './common.js';
import { runConform, type ConformFlags } from './conform.js';
import { COUNTS, DEFAULT_MAX_STATES, parseCount, SEED_MAX } from './counts.js';
import { runExplore, type ExploreFlags } from './explore.js';
import { runSoakCommand, type SoakFlags } from './soak.js';
import { runSweepCommand, type SweepFlags } from './sweep.js';
import { usageProblems } from './testRefusal.js';

const out = mkdtempSync(join(tmpdir(), 'hafault-counts-'));
const none = () => {};

const refusal = usageProblems;

describe('parseCount', () => {
  const runs = COUNTS.checkRuns;
  it('takes digits and the exponent form of a whole number, in range', () => {
    expect(parseCount(runs, '200')).toBe(200);
    expect(parseCount(runs, '1e5')).toBe(100_000);
    expect(parseCount(runs, '2.5E3')).toBe(2500);
    expect(parseCount(runs, '1e6')).toBe(1_000_000);
    expect(parseCount(COUNTS.seed, '0')).toBe(0);
    expect(parseCount(COUNTS.seed, String(SEED_MAX))).toBe(4294967295);
  });

  it('refuses past the ceiling, naming the flag, the range and the value found', () => {
    expect(() => parseCount(runs, '1e9')).toThrow(
      '--runs: expected a whole number from 1 to 1000000, found `1e9` (1000000000)',
    );
    expect(() => parseCount(COUNTS.seed, '1e300')).toThrow(
      '--seed: expected a whole number from 0 to 4294967295, found `1e300`',
    );
    expect(() => parseCount(COUNTS.seed, '4294967296')).toThrow('from 0 to 4294967295, found `4294967296`');
  });

  it('refuses every other spelling in one line: signs, spaces, hex, fractions, empty', () => {
    for (const text of [
      '',
      ' 5',
      '5 ',
      '+5',
      '-1',
      '0x10',
      '1_000',
      '1,000',
      '1.5',
      '2.5e0',
      'Infinity',
      'NaN',
      'e5',
      '1e',
    ])
      expect(() => parseCount(runs, text)).toThrow(/^--runs: expected a whole number from 1 to 1000000/);
  });

  it('accepts exactly the whole numbers of its range, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        let n: number | null = null;
        try {
          n = parseCount(COUNTS.retries, text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as UsageError).problems).toHaveLength(1);
        }
        if (n !== null) expect(Number.isInteger(n) && n >= 0 && n <= 10 && Number(text) === n).toBe(true);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});

describe('each command refuses a count out of range before any work', () => {
  const check: CheckFlags = {
    model: 'keepalived',
    set: [],
    property: [],
    runs: '1',
    seed: '1',
    maxFaults: '1',
    repairs: true,
    out,
  };
  const explore: ExploreFlags = { model: 'keepalived', set: [], depth: '1', instants: 'coarse', property: [], out };
  const sweep: SweepFlags = {
    model: 'keepalived',
    set: ['advertIntMs=1s,2s'],
    property: [],
    runs: '1',
    seed: '1',
    maxFaults: '1',
    repairs: true,
  };
  const conform: ConformFlags = {
    model: 'keepalived',
    set: [],
    runs: '1',
    seed: '1',
    maxFaults: '1',
    tolerance: '300ms',
    parallel: '1',
    retries: '0',
    out,
  };
  const soak: SoakFlags = { seed: '1', out, quiet: true };
  const cases: [string, () => unknown, RegExp][] = [
    [
      'check --runs 1e9',
      () => runCheck({ ...check, runs: '1e9' }, none, none),
      /^--runs: .*from 1 to 1000000, found `1e9`/,
    ],
    [
      'check --seed 1e300',
      () => runCheck({ ...check, seed: '1e300' }, none, none),
      /^--seed: .*from 0 to 4294967295, found `1e300`$/,
    ],
    [
      'check --max-faults 21',
      () => runCheck({ ...check, maxFaults: '21' }, none, none),
      /^--max-faults: .*from 1 to 20, found `21`$/,
    ],
    [
      'explore --depth 11',
      () => runExplore({ ...explore, depth: '11' }, none, none, none),
      /^--depth: .*from 0 to 10, found `11`$/,
    ],
    [
      'explore --max-states 1e8',
      () => runExplore({ ...explore, maxStates: '1e8' }, none, none, none),
      /^--max-states: .*from 1 to 10000000, found `1e8`/,
    ],
    [
      'sweep --runs 2e6',
      () => runSweepCommand({ ...sweep, runs: '2e6' }, [], none),
      /^--runs: .*from 1 to 1000000, found `2e6`/,
    ],
    [
      'sweep --threads 65',
      () => runSweepCommand({ ...sweep, threads: '65' }, [], none),
      /^--threads: .*from 1 to 64, found `65`$/,
    ],
    [
      'sweep --seed -1',
      () => runSweepCommand({ ...sweep, seed: '-1' }, [], none),
      /^--seed: .*from 0 to 4294967295 \(digits/,
    ],
    [
      'conform --runs 1001',
      () => runConform({ ...conform, runs: '1001' }, none, none, none),
      /^--runs: .*from 1 to 1000, found `1001`$/,
    ],
    [
      'conform --max-faults 11',
      () => runConform({ ...conform, maxFaults: '11' }, none, none, none),
      /^--max-faults: .*from 1 to 10, found/,
    ],
    [
      'conform --parallel 17',
      () => runConform({ ...conform, parallel: '17' }, none, none, none),
      /^--parallel: .*from 1 to 16, found/,
    ],
    [
      'conform --retries 11',
      () => runConform({ ...conform, retries: '11' }, none, none, none),
      /^--retries: .*from 0 to 10, found/,
    ],
    [
      'soak --runs 1e8',
      () => runSoakCommand({ ...soak, runs: '1e8' }, [], none, none),
      /^--runs: .*from 1 to 10000000, found `1e8`/,
    ],
    [
      'soak --seed 2^32',
      () => runSoakCommand({ ...soak, seed: '4294967296' }, [], none, none),
      /^--seed \(or `random`\): .*from 0 to 4294967295/,
    ],
    [
      'soak --threads 0',
      () => runSoakCommand({ ...soak, runs: '100', threads: '0' }, [], none, none),
      /^--threads: .*from 1 to 64, found `0`$/,
    ],
  ];
  it('every bad count (and an unknown model) at once, one line each, not only the first', async () => {
    expect(await refusal(() => runCheck({ ...check, runs: '0', seed: '-1', maxFaults: '0' }, none, none))).toEqual([
      '--runs: expected a whole number from 1 to 1000000, found `0`',
      '--seed: expected a whole number from 0 to 4294967295 (digits, or e.g. 1e5), found `-1`',
      '--max-faults: expected a whole number from 1 to 20, found `0`',
    ]);
    const lines = await refusal(() => runCheck({ ...check, model: 'nope', runs: '0', seed: '-1' }, none, none));
    expect(lines.map((l) => l.split(':')[0])).toEqual(['--runs', '--seed', '--model']);
    const swept = await refusal(() => runSweepCommand({ ...sweep, model: 'nope', runs: '0', threads: '0' }, [], none));
    expect(swept.map((l) => l.split(':')[0])).toEqual(['--model', '--runs', '--threads']);
    const explored = await refusal(() =>
      runExplore({ ...explore, depth: '11', maxStates: '0', instants: 'x' }, none, none, none),
    );
    expect(explored.map((l) => l.split(':')[0])).toEqual(['--depth', '--max-states', '--instants']);
    const conformed = await refusal(() =>
      runConform({ ...conform, model: 'nope', runs: '0', parallel: '99', retries: '11' }, none, none, none),
    );
    expect(conformed.map((l) => l.split(':')[0])).toEqual(['--model', '--runs', '--parallel', '--retries']);
    const soaked = await refusal(() =>
      runSoakCommand({ ...soak, runs: '0', threads: '0', seed: 'x', model: 'nope' }, [], none, none),
    );
    expect(soaked.map((l) => l.split(':')[0])).toEqual(['--runs', '--threads', '--seed (or `random`)', '--model']);
  });

  for (const [what, run, message] of cases)
    it(what, async () => {
      const started = performance.now();
      expect(await refusal(run)).toEqual([expect.stringMatching(message)]);
      expect(performance.now() - started).toBeLessThan(5000);
    });
});

describe('--help shows each count flag its range', () => {
  const root = join(import.meta.dirname, '..', '..');
  const help = async (script: string, ...args: string[]) =>
    (
      await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), [join(root, script), ...args, '--help'], {
        cwd: root,
        encoding: 'utf8',
      })
    ).stdout.replace(/\s+/g, ' ');
  const expected: [string[], string[]][] = [
    [['check'], ['--runs <n> schedules per preset and property (1 to 1000000)', '(0 to 4294967295)', '(1 to 20)']],
    [['sweep'], ['(1 to 1000000) (default: 1000)', '(0 to 4294967295)', '(1 to 20)', '(1 to 64)']],
    [['explore'], ['(0 to 10) (default: 1)', `(1 to 10000000) (default: ${DEFAULT_MAX_STATES})`]],
    [['conform'], ['(1 to 1000) (default: 3)', '(1 to 10) (default: 2)', '(1 to 16)', '(0 to 10) (default: 1)']],
  ];
  it('hafault check, sweep, explore, conform and npm run soak', async () => {
    const texts = await Promise.all([
      ...expected.map(([args]) => help('harness/cli/main.ts', ...args)),
      help('harness/cli/soakMain.ts'),
    ]);
    expected.forEach(([, parts], i) => {
      for (const part of parts) expect(texts[i]).toContain(part);
    });
    expect(texts[expected.length]).toMatch(
      /--runs <n> .*\(1 to 10000000\).*--threads <n> .*\(1 to 64\).*--seed <n> .*\(0 to 4294967295\)/,
    );
  }, 60_000);
});

describe('docs/commands/check.md states the ranges the code enforces', () => {
  it('one row per range of COUNTS, and no other', () => {
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs/commands/check.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `(--[a-z-]+)` \| [^|]+ \| (\d+) to (\d+)\b/gm)].map(
      (m) => `${m[1]} ${m[2]}..${m[3]}`,
    );
    const ranges = Object.values(COUNTS).map((r) => `${r.flag} ${r.min}..${r.max}`);
    expect(rows.length).toBe(ranges.length);
    expect([...rows].sort()).toEqual([...ranges].sort());
  });
});
