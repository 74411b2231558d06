// A cable is cut or unplugged: NIC–switch, crossover, or switch–switch.
import type { FaultKind } from './kind.js';

export const linkCut: FaultKind = {
  name: 'link-cut',
  area: 'network',
  repairedBy: 'link-restore',
  isRepair: false,
  targets: (topo) => topo.links.map((l) => l.id),
  apply(ctx, target) {
    ctx.fabric.linkUp[ctx.topo.links.findIndex((l) => l.id === target)] = 0;
  },
  sentence: (target) => `link ${target} is cut`,
};

export const linkRestore: FaultKind = {
  name: 'link-restore',
  area: 'network',
  isRepair: true,
  targets: (topo) => topo.links.map((l) => l.id),
  apply(ctx, target) {
    ctx.fabric.linkUp[ctx.topo.links.findIndex((l) => l.id === target)] = 1;
  },
  sentence: (target) => `link ${target} is restored`,
};
