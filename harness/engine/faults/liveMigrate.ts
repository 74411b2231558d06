// An operator live-migrates a service (a VM) to another host: vMotion, XenMotion, Live Migration.
// Target: `service@host`, the destination. Every agent is told; the model decides whether the
// source can carry it out (it must be up and still running the service).
import type { CompiledTopology } from '../compile.js';
import { parseServiceAtHost, type FaultKind } from './kind.js';

export const liveMigrate: FaultKind = {
  name: 'live-migrate',
  area: 'operator',
  isRepair: false,
  targets: (topo: CompiledTopology) =>
    topo.services.flatMap((s) => topo.hostIds.filter((_, h) => h !== s.home).map((h) => `${s.id}@${h}`)),
  apply(ctx, target) {
    const [service, to] = parseServiceAtHost(ctx.topo, target);
    if (service < 0 || to < 0) return;
    ctx.signalAll({ type: 'MIGRATE', service: ctx.topo.services[service].id, to: ctx.topo.hostIds[to] });
  },
  sentence: (target) => `the operator live-migrates ${target.replace('@', ' to ')}`,
};
