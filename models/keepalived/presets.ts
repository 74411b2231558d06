// The routers of SCENARIOS.md "keepalived VRRP": two routers on one LAN sharing a virtual IP.
import type { Preset } from '../../harness/engine/model.js';
import type { KeepalivedSettings } from './config.js';
import type { Topology } from '../../harness/engine/topology.js';

export const VIP_SERVICE = 'vip';

export const twoRouters: Topology = {
  name: 'two-routers',
  description: 'Two keepalived routers (r1 priority 150, r2 priority 100) on one LAN switch, sharing one virtual IP',
  hosts: [
    { id: 'r1', nics: [{ id: 'eth0', network: 'public', switch: 'lan' }] },
    { id: 'r2', nics: [{ id: 'eth0', network: 'public', switch: 'lan' }] },
  ],
  switches: [{ id: 'lan' }],
  // A VIP should be back within seconds; 10 s is generous for a 3.6 s master-down interval.
  services: [{ id: VIP_SERVICE, home: 'r1', priority: 'restart', rtoMs: 10_000 }],
};

export const keepalivedPresets: readonly Preset<KeepalivedSettings>[] = [
  {
    name: 'two-routers',
    describe: twoRouters.description!,
    topology: twoRouters,
    verdict:
      'any loss of adverts with carrier up (partition, a paused master) gives two MASTERs holding the VIP (KA-2, KA-4); crashes and clean stops hand over cleanly (KA-1, KA-3)',
  },
];
