// A non-fatal fault of one service instance (seed 003: Avance migrates an instance that "itself
// experiences some kind of fault"): the platform reports an error in the instance's virtual hardware
// on that host. The guest keeps running and serving in ground truth — unlike `app-crash`, nothing
// dies — so a product that moves the instance does it live. Target: `service@host`.
import { parseServiceAtHost, serviceAtHostTargets, type FaultKind } from './kind.js';

export const instanceFault: FaultKind = {
  name: 'instance-fault',
  area: 'operator',
  isRepair: false,
  targets: serviceAtHostTargets,
  apply(ctx, target) {
    const [service, host] = parseServiceAtHost(ctx.topo, target);
    if (service < 0 || host < 0) return;
    ctx.signalHost(host, { type: 'INSTANCE_FAULT', service: ctx.topo.services[service].id });
  },
  sentence: (target) => `instance ${target.replace('@', ' on ')} reports a non-fatal fault`,
};
