// An application (a protected service's process) dies on one host. Target: `service@host`.
import { parseServiceAtHost, serviceAtHostTargets, type FaultKind } from './kind.js';

export const appCrash: FaultKind = {
  name: 'app-crash',
  area: 'operator',
  isRepair: false,
  targets: serviceAtHostTargets,
  apply(ctx, target) {
    const [service, host] = parseServiceAtHost(ctx.topo, target);
    if (service < 0 || host < 0) return;
    ctx.killService(service, host);
    ctx.signalHost(host, { type: 'APP_CRASH', service: ctx.topo.services[service].id });
  },
  sentence: (target) => `application ${target.replace('@', ' crashes on ')}`,
};
