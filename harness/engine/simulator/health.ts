// Whether the world is back to normal, as an operator's `wait until healthy` asks, and which hosts
// are up in the HA software's sense (powered, and not fenced or rebooting by their own agent).
import type { SimCore } from './core.js';
import { EMPTY_HOSTS, type HostSet, withHost } from '../hostSet.js';

/** Why the world is not back to normal: powered, every agent settled, storage serving, services up. Empty when healthy. */
export function unhealthy(core: SimCore): string[] {
  const { st, shape } = core;
  const reasons: string[] = [];
  const f = st.fabric;
  shape.topo.hostIds.forEach((id, h) => {
    if (f.hostPowered[h] === 0) reasons.push(`host ${id} is powered off`);
    else if (f.hostFrozen[h] === 1) reasons.push(`host ${id} is stalled`);
  });
  shape.agents.forEach((a, i) => {
    if (a.kind === 'host' && shape.instance.hostStatus(st.roles[i]) !== 'up') reasons.push(`${a.id} is ${st.roles[i]}`);
    if (a.storage >= 0 && st.roles[i] !== shape.instance.servingRole)
      reasons.push(`storage node ${a.id} is ${st.roles[i]}`);
  });
  for (const r of shape.instance.unsettled?.(st.roles) ?? []) reasons.push(r);
  shape.topo.services.forEach((svc, s) => {
    if (svc.priority === 'unprotected') return;
    const up = st.instances[s].some((x) => x.running && f.canRun(x.host) && hostUp(core, x.host));
    if (!up) reasons.push(`service ${svc.id} is not running on a healthy host`);
  });
  return reasons;
}

/** No host agent on the host says it is out. */
export function hostUp(core: SimCore, host: number): boolean {
  const { st, shape } = core;
  for (const a of shape.agentsOfHost[host])
    if (shape.agents[a].kind === 'host' && shape.instance.hostStatus(st.roles[a]) === 'out') return false;
  return true;
}

/** Hosts that are powered and whose host agent is up (not fenced, not rebooting). */
export function upMask(core: SimCore): HostSet {
  let mask: HostSet = EMPTY_HOSTS;
  for (let h = 0; h < core.shape.topo.hostIds.length; h++)
    if (core.st.fabric.hostPowered[h] === 1 && hostUp(core, h)) mask = withHost(mask, h);
  return mask;
}
