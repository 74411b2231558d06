// `hafault sweep` as a user meets it: the JSON shape, exit codes, reports under --out, one-line
// errors, and worker threads started from the tsx command line (not only under vitest).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const XS12 = [
  'sweep',
  '--model',
  'xenserver-ha',
  '--preset',
  'bonded-mirrored-san',
  '--set',
  'profile=seed-2009',
  '--set',
  'hardFailoverMs=90s..120s',
  '--set',
  'timeoutMs=30s,60s,90s,120s',
  '--faults',
  'host-crash,storage-hard-powercycle',
  '--runs',
  '80',
];

/** A setting's row in `sweep --json`, as far as the shape test reads it. */
type Row = {
  default: boolean;
  restored: number;
  unrestored: number;
  restoreMs: { samples: number };
  properties: Record<string, { violations: number; unknown: number }>;
  regressions: { property: string; at: { violations: number }; atDefault: { violations: number } }[];
};

describe('hafault sweep', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-sweep-'));

  it('--json: the documented shape; exit 0 when --recommend finds a safe setting; --out writes md, csv, html and flip traces', () => {
    const r = hafault(...XS12, '--recommend', 'noUnnecessaryFence', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.settings).toHaveLength(4);
    expect(json.settings[0]).toMatchObject({
      values: { timeoutMs: 30_000 },
      runs: 80,
      properties: {
        noUnnecessaryFence: {
          violations: expect.any(Number),
          rate: expect.any(Number),
          low: expect.any(Number),
          high: expect.any(Number),
        },
      },
      restoreMs: { p50: expect.any(Number), p95: expect.any(Number), max: expect.any(Number) },
      detectMs: { p50: expect.any(Number), p95: expect.any(Number), max: expect.any(Number) },
    });
    expect(json.recommendation).toMatchObject({
      property: 'noUnnecessaryFence',
      values: { timeoutMs: 120_000 },
      restoreCostMs: expect.any(Number),
    });
    expect(json.flips.length).toBeGreaterThan(0);
    // Safety against the default: the model's safety properties, and per setting those violated in more runs than at the default.
    expect(json.safety).toEqual(['noDualActive', 'noUnnecessaryFence', 'noPoolWideFence', 'noFenceLoop']);
    expect(json.addedForSafety).toEqual([]);
    const rows: Row[] = json.settings;
    const base = rows.find((s) => s.default)!;
    for (const s of rows) {
      const worse = json.safety.filter(
        (p: string) =>
          s.properties[p].violations > base.properties[p].violations ||
          s.properties[p].violations + s.properties[p].unknown >
            base.properties[p].violations + base.properties[p].unknown,
      );
      expect(s.regressions.map((g) => g.property)).toEqual(worse);
      for (const g of s.regressions)
        expect([g.at.violations, g.atDefault.violations]).toEqual([
          s.properties[g.property].violations,
          base.properties[g.property].violations,
        ]);
      expect(s.restored).toBe(s.restoreMs.samples);
      expect(s.unrestored).toEqual(expect.any(Number));
    }
    expect(json.recommendation).toMatchObject({
      passedOver: [],
      sameRestoredFraction: expect.any(Boolean),
      outages: { restored: rows[3].restored, unrestored: rows[3].unrestored },
      defaultOutages: { restored: base.restored, unrestored: base.unrestored },
    });
    expect(json.passedOver).toEqual([]);
    for (const f of ['sweep.md', 'sweep.csv', 'sweep.html']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'sweep.md'), 'utf8')).toContain('| timeoutMs=120 s | 80 |');
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).toMatch(
      /^timeoutMs,default,runs,noDualActive\.violations,/,
    );
    const flip = json.flips.find((f: { property: string }) => f.property === 'noUnnecessaryFence');
    const replay = hafault('replay', flip.shortest.traceFile);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('reproduced');
  });

  it('the terminal table names the recommendation and its restore cost', () => {
    const r = hafault(...XS12, '--recommend', 'noUnnecessaryFence');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/timeoutMs=30 s \(default\)\s+80\s+0 \(≤ [\d.]+%\)\s+\d+(\.\d+)?% \(/);
    expect(r.stdout).toMatch(
      /recommendation \(noUnnecessaryFence\): timeoutMs=120 s — 0 of 80 runs violate it .*\+\d+(\.\d+)? s against the default \(timeoutMs=30 s/,
    );
  });

  it('exit 1 when no setting is safe (--recommend), or when anything is violated (without it)', () => {
    const none = hafault(
      'sweep',
      '--model',
      'xenserver-ha',
      '--preset',
      'bonded-mirrored-san',
      '--set',
      'timeoutMs=30s,60s',
      '--faults',
      'storage-hard-powercycle',
      '--runs',
      '30',
      '--recommend',
      'noUnnecessaryFence',
      '--json',
    );
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).recommendation).toBeNull();
    expect(hafault(...XS12).code).toBe(1);
    const clean = hafault(
      'sweep',
      '--model',
      'xenserver-ha',
      '--preset',
      'bonded',
      '--set',
      'timeoutMs=30s,60s',
      '--faults',
      'nic-down,switch-down',
      '--runs',
      '30',
      '--json',
    );
    expect(clean.code).toBe(0);
  });

  it('--property narrows what is asked, not what is judged: every safety property is tallied, said so, and does not decide the exit code', () => {
    const json = JSON.parse(hafault(...XS12, '--property', 'serviceRestoredWithin', '--json').stdout);
    expect(json.addedForSafety).toEqual(['noDualActive', 'noUnnecessaryFence', 'noPoolWideFence', 'noFenceLoop']);
    expect(json.properties).toEqual([
      'serviceRestoredWithin',
      'noDualActive',
      'noUnnecessaryFence',
      'noPoolWideFence',
      'noFenceLoop',
    ]);
    expect(json.settings[0].properties.noUnnecessaryFence.violations).toBeGreaterThan(0);
    expect(
      json.settings.every(
        (s: { properties: Record<string, { violations: number }> }) =>
          s.properties.serviceRestoredWithin.violations === 0,
      ),
    ).toBe(true);
    const r = hafault(...XS12, '--property', 'serviceRestoredWithin');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'also judged, though --property left them out: noDualActive, noUnnecessaryFence, noPoolWideFence, noFenceLoop',
    );
  });

  it('--threads 2 from the command line (tsx): the same JSON as one thread', () => {
    // XS12 without its own --runs: an option given twice is bad input.
    const args = [...XS12.slice(0, -2), '--runs', '1200', '--json', '--quiet'];
    const one = hafault(...args, '--threads', '1');
    const two = hafault(...args, '--threads', '2');
    expect(two.code).toBe(one.code);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
  });

  it('worker threads load under tsx, outside vitest: workers alone give the one-thread answer', () => {
    const script = join(out, 'workers-under-tsx.mts');
    writeFileSync(
      script,
      `import { findModel } from ${JSON.stringify(join(root, 'models/registry.ts'))};
import { parseSweepSets } from ${JSON.stringify(join(root, 'harness/runners/sweep/settings.ts'))};
import { planSweep, runSweep } from ${JSON.stringify(join(root, 'harness/runners/sweep/sweep.ts'))};
const model = findModel('xenserver-ha')!;
const preset = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;
const plan = planSweep({ model, preset, settings: parseSweepSets(model, ['timeoutMs=60s,120s']), properties: model.properties, kinds: preset.faults!, maxFaults: 2, repairs: true, runs: 100, seed: 3, baseline: false });
const one = await runSweep(plan, { threads: 1 });
const workers = await runSweep(plan, { threads: 3, coordinateOnly: true });
console.log(JSON.stringify(one) === JSON.stringify(workers) ? 'same' : 'different');
`,
    );
    const r = spawnSync(tsx, [script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('same');
  });

  const bad: [string[], RegExp][] = [
    [['sweep', '--set', 'timeoutMs=30s,60s'], /--model: name the model to sweep/],
    [
      ['sweep', '--model', 'xenserver-ha', '--set', 'timeoutMs=30s,60s'],
      /--preset: a sweep runs one preset; name it \(presets of xenserver-ha: two-host, /,
    ],
    [
      ['sweep', '--model', 'xenserver-ha', '--preset', 'bonded', '--set', 'timeoutMs=60s'],
      /--set: give at least one setting to sweep as a list/,
    ],
    [
      [
        'sweep',
        '--model',
        'xenserver-ha',
        '--preset',
        'bonded',
        '--set',
        'timeoutMs=30s,60s',
        '--faults',
        'host-crsh,storage-hard-powercycle',
      ],
      /--faults: no fault kind `host-crsh`; did you mean `host-crash`\?/,
    ],
    [
      ['sweep', '--model', 'xenserver-ha', '--preset', 'bonded', '--set', 'timeoutMs=30s,60s', '--faults', 'host-boot'],
      /--faults: `host-boot` is a repair/,
    ],
    [
      [
        'sweep',
        '--model',
        'xenserver-ha',
        '--preset',
        'bonded',
        '--set',
        'timeoutMs=30s,60s',
        '--recommend',
        'noUnnecesaryFence',
      ],
      /--recommend: xenserver-ha has no property `noUnnecesaryFence`; did you mean `noUnnecessaryFence`\?/,
    ],
    [
      [
        'sweep',
        '--model',
        'xenserver-ha',
        '--preset',
        'bonded',
        '--set',
        'timeoutMs=30s,60s',
        '--set',
        'hardFailoverMs=120s..90s',
      ],
      /hardFailoverMs: range 120s\.\.90s is empty/,
    ],
    [
      ['sweep', '--model', 'xenserver-ha', '--preset', 'bonded', '--set', 'timeoutMs=30s,60s', '--threads', '0'],
      /--threads: expected a whole number from 1 to 64, found `0`/,
    ],
  ];
  for (const [args, message] of bad) {
    it(`bad input \`${args.slice(1).join(' ')}\`: exit 2, one clear line, no stack trace`, () => {
      const r = hafault(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }

  it('two problems: two lines', () => {
    const r = hafault(
      'sweep',
      '--model',
      'xenserver-ha',
      '--preset',
      'bonded',
      '--set',
      'timoutMs=30s,60s',
      '--set',
      'hardFailoverMs=soon..later',
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('has --help', () => {
    const r = hafault('sweep', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: hafault sweep');
    expect(r.stdout).toContain('--recommend <property>');
  });
});
