// One storage path breaks (a cable, an HBA port, a target port): the initiator sees link loss.
import type { FaultKind } from './kind.js';

export const pathDown: FaultKind = {
  name: 'path-down',
  area: 'storage',
  repairedBy: 'path-up',
  isRepair: false,
  targets: (topo) => topo.paths.map((p) => p.id),
  apply(ctx, target) {
    ctx.fabric.pathUp[ctx.topo.paths.findIndex((p) => p.id === target)] = 0;
  },
  sentence: (target) => `storage path ${target} fails`,
};

export const pathUp: FaultKind = {
  name: 'path-up',
  area: 'storage',
  isRepair: true,
  targets: (topo) => topo.paths.map((p) => p.id),
  apply(ctx, target) {
    ctx.fabric.pathUp[ctx.topo.paths.findIndex((p) => p.id === target)] = 1;
  },
  sentence: (target) => `storage path ${target} is back`,
};
