// Terminal conventions as a user meets them, through the real `hafault` process: colour follows
// NO_COLOR, FORCE_COLOR and whether stdout is a terminal (a pseudo-terminal from util-linux's
// `script`); --version; numbers shown as numbers in --help; the progress bar only on a terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const main = join(root, 'harness/cli/main.ts');
const out = mkdtempSync(join(tmpdir(), 'hafault-terminal-'));
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[\d+m/;
const CHECK = ['check', '--model', 'keepalived', '--runs', '5', '--out', out];

/** The environment without the colour variables of whoever runs the tests. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, TERM: 'xterm', ...extra };
}

function piped(args: readonly string[], extra: Record<string, string> = {}) {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env: envWith(extra) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs hafault with stdout and stderr on a pseudo-terminal; what the terminal showed. */
function onTerminal(args: readonly string[], extra: Record<string, string> = {}) {
  const command = [tsx, main, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: envWith(extra) });
  return { code: r.status, shown: r.stdout };
}

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

describe('colour', () => {
  it('piped stdout: plain; FORCE_COLOR=1 colours it; NO_COLOR=1 beside FORCE_COLOR=1 does not', () => {
    const plain = piped(CHECK);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('VIOLATED');
    expect(plain.stdout).not.toMatch(ANSI_COLOUR);
    const forced = piped(CHECK, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31mVIOLATED');
    const both = piped(CHECK, { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('VIOLATED');
    expect(both.stdout).not.toMatch(ANSI_COLOUR);
  });

  it.runIf(hasScript)('a terminal: coloured, but not with NO_COLOR=1 or FORCE_COLOR=0', () => {
    const coloured = onTerminal(CHECK);
    expect(coloured.code).toBe(1);
    expect(coloured.shown).toContain('\u001b[31mVIOLATED');
    for (const env of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }] as Record<string, string>[]) {
      const plain = onTerminal([...CHECK, '--quiet'], env);
      expect(plain.code).toBe(1);
      expect(plain.shown).toContain('VIOLATED');
      expect(plain.shown).not.toMatch(ANSI_COLOUR);
    }
  });
});

describe('progress', () => {
  it.runIf(hasScript)('a bar on a terminal (cleared before the answer); none with --quiet', () => {
    const shown = onTerminal(['check', '--model', 'keepalived', '--runs', '300', '--out', out]).shown;
    // One preset, 300 schedules, each simulated once for its 3 properties.
    expect(shown).toMatch(/checking .* 100% \| 300\/300 schedules/);
    expect(shown).toContain('hafault check: seed 1, 300 runs per property');
    expect(onTerminal([...CHECK, '--quiet'], { NO_COLOR: '1' }).shown).not.toContain('checking');
  });

  it('never on a pipe: stderr stays empty', () => {
    const r = piped(['spof', '--model', 'keepalived']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });
});

describe('--version', () => {
  it("--version and -V print package.json's version, exit 0", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(piped([flag])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
