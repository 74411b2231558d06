// The packet-by-packet keepalived model (keepalived 1.0.0, adverts as events), kept as the reference
// that the edge-triggered model (../router.ts) must match to the millisecond: used by the
// differential test (../edgeAdverts.test.ts) only, never registered. A file of its own rather
// than a setting: a setting would ship two models under one name and version, and the trace of a
// run would depend on a switch no trace file records.
import type { CompiledTopology } from '../../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../../harness/engine/model.js';
import type { KeepalivedSettings } from '../config.js';
import { keepalived, routerSettings, settleMsOf } from '../index.js';
import { initialRouterContext, routerMachine } from './packetRouter.js';
import { observeLink } from './packetSense.js';

function instantiate(topo: CompiledTopology, config: KeepalivedSettings): ModelInstance {
  const settings = routerSettings(topo, config);
  const agents: AgentSpec[] = settings.map((cfg, h) => ({
    id: topo.hostIds[h],
    kind: 'host',
    machine: routerMachine,
    initial: 'INIT',
    context: initialRouterContext(cfg),
    host: h,
    storage: -1,
    sense: (view) => observeLink(h, view),
    senseReads: { fabric: true, agents: [] },
  }));
  return {
    agents,
    hostStatus: (role) => (role === 'DOWN' ? 'out' : 'up'),
    servingRole: '',
    serviceBootMs: 0,
    settleMs: settleMsOf(settings, config),
    world: { storageRebootMs: 0 },
  };
}

export const keepalivedPackets: Model<KeepalivedSettings> = { ...keepalived, version: '1.0.0', instantiate };
