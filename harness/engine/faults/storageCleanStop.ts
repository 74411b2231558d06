// An orderly stop of a storage node: it closes its sessions, so multipath moves in seconds.
import { STORAGE_ON, STORAGE_STOPPED } from '../fabric.js';
import type { FaultKind } from './kind.js';

export const storageCleanStop: FaultKind = {
  name: 'storage-clean-stop',
  area: 'storage',
  repairedBy: 'storage-clean-start',
  isRepair: false,
  targets: (topo) => topo.storageIds,
  apply(ctx, target) {
    const node = ctx.topo.storageIds.indexOf(target);
    if (ctx.fabric.storagePower[node] !== STORAGE_ON) return;
    ctx.fabric.storagePower[node] = STORAGE_STOPPED;
    ctx.signalStorage(node, { type: 'STOP' });
  },
  sentence: (target) => `storage node ${target} is stopped cleanly`,
};

export const storageCleanStart: FaultKind = {
  name: 'storage-clean-start',
  area: 'storage',
  isRepair: true,
  targets: (topo) => topo.storageIds,
  apply(ctx, target) {
    const node = ctx.topo.storageIds.indexOf(target);
    if (ctx.fabric.storagePower[node] !== STORAGE_STOPPED) return;
    ctx.fabric.storagePower[node] = STORAGE_ON;
    ctx.signalStorage(node, { type: 'POWER_ON' });
  },
  sentence: (target) => `storage node ${target} is started`,
};
