// The single-point-of-failure report on the seed's pools: the single management switch comes
// first on the single-switch pool; on the bonded pool no NIC, switch or cable fences a host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spofReport } from './spof.js';
import { target } from './testing.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('spof', () => {
  it('single-switch pool: the management switch sw1 comes first, and every management NIC and cable is a SPOF', () => {
    const r = spofReport(target('xenserver-ha', 'single-switch'));
    expect(r.entries[0]).toMatchObject({ component: 'sw1', kind: 'switch', broken: ['noUnnecessaryFence'], fenced: 2 });
    const spofs = r.entries.filter((e) => e.broken.length > 0).map((e) => e.component);
    for (const h of ['h1', 'h2', 'h3']) expect(spofs).toEqual(expect.arrayContaining([`${h}.mgmt0`, `${h}.mgmt0-sw1`]));
    // Every component was failed, each at every phase class of the heartbeat.
    expect(r.entries).toHaveLength(3 + 3 + 1 + 9 + 0 + 9 + 3);
    expect(r.entries.every((e) => e.instants === r.instants.length && e.instants > 1)).toBe(true);
  });

  it('bonded pool: no single NIC, switch or cable fences a host or breaks a property', () => {
    const r = spofReport(target('xenserver-ha', 'bonded'));
    const network = r.entries.filter((e) => e.kind === 'nic' || e.kind === 'switch' || e.kind === 'link');
    expect(network.length).toBe(18 + 2 + 19);
    expect(network.filter((e) => e.fenced > 0 || e.broken.length > 0)).toEqual([]);
    // A bond failing as a whole (driver, misconfiguration) takes all its members at once: the
    // management bond still isolates its host. That is the bond's own single point of failure.
    expect(r.entries.find((e) => e.component === 'h1.bond0')).toMatchObject({ broken: ['noUnnecessaryFence'], fenced: 1 });
  });

  it('downtime: a crashed host\'s VM is down until restarted elsewhere; services of untouched hosts are not', () => {
    const r = spofReport(target('xenserver-ha', 'bonded'));
    const h2 = r.entries.find((e) => e.component === 'h2')!;
    expect(Object.keys(h2.services)).toEqual(['vm-h2']);
    expect(h2.downtimeMs).toBeGreaterThan(60_000);
    expect(h2.downtimeMs).toBeLessThan(300_000);
    expect(h2.unrestored).toEqual([]);
  });

  it('CLI: --json lists entries with component, kind, broken, fenced, downtimeMs; --out writes markdown and HTML', () => {
    const out = mkdtempSync(join(tmpdir(), 'hafault-spof-'));
    const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), 'spof', '--topology', 'examples/xenserver-ha/single-switch.yaml', '--json', '--out', out], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const entries = JSON.parse(r.stdout);
    expect(entries[0]).toMatchObject({ component: 'sw1', kind: 'switch', broken: ['noUnnecessaryFence'], fenced: 2, downtimeMs: expect.any(Number) });
    const md = readFileSync(join(out, 'spof.xenserver-ha.single-switch.md'), 'utf8');
    expect(md).toMatch(/^\| sw1 \| switch \| noUnnecessaryFence \| 2 \(h2, h3\) \|/m);
    expect(existsSync(join(out, 'spof.xenserver-ha.single-switch.html'))).toBe(true);
  });

  it('CLI: the bonded pool\'s report names bonds, not NICs or switches', () => {
    const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), 'spof', '--model', 'xenserver-ha', '--preset', 'bonded'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^# Single points of failure: xenserver-ha\/bonded/);
    expect(r.stdout).toMatch(/^\| h1\.bond0 \| bond \|/m);
    expect(r.stdout).not.toMatch(/^\| (sw1|sw2|h\d\.(mgmt|vm|st)\d) \|[^\n]*noUnnecessaryFence/m);
  });
});
