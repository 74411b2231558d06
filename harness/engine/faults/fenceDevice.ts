// A fence device (a BMC such as IPMI or iLO, or a switched PDU) fails on its own, and is repaired:
// while it is down, no host can fence the host it controls through it (DOMAIN.md Corosync /
// Pacemaker: "a fence device is a component that can fail on its own"). The host itself runs on.
import type { CompiledTopology } from '../compile.js';
import type { FaultKind } from './kind.js';

const targets = (topo: CompiledTopology) => topo.fenceDevices.map((d) => d.id);
const indexOf = (topo: CompiledTopology, id: string) => topo.fenceDevices.findIndex((d) => d.id === id);

export const fenceDeviceDown: FaultKind = {
  name: 'fence-device-down',
  area: 'power',
  repairedBy: 'fence-device-up',
  isRepair: false,
  targets,
  apply(ctx, target) {
    const d = indexOf(ctx.topo, target);
    if (d >= 0) ctx.fabric.fenceDeviceUp[d] = 0;
  },
  sentence: (target) => `fence device ${target} fails`,
};

export const fenceDeviceUp: FaultKind = {
  name: 'fence-device-up',
  area: 'power',
  isRepair: true,
  targets,
  apply(ctx, target) {
    const d = indexOf(ctx.topo, target);
    if (d >= 0) ctx.fabric.fenceDeviceUp[d] = 1;
  },
  sentence: (target) => `fence device ${target} is repaired`,
};
