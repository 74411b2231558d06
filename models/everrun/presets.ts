// Seed 003's everRun VM pairs as topologies: two XenServer hosts with four NICs each (production,
// management, two heartbeat links), local storage per host, and protected Windows 2003 instances.
import type { Preset } from '../../harness/engine/model.js';
import type { EverrunSettings } from './config.js';
import type { HostSpec, LinkSpec, ServiceSpec, Topology } from '../../harness/engine/topology.js';

const HOSTS = ['h1', 'h2'] as const;

/**
 * The recommended four NICs (seed 003). The two heartbeat NICs are the channel network's two links;
 * the engine reaches the partner over the first that works, so they are declared as one
 * active-backup group (`hb`) — everRun itself uses both links, which is the same reachability.
 * Heartbeats through a switch: both on `hbSwitch`; otherwise crossover cables.
 */
function host(id: string, capacity: number, hbSwitch?: string): HostSpec {
  return {
    id,
    capacity,
    nics: [
      { id: 'prod0', network: 'vm', switch: 'prodsw' },
      { id: 'mgmt0', network: 'management', switch: 'mgmtsw' },
      { id: 'hb0', network: 'channel', ...(hbSwitch ? { switch: hbSwitch } : {}) },
      { id: 'hb1', network: 'channel', ...(hbSwitch ? { switch: hbSwitch } : {}) },
    ],
    bonds: [{ id: 'hb', network: 'channel', nics: ['hb0', 'hb1'] }],
  };
}

const CROSSOVER_CABLES: readonly LinkSpec[] = [
  { a: 'h1.hb0', b: 'h2.hb0' },
  { a: 'h1.hb1', b: 'h2.hb1' },
];

/** Each host's own direct-attached array ("storage can be local, direct attached, or SAN"). */
const LOCAL_STORAGE = {
  nodes: [{ id: 'das1' }, { id: 'das2' }],
  paths: [
    { host: 'h1', node: 'das1' },
    { host: 'h2', node: 'das2' },
  ],
};

const windows = (id: string, home: string, needs: number, order: number): ServiceSpec => ({
  id,
  home,
  priority: 'restart',
  order,
  needs,
  os: 'windows',
});

export const crossover: Topology = {
  name: 'crossover',
  description:
    'Two hosts, heartbeat links as two crossover cables (as recommended), local storage, one protected instance on each host, room for both on either',
  hosts: HOSTS.map((h) => host(h, 8)),
  switches: [{ id: 'prodsw' }, { id: 'mgmtsw' }],
  links: CROSSOVER_CABLES,
  storage: LOCAL_STORAGE,
  services: [windows('vm-a', 'h1', 2, 0), windows('vm-b', 'h2', 2, 1)],
};

export const switchedHeartbeat: Topology = {
  name: 'switched-heartbeat',
  description: 'The crossover pair with both heartbeat links run through one switch (hbsw) instead of crossover cables',
  hosts: HOSTS.map((h) => host(h, 8, 'hbsw')),
  switches: [{ id: 'prodsw' }, { id: 'mgmtsw' }, { id: 'hbsw' }],
  storage: LOCAL_STORAGE,
  services: [windows('vm-a', 'h1', 2, 0), windows('vm-b', 'h2', 2, 1)],
};

export const overcommitted: Topology = {
  name: 'overcommitted',
  description:
    "Crossover pair, 8 units per host, instances protected on both hosts: vm-a (4) on h1, vm-b (2) and vm-c (4) on h2; only vm-b's lock-step copy fits on the partner",
  hosts: HOSTS.map((h) => host(h, 8)),
  switches: [{ id: 'prodsw' }, { id: 'mgmtsw' }],
  links: CROSSOVER_CABLES,
  storage: LOCAL_STORAGE,
  services: [windows('vm-a', 'h1', 4, 0), windows('vm-b', 'h2', 2, 1), windows('vm-c', 'h2', 4, 2)],
};

/** Hardware faults of a pair; no partition (a VLAN cannot split a crossover cable), no application crash (lock-step runs the same guest code on both halves). */
const PAIR_FAULTS = [
  'host-crash',
  'nic-down',
  'link-cut',
  'switch-down',
  'path-down',
  'storage-hard-powercycle',
] as const;

export const everrunPresets: readonly Preset<EverrunSettings>[] = [
  {
    name: 'crossover',
    describe: crossover.description!,
    topology: crossover,
    faults: PAIR_FAULTS,
    verdict:
      "seed 003: a host, storage or NIC failure is imperceptible to clients (downtime 0); the failed half resynchronises by itself after repair. Two faults: both heartbeat links lost ⇒ each half runs on alone (no quorum server); a host losing its own production link or disk while its partner is down serves again only after the partner's resync",
  },
  {
    name: 'switched-heartbeat',
    describe: switchedHeartbeat.description!,
    topology: switchedHeartbeat,
    faults: PAIR_FAULTS,
    verdict:
      'seed 003: a switch between the heartbeat links is a single point of failure — it fails, both halves run on alone with one identity',
  },
  {
    name: 'overcommitted',
    describe: overcommitted.description!,
    topology: overcommitted,
    faults: PAIR_FAULTS,
    verdict:
      'seed 003: "care should be taken … that the other won\'t be overloaded" — instances without room for a lock-step copy die with their host, and the survivor has no room to restart them',
  },
];
