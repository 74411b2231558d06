// An operator stops the HA daemon on one host cleanly (`systemctl stop`), and starts it again. The
// host stays powered and its network stays up; the daemon gets to say goodbye (a clean stop may
// hand its role over at once), unlike a crash. Agents of that host get STOP / START.
import { hostIndex, type FaultKind } from './kind.js';

export const agentStop: FaultKind = {
  name: 'agent-stop',
  area: 'operator',
  repairedBy: 'agent-start',
  isRepair: false,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const h = hostIndex(ctx.topo, target);
    if (ctx.fabric.hostPowered[h] === 1) ctx.signalHost(h, { type: 'STOP' });
  },
  sentence: (target) => `the HA daemon on ${target} is stopped cleanly`,
};

export const agentStart: FaultKind = {
  name: 'agent-start',
  area: 'operator',
  isRepair: true,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const h = hostIndex(ctx.topo, target);
    if (ctx.fabric.hostPowered[h] === 1) ctx.signalHost(h, { type: 'START' });
  },
  sentence: (target) => `the HA daemon on ${target} is started`,
};
