// Operator step: emergency HA disable on one host (ends a fence loop; the host stops fencing and
// stops heartbeating, its running VMs keep running).
import { hostIndex, type FaultKind } from './kind.js';

export const haDisable: FaultKind = {
  name: 'ha-disable',
  area: 'operator',
  isRepair: false,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    ctx.signalHost(hostIndex(ctx.topo, target), { type: 'HA_DISABLE' });
  },
  sentence: (target) => `the operator runs an emergency HA disable on ${target}`,
};
