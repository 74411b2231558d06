// The pacemaker model from the command line: `check` finds PM-1 and PM-3 and holds PM-2, PM-4 and
// PM-5 (issue 14's done-when), `spof` fails every component of the delayed design alone, and `sweep`
// shows the fence delay closing the race.
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

describe('hafault CLI on pacemaker', () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-pm-'));

  it('check finds PM-1 and PM-3, each shrunk to one partition, and holds PM-2, PM-4 and PM-5', () => {
    const r = hafault('check', '--model', 'pacemaker', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(1);
    const results = JSON.parse(r.stdout).results as {
      preset: string;
      property: string;
      status: string;
      counterexample?: { schedule: { fault: string }[] };
    }[];
    const status = (preset: string, property: string) =>
      results.find((x) => x.preset === preset && x.property === property)!;
    for (const [preset, property] of [
      ['two-node', 'noPoolWideFence'], // PM-1
      ['two-node-no-wfa', 'noFenceLoop'], // PM-3
    ]) {
      const x = status(preset, property);
      expect(x.status).toBe('violated');
      expect(x.counterexample!.schedule.map((s) => s.fault)).toEqual(['partition']);
    }
    expect(status('two-node-delay', 'noPoolWideFence').status).toBe('holds'); // PM-2
    expect(status('two-node', 'noFenceLoop').status).toBe('holds'); // PM-4
    for (const p of ['noPoolWideFence', 'noFenceLoop', 'noDualActive'])
      expect(status('two-node-qdevice', p).status).toBe('holds'); // PM-5
  });

  it('spof fails every component of the delayed two-node design alone, each fence device included', () => {
    const r = hafault('spof', '--model', 'pacemaker', '--preset', 'two-node-delay', '--json');
    expect(r.code, r.stderr).toBe(0);
    const entries = JSON.parse(r.stdout).results[0].entries as { component: string; kind: string }[];
    expect(entries.map((e) => e.component).sort()).toEqual(
      ['bmc-n1', 'bmc-n2', 'lan', 'n1', 'n1.eth0', 'n1.eth0-lan', 'n2', 'n2.eth0', 'n2.eth0-lan'].sort(),
    );
    expect(entries.filter((e) => e.kind === 'fence device').length).toBe(2);
  });

  it('sweep over pcmk_delay_base: the race at 0, none at 5 s', () => {
    const r = hafault(
      'sweep',
      '--model',
      'pacemaker',
      '--preset',
      'two-node',
      '--set',
      'pcmkDelayBaseMs=0,5s',
      '--property',
      'noPoolWideFence',
      '--runs',
      '60',
      '--threads',
      '1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(1);
    const settings = JSON.parse(r.stdout).settings as {
      values: { pcmkDelayBaseMs: number };
      properties: { noPoolWideFence: { violations: number } };
    }[];
    const at = (ms: number) => settings.find((s) => s.values.pcmkDelayBaseMs === ms)!.properties.noPoolWideFence;
    expect(at(0).violations).toBeGreaterThan(0);
    expect(at(5000).violations).toBe(0);
  });

  it('conform refuses a schedule the real lab cannot make: exit 2, one line saying why and what to cut instead', () => {
    const r = hafault(
      'conform',
      '--model',
      'pacemaker',
      '--preset',
      'two-node',
      '--step',
      'at 3s: link-cut n1.eth0-lan',
      '--runs',
      '1',
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      "hafault conform: --step: link-cut n1.eth0-lan: the lab cannot cut a node's own cable (it would also cut the node from its fence device and clients); cut the cluster link instead (partition n1|n2, or a ring cable between the nodes)",
    ]);
  });

  it('a qnetd host the design does not have is bad input: exit 2, one line naming the setting', () => {
    const r = hafault('check', '--model', 'pacemaker', '--preset', 'two-node', '--set', 'qnetdHost=q9', '--runs', '5');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'hafault check: qnetdHost: q9 is not a host of the design; expected one of n1, n2, or empty for no quorum device',
    ]);
  });
});
