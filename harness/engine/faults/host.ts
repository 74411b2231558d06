// Power loss of a whole host (and of the VMs and agents on it), and its return.
import { hostIndex, type FaultKind } from './kind.js';

export const hostCrash: FaultKind = {
  name: 'host-crash',
  area: 'power',
  repairedBy: 'host-boot',
  isRepair: false,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const crash = (h: number) => {
      if (ctx.fabric.hostPowered[h] === 0) return;
      ctx.fabric.hostPowered[h] = 0;
      ctx.signalHost(h, { type: 'CRASH' });
      // VMs running on a physical host die with it.
      ctx.topo.parentOf.forEach((parent, child) => parent === h && crash(child));
    };
    crash(hostIndex(ctx.topo, target));
  },
  sentence: (target) => `host ${target} loses power`,
};

export const hostBoot: FaultKind = {
  name: 'host-boot',
  area: 'power',
  isRepair: true,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const h = hostIndex(ctx.topo, target);
    const parent = ctx.topo.parentOf[h];
    if (ctx.fabric.hostPowered[h] === 1 || (parent >= 0 && ctx.fabric.hostPowered[parent] === 0)) return;
    ctx.fabric.hostPowered[h] = 1;
    ctx.signalHost(h, { type: 'POWER_ON' });
  },
  sentence: (target) => `host ${target} is powered on`,
};
