// runCli in-process: the same answers as the `hafault` process gives (cli.test.ts spawns it), with
// every byte of output going to the writers it is given and nothing to the process's own streams.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './program.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('runCli', () => {
  const leaks: string[] = [];
  beforeEach(() => {
    leaks.length = 0;
    const record = (s: string | Uint8Array) => leaks.push(String(s)) > 0;
    vi.spyOn(process.stdout, 'write').mockImplementation(record);
    vi.spyOn(process.stderr, 'write').mockImplementation(record);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(leaks, 'written to the process streams').toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('--help goes to the stdout writer with exit 0, a subcommand help too', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: hafault \[options\] \[command\]/);
    expect(top.stdout).toContain('replay [options] <file>');
    const check = await cli('check', '--help');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('--max-faults <n>');
  });

  it("commander's refusals go to the stderr writer with exit 2 (and a fresh program each call)", async () => {
    const unknown = await cli('check', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
    expect(unknown.stdout).toBe('');
    const missing = await cli('replay');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'file'");
    expect((await cli('nosuch')).code).toBe(2);
  });

  it("a command's bad input is one line on the stderr writer, exit 2", async () => {
    const r = await cli('check', '--model', 'xenserver-ha', '--runs', 'many');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'hafault check: --runs: expected a whole number from 1 to 1000000 (digits, or e.g. 1e5), found `many`\n',
    );
  });

  it("a command's answer and its exit code: a violation is 1, all hold is 0", async () => {
    const out = mkdtempSync(join(tmpdir(), 'hafault-runcli-'));
    const args = ['--model', 'xenserver-ha', '--preset', 'single-switch', '--set', 'profile=seed-2009'];
    const violated = await cli(
      'check',
      ...args,
      '--property',
      'noPoolWideFence',
      '--runs',
      '20',
      '--out',
      out,
      '--json',
    );
    expect(violated.code).toBe(1);
    expect(JSON.parse(violated.stdout).results[0].status).toBe('violated');
    expect(readdirSync(join(out, 'traces')).length).toBeGreaterThan(0);
    const models = await cli('models', '--json');
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout).models.map((m: { name: string }) => m.name)).toContain('keepalived');
  });
});
