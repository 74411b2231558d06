// The fuzzer's judge, judged: it must see a write outside the output flags, a wrong exit code for
// invalid input, and a stack trace, and must not mistake a wrapped `--help` line for one. Otherwise
// a green fuzzer would prove nothing.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUT } from './commands.js';
import { problemsOf, runCase, type FuzzCase, type Outcome } from './runCase.js';

const root = mkdtempSync(join(tmpdir(), 'hafault-fuzz-judge-'));
mkdirSync(join(root, 'tmp'));
const VIOLATING = ['check', '--model', 'xenserver-ha', '--preset', 'single-switch', '--set', 'profile=seed-2009'];
const base: FuzzCase = { kind: 'test', label: 'by hand', files: [], argv: [], invalid: null };
const ended: Outcome = { code: 0, stdout: '', stderr: '', ms: 1, crash: null, strays: [] };

describe('the fuzzer judges a case', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('sees trace files written where no output flag points (check without --out writes hafault-out in the cwd)', async () => {
    const argv = [...VIOLATING, '--property', 'noPoolWideFence', '--runs', '20'];
    const o = await runCase({ ...base, argv }, root);
    expect(o.code).toBe(1);
    expect(o.strays).toContain('<case>/cwd/hafault-out');
    expect(problemsOf({ ...base, argv }, o)).toEqual([
      expect.stringMatching(/^wrote outside the output flags: <case>\/cwd\/hafault-out/),
    ]);
    const kept = await runCase({ ...base, argv: [...argv, '--out', `${OUT}/deeper`] }, root);
    expect(kept.code).toBe(1);
    expect(kept.strays).toEqual([]);
  });

  it('wants exit 2 for input known invalid, and a line on stderr with it', async () => {
    const argv = ['check', '--model', 'keepalived', '--runs', '0'];
    const refused = await runCase({ ...base, argv, invalid: '--runs 0' }, root);
    expect(refused.code).toBe(2);
    expect(problemsOf({ ...base, argv, invalid: '--runs 0' }, refused)).toEqual([]);
    expect(problemsOf({ ...base, invalid: 'by hand' }, ended)).toEqual([
      'exit 0 for invalid input (by hand); expected 2',
    ]);
    expect(problemsOf(base, { ...ended, code: 2 })).toEqual(['exit 2 without a line on stderr']);
    expect(problemsOf(base, { ...ended, code: 70, stderr: 'hafault: internal error\n' })).toEqual([
      'exit 70 (expected one of 0, 1, 2, 3, 5)',
    ]);
  });

  it('calls a stack trace, a raw error, a crash, bad JSON and a slow case what they are', () => {
    const stack = 'TypeError: x is not a function\n    at f (/w/harness/a.ts:3:9)\n    at node:internal/x:1:1\n';
    expect(problemsOf(base, { ...ended, code: 1, stderr: stack })).toEqual([
      'stack trace or raw error on stderr: TypeError: x is not a function',
    ]);
    expect(problemsOf(base, { ...ended, code: null, crash: 'Error: EISDIR' })).toEqual(['crash: Error: EISDIR']);
    expect(problemsOf({ ...base, argv: ['models', '--json'] }, { ...ended, stdout: 'models:' })).toEqual([
      '--json printed no JSON: models:',
    ]);
    expect(problemsOf(base, { ...ended, ms: 120_000 })).toEqual(['took 120000 ms (limit 60000 ms)']);
  });

  it("does not take commander's wrapped help (a line starting with spaces and `at`) for a stack", () => {
    const help =
      "error: unknown option '--bogus'\n\nOptions:\n  --instants <mode>  coarse: one instant per gap\n                     at every heartbeat phase\n";
    expect(problemsOf(base, { ...ended, code: 2, stderr: help })).toEqual([]);
  });
});
