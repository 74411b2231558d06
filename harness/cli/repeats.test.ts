// Duplicates are bad input everywhere: a name twice in a comma-separated list, a repeatable flag
// given the same value twice, a one-value option given twice. Each is one line naming the repeat.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCheck } from './check.js';
import { collect, splitList } from './common.js';
import { runExplore } from './explore.js';
import { refuseRepeatedOptions } from './repeats.js';
import { runSpof } from './spof.js';
import { runSweepCommand } from './sweep.js';
import { usageProblems } from './testRefusal.js';

const out = mkdtempSync(join(tmpdir(), 'hafault-repeats-'));
const none = () => {};

const refusal = usageProblems;

describe('lists and repeatable flags', () => {
  it('splitList refuses a name listed twice and an empty name', () => {
    expect(splitList('--faults', 'nic-down, switch-down')).toEqual(['nic-down', 'switch-down']);
    expect(() => splitList('--faults', 'nic-down,nic-down')).toThrow(
      '--faults: `nic-down` is listed twice; expected each once',
    );
    expect(() => splitList('--faults', 'nic-down,,switch-down')).toThrow(/--faults: an empty name in/);
    expect(() => splitList('--faults', '')).toThrow(/--faults: an empty name/);
  });

  const explore = { model: 'keepalived', set: [], depth: '1', instants: 'coarse', property: [], out };
  const sweep = {
    model: 'keepalived',
    set: ['advertIntMs=1s,2s'],
    property: [],
    runs: '5',
    seed: '1',
    maxFaults: '1',
    repairs: true,
  };
  const check = {
    model: 'keepalived',
    set: [],
    property: [],
    runs: '1',
    seed: '1',
    maxFaults: '1',
    repairs: true,
    out,
  };
  const cases: [string, () => unknown, string][] = [
    [
      'sweep --faults nic-down,nic-down',
      () => runSweepCommand({ ...sweep, faults: 'nic-down,nic-down' }, [], none),
      '--faults: `nic-down` is listed twice; expected each once',
    ],
    [
      'explore --faults host-crash,host-crash',
      () => runExplore({ ...explore, faults: 'host-crash,host-crash' }, none, none, none),
      '--faults: `host-crash` is listed twice; expected each once',
    ],
    [
      'check --property p --property p',
      () => runCheck({ ...check, property: ['noDualActive', 'noDualActive'] }, none, none),
      '--property: `noDualActive` is given twice; expected each once',
    ],
    [
      'check without --model: --property p --property p',
      () => runCheck({ ...check, model: undefined, property: ['noDualActive', 'noDualActive'] }, none, none),
      '--property: `noDualActive` is given twice; expected each once',
    ],
    [
      'sweep --property p --property p',
      () => runSweepCommand({ ...sweep, property: ['noDualActive', 'noDualActive'] }, [], none),
      '--property: `noDualActive` is given twice; expected each once',
    ],
    [
      'spof --property p --property p',
      () => runSpof({ model: 'keepalived', set: [], property: ['noDualActive', 'noDualActive'] }, none, none),
      '--property: `noDualActive` is given twice; expected each once',
    ],
  ];
  for (const [what, run, line] of cases) it(what, async () => expect(await refusal(run)).toEqual([line]));
});

describe('a one-value option given twice', () => {
  afterEach(() => vi.restoreAllMocks());

  function program(action: () => void): Command {
    const p = new Command().name('t').exitOverride();
    p.command('go')
      .option('--model <name>')
      .option('--runs <n>', 'runs', '200')
      .option('--set <kv>', 'repeatable', collect, [])
      .option('--json')
      .action(action);
    refuseRepeatedOptions(p, 't');
    return p;
  }

  it('is refused before the action runs, naming the flag and both values', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const action = vi.fn();
    const args = ['node', 't', 'go', '--model', 'a', '--runs=5', '--model', 'b', '--runs', '5'];
    const error = await program(action)
      .parseAsync(args)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(2);
    expect(action).not.toHaveBeenCalled();
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toBe(
      'hafault go: --model: given 2 times (`a`, then `b`); give it once\nhafault go: --runs: given 2 times (`5`, then `5`); give it once\n',
    );
  });

  it('a program parsed again starts afresh', async () => {
    const action = vi.fn();
    const p = program(action);
    await p.parseAsync(['node', 't', 'go', '--model', 'a']);
    refuseRepeatedOptions(p, 't');
    await p.parseAsync(['node', 't', 'go', '--model', 'b']);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('repeatable options and flags without a value are let through', async () => {
    const action = vi.fn();
    await program(action).parseAsync([
      'node',
      't',
      'go',
      '--set',
      'a=1',
      '--set',
      'b=2',
      '--json',
      '--json',
      '--runs',
      '3',
    ]);
    expect(action).toHaveBeenCalledOnce();
  });

  it('through the real CLI: exit 2, one line', () => {
    const root = join(import.meta.dirname, '..', '..');
    const r = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'harness/cli/main.ts'), 'spof', '--model', 'keepalived', '--model', 'xenserver-ha'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('hafault spof: --model: given 2 times (`keepalived`, then `xenserver-ha`); give it once\n');
    expect(r.status).toBe(2);
  });
});
