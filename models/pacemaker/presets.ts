// The clusters of SCENARIOS.md "Corosync / Pacemaker two-node cluster" (PM-1..PM-6) as topologies.
// Like the lab (DOMAIN.md Real Corosync/Pacemaker here), the nodes of the plain designs share one
// LAN (a bridge) for the ring, the clients and the path to the fence devices; the quorum-device
// design has a dedicated ring cable so that the ring can be cut while both nodes still reach qnetd.
import type { Preset } from '../../harness/engine/model.js';
import type { FenceDeviceSpec, HostSpec, ServiceSpec, Topology } from '../../harness/engine/topology.js';
import type { PacemakerSettings } from './config.js';

/**
 * DOMAIN.md Real Corosync/Pacemaker here: fence agent called at +6.5–7.6 s, victim dead at
 * +7.0–8.0 s, so a power action takes about half a second.
 */
const FENCE_ACTION_MS = 500;

/**
 * The default group: a floating IP, a filesystem and a service, started in that order on one node.
 * RTO: a modelling choice; measured recovery after a node's power-off was +8.3 s (DOMAIN.md).
 */
const GROUP: readonly ServiceSpec[] = ['vip', 'fs', 'app'].map((id, order) => ({
  id,
  home: 'n1',
  priority: 'restart',
  order,
  rtoMs: 60_000,
}));

const lanNode = (id: string): HostSpec => ({ id, nics: [{ id: 'eth0', network: 'management', switch: 'lan' }] });
const bmc = (host: string): FenceDeviceSpec => ({ id: `bmc-${host}`, host, switch: 'lan', actionMs: FENCE_ACTION_MS });

function lanCluster(name: string, description: string, nodes: readonly string[]): Topology {
  return {
    name,
    description,
    hosts: nodes.map(lanNode),
    switches: [{ id: 'lan' }],
    services: GROUP,
    fenceDevices: nodes.map(bmc),
  };
}

export const twoNode = lanCluster(
  'two-node',
  'Two Corosync/Pacemaker nodes on one LAN (ring, clients, fence devices), each with a BMC; the group (vip, fs, app) runs on n1',
  ['n1', 'n2'],
);

export const threeNode = lanCluster(
  'three-node',
  'Three Corosync/Pacemaker nodes on one LAN, each with a BMC, without two_node (quorum 2 of 3); the group runs on n1',
  ['n1', 'n2', 'n3'],
);

export const fourNode = lanCluster(
  'four-node',
  'Four Corosync/Pacemaker nodes on one LAN, each with a BMC (quorum 3 of 4); the group runs on n1',
  ['n1', 'n2', 'n3', 'n4'],
);

/** Three nodes and the qnetd host on one LAN: the ring, the clients, the BMCs and qnetd share it. */
export const threeNodeQdevice: Topology = {
  ...lanCluster(
    'three-node-qdevice',
    'Three Corosync/Pacemaker nodes and corosync-qnetd on a fourth host (qnetd), all on one LAN, each node with a BMC; the group runs on n1',
    ['n1', 'n2', 'n3'],
  ),
  // Runs qnetd only: no room for the group.
  hosts: [...['n1', 'n2', 'n3'].map(lanNode), { ...lanNode('qnetd'), capacity: 0 }],
};

export const twoNodeQdevice: Topology = {
  name: 'two-node-qdevice',
  description:
    'Two nodes with the ring on a crossover cable and a LAN to the BMCs and to corosync-qnetd on a third host (qnetd)',
  hosts: [
    {
      id: 'n1',
      nics: [
        { id: 'ring0', network: 'channel' },
        { id: 'eth0', network: 'management', switch: 'lan' },
      ],
    },
    {
      id: 'n2',
      nics: [
        { id: 'ring0', network: 'channel' },
        { id: 'eth0', network: 'management', switch: 'lan' },
      ],
    },
    // Runs qnetd only: no room for the group.
    { id: 'qnetd', capacity: 0, nics: [{ id: 'eth0', network: 'management', switch: 'lan' }] },
  ],
  switches: [{ id: 'lan' }],
  links: [{ a: 'n1.ring0', b: 'n2.ring0' }],
  services: GROUP,
  fenceDevices: [bmc('n1'), bmc('n2')],
};

export const pacemakerPresets: readonly Preset<PacemakerSettings>[] = [
  {
    name: 'two-node',
    describe: `${twoNode.description!}; two_node (wait_for_all on), no fence delay`,
    topology: twoNode,
    verdict:
      'a cluster-link cut starts a fence race: either node may survive, or both are fenced (PM-1, noPoolWideFence violated); a node booting into a cut link waits for all (PM-4)',
  },
  {
    name: 'two-node-delay',
    describe: `${twoNode.description!}; pcmk_delay_base 5 s on n1's fence device`,
    topology: twoNode,
    config: { pcmkDelayBaseMs: 5000 }, // DOMAIN.md Real Corosync/Pacemaker here: pcmk_delay_base=5s on one device
    verdict:
      'n1 wins every fence race (PM-2); a failed fence device leaves the lost node unfenced and its resources stopped (PM-6)',
  },
  {
    name: 'two-node-no-wfa',
    describe: `${twoNode.description!}; two_node with wait_for_all off`,
    topology: twoNode,
    config: { waitForAll: false },
    verdict:
      'a node that boots while the link is cut fences its peer, which boots and does the same: a fence loop (PM-3)',
  },
  {
    name: 'two-node-qdevice',
    describe: `${twoNodeQdevice.description!}; two_node off, qdevice ffsplit`,
    topology: twoNodeQdevice,
    config: { twoNode: false, qnetdHost: 'qnetd' },
    verdict:
      'a ring cut leaves exactly one node quorate (qnetd votes for one half); it fences the other: no race (PM-5)',
  },
  {
    name: 'three-node',
    describe: threeNode.description!,
    topology: threeNode,
    config: { twoNode: false },
    verdict: 'the majority fences a lost node and recovers its resources; a node alone is inquorate and stops them',
  },
  {
    name: 'four-node-lms',
    describe: `${fourNode.description!}; last_man_standing (window 10 s) with wait_for_all, as votequorum.5 advises`,
    topology: fourNode,
    // votequorum.5: "It is essential to enable WFA when using LMS in High Availability clusters".
    config: { twoNode: false, waitForAll: true, lastManStanding: true },
    verdict:
      'nodes lost one at a time, each gone longer than the window, leave the last two quorate (they keep or recover the group); two lost at once leave 2 of 4 votes: inquorate, the group stops',
  },
  {
    name: 'three-node-qdevice-lms',
    describe: `${threeNodeQdevice.description!}; qdevice lms (2 votes)`,
    topology: threeNodeQdevice,
    // qdeviceVoteMs measured on this preset's real cluster (docs/models/pacemaker.md: the vote counts
    // 1.5–2.7 s after a membership change; at 0 conform disagreed by 2.2–3.3 s, at 2 s it agreed).
    config: { twoNode: false, qnetdHost: 'qnetd', qdeviceAlgorithm: 'lms', qdeviceVoteMs: 2_000 },
    verdict:
      'a lone survivor that still sees qnetd has 3 of 5 votes: quorate, it fences the others and keeps or recovers the group (ffsplit, 1 vote, would leave it 2 of 4 and stop the group)',
  },
];
