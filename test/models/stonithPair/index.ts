// A toy HA product in one folder, to show (and test) that a model needs nothing else: two nodes, each
// fencing the other through a BMC when its heartbeat stops, with a property of its own. It is not in
// models/registry.ts; its test drives it through the public runners. docs/writing-a-model.md walks
// through it.
import type { CompiledTopology } from '../../../harness/engine/compile.js';
import { agentSpec, type Model, type ModelInstance, type Preset } from '../../../harness/engine/model.js';
import type { Topology } from '../../../harness/engine/topology.js';
import { pairKeys, type PairSettings } from './config.js';
import { nodeMachine, sensePeer } from './node.js';
import { noTakeoverWhileRunning } from './noTakeoverWhileRunning.js';

/** Two nodes on one switch; each node's BMC hangs off the same switch. */
export const pair: Topology = {
  name: 'pair',
  description:
    'Two nodes (n1 runs the service) on one switch; each has a BMC on that switch that the other fences it through',
  hosts: [
    { id: 'n1', nics: [{ id: 'eth0', network: 'management', switch: 'lan' }] },
    { id: 'n2', nics: [{ id: 'eth0', network: 'management', switch: 'lan' }] },
  ],
  switches: [{ id: 'lan' }],
  services: [{ id: 'app', home: 'n1', priority: 'restart', rtoMs: 60_000 }],
  fenceDevices: [
    { id: 'bmc-n1', host: 'n1', switch: 'lan', actionMs: 2_000 },
    { id: 'bmc-n2', host: 'n2', switch: 'lan', actionMs: 2_000 },
  ],
};

export const pairPresets: readonly Preset<PairSettings>[] = [
  {
    name: 'pair',
    describe: pair.description!,
    topology: pair,
    verdict: 'a partition makes both nodes fence each other (a fence race)',
  },
  {
    name: 'pair-delayed',
    describe: 'The same pair with a fence delay: the node without the service waits 10 s longer',
    topology: pair,
    config: { priorityFenceDelayMs: 10_000 },
    verdict: 'the node running the service wins a fence race',
  },
];

function instantiate(topo: CompiledTopology, cfg: PairSettings): ModelInstance {
  if (topo.hostIds.length !== 2) throw new Error(`stonith-pair: expected two hosts, found ${topo.hostIds.length}`);
  const service = topo.services[0];
  const agents = topo.hostIds.map((id, h) =>
    agentSpec({
      id,
      kind: 'host',
      machine: nodeMachine,
      initial: service.home === h ? 'active' : 'standby',
      context: {
        out: [],
        self: h,
        peer: topo.hostIds[1 - h],
        service: service.id,
        cfg,
        active: service.home === h,
        peerUp: false,
        fencing: false,
      },
      host: h,
      storage: -1,
      sense: (view) => sensePeer(h, 1 - h, view),
    }),
  );
  const longestFenceMs = Math.max(...topo.fenceDevices.map((d) => d.actionMs));
  return {
    agents,
    hostStatus: (role) => (role === 'down' ? 'out' : 'up'),
    servingRole: '',
    serviceBootMs: 0,
    // A fence and a reboot after the longest wait, twice over.
    settleMs: 2 * (cfg.deadTimeMs + cfg.priorityFenceDelayMs + 2 * longestFenceMs),
    world: { storageRebootMs: 0 },
  };
}

export const stonithPair: Model<PairSettings> = {
  name: 'stonith-pair',
  version: '0',
  summary:
    'toy: two nodes that fence each other through BMCs on a lost heartbeat, and take over only after a confirmed fence',
  keys: pairKeys,
  presets: pairPresets,
  faults: ['host-crash', 'partition', 'nic-down', 'fence-device-down'],
  drifts: [],
  properties: ['noDualActive', 'noPoolWideFence', 'serviceRestoredWithin', 'noTakeoverWhileRunning'],
  ownProperties: [noTakeoverWhileRunning],
  instantiate,
};
