// The configurations of seed 002 as topologies, plus the small pairs that SCENARIOS.md's rows need
// (one comm path or two, shared disk or replication, a witness). Physical switches: `chsw` for the
// dedicated heartbeat (channel) network, `mgmtsw` for management, `pubsw` for the clients. A VM's
// NICs sit on its hypervisor's virtual switches (`<hypervisor>-vs-<net>`), each uplinked to the
// physical switch by the hypervisor's physical NIC (a switch–switch link: cutting it cuts every VM
// on that hypervisor from that network).
import type { Preset } from '../../harness/engine/model.js';
import type { LifekeeperSettings } from './config.js';
import type {
  HostSpec,
  LinkSpec,
  OperatingSystem,
  ServiceSpec,
  StorageSpec,
  Topology,
} from '../../harness/engine/topology.js';

/** Units an application needs; a node (VM or server) has 8, a hypervisor 16: room for two. */
const APP_NEEDS = 6;
const NODE_CAPACITY = 8;
const HYPERVISOR_CAPACITY = 16;

type Net = 'ch' | 'mgmt' | 'pub';
const ROLE = { ch: 'channel', mgmt: 'management', pub: 'public' } as const;
const SWITCH: Record<Net, string> = { ch: 'chsw', mgmt: 'mgmtsw', pub: 'pubsw' };

/** A physical server with a NIC on each network, cabled to the physical switches. */
function server(id: string, nets: readonly Net[], os: OperatingSystem = 'linux'): HostSpec {
  return {
    id,
    os,
    capacity: NODE_CAPACITY,
    nics: nets.map((n) => ({ id: `${n}0`, network: ROLE[n], switch: SWITCH[n] })),
  };
}

/** A VM on a hypervisor, its NICs on the hypervisor's virtual switches. */
function vm(id: string, hypervisor: string, nets: readonly Net[], os: OperatingSystem = 'linux'): HostSpec {
  return {
    id,
    os,
    runsOn: hypervisor,
    capacity: NODE_CAPACITY,
    nics: nets.map((n) => ({ id: `${n}0`, network: ROLE[n], switch: `${hypervisor}-vs-${n}` })),
  };
}

function hypervisor(id: string): HostSpec {
  return { id, capacity: HYPERVISOR_CAPACITY, nics: [] };
}

/** A hypervisor's virtual switches, and their uplinks to the physical switches (`internal`: no uplink). */
function vswitches(
  hyp: string,
  nets: readonly Net[],
  internal: readonly Net[] = [],
): { switches: { id: string }[]; links: LinkSpec[] } {
  return {
    switches: nets.map((n) => ({ id: `${hyp}-vs-${n}` })),
    links: nets.filter((n) => !internal.includes(n)).map((n) => ({ a: `${hyp}-vs-${n}`, b: SWITCH[n] })),
  };
}

function app(id: string, home: string, backups: readonly string[], order: number): ServiceSpec {
  return { id, home, backups, priority: 'restart', order, needs: APP_NEEDS };
}

/** One FC array every listed host reaches (FC paths: no NIC). */
function san(hosts: readonly string[]): StorageSpec {
  return { nodes: [{ id: 'san1' }], paths: hosts.map((host) => ({ host, node: 'san1' })) };
}

const ALL: readonly Net[] = ['ch', 'mgmt', 'pub'];
const PHYSICAL = [{ id: 'chsw' }, { id: 'mgmtsw' }, { id: 'pubsw' }];

function merge(...parts: { switches: { id: string }[]; links: LinkSpec[] }[]) {
  return { switches: parts.flatMap((p) => p.switches), links: parts.flatMap((p) => p.links) };
}

const p2vNet = merge({ switches: PHYSICAL, links: [] }, vswitches('vmhost', ALL));
export const p2vManyToOne: Topology = {
  name: 'p2v-many-to-1',
  description:
    'Physical-to-virtual many-to-1: physical primaries p1 and p2 (Exchange-like applications, one per OS), both backed up by VMs v1 and v2 on the one physical host vmhost',
  hosts: [server('p1', ALL), server('p2', ALL), hypervisor('vmhost'), vm('v1', 'vmhost', ALL), vm('v2', 'vmhost', ALL)],
  ...p2vNet,
  storage: san(['p1', 'p2', 'v1', 'v2']),
  services: [app('exch1', 'p1', ['v1'], 0), app('exch2', 'p2', ['v2'], 1)],
};

const v2pNet = merge({ switches: PHYSICAL, links: [] }, vswitches('vmhost', ALL));
export const v2pOneToMany: Topology = {
  name: 'v2p-1-to-many',
  description:
    'Virtual-to-physical 1-to-many: the primaries are VMs v1 and v2 on one powerful vmhost; each fails over to its own lower-cost physical server (b1, b2)',
  hosts: [hypervisor('vmhost'), vm('v1', 'vmhost', ALL), vm('v2', 'vmhost', ALL), server('b1', ALL), server('b2', ALL)],
  ...v2pNet,
  storage: san(['v1', 'v2', 'b1', 'b2']),
  services: [app('app1', 'v1', ['b1'], 0), app('app2', 'v2', ['b2'], 1)],
};

const v2vNet = merge({ switches: PHYSICAL, links: [] }, vswitches('hA', ALL), vswitches('hB', ALL));
export const v2vPair: Topology = {
  name: 'v2v',
  description: 'Virtual-to-virtual: VM va on physical host hA fails over to VM vb on physical host hB',
  hosts: [hypervisor('hA'), vm('va', 'hA', ALL), hypervisor('hB'), vm('vb', 'hB', ALL)],
  ...v2vNet,
  storage: san(['va', 'vb']),
  services: [app('app1', 'va', ['vb'], 0)],
};

export const multiInstance: Topology = {
  name: 'multi-instance-aa',
  description:
    'Multiple-instance active/active: two instances of one application (one instance per OS image), inst1 in VM a1 on hA and inst2 in VM b2 on hB, each backed up by a VM on the other host',
  hosts: [
    hypervisor('hA'),
    vm('a1', 'hA', ALL),
    vm('a2', 'hA', ALL),
    hypervisor('hB'),
    vm('b1', 'hB', ALL),
    vm('b2', 'hB', ALL),
  ],
  ...v2vNet,
  storage: san(['a1', 'a2', 'b1', 'b2']),
  services: [app('inst1', 'a1', ['b1'], 0), app('inst2', 'b2', ['a2'], 1)],
};

const singleNet = merge({ switches: [{ id: 'mgmtsw' }, { id: 'pubsw' }], links: [] }, vswitches('box', ALL, ['ch']));
export const singleSystem: Topology = {
  name: 'single-system',
  description:
    "Single-system: VM v1 fails over to VM v2 on the same physical host box (heartbeats over an internal virtual switch); h2 is the site's other server on the same SAN, not used by the cluster",
  hosts: [
    hypervisor('box'),
    vm('v1', 'box', ALL),
    vm('v2', 'box', ALL),
    { id: 'h2', capacity: NODE_CAPACITY, nics: [{ id: 'pub0', network: 'public', switch: 'pubsw' }] },
  ],
  ...singleNet,
  storage: san(['v1', 'v2', 'h2']),
  services: [app('app1', 'v1', ['v2'], 0)],
};

export const mixedOs: Topology = {
  name: 'mixed-os-aa',
  description:
    'Mixed-OS active/active: hA and hB each run a Linux VM and a Windows VM; the Linux application is primary on hA, the Windows one on hB (two LifeKeeper clusters, each with its own heartbeat timing)',
  hosts: [
    hypervisor('hA'),
    vm('lin-a', 'hA', ALL),
    vm('win-a', 'hA', ALL, 'windows'),
    hypervisor('hB'),
    vm('lin-b', 'hB', ALL),
    vm('win-b', 'hB', ALL, 'windows'),
  ],
  ...v2vNet,
  storage: san(['lin-a', 'win-a', 'lin-b', 'win-b']),
  services: [app('lapp', 'lin-a', ['lin-b'], 0), app('wapp', 'win-b', ['win-a'], 1)],
};

/** Two physical nodes; the channel network is a crossover cable between them. */
function pair(name: string, description: string, nets: readonly Net[], shared: boolean): Topology {
  const hosts = ['n1', 'n2'].map((id) => ({
    id,
    capacity: NODE_CAPACITY,
    nics: nets.map((n) =>
      n === 'ch' ? { id: 'ch0', network: ROLE.ch } : { id: `${n}0`, network: ROLE[n], switch: SWITCH[n] },
    ),
  }));
  return {
    name,
    description,
    hosts,
    switches: nets.filter((n) => n !== 'ch').map((n) => ({ id: SWITCH[n] })),
    links: nets.includes('ch') ? [{ a: 'n1.ch0', b: 'n2.ch0' }] : [],
    ...(shared ? { storage: san(['n1', 'n2']) } : {}),
    services: [app('db', 'n1', ['n2'], 0)],
  };
}

export const replicatedSinglePath = pair(
  'replicated-single-path',
  'Two servers, data replicated between them (no shared disk), one comm path: a crossover cable',
  ['ch', 'pub'],
  false,
);
export const replicatedTwoPaths = pair(
  'replicated-two-paths',
  'Two servers, data replicated, two comm paths on separate networks: a crossover cable and the management switch',
  ['ch', 'mgmt', 'pub'],
  false,
);
export const sharedSinglePath = pair(
  'shared-single-path',
  'Two servers on one SAN (SCSI reservations), one comm path: a crossover cable',
  ['ch', 'pub'],
  true,
);

export const replicatedWitness: Topology = {
  name: 'replicated-witness',
  description:
    'Two servers with replicated data and one comm path through the heartbeat switch, plus a witness-only node w (Quorum/Witness package installed)',
  hosts: [server('n1', ['ch', 'pub']), server('n2', ['ch', 'pub']), server('w', ['ch'])],
  switches: [{ id: 'chsw' }, { id: 'pubsw' }],
  services: [app('db', 'n1', ['n2'], 0)],
};

export const lifekeeperPresets: readonly Preset<LifekeeperSettings>[] = [
  {
    name: 'p2v-many-to-1',
    describe: p2vManyToOne.description!,
    topology: p2vManyToOne,
    verdict:
      'seed 002: one physical host backs up many servers, as far as its power allows (LK-5: room for both here). Two faults: every comm path cut ⇒ the backup breaks the reservation and the healthy primary halts (LK-3, reservationBreak=reset)',
  },
  {
    name: 'v2p-1-to-many',
    describe: v2pOneToMany.description!,
    topology: v2pOneToMany,
    verdict:
      'seed 002: centralised primaries; a crash of vmhost moves every application to its physical backup. Two faults: every comm path cut ⇒ the backup breaks the reservation and the healthy primary halts (LK-3, reservationBreak=reset)',
  },
  {
    name: 'v2v',
    describe: v2vPair.description!,
    topology: v2vPair,
    verdict:
      'seed 002: the most typical configuration; survives any single fault. Two faults: every comm path cut ⇒ the backup breaks the reservation and the healthy primary halts (LK-3, reservationBreak=reset)',
  },
  {
    name: 'multi-instance-aa',
    describe: multiInstance.description!,
    topology: multiInstance,
    verdict:
      'seed 002: each physical host backs up the other; one host carries both instances after a failure. Two faults: every comm path cut ⇒ the backup breaks the reservation and the healthy primary halts (LK-3, reservationBreak=reset)',
  },
  {
    name: 'single-system',
    describe: singleSystem.description!,
    topology: singleSystem,
    verdict: 'seed 002: the one physical host is a single point of failure (LK-6)',
  },
  {
    name: 'mixed-os-aa',
    describe: mixedOs.description!,
    topology: mixedOs,
    verdict: "seed 002: Linux and Windows clusters on the same two hosts, each host the other's backup",
  },
  {
    name: 'replicated-single-path',
    describe: replicatedSinglePath.description!,
    topology: replicatedSinglePath,
    verdict:
      'SCENARIOS LK-4: a cut comm path makes both nodes active (split brain), and the backup serves from a copy cut off at the cut (acknowledged writes lost)',
  },
  {
    name: 'replicated-two-paths',
    describe: replicatedTwoPaths.description!,
    topology: replicatedTwoPaths,
    verdict:
      "SCENARIOS LK-4: one cut comm path is survived; LK-7: the backup's synchronous mirror (over the crossover) holds every acknowledged write when the primary crashes. Two faults: both comm paths cut ⇒ both nodes active with diverging copies (no witness); the mirror's path cut, then the primary lost ⇒ the backup serves without the writes acknowledged since (LK-7 modelling choice)",
  },
  {
    name: 'shared-single-path',
    describe: sharedSinglePath.description!,
    topology: sharedSinglePath,
    verdict:
      'SCENARIOS LK-3: the reservation keeps the disk single-writer; with reservationBreak=reset (default) the backup breaks it and the healthy primary pays with a reboot, with none the backup cannot take the disk',
  },
  {
    name: 'replicated-witness',
    describe: replicatedWitness.description!,
    topology: replicatedWitness,
    config: { qwk: true },
    verdict:
      'Quorum/Witness: the isolated primary loses quorum and halts; the backup takes over, without the writes the primary acknowledged until it halted',
  },
];
