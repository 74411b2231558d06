// Stratus Avance (seed 003): an active/standby pair of XenServer nodes without shared storage —
// every instance's disks are replicated on both nodes. Non-fatal faults migrate instances live with
// a short pause; a catastrophic failure restarts them on the other node after a boot.
import { TopologyError, type TopologyIssue, type CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { pairInstance } from '../pairInstance.js';
import { avanceKeys, type AvanceSettings } from './config.js';
import { avanceNodeMachine, initialNodeContext } from './nodeAgent.js';
import { avancePresets } from './presets.js';
import { observeNode } from './sense.js';

const OUT_ROLES: ReadonlySet<string> = new Set(['down', 'booting']);
const MAX_SERVICES = 30;
const immediately = (now: number) => now;

function instantiate(topo: CompiledTopology, config: AvanceSettings): ModelInstance {
  const problems: TopologyIssue[] = [];
  if (topo.hostIds.length !== 2 || topo.parentOf.some((p) => p >= 0))
    problems.push({
      path: 'hosts',
      message: `Avance pairs exactly two physical nodes, found ${topo.hostIds.length}: ${topo.hostIds.join(', ')}`,
    });
  if (topo.services.length > MAX_SERVICES)
    problems.push({
      path: 'services',
      message: `at most ${MAX_SERVICES} instances per Avance pair, found ${topo.services.length}`,
    });
  if (problems.length > 0) throw new TopologyError(problems);
  const services = topo.services.map((s) => s.id);
  let protectedMask = 0;
  topo.services.forEach((s, i) => (protectedMask |= s.priority === 'unprotected' ? 0 : 1 << i));
  // A guest without a declared OS is taken as Windows: the seed's longer pause, the safe assumption.
  const pauseMs = topo.source.services.map((s) => (s.os === 'linux' ? config.linuxPauseMs : config.windowsPauseMs));
  const agents: AgentSpec[] = topo.hostIds.map((id, h) => {
    let mine = 0;
    topo.services.forEach((s, i) => (mine |= s.home === h ? 1 << i : 0));
    return {
      id,
      kind: 'host',
      machine: avanceNodeMachine,
      initial: 'synced',
      context: initialNodeContext(
        {
          self: h,
          selfId: id,
          peerId: topo.hostIds[1 - h],
          peerAgent: topo.hostIds[1 - h],
          services,
          protectedMask,
          pauseMs,
          needs: topo.services.map((s) => s.needs),
          capacity: topo.hostCapacity[h],
          peerCapacity: topo.hostCapacity[1 - h],
          detectMs: config.peerTimeoutMs,
          resyncMs: config.resyncMs,
          bootMs: config.hostBootMs,
        },
        mine,
      ),
      host: h,
      storage: -1,
      sense: (view) => observeNode(h, 1 - h, 1 - h, view),
      senseReads: { fabric: true, agents: [1 - h] },
      noticeAt: immediately,
    };
  });
  return pairInstance(agents, config, OUT_ROLES);
}

export const avance: Model<AvanceSettings> = {
  name: 'avance',
  version: '1.1.0',
  summary:
    'Stratus Avance: active/standby pair with disks replicated on both nodes; live migration on non-fatal faults, restart after a boot on a catastrophic one',
  keys: avanceKeys,
  presets: avancePresets,
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
  drifts: [],
  properties: ['noDualActive', 'serviceRestoredWithin', 'noAckedWriteLost', 'servicesSurvive'],
  instantiate,
};
