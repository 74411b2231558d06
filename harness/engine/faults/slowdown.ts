// A temporary bottleneck: the host is alive but stalls (CPU starved, paused VM, I/O storm). Its
// agents process nothing and send nothing until it resumes; what they missed is delivered then, in
// order. Its workloads are not lost: in ground truth it can still run them.
import { hostIndex, type FaultKind } from './kind.js';

export const slowdown: FaultKind = {
  name: 'slowdown',
  area: 'network',
  repairedBy: 'resume',
  isRepair: false,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const h = hostIndex(ctx.topo, target);
    if (ctx.fabric.hostFrozen[h] === 1) return;
    ctx.fabric.hostFrozen[h] = 1;
    ctx.pauseHost(h);
  },
  sentence: (target) => `host ${target} stalls (slowdown: no heartbeats, no I/O)`,
};

export const resume: FaultKind = {
  name: 'resume',
  area: 'network',
  isRepair: true,
  targets: (topo) => topo.hostIds,
  apply(ctx, target) {
    const h = hostIndex(ctx.topo, target);
    if (ctx.fabric.hostFrozen[h] === 0) return;
    ctx.fabric.hostFrozen[h] = 0;
    ctx.resumeHost(h);
  },
  sentence: (target) => `host ${target} resumes`,
};
