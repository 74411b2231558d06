// `hafault … | head`: a reader that leaves early gets what it read; hafault ends with its own exit
// code and prints no EPIPE stack trace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('output piped into a reader that leaves', () => {
  it('models --json | head -c 10: exit 0, nothing on stderr', () => {
    const script = `"${tsx}" harness/cli/main.ts models --json | head -c 10; echo "rc=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toBe('{\n  "model');
    expect(r.stderr).toBe('rc=0\n');
  });
});
