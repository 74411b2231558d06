// VMware HA clusters as topologies: ESX hosts with a management NIC (HA heartbeats, vMotion) and a
// teamed VM network (HA does not watch the VM network: a single VM NIC would be a point of failure
// it never notices), the management gateway `gw` that isolated hosts ping, and the shared datastore.
import type { Preset } from '../../harness/engine/model.js';
import type { VmwareSettings } from './config.js';
import type { HostSpec, PathSpec, ServiceSpec, Topology } from '../../harness/engine/topology.js';

const HOST_CAPACITY = 8;
const VM_NEEDS = 2;
const HOSTS = ['h1', 'h2', 'h3'];

/** One management NIC (HA heartbeats, vMotion); the VM network teamed over two switches. */
export function esxHost(id: string): HostSpec {
  return {
    id,
    capacity: HOST_CAPACITY,
    nics: [
      { id: 'mgmt0', network: 'management', switch: 'mgmtsw' },
      { id: 'vm0', network: 'vm', switch: 'vmsw1' },
      { id: 'vm1', network: 'vm', switch: 'vmsw2' },
    ],
    bonds: [{ id: 'vmteam', network: 'vm', nics: ['vm0', 'vm1'] }],
  };
}

export const gateway: HostSpec = {
  id: 'gw',
  capacity: 0,
  nics: [{ id: 'eth0', network: 'management', switch: 'mgmtsw' }],
};

function vms(hosts: readonly string[]): ServiceSpec[] {
  return hosts.map((h, i) => ({ id: `vm-${h}`, home: h, priority: 'restart', order: i, needs: VM_NEEDS }));
}

/** Two FC paths per host (two HBAs, two fabrics) to one array. */
export function fcPaths(hosts: readonly string[]): PathSpec[] {
  return hosts.flatMap((host) => [
    { host, node: 'san1' },
    { host, node: 'san1' },
  ]);
}

export const threeHosts: Topology = {
  name: 'three-hosts',
  description:
    'Three ESX hosts, management NICs and the gateway gw on mgmtsw, VM NICs teamed over vmsw1/vmsw2, one FC array san1 with two paths per host; one VM per host, room for all three on any two',
  hosts: [...HOSTS.map((h) => esxHost(h)), gateway],
  switches: [{ id: 'mgmtsw' }, { id: 'vmsw1' }, { id: 'vmsw2' }],
  storage: { nodes: [{ id: 'san1' }], paths: fcPaths(HOSTS) },
  services: vms(HOSTS),
};

export const iscsiOnManagement: Topology = {
  name: 'iscsi-on-management',
  description:
    'The same three hosts, but their iSCSI datastore traffic shares the management NIC (one NIC for heartbeats and storage)',
  hosts: [...HOSTS.map((h) => esxHost(h)), gateway],
  switches: [{ id: 'mgmtsw' }, { id: 'vmsw1' }, { id: 'vmsw2' }],
  storage: { nodes: [{ id: 'san1' }], paths: HOSTS.map((host) => ({ host, node: 'san1', nic: 'mgmt0' })) },
  services: vms(HOSTS),
};

export const vmwarePresets: readonly Preset<VmwareSettings>[] = [
  {
    name: 'three-hosts',
    describe: threeHosts.description!,
    topology: threeHosts,
    verdict:
      "VH-1: a failed host's VMs restart on the others after a short interruption; the one array is a single point of failure (VH-2). Two faults: a host's VM network or storage lost on every path is not watched (no restart); the management switch and a host together leave every survivor isolated, and nobody restarts the failed host's VMs",
  },
  {
    name: 'iscsi-on-management',
    describe: iscsiOnManagement.description!,
    topology: iscsiOnManagement,
    verdict:
      "a management NIC failure also cuts the host's storage: the master restarts its VMs while the stale copies still answer on the VM network (split brain) unless the isolation response powers them off first",
  },
];
