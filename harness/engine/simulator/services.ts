// Service instances in ground truth: where each service runs, starts and stops, restarts placed by
// capacity (placement.ts plans them), live migrations, lock-step shadows and their promotion. Every
// change is recorded as a `service` (or `refused`) trace entry at the current instant.
import type { Effect, StartCause } from '../effects.js';
import { fits, planRestart, usage } from '../placement.js';
import type { RestartPriority } from '../topology.js';
import type { StopCause } from '../trace.js';
import { serviceIndex, type SimCore } from './core.js';
import { upMask } from './health.js';
import { SERVICE_UP, type Item } from './state.js';
import { hasHost, type HostSet, intersection, isEmptyHosts } from '../hostSet.js';

/** Only when true: the trace marks a shadow's entries, and leaves the key out for the others. */
const shadowMark = (shadow: boolean): { shadow?: true } => (shadow ? { shadow: true as const } : {});

export function startInstance(core: SimCore, service: number, host: number, cause: StartCause, bootMs: number): void {
  const { st, shape } = core;
  const token = ++st.tokens;
  const shadow = cause === 'mirror';
  st.instances[service].push({ host, running: bootMs === 0, token, shadow });
  if (!shadow) st.lostWith[service] = -1;
  core.record({
    at: st.now,
    type: 'service',
    service: shape.topo.services[service].id,
    host: shape.topo.hostIds[host],
    state: bootMs === 0 ? 'running' : 'starting',
    cause,
    ...shadowMark(shadow),
  });
  if (bootMs > 0) core.push(st.now + bootMs, SERVICE_UP, service, null, '', null, token);
}

export function stopInstance(core: SimCore, service: number, host: number, cause: StopCause): void {
  const { st, shape } = core;
  const list = st.instances[service];
  const i = list.findIndex((x) => x.host === host);
  if (i < 0) return;
  const [gone] = list.splice(i, 1);
  core.record({
    at: st.now,
    type: 'service',
    service: shape.topo.services[service].id,
    host: shape.topo.hostIds[host],
    state: 'stopped',
    cause,
    ...shadowMark(gone.shadow),
  });
}

/** Every instance on a host that crashed or fenced vanishes with it. */
export function stopInstancesOn(core: SimCore, host: number, cause: StopCause): void {
  const { st, shape } = core;
  for (let s = 0; s < st.instances.length; s++) {
    const list = st.instances[s];
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].host !== host) continue;
      const [gone] = list.splice(i, 1);
      if (!gone.shadow) st.lostWith[s] = host;
      core.record({
        at: st.now,
        type: 'service',
        service: shape.topo.services[s].id,
        host: shape.topo.hostIds[host],
        state: 'stopped',
        cause,
        ...shadowMark(gone.shadow),
      });
    }
  }
}

/** A host that boots again knows it runs nothing: its lost services are known to be gone. */
export function hostBack(core: SimCore, host: number): void {
  const lostWith = core.st.lostWith;
  for (let s = 0; s < lostWith.length; s++) if (lostWith[s] === host) lostWith[s] = -1;
}

/** A booting instance (SERVICE_UP item) starts serving, unless it is a shadow whose source is gone. */
export function serviceUp(core: SimCore, item: Item): void {
  const { st, shape } = core;
  const list = st.instances[item.agent];
  const inst = list.find((x) => x.token === item.token);
  if (!inst || inst.running) return;
  const service = shape.topo.services[item.agent].id;
  const host = shape.topo.hostIds[inst.host];
  // A shadow whose source stopped before its resynchronisation finished mirrors nothing.
  if (inst.shadow && !list.some((x) => !x.shadow && x.running && x.host !== inst.host)) {
    list.splice(list.indexOf(inst), 1);
    core.record({ at: st.now, type: 'service', service, host, state: 'stopped', cause: 'fault', shadow: true });
    return;
  }
  inst.running = true;
  core.record({ at: st.now, type: 'service', service, host, state: 'running', ...shadowMark(inst.shadow) });
}

/** The `startService` effect: on the agent's host, if it has room (else refused, and the agent told). */
export function startService(core: SimCore, a: number, effect: Extract<Effect, { do: 'startService' }>): void {
  const { st, shape } = core;
  const spec = shape.agents[a];
  const s = serviceIndex(core, effect.service, spec.id);
  const list = st.instances[s];
  if (list.some((x) => x.host === spec.host)) return;
  const cause = effect.cause ?? 'takeover';
  if (cause === 'mirror' && !list.some((x) => !x.shadow && x.running && x.host !== spec.host)) {
    core.record({
      at: st.now,
      type: 'note',
      agent: spec.id,
      text: `${effect.service} runs nowhere else: no instance to mirror`,
    });
    return;
  }
  const refusal = roomFor(core, s, spec.host, -1);
  if (refusal === null) startInstance(core, s, spec.host, cause, effect.bootMs ?? shape.instance.serviceBootMs);
  else {
    core.record({
      at: st.now,
      type: 'refused',
      service: effect.service,
      host: shape.topo.hostIds[spec.host],
      reason: refusal,
    });
    core.deliver(a, { type: 'START_FAILED', service: effect.service, reason: refusal });
  }
}

/** The `promoteService` effect: this host's running shadow leaves lock-step and runs on its own. */
export function promoteService(core: SimCore, a: number, effect: Extract<Effect, { do: 'promoteService' }>): void {
  const { st, shape } = core;
  const spec = shape.agents[a];
  const s = serviceIndex(core, effect.service, spec.id);
  const inst = st.instances[s].find((x) => x.host === spec.host && x.shadow && x.running);
  if (inst === undefined) return;
  inst.shadow = false;
  core.record({
    at: st.now,
    type: 'service',
    service: effect.service,
    host: shape.topo.hostIds[spec.host],
    state: 'running',
    cause: 'takeover',
  });
}

/** Hosts currently running each service's instances. */
function runningHosts(core: SimCore): number[][] {
  return core.st.instances.map((list) => list.map((x) => x.host));
}

export function restartServices(
  core: SimCore,
  hostMask: HostSet,
  ownerMask: HostSet,
  priorities?: readonly RestartPriority[],
): void {
  const { st, shape } = core;
  const topo = shape.topo;
  const targets = intersection(hostMask, upMask(core));
  const plan = planRestart(topo.services, runningHosts(core), targets, topo.hostCapacity, ownerMask, topo.parentOf, {
    lostWith: st.lostWith,
    priorities,
  });
  for (const p of plan.placements) startInstance(core, p.service, p.host, 'restart', shape.instance.serviceBootMs);
  if (plan.unplaced.length > 0 && !isEmptyHosts(targets)) refuseRestarts(core, plan.unplaced, targets);
}

/** Restarts no host had room for: recorded against the target with the most room left. */
function refuseRestarts(core: SimCore, unplaced: readonly number[], targets: HostSet): void {
  const topo = core.shape.topo;
  const used = usage(topo.services, runningHosts(core), topo.hostIds.length, topo.parentOf);
  const cap = topo.hostCapacity;
  let best = -1;
  for (let h = 0; h < used.length; h++)
    if (hasHost(targets, h) && (best < 0 || cap[h] - used[h] > cap[best] - used[best])) best = h;
  const hosts = topo.hostIds.filter((_, h) => hasHost(targets, h));
  const room = `${topo.hostIds[best]} has ${cap[best] - used[best]} of ${cap[best]} free`;
  for (const s of unplaced) {
    const reason = `needs ${topo.services[s].needs} units; ${hosts.length === 1 ? room : `none of ${hosts.join(', ')} has room (the most: ${room})`}`;
    core.record({ at: core.st.now, type: 'refused', service: topo.services[s].id, host: topo.hostIds[best], reason });
  }
}

/**
 * Null when `host` (and every host it runs on) has room for the service, else why not. The
 * instance on `leaving` (a migration's source) does not count.
 */
function roomFor(core: SimCore, service: number, host: number, leaving: number): string | null {
  const topo = core.shape.topo;
  const running = core.st.instances.map((list, s) =>
    list.flatMap((x) => (s === service && x.host === leaving ? [] : [x.host])),
  );
  const used = usage(topo.services, running, topo.hostIds.length, topo.parentOf);
  const needs = topo.services[service].needs;
  if (fits(needs, host, used, topo.hostCapacity, topo.parentOf)) return null;
  for (let h = host; h >= 0; h = topo.parentOf[h]) {
    if (used[h] + needs > topo.hostCapacity[h]) {
      const where = h === host ? topo.hostIds[h] : `${topo.hostIds[h]} (which ${topo.hostIds[host]} runs on)`;
      return `needs ${needs} units; ${where} has ${topo.hostCapacity[h] - used[h]} of ${topo.hostCapacity[h]} free`;
    }
  }
  return 'no capacity';
}

/** Live migration: the running instance moves to `toId` without a pause, if it has room there. */
export function migrate(core: SimCore, a: number, service: number, toId: string): void {
  const { st, shape } = core;
  const spec = shape.agents[a];
  const id = shape.topo.services[service].id;
  const to = shape.topo.hostIds.indexOf(toId);
  const list = st.instances[service];
  const inst = list.find((x) => x.host === spec.host && x.running);
  let reason: string | null;
  if (to < 0) reason = `unknown host ${toId}`;
  else if (inst === undefined) reason = `no running instance on ${shape.topo.hostIds[spec.host]}`;
  else if (st.fabric.hostPowered[to] === 0) reason = `${toId} is down`;
  else if (list.some((x) => x.host === to)) reason = `already on ${toId}`;
  else reason = roomFor(core, service, to, spec.host);
  if (reason !== null || inst === undefined) {
    core.deliver(a, { type: 'MIGRATED', service: id, to: toId, ok: 0, reason: reason ?? '' });
    return;
  }
  inst.host = to;
  core.record({
    at: st.now,
    type: 'service',
    service: id,
    host: shape.topo.hostIds[spec.host],
    state: 'stopped',
    cause: 'migrate',
  });
  core.record({ at: st.now, type: 'service', service: id, host: toId, state: 'running', cause: 'migrate' });
  core.deliver(a, { type: 'MIGRATED', service: id, to: toId, ok: 1, reason: '' });
}
