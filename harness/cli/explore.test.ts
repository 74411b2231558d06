// `hafault explore` as a user meets it: exit codes, the clean sentence, the shortest schedule as
// sentences with a replayable trace, JSON, and bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hafault explore', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-explore-'));

  it('a clean design: exit 0, "all schedules of ≤ 1 fault hold", throughput printed', () => {
    const r = hafault('explore', '--topology', 'examples/xenserver-ha/bonded.yaml', '--depth', '1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ all schedules of ≤ 1 fault hold');
    expect(r.stdout).toMatch(/schedules\/s, [\d.]+ k? ?distinct states\/s/);
  });

  it('a violation: exit 1, the shortest schedule as sentences, and a trace that replays', () => {
    const r = hafault(
      'explore',
      '--model',
      'xenserver-ha',
      '--preset',
      'two-host',
      '--depth',
      '2',
      '--json',
      '--out',
      out,
    );
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).results[0];
    expect(result).toMatchObject({ model: 'xenserver-ha', preset: 'two-host', status: 'violated' });
    const v = result.violations[0];
    expect(v).toMatchObject({ property: 'noUnnecessaryFence', faults: 1 });
    const replay = hafault('replay', v.traceFile);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('reproduced');
  });

  const bad: [string[], RegExp][] = [
    [
      ['explore', '--depth', 'two'],
      /--depth: expected a whole number from 0 to 10 \(digits, or e\.g\. 1e5\), found `two`/,
    ],
    [['explore', '--faults', 'switch-dwn'], /--faults: unknown fault kind `switch-dwn`; did you mean `switch-down`\?/],
    [['explore', '--instants', 'fin'], /--instants: expected coarse or fine, found `fin`; did you mean `fine`\?/],
    [['explore', '--shard', '3/2'], /--shard: expected i\/n with 1 <= i <= n, found `3\/2`\n$/],
    [['explore', '--topology', 'nowhere.yaml'], /nowhere\.yaml: cannot read \(ENOENT\)/],
  ];
  for (const [args, message] of bad) {
    it(`bad input \`${args.join(' ')}\`: exit 2, one line`, () => {
      const r = hafault(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }
});
