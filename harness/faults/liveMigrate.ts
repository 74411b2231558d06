// An operator live-migrates a service (a VM) to another host: vMotion, XenMotion, Live Migration.
// Target: `service@host`, the destination. Every agent is told; the model decides whether the
// source can carry it out (it must be up and still running the service).
import type { CompiledTopology } from '../compile.js';
import type { FaultKind } from './kind.js';

function split(target: string): [string, string] {
  const at = target.lastIndexOf('@');
  return [target.slice(0, at), target.slice(at + 1)];
}

export const liveMigrate: FaultKind = {
  name: 'live-migrate',
  area: 'operator',
  isRepair: false,
  targets: (topo: CompiledTopology) => topo.services.flatMap((s) => topo.hostIds.filter((_, h) => h !== s.home).map((h) => `${s.id}@${h}`)),
  apply(ctx, target) {
    const [service, to] = split(target);
    if (!ctx.topo.services.some((s) => s.id === service) || !ctx.topo.hostIds.includes(to)) return;
    ctx.signalAll({ type: 'MIGRATE', service, to });
  },
  sentence: (target) => {
    const [service, to] = split(target);
    return `the operator live-migrates ${service} to ${to}`;
  },
};
