// SCENARIOS.md, VMware HA: every VH row as a test, plus the detection and isolation timings by
// version (asserted against the settings, and again with changed settings) and the designs whose
// flaws random search must find.
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/engine/faults/index.js';
import { vocabularyOf } from '../../harness/engine/generators.js';
import { findModel } from '../registry.js';
import { presetTarget, type Target } from '../../harness/engine/target.js';
import {
  brief,
  search,
  simulate,
  step,
  target,
  violatedProperties,
  type Outcome,
} from '../../harness/runners/testing.js';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { availability } from '../../properties/poolAvailability.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;
const services = (o: Outcome, service: string) =>
  o.run.entries.filter((e): e is ServiceEntry => e.type === 'service' && e.service === service);
const starts = (o: Outcome, service: string) =>
  services(o, service).filter((e) => e.state !== 'stopped' && e.at > 0 && e.cause !== undefined);
const NETWORK: FaultName[] = ['nic-down', 'link-cut', 'switch-down'];
/** h1's management NIC or its cable: the same single fault, two names. */
const MGMT_LINK_OF_H1 = /^10s (nic-down h1\.mgmt0|link-cut h1\.mgmt0-mgmtsw)$/;

describe('VH-1: a host crashes', () => {
  const t = target('vmware-ha', 'three-hosts');

  it('its VM restarts on another host after a short interruption (downtime > 0)', () => {
    const o = simulate(t, [step(10, 'host-crash', 'h2')]);
    // Noticed at the next 1 s heartbeat; failed 15 s later; boots in 60 s.
    expect(starts(o, 'vm-h2').map((e) => [e.at, e.host, e.cause])).toEqual([[26_000, 'h1', 'restart']]);
    expect(availability(o.run, 10_000).downtimeMs['vm-h2']).toBe(16_000 + 60_000);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('the detection follows failureDetectionMs (30 s) and the boot follows vmBootMs', () => {
    const o = simulate(target('vmware-ha', 'three-hosts', { failureDetectionMs: '30s', vmBootMs: '20s' }), [
      step(10, 'host-crash', 'h2'),
    ]);
    expect(starts(o, 'vm-h2')[0].at).toBe(41_000);
    expect(availability(o.run, 10_000).downtimeMs['vm-h2']).toBe(31_000 + 20_000);
  });

  it('the master crashes: the slaves elect a new master first (+10 s, +25 s), which restarts its VM at +35 s', () => {
    const o = simulate(t, [step(10, 'host-crash', 'h1')]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ at: 36_000, type: 'role', agent: 'h2', role: 'master' }),
    );
    expect(starts(o, 'vm-h1').map((e) => [e.at, e.host])).toEqual([[46_000, 'h2']]);
    const slower = simulate(target('vmware-ha', 'three-hosts', { electionMs: '20s', newMasterCheckMs: '5s' }), [
      step(10, 'host-crash', 'h1'),
    ]);
    expect(starts(slower, 'vm-h1')[0].at).toBe(11_000 + 10_000 + 20_000 + 5_000);
  });

  it('legacy AAM has no master: every host is a primary, any failure is restarted at das.failuredetectiontime', () => {
    for (const crash of ['h1', 'h2']) {
      const o = simulate(target('vmware-ha', 'three-hosts', { version: 'vsphere4' }), [step(10, 'host-crash', crash)]);
      expect(starts(o, `vm-${crash}`)[0].at).toBe(26_000);
    }
  });

  it('no single host crash violates any property (random search, every version)', () => {
    for (const version of ['esx3.5', 'vsphere4', 'vsphere5.0', 'vsphere5.1+']) {
      const v = target('vmware-ha', 'three-hosts', { version });
      for (const property of v.model.properties)
        expect(search(v, property, { kinds: ['host-crash'] }).status, `${version} ${property}`).toBe('holds');
    }
  });

  it('no room on the survivors: the restart is refused (capacity exhausted) and retried', () => {
    const model = findModel('vmware-ha')!;
    const preset = model.presets.find((p) => p.name === 'three-hosts')!;
    const topology = { ...preset.topology, services: preset.topology.services.map((s) => ({ ...s, needs: 7 })) };
    const o = simulate(presetTarget(model, { ...preset, topology }), [step(10, 'host-crash', 'h2')]);
    const refused = availability(o.run).capacityRefusals;
    expect(refused[0]).toEqual({
      at: 26_000,
      service: 'vm-h2',
      host: 'h1',
      reason: 'needs 7 units; h1 has 1 of 8 free',
    });
    expect(refused.map((r) => r.at)).toEqual([26_000, 146_000, 266_000, 386_000, 506_000]); // das.maxvmrestartcount = 5
    expect(o.verdicts.serviceRestoredWithin.status).toBe('violated');
  });
});

/** Every single fault of the kinds, on every target. */
function everySingleFault(t: Target, kinds: readonly FaultName[]): FaultStep[][] {
  const vocabulary = vocabularyOf(t.model);
  return kinds.flatMap((k) => FAULTS[k].targets(t.compiled, vocabulary).map((id) => [step(10, k, id)]));
}

describe('VH-2: the shared storage is lost', () => {
  const t = target('vmware-ha', 'three-hosts');

  it('every VM is down at once: HA restarts nothing (the hosts still heartbeat), no host could run them', () => {
    const o = simulate(t, [step(10, 'storage-clean-stop', 'san1')]);
    const m = availability(o.run, 10_000);
    const rest = o.run.meta.endMs - 10_000;
    expect(m.downtimeMs).toEqual({ 'vm-h1': rest, 'vm-h2': rest, 'vm-h3': rest });
    expect(m.totalOutageMs).toBe(rest);
    expect(o.run.entries.filter((e) => e.type === 'service' && e.at > 0)).toEqual([]);
  });

  it('it is the single point of failure: of every single fault, exactly the storage array faults stop every VM', () => {
    const kinds = t.faults.filter((k) => k !== 'live-migrate');
    const spofs = everySingleFault(t, kinds).filter((s) => availability(simulate(t, s).run, 10_000).totalOutageMs > 0);
    expect(spofs.map((s) => brief(s)[0])).toEqual(['10s storage-clean-stop san1', '10s storage-hard-powercycle san1']);
  });

  it('a hard power-cycle: the VMs serve again when the array is back', () => {
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'san1')]);
    expect(availability(o.run, 10_000).totalOutageMs).toBe(180_000); // storageRebootMs
    expect(violatedProperties(o)).toEqual([]);
  });
});

describe('VH-3: live migration during a host failure', () => {
  const t = target('vmware-ha', 'three-hosts');

  it('cannot move a VM whose host has already failed: it comes back by the restart path only, after a reboot', () => {
    const o = simulate(t, [step(10, 'host-crash', 'h2'), step(12, 'live-migrate', 'vm-h2@h3')]);
    expect(services(o, 'vm-h2').some((e) => e.cause === 'migrate')).toBe(false);
    expect(starts(o, 'vm-h2').map((e) => [e.at, e.cause])).toEqual([[26_000, 'restart']]);
    expect(availability(o.run, 10_000).downtimeMs['vm-h2']).toBeGreaterThan(0);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('the same migration of a healthy host moves the VM without downtime', () => {
    const o = simulate(t, [step(12, 'live-migrate', 'vm-h2@h3')]);
    expect(
      services(o, 'vm-h2')
        .slice(1)
        .map((e) => [e.at, e.host, e.state, e.cause]),
    ).toEqual([
      [12_000, 'h2', 'stopped', 'migrate'],
      [12_000, 'h3', 'running', 'migrate'],
    ]);
    expect(availability(o.run).downtimeMs['vm-h2']).toBe(0);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('a migrated VM is restarted from its new host when that host fails', () => {
    const o = simulate(t, [step(12, 'live-migrate', 'vm-h2@h3'), step(50, 'host-crash', 'h3')]);
    expect(
      starts(o, 'vm-h2')
        .filter((e) => e.cause === 'restart')
        .map((e) => e.at),
    ).toEqual([66_000]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('migrations mixed with crashes never run a VM twice nor lose it (random search)', () => {
    for (const property of t.model.properties)
      expect(search(t, property, { kinds: ['live-migrate', 'host-crash'], maxFaults: 2 }).status, property).toBe(
        'holds',
      );
  });
});

describe('isolation: address and response by version', () => {
  const isolate = [step(10, 'nic-down', 'h2.mgmt0')];

  it('5.1+ (FDM): a slave is isolated 30 s after it stops hearing the master, responds 30 s later, and leaves its VMs on', () => {
    const o = simulate(target('vmware-ha', 'three-hosts'), isolate);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ at: 41_000, type: 'role', agent: 'h2', role: 'isolated' }),
    );
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        at: 71_000,
        type: 'note',
        agent: 'h2',
        text: 'isolation response: leaves its VMs powered on',
      }),
    );
    // The master sees h2's datastore heartbeats: isolated or partitioned, not failed.
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        at: 26_000,
        agent: 'h1',
        text: expect.stringMatching(/still heartbeats on the datastore/),
      }),
    );
    expect(violatedProperties(o)).toEqual([]);
  });

  it('5.0 with power-off: the response comes at +30 s (no policy delay) and the master restarts what was powered off', () => {
    const o = simulate(
      target('vmware-ha', 'three-hosts', { version: 'vsphere5.0', isolationResponse: 'power-off' }),
      isolate,
    );
    expect(starts(o, 'vm-h2').map((e) => [e.at, e.host])).toEqual([[41_000, 'h1']]);
    expect(violatedProperties(o)).toEqual(['noUnnecessaryFailover']);
  });

  it('changed FDM timings move the isolation: election wait 5 s, election 10 s, ping 2 s', () => {
    const o = simulate(
      target('vmware-ha', 'three-hosts', { electionWaitMs: '5s', electionMs: '10s', isolationPingMs: '2s' }),
      isolate,
    );
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ at: 11_000 + 17_000, type: 'role', agent: 'h2', role: 'isolated' }),
    );
  });

  it('the isolated master declares itself isolated after 5 s', () => {
    const o = simulate(target('vmware-ha', 'three-hosts'), [step(10, 'nic-down', 'h1.mgmt0')]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ at: 16_000, type: 'role', agent: 'h1', role: 'isolated' }),
    );
    expect(violatedProperties(o)).toEqual([]);
  });

  it('ESX 3.5 (AAM, power off): isolated at 12 s, powered off, restarted elsewhere at 15 s although its VM network was fine', () => {
    const o = simulate(target('vmware-ha', 'three-hosts', { version: 'esx3.5' }), isolate);
    expect(
      services(o, 'vm-h2')
        .slice(1)
        .map((e) => [e.at, e.host, e.state]),
    ).toEqual([
      [23_000, 'h2', 'stopped'],
      [26_000, 'h1', 'starting'],
      [86_000, 'h1', 'running'],
    ]);
    expect(violatedProperties(o)).toEqual(['noUnnecessaryFailover']);
    const later = simulate(
      target('vmware-ha', 'three-hosts', { version: 'esx3.5', failureDetectionMs: '30s' }),
      isolate,
    );
    expect(services(later, 'vm-h2')[1].at).toBe(11_000 + 27_000);
  });

  it("ESX 3.5: random search finds the unnecessary failover and shrinks it to h1's management link failing at 10 s", () => {
    const r = search(target('vmware-ha', 'three-hosts', { version: 'esx3.5' }), 'noUnnecessaryFailover', {
      kinds: NETWORK,
    });
    expect(brief(r.counterexample!.schedule)).toEqual([expect.stringMatching(MGMT_LINK_OF_H1)]);
  });

  it('ESX 3.5: the management switch fails, every host isolates itself and powers its VMs off; nobody restarts them', () => {
    const o = simulate(target('vmware-ha', 'three-hosts', { version: 'esx3.5' }), [step(10, 'switch-down', 'mgmtsw')]);
    expect(availability(o.run, 10_000).totalOutageMs).toBe(o.run.meta.endMs - 23_000);
    expect(o.verdicts.serviceRestoredWithin.status).toBe('violated');
    // 5.1+: the same switch failure leaves every VM running.
    expect(
      violatedProperties(simulate(target('vmware-ha', 'three-hosts'), [step(10, 'switch-down', 'mgmtsw')])),
    ).toEqual([]);
  });

  it("vSphere 4 (shut down): the restart meets the VM's lock until the guest is down, and retries", () => {
    const o = simulate(target('vmware-ha', 'three-hosts', { version: 'vsphere4' }), isolate);
    expect(
      services(o, 'vm-h2')
        .slice(1)
        .map((e) => [e.at, e.host, e.state]),
    ).toEqual([
      [83_000, 'h2', 'stopped'], // guest shutdown 60 s after isolation at 23 s
      [146_000, 'h1', 'starting'], // first retry, 120 s after the locked attempt at 26 s
      [206_000, 'h1', 'running'],
    ]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  it('the isolation address decides isolation from partition: a host cut off with the gateway is not isolated', () => {
    const split = [step(10, 'partition', 'h1,h2|h3,gw')];
    const legacy = { version: 'esx3.5' };
    expect(violatedProperties(simulate(target('vmware-ha', 'three-hosts', legacy), split))).toEqual([]);
    const o = simulate(target('vmware-ha', 'three-hosts', { ...legacy, isolationAddress: 'none' }), split);
    expect(violatedProperties(o)).toEqual(['noUnnecessaryFailover']);
  });

  it('an unknown isolation address is a clear setting error', () => {
    expect(() => simulate(target('vmware-ha', 'three-hosts', { isolationAddress: 'router9' }), [])).toThrow(
      /isolationAddress: no host `router9` in topology three-hosts/,
    );
  });

  it("legacy hosts that see each other's partitions never start a VM twice: VMFS locks refuse it (random search)", () => {
    const t = target('vmware-ha', 'three-hosts', { version: 'esx3.5' });
    expect(search(t, 'noDualActive', { kinds: [...NETWORK, 'partition'], maxFaults: 2 }).status).toBe('holds');
  });
});

describe('iSCSI on the management NIC: isolation also takes the storage', () => {
  const t = target('vmware-ha', 'iscsi-on-management');

  it('5.1+: the master restarts the VM while the stale copy still answers on the VM network (split brain)', () => {
    const o = simulate(t, [step(10, 'nic-down', 'h2.mgmt0')]);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: 26_000 });
  });

  it("random search finds the split brain and shrinks it to h1's management link failing at 10 s", () => {
    const r = search(t, 'noDualActive', { kinds: NETWORK });
    expect(brief(r.counterexample!.schedule)).toEqual([expect.stringMatching(MGMT_LINK_OF_H1)]);
  });

  it("when the NIC returns, the host finds the VM's lock gone and powers the stale copy off", () => {
    const o = simulate(t, [step(10, 'nic-down', 'h2.mgmt0'), step(100, 'nic-up', 'h2.mgmt0')]);
    expect(
      services(o, 'vm-h2')
        .filter((e) => e.host === 'h2' && e.state === 'stopped')
        .map((e) => e.at),
    ).toEqual([101_000]);
  });

  it('ESX 3.5 powers the VM off at 12 s, before the restart at 15 s: no split brain', () => {
    const o = simulate(target('vmware-ha', 'iscsi-on-management', { version: 'esx3.5' }), [
      step(10, 'nic-down', 'h2.mgmt0'),
    ]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });
});

describe('the three-host design', () => {
  it('survives every single network, path or host fault (random search, 5.1+)', () => {
    const t = target('vmware-ha', 'three-hosts');
    for (const property of t.model.properties) {
      expect(
        search(t, property, { kinds: [...NETWORK, 'partition', 'path-down', 'host-crash'] }).status,
        property,
      ).toBe('holds');
    }
  });
});
