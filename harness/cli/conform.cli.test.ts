// `hafault conform` as a user meets it when the input is wrong: one line, exit 2, no stack trace,
// before anything real is touched. (Real runs: harness/runners/conform/real.test.ts.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function hafault(...args: string[]) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'harness/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hafault conform: bad input', () => {
  it('without --model, or with a model that has no real daemon: exit 2 naming the models that have one', () => {
    for (const args of [[], ['--model', 'xenserver-ha'], ['--model', 'nope']]) {
      const r = hafault('conform', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^hafault conform: --model: .*models with one: keepalived, pacemaker\)\n$/);
    }
  });

  it('--cleanup with flags a cleanup does not use: exit 2, one line each (they were ignored, exit 0)', () => {
    const r = hafault('conform', '--cleanup', '--runs', '5', '--out', '/proc/x', '--set', 'advertIntMs=2s', '--json');
    const why =
      'not taken beside --cleanup, which only removes what killed runs left behind (beside it: --json, --quiet)';
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(['--set', '--runs', '--out'].map((f) => `hafault conform: ${f}: ${why}\n`).join(''));
  });

  it('a bad tolerance, run count or setting: exit 2, one line each', () => {
    expect(hafault('conform', '--model', 'keepalived', '--tolerance', 'soon')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--tolerance: expected a duration'),
    });
    expect(hafault('conform', '--model', 'keepalived', '--runs', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--runs: expected a whole number from 1 to 1000, found `0`'),
    });
    expect(hafault('conform', '--model', 'keepalived', '--set', 'advertInt=2s')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('advertInt: not a setting of keepalived; did you mean `advertIntMs`?'),
    });
  });

  it('--help names every option and the exit codes', () => {
    const r = hafault('conform', '--help');
    expect(r.code).toBe(0);
    for (const flag of [
      '--model',
      '--runs',
      '--seed',
      '--tolerance',
      '--json',
      '--parallel',
      '--max-faults',
      '--retries',
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('4 real daemons cannot run here');
  });
});
