// The seed-004 test: a storage node is power-cycled through its DRAC/iLO. Nothing closes its iSCSI
// sessions, so initiators notice only when their timeouts expire. It comes back by itself after
// `storageRebootMs` and then resynchronises its mirror.
import { STORAGE_HARD_OFF, STORAGE_ON } from '../fabric.js';
import type { FaultKind } from './kind.js';

export const storageHardPowerCycle: FaultKind = {
  name: 'storage-hard-powercycle',
  area: 'storage',
  healsWith: 'storage-power-restored',
  isRepair: false,
  targets: (topo) => topo.storageIds,
  apply(ctx, target) {
    const node = ctx.topo.storageIds.indexOf(target);
    if (ctx.fabric.storagePower[node] !== STORAGE_ON) return;
    ctx.fabric.storagePower[node] = STORAGE_HARD_OFF;
    ctx.signalStorage(node, { type: 'POWER_LOST' });
    ctx.later(ctx.world.storageRebootMs, 'storage-power-restored', target);
  },
  sentence: (target) => `storage node ${target} is hard power-cycled`,
};

export const storagePowerRestored: FaultKind = {
  name: 'storage-power-restored',
  area: 'storage',
  isRepair: true,
  targets: (topo) => topo.storageIds,
  apply(ctx, target) {
    const node = ctx.topo.storageIds.indexOf(target);
    if (ctx.fabric.storagePower[node] !== STORAGE_HARD_OFF) return;
    ctx.fabric.storagePower[node] = STORAGE_ON;
    ctx.signalStorage(node, { type: 'POWER_ON' });
  },
  sentence: (target) => `storage node ${target} has rebooted`,
};
