// The pools of seed 004 (and seed 000's use of them), as topologies. Hosts are listed in UUID
// order. In all but `bonded-capacity` every host runs one protected VM and has room for all of them.
import type { HostSpec, ServiceSpec, StorageSpec, Topology } from '../../harness/engine/topology.js';
import type { Preset } from '../../harness/engine/model.js';
import type { XenserverSettings } from './config.js';

const CAPACITY = 8;
const VM_NEEDS = 2;

function vms(hosts: readonly string[]): ServiceSpec[] {
  return hosts.map((h, i) => ({ id: `vm-${h}`, home: h, priority: 'restart', order: i, needs: VM_NEEDS }));
}

/** One management NIC on sw1, one VM NIC on vmsw, one storage NIC on stsw per host. */
function singleNicHosts(ids: readonly string[]): HostSpec[] {
  return ids.map((id) => ({
    id,
    capacity: CAPACITY,
    nics: [
      { id: 'mgmt0', network: 'management', switch: 'sw1' },
      { id: 'vm0', network: 'vm', switch: 'vmsw' },
      { id: 'st0', network: 'storage', switch: 'stsw' },
    ],
  }));
}

/** Management and VM bonds split across sw1/sw2 (joined by an inter-switch link); one storage NIC on each. */
function bondedHosts(ids: readonly string[], capacity = CAPACITY): HostSpec[] {
  return ids.map((id) => ({
    id,
    capacity,
    nics: [
      { id: 'mgmt0', network: 'management', switch: 'sw1' },
      { id: 'mgmt1', network: 'management', switch: 'sw2' },
      { id: 'vm0', network: 'vm', switch: 'sw1' },
      { id: 'vm1', network: 'vm', switch: 'sw2' },
      { id: 'st0', network: 'storage', switch: 'sw1' },
      { id: 'st1', network: 'storage', switch: 'sw2' },
    ],
    bonds: [
      { id: 'bond0', network: 'management', nics: ['mgmt0', 'mgmt1'] },
      { id: 'bond1', network: 'vm', nics: ['vm0', 'vm1'] },
    ],
  }));
}

function singleArray(ids: readonly string[], nics: readonly string[]): StorageSpec {
  return { nodes: [{ id: 'san1' }], paths: ids.flatMap((host) => nics.map((nic) => ({ host, node: 'san1', nic }))) };
}

const H2 = ['h1', 'h2'];
const H3 = ['h1', 'h2', 'h3'];

export const twoHost: Topology = {
  name: 'two-host',
  description: 'Two hosts, one management NIC each on one switch; VMs on their own NICs and switch; one storage array',
  hosts: singleNicHosts(H2),
  switches: [{ id: 'sw1' }, { id: 'vmsw' }, { id: 'stsw' }],
  storage: singleArray(H2, ['st0']),
  services: vms(H2),
};

export const singleSwitch: Topology = {
  name: 'single-switch',
  description: 'Three hosts, one management NIC each, all on one switch; VMs on their own NICs and switch',
  hosts: singleNicHosts(H3),
  switches: [{ id: 'sw1' }, { id: 'vmsw' }, { id: 'stsw' }],
  storage: singleArray(H3, ['st0']),
  services: vms(H3),
};

export const bonded: Topology = {
  name: 'bonded',
  description: 'Three hosts, management and VM bonds split across two linked switches, two storage paths per host',
  hosts: bondedHosts(H3),
  switches: [{ id: 'sw1' }, { id: 'sw2' }],
  links: [{ a: 'sw1', b: 'sw2' }],
  storage: singleArray(H3, ['st0', 'st1']),
  services: vms(H3),
};

export const bondedMirroredSan: Topology = {
  name: 'bonded-mirrored-san',
  description:
    'The bonded pool with its heartbeat SR on a mirrored DataCore pair (sanA, sanB), one path to each node per host',
  hosts: bondedHosts(H3),
  switches: [{ id: 'sw1' }, { id: 'sw2' }],
  links: [{ a: 'sw1', b: 'sw2' }],
  storage: {
    nodes: [{ id: 'sanA' }, { id: 'sanB' }],
    mirror: ['sanA', 'sanB'],
    paths: H3.flatMap((host) => [
      { host, node: 'sanA', nic: 'st0' },
      { host, node: 'sanB', nic: 'st1' },
    ]),
  },
  services: vms(H3),
};

/**
 * SCENARIOS.md XS-13: 10 units per host; each host runs a best-effort VM (3 units) and a protected
 * one (2 units). Two hosts hold all six VMs (15 ≤ 20), one cannot (15 > 10): the pool plans for one
 * host failure. Orders run against host order, so restart order shows priority, then `order`.
 */
const CAPACITY_HOST_UNITS = 10;
function capacityVms(hosts: readonly string[]): ServiceSpec[] {
  return hosts.flatMap((h, i) => [
    { id: `be-${h}`, home: h, priority: 'best-effort' as const, order: i, needs: 3 },
    { id: `vm-${h}`, home: h, priority: 'restart' as const, order: hosts.length - 1 - i, needs: 2 },
  ]);
}

export const bondedCapacity: Topology = {
  name: 'bonded-capacity',
  description:
    'The bonded pool sized for one host failure: 10 units per host, each running a best-effort VM (3) and a protected VM (2)',
  hosts: bondedHosts(H3, CAPACITY_HOST_UNITS),
  switches: [{ id: 'sw1' }, { id: 'sw2' }],
  links: [{ a: 'sw1', b: 'sw2' }],
  storage: singleArray(H3, ['st0', 'st1']),
  services: capacityVms(H3),
};

/** Single faults a redundant pool is designed to ride through (SCENARIOS.md XS-5). */
const REDUNDANT_SINGLE_FAULTS = ['nic-down', 'switch-down', 'link-cut', 'path-down', 'host-crash'] as const;

export const xenserverPresets: readonly Preset<XenserverSettings>[] = [
  {
    name: 'two-host',
    describe: twoHost.description!,
    topology: twoHost,
    verdict:
      'seed 004: the survivor of a two-host pool fences itself (seed-2009); a management link failure fences a healthy host',
  },
  {
    name: 'single-switch',
    describe: singleSwitch.description!,
    topology: singleSwitch,
    verdict:
      'seed 004: a management NIC failure fences its host; the switch failing fences the pool (seed-2009) or two of three hosts (xha)',
  },
  {
    name: 'bonded',
    describe: bonded.description!,
    topology: bonded,
    faults: REDUNDANT_SINGLE_FAULTS,
    verdict:
      "seed 004's recommended design: no single NIC, switch, link, path or host failure fences a healthy host. Two faults can, as in the product: " +
      "both legs of a host's management bond fence it (HA needs the management network) and both legs of its VM bond strand its VM (HA does not watch the VM network); " +
      "both switches down for about T fence the pool; at T = 120 s a host that loses both storage paths gets its VMs back only after about 2T + the winners' wait, " +
      'beyond a 300 s RTO (xha sm.c waits T longer while a lost host is still heard); seed-2009: losing two hosts makes the last one fence (seed 004)',
  },
  {
    name: 'bonded-mirrored-san',
    describe: bondedMirroredSan.description!,
    topology: bondedMirroredSan,
    faults: [...REDUNDANT_SINGLE_FAULTS, 'storage-hard-powercycle', 'storage-clean-stop'],
    verdict:
      'seed 004: a hard power-cycle of one mirrored node fences hosts unless T outlasts the multipath failover (120 s); at T = 120 s the two-fault cases of bonded remain, ' +
      'and while statefile I/O hangs no master can be elected (its lock lives in the statefile), so restarts wait for the multipath failover',
  },
  {
    name: 'bonded-capacity',
    describe: bondedCapacity.description!,
    topology: bondedCapacity,
    faults: REDUNDANT_SINGLE_FAULTS,
    // DOMAIN.md XenServer: ha-host-failures-to-tolerate bounds planned failures.
    config: { hostFailuresToTolerate: 1 },
    verdict:
      'seed 004: VMs restart by available resources and restart priority; one host failure restarts every VM, a second leaves best-effort VMs down (refused for lack of room)',
  },
];
