// A NIC dies (or its driver hangs): the host loses carrier on it; a bond fails over to its next member.
import type { FaultKind } from './kind.js';

function nicIndex(ids: readonly { id: string }[], target: string): number {
  return ids.findIndex((n) => n.id === target);
}

export const nicDown: FaultKind = {
  name: 'nic-down',
  area: 'network',
  repairedBy: 'nic-up',
  isRepair: false,
  targets: (topo) => topo.nics.map((n) => n.id),
  apply(ctx, target) {
    ctx.fabric.nicUp[nicIndex(ctx.topo.nics, target)] = 0;
  },
  sentence: (target) => `NIC ${target} fails`,
};

export const nicUp: FaultKind = {
  name: 'nic-up',
  area: 'network',
  isRepair: true,
  targets: (topo) => topo.nics.map((n) => n.id),
  apply(ctx, target) {
    ctx.fabric.nicUp[nicIndex(ctx.topo.nics, target)] = 1;
  },
  sentence: (target) => `NIC ${target} is back`,
};
