// A whole bond goes down (misconfiguration, driver bug): every member loses service at once.
import type { FaultKind } from './kind.js';

export const bondDown: FaultKind = {
  name: 'bond-down',
  area: 'network',
  repairedBy: 'bond-up',
  isRepair: false,
  targets: (topo) => topo.bonds.map((b) => b.id),
  apply(ctx, target) {
    ctx.fabric.bondUp[ctx.topo.bonds.findIndex((b) => b.id === target)] = 0;
  },
  sentence: (target) => `bond ${target} goes down`,
};

export const bondUp: FaultKind = {
  name: 'bond-up',
  area: 'network',
  isRepair: true,
  targets: (topo) => topo.bonds.map((b) => b.id),
  apply(ctx, target) {
    ctx.fabric.bondUp[ctx.topo.bonds.findIndex((b) => b.id === target)] = 1;
  },
  sentence: (target) => `bond ${target} is back`,
};
