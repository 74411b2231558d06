// The command line as a user meets it: exit codes, JSON shapes, one-line errors without stack
// traces, and the replay command that a counterexample prints.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hafault CLI', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-cli-'));

  it("check finds the single-switch pool's violations: exit 1, JSON with a replayable counterexample", () => {
    const r = hafault(
      'check',
      '--model',
      'xenserver-ha',
      '--preset',
      'single-switch',
      '--set',
      'profile=seed-2009',
      '--runs',
      '50',
      '--json',
      '--out',
      out,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const pool = json.results.find((x: { property: string }) => x.property === 'noPoolWideFence');
    expect(pool).toMatchObject({
      model: 'xenserver-ha',
      preset: 'single-switch',
      status: 'violated',
      runs: expect.any(Number),
    });
    expect(pool.counterexample.schedule).toEqual([{ at: 10_000, fault: 'switch-down', target: 'sw1' }]);
    expect(existsSync(pool.counterexample.traceFile)).toBe(true);
    const replay = hafault('replay', pool.counterexample.traceFile, '--timeline');
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('reproduced: the same violations and the same timeline');
    expect(replay.stdout).toContain('switch sw1 fails');
    expect(replay.stdout).toMatch(/h1\s+FENCES/);
  });

  it('check prints the table, the schedule as sentences and the replay command', () => {
    const r = hafault(
      'check',
      '--model',
      'xenserver-ha',
      '--preset',
      'two-host',
      '--property',
      'noUnnecessaryFence',
      '--runs',
      '30',
      '--out',
      out,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/xenserver-ha\/two-host\s+VIOLATED \(1 fault\)/);
    expect(r.stdout).toMatch(/at 10 s: .+/);
    expect(r.stdout).toContain('replay: npx hafault replay ');
    expect(r.stdout).toMatch(/seed 1, path "[\d:]+"/);
  });

  it('without --model, a setting and a property apply to the models that have them', () => {
    const r = hafault(
      'check',
      '--set',
      'timeoutMs=120s',
      '--property',
      'noPoolWideFence',
      '--runs',
      '20',
      '--json',
      '--out',
      out,
    );
    const rows = JSON.parse(r.stdout).results as { model: string; property: string }[];
    expect(new Set(rows.map((x) => x.property))).toEqual(new Set(['noPoolWideFence']));
    expect(rows.map((x) => x.model)).toContain('xenserver-ha');
    expect(rows.map((x) => x.model)).not.toContain('everrun');
  });

  it('check exits 0 when every property holds (the bonded pool)', () => {
    const r = hafault('check', '--model', 'xenserver-ha', '--preset', 'bonded', '--runs', '40', '--json', '--out', out);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.every((x: { status: string }) => x.status === 'holds')).toBe(true);
  });

  const bad: [string[], RegExp][] = [
    [['check', '--model', 'xen'], /unknown model `xen`; did you mean `xenserver-ha`\?/],
    [['check', '--model', 'xenserver-ha', '--preset', 'bonde'], /no preset `bonde`; did you mean `bonded`\?/],
    [
      ['check', '--set', 'timoutMs=30s'],
      /--set timoutMs: no built-in model has this setting; did you mean `timeoutMs`\?/,
    ],
    [
      ['check', '--model', 'xenserver-ha', '--set', 'timoutMs=30s'],
      /timoutMs: not a setting of xenserver-ha; did you mean `timeoutMs`\?/,
    ],
    [['check', '--set', 'timeoutMs=soon'], /timeoutMs: expected a duration/],
    [
      ['check', '--set', 'timeoutMs=5s'],
      /timeoutMs: expected a duration in whole milliseconds from 10 s to 1 h \(DOMAIN\.md XenServer: minimum 10 s.*\), found `5s`/,
    ],
    [['check', '--set', 'profile=xhaa'], /profile: expected one of xha, seed-2009, found `xhaa`; did you mean `xha`\?/],
    [['check', '--runs', '0'], /--runs: expected a whole number from 1 to 1000000, found `0`/],
    [
      ['check', '--property', 'noDuelActive'],
      /no selected model declares `noDuelActive`; did you mean `noDualActive`\?/,
    ],
    [['check', '--model', 'everrun', '--property', 'noPoolWideFence'], /no selected model declares `noPoolWideFence`/],
    [['replay', join(out, 'missing.json')], /cannot read \(ENOENT\)/],
    [['check', '--frobnicate'], /unknown option/],
  ];
  for (const [args, message] of bad) {
    it(`bad input \`${args.join(' ')}\`: exit 2, one clear line, no stack trace`, () => {
      const r = hafault(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }

  it('models --json lists settings with defaults and sources', () => {
    const r = hafault('models', '--json');
    expect(r.code).toBe(0);
    const xen = JSON.parse(r.stdout).models.find((m: { name: string }) => m.name === 'xenserver-ha');
    expect(xen.presets.map((p: { name: string }) => p.name)).toEqual([
      'two-host',
      'single-switch',
      'bonded',
      'bonded-mirrored-san',
      'bonded-capacity',
    ]);
    const timeout = xen.keys.find((k: { key: string }) => k.key === 'timeoutMs');
    expect(timeout).toMatchObject({ default: 60_000, source: expect.stringContaining('seed 004') });
    expect(xen.keys.every((k: { source: string }) => k.source.length > 0)).toBe(true);
  });

  it('every command has --help', () => {
    for (const cmd of ['check', 'models', 'replay', 'run']) {
      const r = hafault(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: hafault ' + cmd);
    }
  });

  it('writes trace files under --out', () => {
    expect(
      readFileSync(join(out, 'traces', 'xenserver-ha.single-switch.profile=seed-2009.noPoolWideFence.json'), 'utf8'),
    ).toContain('"format": "hafault-trace"');
  });
});
