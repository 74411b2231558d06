// The Neverfail models from the command line: every preset checks, counterexamples replay (data
// entries included), settings are validated with one clear line, `models` lists the procedure.
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

describe('hafault CLI on neverfail', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-nf-'));

  it('check runs every preset of both models; asynchronous loss never counts as a violation', () => {
    for (const model of ['neverfail', 'neverfail-deployment']) {
      const r = hafault('check', '--model', model, '--runs', '30', '--json', '--out', out);
      expect(r.code, r.stderr).toBe(1);
      const results = JSON.parse(r.stdout).results as { preset: string; property: string; status: string }[];
      expect(new Set(results.map((x) => x.preset))).toEqual(
        new Set(
          model === 'neverfail'
            ? ['physical-crossover', 'virtual-secondary', 'virtual-secondary-bonded', 'wan-two-nic', 'wan-three-nic']
            : ['deploy-virtual-secondary'],
        ),
      );
      for (const x of results.filter((y) => y.property === 'noAckedWriteLost')) expect(x.status).toBe('holds');
    }
  });

  it("the crossover pair's split brain: a one-fault counterexample that replays with its timeline", () => {
    const r = hafault(
      'check',
      '--model',
      'neverfail',
      '--preset',
      'physical-crossover',
      '--property',
      'noDualActive',
      '--runs',
      '200',
      '--json',
      '--out',
      out,
    );
    expect(r.code).toBe(1);
    const ce = JSON.parse(r.stdout).results[0].counterexample;
    expect(ce.schedule).toHaveLength(1);
    expect(ce.explanation).toMatch(/exchange is active on primary and secondary at once/);
    const replay = hafault('replay', ce.traceFile, '--timeline');
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('reproduced: the same violations and the same timeline');
    expect(replay.stdout).toMatch(
      /secondary\s+exchange copy cut off from primary: holds the writes acknowledged up to 8 s/,
    );
  });

  it('exits 0 when the design holds: the three-NIC WAN pair never has two active servers after one lasting fault', () => {
    const r = hafault(
      'check',
      '--model',
      'neverfail',
      '--preset',
      'wan-three-nic',
      '--property',
      'noDualActive',
      '--no-repairs',
      '--runs',
      '100',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/neverfail\/wan-three-nic\s+holds/);
  });

  it('split-brain avoidance as a setting changes the verdict on the channel cut', () => {
    const r = hafault(
      'check',
      '--model',
      'neverfail',
      '--preset',
      'physical-crossover',
      '--property',
      'noDualActive',
      '--set',
      'splitBrainAvoidance=true',
      '--no-repairs',
      '--runs',
      '100',
    );
    expect(r.code).toBe(0);
  });

  for (const [set, message] of [
    ['pingTargets=gateway,router9', /pingTargets: `router9` is not a host of the topology other than the pair/],
    [
      'failoverTimeoutMs=500ms',
      /failoverTimeoutMs: expected a duration in whole milliseconds from 1 s to 1 h \(modelling choice: .*\), found `500ms`/,
    ],
    ['splitBrainAvoidance=yes', /splitBrainAvoidance: expected true or false, found `yes`/],
  ] as const) {
    it(`bad setting ${set}: exit 2, one clear line`, () => {
      const r = hafault('check', '--model', 'neverfail', '--preset', 'physical-crossover', '--set', set, '--runs', '5');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }

  it('models --json lists both models, their sourced settings and the deployment procedure in order', () => {
    const models = JSON.parse(hafault('models', '--json').stdout).models as {
      name: string;
      keys: { key: string; source: string; unverified: boolean }[];
      operatorSteps: { name: string }[];
    }[];
    const nf = models.find((m) => m.name === 'neverfail')!;
    expect(nf.keys.find((k) => k.key === 'splitBrainAvoidance')).toMatchObject({
      source: expect.stringMatching(/not the default/),
      unverified: false,
    });
    expect(nf.keys.find((k) => k.key === 'replicationLagMs')!.unverified).toBe(true);
    const deployment = models.find((m) => m.name === 'neverfail-deployment')!;
    expect(deployment.operatorSteps.map((s) => s.name).slice(0, 5)).toEqual([
      'installs-neverfail-on-primary',
      'clones-primary',
      'reboots-primary',
      'installs-neverfail-on-secondary',
      'restores-clone-on-secondary',
    ]);
  });
});
