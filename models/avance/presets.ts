// Seed 003's Avance pair as a topology: two commodity servers (the review used two Dell PowerEdge
// 1950s, two power supplies each), a private crossover link between them, the production network on
// a switch, local disks only, and the reviewer's guests: Windows 2003 with Exchange and a Linux
// server, both running on the first node with the second standing by.
import type { Preset } from '../../harness/engine/model.js';
import type { AvanceSettings } from './config.js';
import type { HostSpec, Topology } from '../../harness/engine/topology.js';

function node(id: string): HostSpec {
  return {
    id,
    capacity: 8,
    powerSupplies: 2,
    nics: [
      { id: 'prod0', network: 'vm', switch: 'prodsw' },
      { id: 'priv0', network: 'channel' },
    ],
  };
}

export const pair: Topology = {
  name: 'pair',
  description:
    'Two nodes with two power supplies each, a private crossover link, production on prodsw, local disks only; exchange (Windows) and web (Linux) run on h1, h2 stands by',
  hosts: [node('h1'), node('h2')],
  switches: [{ id: 'prodsw' }],
  links: [{ a: 'h1.priv0', b: 'h2.priv0' }],
  storage: {
    nodes: [{ id: 'disk1' }, { id: 'disk2' }],
    paths: [
      { host: 'h1', node: 'disk1' },
      { host: 'h2', node: 'disk2' },
    ],
  },
  services: [
    { id: 'exchange', home: 'h1', priority: 'restart', order: 0, needs: 4, os: 'windows' },
    { id: 'web', home: 'h1', priority: 'restart', order: 1, needs: 2, os: 'linux' },
  ],
};

export const avancePresets: readonly Preset<AvanceSettings>[] = [
  {
    name: 'pair',
    describe: pair.description!,
    topology: pair,
    faults: [
      'host-crash',
      'psu-fail',
      'nic-down',
      'link-cut',
      'switch-down',
      'path-down',
      'storage-hard-powercycle',
      'instance-fault',
    ],
    verdict:
      "seed 003: a production link, power supply, disk or instance fault migrates the instance live (pause < 1 s Linux, 4–5 s Windows; clients stay connected); a node crash restarts it on the other node after a boot (sessions lost); no shared storage. Two faults: the private link and the active node's production cut together ⇒ both nodes run the instance (no quorum); a copy that left the mirror is never started from, so a second fault can leave an instance down until its partner returns",
  },
];
