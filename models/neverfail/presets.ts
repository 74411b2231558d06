// Neverfail pairs as topologies: seed 000's physical pair on a crossover cable and its physical
// primary with a virtual secondary on a XenServer host (channel on a VLAN), and seed 001's WAN pair
// with two NICs or with the third NIC the vendor recommends. The first host with a channel NIC is
// the Primary identity, the second the Secondary. `gateway`, `dns` and `dc` are the ping targets.
import type { FaultName } from '../../harness/engine/faults/index.js';
import type { Preset } from '../../harness/engine/model.js';
import type { NeverfailSettings } from './config.js';
import type { HostSpec, ServiceSpec, Topology } from '../../harness/engine/topology.js';

export const SERVICE = 'exchange';

/** seed 000: Neverfail for Exchange; the Primary is active at t = 0. */
const exchange: ServiceSpec = { id: SERVICE, home: 'primary', priority: 'restart', rtoMs: 300_000 };

function pingTarget(id: string, sw: string): HostSpec {
  return { id, capacity: 0, nics: [{ id: 'eth0', network: 'public', switch: sw }] };
}

/** A server with a public NIC and a channel NIC (seed 001: at least two NICs, one pair for the channel). */
function server(id: string, publicSwitch: string, channelSwitch?: string, extra: HostSpec['nics'] = []): HostSpec {
  return {
    id,
    nics: [
      { id: 'public', network: 'public', switch: publicSwitch },
      channelSwitch === undefined
        ? { id: 'channel', network: 'channel' }
        : { id: 'channel', network: 'channel', switch: channelSwitch },
      ...extra,
    ],
  };
}

export const physicalCrossover: Topology = {
  name: 'physical-crossover',
  description:
    'Two physical servers on one LAN switch, the channel on a crossover cable between them (seed 000: the traditional deployment)',
  hosts: [
    server('primary', 'lan'),
    server('secondary', 'lan'),
    pingTarget('gateway', 'lan'),
    pingTarget('dns', 'lan'),
    pingTarget('dc', 'lan'),
  ],
  switches: [{ id: 'lan' }],
  links: [{ a: 'primary.channel', b: 'secondary.channel' }],
  services: [exchange],
};

/**
 * seed 000's final build: a physical primary on a two-switch stack, the secondary a VM on XenServer
 * host xs1. The VM's interfaces stand for the xs1 NICs its networks leave by: the public network
 * over xs1's bond (one member to each switch; a bond does not bridge the two switches), the channel
 * VLAN over a single NIC ("bonds for most traffic, but a single NIC for the Neverfail Channel").
 */
export const virtualSecondary: Topology = {
  name: 'virtual-secondary',
  description:
    "Physical primary; secondary is a VM on XenServer host xs1 (public over xs1's bond to sw1+sw2, channel VLAN over one xs1 NIC to sw1)",
  hosts: [
    server('primary', 'sw1', 'sw1'),
    {
      id: 'secondary',
      runsOn: 'xs1',
      nics: [
        { id: 'pub0', network: 'public', switch: 'sw1' },
        { id: 'pub1', network: 'public', switch: 'sw2' },
        { id: 'channel', network: 'channel', switch: 'sw1' },
      ],
      bonds: [{ id: 'bond0', network: 'public', nics: ['pub0', 'pub1'] }],
    },
    { id: 'xs1', nics: [] },
    pingTarget('gateway', 'sw1'),
    pingTarget('dns', 'sw2'),
    pingTarget('dc', 'sw2'),
  ],
  switches: [{ id: 'sw1' }, { id: 'sw2' }],
  links: [{ a: 'sw1', b: 'sw2' }],
  services: [exchange],
};

/**
 * The channel VLAN carried on a trunked bond of its own (members to sw1 and sw2). One physical NIC
 * carries both VLANs in practice; here each VLAN has its own member, so a NIC fault hits one.
 */
export const virtualSecondaryBonded: Topology = {
  ...virtualSecondary,
  name: 'virtual-secondary-bonded',
  description: 'As virtual-secondary, but the channel VLAN rides a trunked bond of xs1 too (members to sw1 and sw2)',
  hosts: virtualSecondary.hosts.map((h) =>
    h.id !== 'secondary'
      ? h
      : {
          ...h,
          nics: [
            ...h.nics.filter((x) => x.network !== 'channel'),
            { id: 'chan0', network: 'channel', switch: 'sw1' },
            { id: 'chan1', network: 'channel', switch: 'sw2' },
          ],
          bonds: [...(h.bonds ?? []), { id: 'bond1', network: 'channel', nics: ['chan0', 'chan1'] }],
        },
  ),
};

/** seed 001: a geographically distributed pair; public and channel both cross the one WAN link. */
export const wanTwoNic: Topology = {
  name: 'wan-two-nic',
  description:
    'Primary at site A, secondary at site B; public and channel NICs both cross the one WAN link siteA-siteB',
  hosts: [
    server('primary', 'siteA', 'siteA'),
    server('secondary', 'siteB', 'siteB'),
    pingTarget('gateway', 'siteA'),
    pingTarget('dns', 'siteB'),
    pingTarget('dc', 'siteA'),
  ],
  switches: [{ id: 'siteA' }, { id: 'siteB' }],
  links: [{ a: 'siteA', b: 'siteB' }],
  services: [exchange],
};

/**
 * The vendor's recommendation (seed 001; vCenter Server Heartbeat guides: "three NICs (1 × Public
 * and 2 × Channel)", the second channel "completely independent … not the same WAN connection").
 */
export const wanThreeNic: Topology = {
  ...wanTwoNic,
  name: 'wan-three-nic',
  description: 'The WAN pair with a third NIC: a second channel connection over its own WAN circuit chanA-chanB',
  hosts: [
    server('primary', 'siteA', 'siteA', [{ id: 'channel2', network: 'channel', switch: 'chanA', independent: true }]),
    server('secondary', 'siteB', 'siteB', [{ id: 'channel2', network: 'channel', switch: 'chanB', independent: true }]),
    ...wanTwoNic.hosts.slice(2),
  ],
  switches: [...wanTwoNic.switches, { id: 'chanA' }, { id: 'chanB' }],
  links: [...wanTwoNic.links!, { a: 'chanA', b: 'chanB' }],
};

/**
 * No `partition`: the channel and the public network run over physically separate paths (a
 * crossover, a second WAN circuit), which one misconfiguration does not split together; faults on
 * each path (its NICs, cables, switches) are drawn instead.
 */
export const PAIR_FAULTS: readonly FaultName[] = [
  'nic-down',
  'switch-down',
  'link-cut',
  'host-crash',
  'slowdown',
  'app-crash',
  'operator-step',
];

export const neverfailPresets: readonly Preset<NeverfailSettings>[] = [
  {
    name: 'physical-crossover',
    describe: physicalCrossover.description!,
    topology: physicalCrossover,
    verdict:
      'a cut crossover leaves two active servers with one name and IP (split-brain avoidance off, as shipped); a stall longer than the failover timeout fails over a healthy primary',
  },
  {
    name: 'virtual-secondary',
    describe: virtualSecondary.description!,
    topology: virtualSecondary,
    verdict:
      "a failed channel NIC (the VLAN's one xs1 NIC, or the primary's) gives two active servers; sw1 failing isolates the primary, which stays active (two active once sw1 returns) unless passiveWhenIsolated",
  },
  {
    name: 'virtual-secondary-bonded',
    describe: virtualSecondaryBonded.description!,
    topology: virtualSecondaryBonded,
    verdict:
      "the bond takes the channel through the loss of either xs1 uplink; the primary's own single channel NIC still splits the pair",
  },
  {
    name: 'wan-two-nic',
    describe: wanTwoNic.description!,
    topology: wanTwoNic,
    verdict:
      'a WAN outage cuts channel and public together: the secondary fails over while the primary keeps serving site A (two active servers)',
  },
  {
    name: 'wan-three-nic',
    describe: wanThreeNic.description!,
    topology: wanThreeNic,
    verdict:
      'the second channel connection keeps the heartbeat through a WAN outage (no failover); a stall of the primary longer than the failover timeout still does',
  },
];

export const deploymentPresets: readonly Preset<NeverfailSettings>[] = [
  {
    name: 'deploy-virtual-secondary',
    describe: "Deploying Neverfail onto seed 000's physical primary and virtual secondary, step by step",
    topology: virtualSecondary,
    faults: ['operator-step', 'nic-down'],
    verdict:
      "the procedure as written for physical servers restores the clone into a connected VM: two servers with one name and IP; disconnecting the primary's NICs meanwhile (seed 000) avoids it and extends its downtime",
  },
];
