// `check` then `replay` on the lock-step and Avance models: the counterexample replays, and the
// replay reports what clients saw (downtime, sessions, capacity) beside the verdicts.
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

describe('replay reports availability', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-avail-'));

  it('everrun/overcommitted: the host crash is found, and the replay shows the instance nobody had room for', () => {
    const check = hafault(
      'check',
      '--model',
      'everrun',
      '--preset',
      'overcommitted',
      '--property',
      'serviceRestoredWithin',
      '--runs',
      '50',
      '--json',
      '--out',
      out,
    );
    expect(check.code).toBe(1);
    const ce = JSON.parse(check.stdout).results[0].counterexample;
    expect(ce.schedule).toEqual([{ at: 10_000, fault: 'host-crash', target: 'h1' }]);
    const json = hafault('replay', ce.traceFile, '--json');
    expect(json.code).toBe(1);
    const rows = JSON.parse(json.stdout).availability;
    expect(rows.find((r: { service: string }) => r.service === 'vm-a')).toMatchObject({
      sessions: { dropped: 1 },
      capacityExhausted: { at: 10_000 },
    });
    expect(rows.find((r: { service: string }) => r.service === 'vm-b')).toMatchObject({
      downtimeMs: 0,
      sessions: { kept: 1, dropped: 0 },
    });
    const text = hafault('replay', ce.traceFile);
    expect(text.stdout).toMatch(
      /availability:\n {2}vm-a +down 1140 s \(1 interruption, longest 1140 s\); client sessions kept 0, dropped 1; no host had room for it from 10 s/,
    );
  });

  it('models lists both new models with their settings and sources', () => {
    const r = hafault('models', '--json');
    const models = JSON.parse(r.stdout).models;
    const avance = models.find((m: { name: string }) => m.name === 'avance');
    expect(avance.keys.find((k: { key: string }) => k.key === 'windowsPauseMs')).toMatchObject({
      default: 4_500,
      source: expect.stringContaining('seed 003'),
    });
    expect(
      models.find((m: { name: string }) => m.name === 'everrun').presets.map((p: { name: string }) => p.name),
    ).toEqual(['crossover', 'switched-heartbeat', 'overcommitted']);
  });
});
