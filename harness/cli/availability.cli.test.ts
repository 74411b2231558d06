// `hafault availability` through the command line (in-process, as runCli runs it): --help with its
// examples, --json, the files --out writes, and bad input refused with one line per problem, exit 2.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const XS = ['availability', '--model', 'xenserver-ha', '--preset', 'bonded-mirrored-san', '--threads', '1', '--quiet'];
const SMALL = [...XS, '--faults', 'host,storage-power-cycle', '--episodes', '60'];

describe('hafault availability', () => {
  it('--help lists its options and examples', async () => {
    const r = await cli('availability', '--help');
    expect(r.code).toBe(0);
    for (const flag of [
      '--rates',
      '--rate',
      '--set',
      '--years',
      '--episodes',
      '--bias',
      '--common-cause',
      '--faults',
      '--seed',
      '--threads',
      '--json',
      '--out',
    ])
      expect(r.stdout).toContain(`${flag} `);
    expect(r.stdout).toContain('Examples:\n  npx hafault availability');
  });

  it('--json: per setting the downtime with its interval, and the best setting', { timeout: 60_000 }, async () => {
    const r = await cli(...SMALL, '--set', 'timeoutMs=30s,120s', '--rate', 'storage-power-cycle=0.5', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      episodes: number;
      settings: { label: string; designDownMinPerYear: { mean: number; low: number; high: number } }[];
      best: { label: string } | null;
    };
    expect(doc.episodes).toBe(60);
    expect(doc.settings.map((s) => s.label)).toEqual(['timeoutMs=30s', 'timeoutMs=120s']);
    for (const s of doc.settings) {
      expect(s.designDownMinPerYear.low).toBeLessThanOrEqual(s.designDownMinPerYear.mean);
      expect(s.designDownMinPerYear.high).toBeGreaterThanOrEqual(s.designDownMinPerYear.mean);
    }
    expect(doc.best?.label).toBe('timeoutMs=120s');
  });

  it('--out writes availability.json and availability.html and says where', { timeout: 60_000 }, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hafault-nines-')), 'out');
    const r = await cli(...SMALL, '--out', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, 'availability.json')}, availability.html`);
    expect(JSON.parse(readFileSync(join(dir, 'availability.json'), 'utf8'))).toMatchObject({ episodes: 60 });
    expect(readFileSync(join(dir, 'availability.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('refuses a --rate that names neither a kind nor a component, and bad numbers, one line each', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hafault-nines-')), 'out');
    const r = await cli(...XS, '--rate', 'swich=1', '--rate', 'host=-1', '--years', 'many', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'hafault availability: --years: expected a number above 0 and at most 10000000, found `many`',
      'hafault availability: --rate host: expected a number from 0 to 1000000, found `-1`',
    ]);
    expect(existsSync(dir)).toBe(false);
    const unknown = await cli(...XS, '--rate', 'swich=1', '--rate', 'sanC=2');
    expect(unknown.code).toBe(2);
    const refused = unknown.stderr.trimEnd().split('\n');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(
      /^hafault availability: --rate swich=1: `swich` is neither a component kind nor a component of this design; did you mean `switch`\? \(kinds: host, /,
    );
    expect(refused[1]).toMatch(/^hafault availability: --rate sanC=2: `sanC` is neither/);
  });

  it('refuses a kind the design has none of, and a rates file naming a component it lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hafault-nines-'));
    const file = join(dir, 'rates.yaml');
    writeFileSync(file, 'components:\n  sanC:\n    perYear: 1\n');
    const r = await cli(...XS, '--rates', file, '--rate', 'fence-device=1', '--faults', 'host,psu');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^hafault availability: ${file}: components\\.sanC: no component \`sanC\` in this design`),
      ),
      expect.stringMatching(
        /^hafault availability: --rate fence-device=1: this design has no component of kind `fence-device` \(its kinds: host, /,
      ),
      expect.stringMatching(/^hafault availability: --faults: this design has no component of kind `psu`/),
    ]);
  });

  it('a lone setting is named by what --set fixed and drew, not "default"', async () => {
    const labels = async (...sets: string[]) => {
      const r = await cli(...SMALL, ...sets.flatMap((s) => ['--set', s]), '--json');
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { settings: { label: string }[] }).settings.map((s) => s.label);
    };
    expect(await labels()).toEqual(['default']);
    expect(await labels('timeoutMs=120s', 'hostBootMs=60s..180s')).toEqual(['timeoutMs=120s, hostBootMs=60s..180s']);
    expect(await labels('timeoutMs=30s,120s', 'hostBootMs=60s')).toEqual(['timeoutMs=30s', 'timeoutMs=120s']);
  });

  it('states the range --years accepts, whether 0 or below was given', async () => {
    for (const years of ['0', '-5']) {
      const r = await cli(...XS, '--years', years);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `hafault availability: --years: expected a number above 0 and at most 10000000, found \`${years}\``,
      ]);
    }
  });

  it('takes --common-cause up to 1, as a rates file does, and refuses above it', async () => {
    const all = await cli(...SMALL, '--common-cause', '1', '--json');
    expect(all.code).toBe(0);
    expect((JSON.parse(all.stdout) as { failureModel: { groups: number } }).failureModel.groups).toBeGreaterThan(0);
    const over = await cli(...SMALL, '--common-cause', '1.5');
    expect(over.code).toBe(2);
    expect(over.stderr.trimEnd()).toBe(
      'hafault availability: --common-cause: expected a number from 0 to 1, found `1.5`',
    );
  });

  it('refuses an unknown component kind in --faults and --years beside --episodes', async () => {
    const r = await cli(...XS, '--faults', 'host,disk', '--years', '10', '--episodes', '5');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^hafault availability: --faults: no component kind `disk`/),
      'hafault availability: --years and --episodes: give one (--years N draws ⌈N · Λ⌉ episodes)',
    ]);
  });
});
