// An application (a protected service's process) dies on one host. Target: `service@host`.
import type { CompiledTopology } from '../compile.js';
import { hostIndex, type FaultKind } from './kind.js';

function parse(topo: CompiledTopology, target: string): [number, number] {
  const at = target.lastIndexOf('@');
  return [topo.services.findIndex((s) => s.id === target.slice(0, at)), hostIndex(topo, target.slice(at + 1))];
}

export const appCrash: FaultKind = {
  name: 'app-crash',
  area: 'operator',
  isRepair: false,
  targets: (topo) => topo.services.flatMap((s) => topo.hostIds.map((h) => `${s.id}@${h}`)),
  apply(ctx, target) {
    const [service, host] = parse(ctx.topo, target);
    if (service < 0 || host < 0) return;
    ctx.killService(service, host);
    ctx.signalHost(host, { type: 'APP_CRASH', service: ctx.topo.services[service].id });
  },
  sentence: (target) => `application ${target.replace('@', ' crashes on ')}`,
};
