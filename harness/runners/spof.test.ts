// The single-point-of-failure analysis on the seed's pools. A SPOF is a component whose failure
// alone breaks a property; each finding is the design's (a protected service stays down past its
// RTO: servicesSurvive) or the HA software's (a safety or liveness property of the product).
import { describe, expect, it } from 'vitest';
import { spofReport, type SpofEntry, type SpofReport } from './spof.js';
import { target } from './testing.js';
import { loadTopologyTarget } from './topologyFile/target.js';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const entry = (r: SpofReport, component: string): SpofEntry => r.entries.find((e) => e.component === component)!;
const designSpofs = (r: SpofReport) => r.spofs.filter((e) => e.findingKinds.includes('design')).map((e) => e.component);

describe('spof: the design cannot survive it, or the HA software did the wrong thing', () => {
  it('one switch for every NIC, one SAN (examples/spof): the switch and the SAN are design SPOFs, first', () => {
    const r = spofReport(loadTopologyTarget(join(root, 'examples/spof/one-switch-one-san.yaml')));
    // Both take every VM down for good; nothing the HA software did was wrong, so design only.
    for (const c of ['sw1', 'san1']) {
      expect(entry(r, c), c).toMatchObject({
        findingKinds: ['design'],
        broken: ['servicesSurvive'],
        unrestored: ['vm-h1', 'vm-h2', 'vm-h3'],
      });
    }
    expect(r.spofs.slice(0, 2).map((e) => e.component)).toEqual(['sw1', 'san1']);
    // The SAN is lost by its lasting stop; its hard power-cycle comes back within the RTO.
    expect(entry(r, 'san1').findings).toEqual([
      expect.objectContaining({ property: 'servicesSurvive', kind: 'design', fault: 'storage-clean-stop' }),
    ]);
    expect(entry(r, 'san1').faults).toEqual(['storage-hard-powercycle', 'storage-clean-stop']);
  });

  it("single-switch pool: stsw, vmsw and san1 are design SPOFs; sw1 is the HA software's (noUnnecessaryFence), not the design's", () => {
    const r = spofReport(target('xenserver-ha', 'single-switch'));
    for (const c of ['san1', 'stsw', 'vmsw']) expect(entry(r, c).findingKinds, c).toEqual(['design']);
    expect(entry(r, 'sw1')).toMatchObject({
      kind: 'switch',
      findingKinds: ['safety'],
      broken: ['noUnnecessaryFence'],
      fenced: 2,
      unrestored: [],
    });
    expect(entry(r, 'sw1').findings).toEqual([
      expect.objectContaining({ property: 'noUnnecessaryFence', kind: 'safety', fault: 'switch-down' }),
    ]);
    // Every management NIC and cable fences its healthy host: the HA software's doing, each one.
    for (const h of ['h1', 'h2', 'h3'])
      for (const c of [`${h}.mgmt0`, `${h}.mgmt0-sw1`]) expect(entry(r, c).findingKinds, c).toEqual(['safety']);
    // Ranking: the three that leave every VM down come first (san1 also fences every host); among
    // the HA software's findings with nothing left down, sw1 (two hosts fenced) leads.
    expect(r.entries.slice(0, 3).map((e) => e.component)).toEqual(['san1', 'stsw', 'vmsw']);
    expect(r.spofs.filter((e) => !e.findingKinds.includes('design'))[0].component).toBe('sw1');
    // Every component was failed, each at every phase class of the heartbeat.
    expect(r.entries).toHaveLength(3 + 3 + 1 + 9 + 0 + 9 + 3);
    expect(r.entries.every((e) => e.instants === r.instants.length && e.instants > 1)).toBe(true);
  });

  it('vmware-ha/three-hosts: the one array san1 is a design SPOF (VH-2), the only switch, host or storage node that is', () => {
    const r = spofReport(target('vmware-ha', 'three-hosts'));
    expect(entry(r, 'san1')).toMatchObject({ findingKinds: ['design'], unrestored: ['vm-h1', 'vm-h2', 'vm-h3'] });
    const infrastructure = r.spofs
      .filter((e) => e.kind === 'switch' || e.kind === 'host' || e.kind === 'storage node')
      .map((e) => e.component);
    expect(infrastructure).toEqual(['san1']);
    expect(r.spofs[0].component).toBe('san1');
  });

  it('bonded-mirrored-san: no single switch or storage node loses a service; the mirror nodes still show XS-6 (the HA software fences)', () => {
    const r = spofReport(target('xenserver-ha', 'bonded-mirrored-san'));
    const infrastructure = r.entries.filter((e) => e.kind === 'switch' || e.kind === 'storage node');
    expect(infrastructure.map((e) => e.component).sort()).toEqual(['sanA', 'sanB', 'sw1', 'sw2']);
    for (const e of infrastructure) {
      expect(e.findingKinds, e.component).not.toContain('design');
      expect(e.unrestored, e.component).toEqual([]);
    }
    for (const san of ['sanA', 'sanB']) {
      expect(entry(r, san)).toMatchObject({
        findingKinds: ['safety'],
        broken: ['noUnnecessaryFence', 'noPoolWideFence'],
        fenced: 3,
      });
      expect(entry(r, san).findings.map((f) => f.fault)).toEqual([
        'storage-hard-powercycle',
        'storage-hard-powercycle',
      ]);
    }
    expect(designSpofs(r)).toEqual(['h1.bond1', 'h2.bond1', 'h3.bond1']);
  });

  it('bonded pool: no single NIC, switch or cable fences a host or breaks a property', () => {
    const r = spofReport(target('xenserver-ha', 'bonded'));
    const network = r.entries.filter((e) => e.kind === 'nic' || e.kind === 'switch' || e.kind === 'link');
    expect(network.length).toBe(18 + 2 + 19);
    expect(network.filter((e) => e.fenced > 0 || e.broken.length > 0)).toEqual([]);
    // A bond failing as a whole (driver, misconfiguration) takes all its members at once: the
    // management bond still isolates its host. That is the bond's own single point of failure.
    expect(entry(r, 'h1.bond0')).toMatchObject({ broken: ['noUnnecessaryFence'], fenced: 1, findingKinds: ['safety'] });
  });

  it("downtime: a crashed host's VM is down until restarted elsewhere; services of untouched hosts are not", () => {
    const r = spofReport(target('xenserver-ha', 'bonded'));
    const h2 = entry(r, 'h2');
    expect(Object.keys(h2.services)).toEqual(['vm-h2']);
    expect(h2.downtimeMs).toBeGreaterThan(60_000);
    expect(h2.downtimeMs).toBeLessThan(300_000);
    expect(h2.unrestored).toEqual([]);
    expect(h2.findingKinds).toEqual([]);
  });

  it("keepalived: the one LAN switch is a design SPOF although the model settles (≈ 9 s) before the VIP's RTO (10 s) has passed", () => {
    const t = target('keepalived', 'two-routers');
    const r = spofReport(t);
    expect(entry(r, 'lan')).toMatchObject({ findingKinds: ['design'], unrestored: ['vip'] });
    expect(entry(r, 'lan').findings[0].explanation).toMatch(/^vip down since/);
    expect(designSpofs(r)).toEqual(['lan']);
  });

  it('without servicesSurvive judged, a lost service is not a SPOF: only product properties count', () => {
    const r = spofReport(target('xenserver-ha', 'single-switch'), ['noUnnecessaryFence']);
    expect(entry(r, 'stsw')).toMatchObject({ findingKinds: [], unrestored: ['vm-h1', 'vm-h2', 'vm-h3'] });
    expect(r.spofs.map((e) => e.component)).toContain('sw1');
  });
});
