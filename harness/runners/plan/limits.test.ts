// Plan files go through the same loader and limits as topology files: an alias bomb, a key given
// twice, bytes that are not UTF-8 are one line each with the file's place, never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlan } from './load.js';
import { PlanError, planLine } from './types.js';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'hafault-plan-limits-'));

/** Ten levels of nine-fold aliases under `steps:` (9^10 steps once expanded). */
function aliasBomb(): string {
  const lines = ['a: &a [{at: 10s, fault: host-crash, target: h1}]'];
  for (let i = 1; i < 10; i++) {
    const [n, p] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
  }
  return lines.join('\n') + '\nsteps: *j\n';
}

function refusal(name: string, content: string | Buffer): string[] {
  const file = join(dir, name);
  writeFileSync(file, content);
  try {
    readPlan(file);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    return (error as PlanError).problems.map(planLine);
  }
  throw new Error(`${name} was accepted`);
}

describe('plan files under the limits of every input file', () => {
  it('an alias bomb is refused in one line naming the limit', () => {
    expect(refusal('bomb.yaml', aliasBomb())).toEqual([
      expect.stringMatching(/bomb\.yaml: its aliases .* past the limit \(maxAliasCount 100\)/),
    ]);
  });

  it('a field given twice in a step, with its line and column', () => {
    expect(refusal('twice.yaml', '- {at: 10s, fault: host-crash, target: h1, at: 20s}\n')).toEqual([
      `${join(dir, 'twice.yaml')}:1:44: key \`at\` appears twice in this mapping; expected each key once`,
    ]);
  });

  it('a scalar at the top level, and a text plan that is not UTF-8', () => {
    expect(refusal('scalar.json', '"at 10s: host-crash h1"')).toEqual([
      `${join(dir, 'scalar.json')}:1:1: expected a list of steps (or a mapping with \`steps:\`) at the top level, found a string ("at 10s: host-crash h1")`,
    ]);
    expect(refusal('latin1.plan', Buffer.from('at 10s: host-crash h\xe9\n', 'latin1'))).toEqual([
      `${join(dir, 'latin1.plan')}:1:21: not UTF-8 text (byte 0xe9); expected a UTF-8 text file`,
    ]);
  });

  it('through the CLI: `run --plan bomb.yaml` exits 2 with one line, no stack trace', () => {
    const file = join(dir, 'cli-bomb.yaml');
    writeFileSync(file, aliasBomb());
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const args = ['run', '--model', 'keepalived', '--plan', file];
    const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|ReferenceError/);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\/.*cli-bomb\.yaml: its aliases/)]);
    expect(r.status).toBe(2);
  });
});
