// The library API as a test suite uses it: each function answers what its command prints with
// --json (compared with the CLI run as a separate process), assertDesign throws a message an
// engineer can act on, and bad input throws one line per problem.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertDesign,
  availability,
  check,
  DesignViolationError,
  explore,
  HafaultInputError,
  models,
  run,
  runCli,
  spof,
  sweep,
} from './index.js';
import { CHECK_DEFAULTS } from './assertDesign.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const MIRRORED = { model: 'xenserver-ha', preset: 'bonded-mirrored-san' } as const;

function cliJson(args: readonly string[]): { code: number | null; json: unknown } {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args, '--json'], { cwd: root, encoding: 'utf8' });
  return { code: r.status, json: JSON.parse(r.stdout) };
}

describe('the library API answers what --json prints', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-api-'));

  it('check: the same document and exit code as `hafault check --json` in another process', async () => {
    const args = ['check', '--model', 'xenserver-ha', '--preset', 'bonded-mirrored-san', '--runs', '40', '--out', out];
    const cli = cliJson(args);
    const api = await check({ ...MIRRORED, runs: 40, out });
    expect(api.exitCode).toBe(cli.code);
    expect(api.exitCode).toBe(1);
    expect(api.result).toEqual(cli.json);
  });

  it('spof, explore, sweep, run and models answer their documents', async () => {
    const two = { model: 'xenserver-ha', preset: 'two-host', out };
    const s = await spof({ ...two, properties: ['noUnnecessaryFence'] });
    expect(s.exitCode).toBe(1);
    expect('results' in s.result && s.result.results[0].spofs.map((x) => x.component)).toContain('h1.mgmt0');
    const e = await explore({ ...two, depth: 1, instants: 'fine', properties: ['noUnnecessaryFence'] });
    expect(e.result.results[0].status).toBe('violated');
    // @ts-expect-error: the values are the flag's, coarse or fine
    await expect(explore({ ...two, depth: 1, instants: 'grid' })).rejects.toThrow(
      /--instants: expected coarse or fine/,
    );
    const w = await sweep({ ...two, set: { timeoutMs: ['30s', '60s'] }, runs: 20, threads: 1 });
    expect('settings' in w.result && w.result.settings).toHaveLength(2);
    const r = await run({ ...MIRRORED, steps: ['at 10s: storage-hard-powercycle sanA'], set: { timeoutMs: '120s' } });
    expect(r.result.runs[0].fences).toEqual([]);
    const m = await models();
    expect(m.result.models.map((x) => x.name)).toContain('keepalived');
  });
});

describe('availability', () => {
  it('answers what `hafault availability --json` prints in another process; a bad rate is one line of bad input', async () => {
    const flags = ['--episodes', '60', '--rate', 'storage-power-cycle=0.2', '--set', 'timeoutMs=30s,120s'];
    const cli = cliJson(['availability', '--model', 'xenserver-ha', '--preset', 'bonded-mirrored-san', ...flags]);
    const api = await availability({
      ...MIRRORED,
      episodes: 60,
      rate: { 'storage-power-cycle': 0.2 },
      set: { timeoutMs: ['30s', '120s'] },
      threads: 1,
    });
    expect(api.exitCode).toBe(0);
    expect(cli.code).toBe(0);
    expect(api.result).toEqual(cli.json);
    expect(api.result.settings.map((s) => s.label)).toEqual(['timeoutMs=30s', 'timeoutMs=120s']);
    await expect(availability({ ...MIRRORED, episodes: 10, rate: { 'storage-power-cyle': 1 } })).rejects.toThrow(
      HafaultInputError,
    );
  });
});

describe('assertDesign', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-assert-'));

  it('throws the shrunk schedule as sentences, the property, seed and path, the trace and a working replay command', async () => {
    const error = await assertDesign({ ...MIRRORED, properties: ['noPoolWideFence'], runs: 40, out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DesignViolationError);
    const message = (error as DesignViolationError).message;
    const trace = join(out, 'traces', 'xenserver-ha.bonded-mirrored-san.noPoolWideFence.json');
    expect(message.split('\n')).toEqual([
      'hafault: 1 property does not hold (seed 1, 40 runs per property, up to 1 fault per schedule)',
      '',
      expect.stringMatching(/^✗ xenserver-ha\/bonded-mirrored-san: noPoolWideFence \(never are all hosts fenced/),
      '    at 10 s: storage node sanA is hard power-cycled',
      expect.stringMatching(/^ {4}⇒ every host is fenced or down at 85 s/),
      expect.stringMatching(/^ {4}seed 1, path "[\d:]+"$/),
      `    trace ${trace}`,
      `    replay: npx hafault replay ${trace} --timeline`,
    ]);
    expect(existsSync(trace)).toBe(true);
    const replayed = await runCli(['replay', trace], { stdout: () => {}, stderr: () => {} });
    expect(replayed).toBe(1);
  });

  it('resolves when every property holds', async () => {
    const result = await assertDesign({ model: 'xenserver-ha', preset: 'bonded', runs: 20, out });
    expect(result.results.every((r) => r.status === 'holds')).toBe(true);
  });

  it('bad input throws HafaultInputError with one line per problem', async () => {
    const error = await assertDesign({ topology: join(out, 'missing.yaml'), runs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HafaultInputError);
    expect((error as HafaultInputError).problems.length).toBeGreaterThanOrEqual(1);
    expect((error as HafaultInputError).message).toContain('missing.yaml');
  });

  it("states check's own defaults in its message (they are the defaults `check --help` shows)", async () => {
    let help = '';
    await runCli(['check', '--help'], { stdout: (t) => (help += t), stderr: () => {} });
    const shown = (flag: string) => new RegExp(`${flag} <n>[\\s\\S]*?\\(default:\\s*"?(\\d+)"?\\)`).exec(help)?.[1];
    expect(Number(shown('--runs'))).toBe(CHECK_DEFAULTS.runs);
    expect(Number(shown('--seed'))).toBe(CHECK_DEFAULTS.seed);
    expect(Number(shown('--max-faults'))).toBe(CHECK_DEFAULTS.maxFaults);
  });
});
