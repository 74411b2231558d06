// Marathon everRun VM (seed 003): two XenServer hosts; each protected Windows instance runs on both
// in lock-step with one IP and one MAC. One agent per host keeps its halves in step with the
// partner's; a lost host costs clients nothing, a lost pair of heartbeat links costs a split brain.
import { TopologyError, type CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { pairInstance } from '../pairInstance.js';
import { everrunKeys, type EverrunSettings } from './config.js';
import { everrunPairMachine, initialPairContext } from './pairAgent.js';
import { everrunPresets } from './presets.js';
import { planProtection } from './protection.js';
import { observePair } from './sense.js';

const OUT_ROLES: ReadonlySet<string> = new Set(['down', 'booting']);
const immediately = (now: number) => now;

function instantiate(topo: CompiledTopology, config: EverrunSettings): ModelInstance {
  const physical = topo.hostIds.filter((_, h) => topo.parentOf[h] < 0);
  if (topo.hostIds.length !== 2 || physical.length !== 2) {
    throw new TopologyError([
      {
        path: 'hosts',
        message: `everRun VM pairs exactly two physical hosts, found ${topo.hostIds.length} host(s): ${topo.hostIds.join(', ')}`,
      },
    ]);
  }
  const plan = planProtection(topo, (h) => 1 - h);
  const mirrored = topo.services.flatMap((s, i) => (plan.mirrored[i] ? [s.id] : []));
  const agents: AgentSpec[] = topo.hostIds.map((id, h) => ({
    id,
    kind: 'host',
    machine: everrunPairMachine,
    initial: 'protecting',
    context: initialPairContext({
      self: h,
      selfId: id,
      peerId: topo.hostIds[1 - h],
      mirrored,
      shadowsAtStart: topo.services.flatMap((s, i) => (plan.mirrored[i] && s.home === 1 - h ? [s.id] : [])),
      refusals: topo.services.flatMap((s, i) => (plan.refusal[i] !== '' && s.home === h ? [plan.refusal[i]] : [])),
      detectMs: config.peerTimeoutMs,
      resyncMs: config.resyncMs,
      bootMs: config.hostBootMs,
    }),
    host: h,
    storage: -1,
    sense: (view) => observePair(h, 1 - h, 1 - h, view),
    senseReads: { fabric: true, agents: [1 - h] },
    noticeAt: immediately,
    // A partner that boots in the very millisecond this host's wait for it runs out is heard, not
    // taken for dead: both would start the instances, and one side would throw its copy away.
    observeBeforeTimers: true,
  }));
  return pairInstance(agents, config, OUT_ROLES);
}

export const everrun: Model<EverrunSettings> = {
  name: 'everrun',
  version: '1.1.0',
  summary:
    'Marathon everRun VM: each protected instance runs on two XenServer hosts in lock-step with one identity; two heartbeat links; automatic resync',
  keys: everrunKeys,
  presets: everrunPresets,
  faults: ['host-crash', 'nic-down', 'link-cut', 'switch-down', 'path-down', 'storage-hard-powercycle'],
  drifts: [],
  properties: ['noDualActive', 'noUnnecessaryFailover', 'serviceRestoredWithin', 'servicesSurvive'],
  instantiate,
};
