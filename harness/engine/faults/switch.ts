// A switch loses power: every NIC cabled to it loses carrier, every inter-switch link through it breaks.
import type { FaultKind } from './kind.js';

export const switchDown: FaultKind = {
  name: 'switch-down',
  area: 'network',
  repairedBy: 'switch-up',
  isRepair: false,
  targets: (topo) => topo.switchIds,
  apply(ctx, target) {
    ctx.fabric.switchUp[ctx.topo.switchIds.indexOf(target)] = 0;
  },
  sentence: (target) => `switch ${target} fails`,
};

export const switchUp: FaultKind = {
  name: 'switch-up',
  area: 'network',
  isRepair: true,
  targets: (topo) => topo.switchIds,
  apply(ctx, target) {
    ctx.fabric.switchUp[ctx.topo.switchIds.indexOf(target)] = 1;
  },
  sentence: (target) => `switch ${target} is back`,
};
