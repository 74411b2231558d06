// Restarting VMs: where a master puts a failed host's VMs (most free capacity first), what happens
// when a restart fails (retry, up to das.maxvmrestartcount), and an isolated host powering its VMs
// off (the isolation response).
import {
  difference,
  forEachHost,
  hasHost,
  hostsOf,
  intersection,
  isEmptyHosts,
  withHost,
  withoutHost,
} from '../../harness/engine/hostSet.js';
import {
  broadcast,
  note,
  place,
  running,
  send,
  setAttempts,
  startTimer,
  selfId,
  hasVm,
  NO_VMS,
  withVm,
  type Draft,
  type VmSet,
} from './agentState.js';

/**
 * Restart the given VMs: by restart rank, each on the candidate host with the most free capacity
 * (vSphere Availability: "the alternate hosts with the most available unreserved capacity").
 */
export function restart(d: Draft, vms: VmSet, why: string): void {
  const { cfg } = d;
  let candidates = difference(intersection(intersection(d.liveset, withHost(d.net, cfg.self)), cfg.esx), d.partitioned);
  if (!cfg.legacy) {
    // FDM: only hosts that see the datastore (this one, when it still has storage).
    candidates = intersection(candidates, d.storage ? withHost(d.ds, cfg.self) : d.ds);
  }
  const free = cfg.capacity.slice();
  d.placement.forEach((h, s) => {
    if (h >= 0 && !hasVm(vms, s)) free[h] -= cfg.vms[s].needs;
  });
  const order = hostsOf(vms)
    .filter((s) => cfg.vms[s].isProtected)
    .sort((a, b) => cfg.vms[a].rank - cfg.vms[b].rank || a - b);
  if (order.length === 0) return;
  note(d, `${why}: restarts ${order.map((s) => cfg.vms[s].id).join(', ')}`);
  for (const s of order) {
    let best = -1;
    for (let h = 0; h < cfg.ids.length; h++) if (hasHost(candidates, h) && (best < 0 || free[h] > free[best])) best = h;
    if (best < 0) {
      restartFailed(d, s, 'no host with access to its datastore to restart it on');
      continue;
    }
    free[best] -= cfg.vms[s].needs;
    place(d, s, best);
    send(d, best, { type: 'START', service: cfg.vms[s].id, from: selfId(d) });
  }
}

/** A restart did not happen: try again later, up to das.maxvmrestartcount attempts. */
export function restartFailed(d: Draft, s: number, reason: string): void {
  const { cfg } = d;
  const id = cfg.vms[s].id;
  place(d, s, -1);
  const n = d.attempts[s] + 1;
  setAttempts(d, s, n);
  if (n >= cfg.maxRestarts) {
    note(d, `restart of ${id} failed (${reason}); gives up after ${n} attempts`);
    return;
  }
  note(d, `restart of ${id} failed (${reason}); tries again in ${cfg.restartRetryMs / 1000} s`);
  d.pending = withVm(d.pending, s);
  if (!running(d, 'retry')) startTimer(d, 'retry', cfg.restartRetryMs);
}

/** The VMs the protected-VM list places on `h`. */
export function vmsOn(d: Draft, h: number): VmSet {
  let m = NO_VMS;
  d.placement.forEach((p, s) => {
    if (p === h) m = withVm(m, s);
  });
  return m;
}

export function hostFailed(d: Draft, h: number, why: string): void {
  d.liveset = withoutHost(d.liveset, h);
  d.partitioned = withoutHost(d.partitioned, h);
  const vms = vmsOn(d, h);
  forEachHost(vms, (s) => setAttempts(d, s, 0));
  if (isEmptyHosts(vms)) note(d, `${why}; it ran no protected VM`);
  else restart(d, vms, why);
}

/** The VMs on this host stop (isolation response, lost lock): their locks are released. */
export function powerOff(d: Draft, vms: VmSet, why: string): void {
  if (isEmptyHosts(vms)) return;
  const ids: string[] = [];
  forEachHost(vms, (s) => {
    const v = d.cfg.vms[s];
    ids.push(v.id);
    d.out.push({ do: 'stopService', service: v.id });
    if (d.storage)
      d.out.push({ do: 'send', to: d.cfg.lockAgent, event: { type: 'UNLOCK', service: v.id, host: d.cfg.self } });
  });
  d.mine = difference(d.mine, vms);
  note(d, `${why}: powers off ${ids.join(', ')}`);
  broadcast(d, { type: 'POWERED_OFF', host: d.cfg.self, services: ids, viaDatastore: d.storage ? 1 : 0 });
}

export function applyIsolationResponse(d: Draft): void {
  switch (d.cfg.response) {
    case 'leave-powered-on':
      note(d, 'isolation response: leaves its VMs powered on');
      return;
    case 'power-off':
      return powerOff(d, d.mine, 'isolation response');
    case 'shut-down':
      if (isEmptyHosts(d.mine)) return;
      note(d, `isolation response: shuts its VMs down (guest shutdown, ${d.cfg.guestShutdownMs / 1000} s)`);
      startTimer(d, 'shutdown', d.cfg.guestShutdownMs);
  }
}
