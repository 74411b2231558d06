// The VM lifecycle messages between agents (and from the engine): restart requests and their
// VMFS lock, restart failures, the protected-VM list, powered-off lists, live migration.
import type { VhEvent } from './agentState.js';
import { hasHost } from '../../harness/engine/hostSet.js';
import {
  broadcast,
  hasVm,
  host,
  note,
  NO_VMS,
  place,
  selfId,
  send,
  vmIndex,
  withoutVm,
  withVm,
  type Draft,
} from './agentState.js';
import { restart, restartFailed } from './restarts.js';

/** Restart requests, their lock and their failures, and the protected-VM list. */
export function onRequest(d: Draft, e: VhEvent): void {
  const { cfg } = d;
  switch (e.type) {
    case 'START': {
      const s = vmIndex(d, e.service);
      if (!d.storage || d.role === 'isolated') {
        d.out.push({
          do: 'send',
          to: e.from,
          event: {
            type: 'RESTART_FAILED',
            service: e.service,
            reason: `${host(d, cfg.self)} cannot reach the datastore`,
          },
        });
        return;
      }
      if (hasVm(d.mine, s)) return;
      d.startingFor = e.from;
      d.out.push({
        do: 'send',
        to: cfg.lockAgent,
        event: { type: 'LOCK', service: e.service, host: cfg.self, replyTo: selfId(d), tag: 'restart' },
      });
      return;
    }
    case 'LOCK_REPLY': {
      const s = vmIndex(d, e.service);
      if (e.granted === 1) {
        d.mine = withVm(d.mine, s);
        place(d, s, cfg.self);
        d.out.push({ do: 'startService', service: e.service, cause: 'restart' });
        broadcast(d, { type: 'PLACED', service: e.service, host: cfg.self });
      } else {
        d.out.push({
          do: 'send',
          to: d.startingFor,
          event: { type: 'RESTART_FAILED', service: e.service, reason: `its files are locked (${e.why})` },
        });
      }
      return;
    }
    case 'START_FAILED': {
      const s = vmIndex(d, e.service);
      d.mine = withoutVm(d.mine, s);
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'UNLOCK', service: e.service, host: cfg.self } });
      d.out.push({
        do: 'send',
        to: d.startingFor,
        event: { type: 'RESTART_FAILED', service: e.service, reason: `insufficient resources on ${host(d, cfg.self)}` },
      });
      return;
    }
    case 'RESTART_FAILED':
      return restartFailed(d, vmIndex(d, e.service), e.reason);
    case 'PLACED': {
      const s = vmIndex(d, e.service);
      place(d, s, e.host);
      d.pending = withoutVm(d.pending, s);
      return;
    }
    case 'POWERED_OFF':
      return onPoweredOff(d, e);
    default:
      return onVmEvent(d, e);
  }
}

/**
 * FDM: the isolated host lists what it powered off on the datastore; the master restarts them.
 * (Legacy AAM has no such list: its fail timer and retries restart them.)
 */
function onPoweredOff(d: Draft, e: Extract<VhEvent, { type: 'POWERED_OFF' }>): void {
  if (d.cfg.legacy || d.role !== 'master' || hasHost(d.net, e.host) || e.viaDatastore === 0 || !d.storage) return;
  let vms = NO_VMS;
  for (const id of e.services) {
    const s = vmIndex(d, id);
    if (d.placement[s] === e.host) vms = withVm(vms, s);
  }
  restart(d, vms, `${host(d, e.host)} powered off its VMs (isolation response)`);
}

/** What happens to a VM on this host: its lock taken elsewhere, a live migration, a guest crash. */
function onVmEvent(d: Draft, e: VhEvent): void {
  const { cfg } = d;
  switch (e.type) {
    case 'LOCK_LOST':
      d.lockLost = withVm(d.lockLost, vmIndex(d, e.service));
      return;
    case 'MIGRATE': {
      const s = vmIndex(d, e.service);
      const to = cfg.ids.indexOf(e.to);
      if (s < 0 || to === cfg.self || !hasVm(d.mine, s) || d.role === 'isolated' || !d.storage) return;
      if (to < 0 || !hasHost(d.net, to)) {
        note(d, `vMotion of ${e.service} to ${e.to} fails: ${e.to} is not reachable`);
        return;
      }
      d.out.push({ do: 'migrateService', service: e.service, to: e.to });
      return;
    }
    case 'MIGRATED': {
      const s = vmIndex(d, e.service);
      if (e.ok !== 1) {
        note(d, `vMotion of ${e.service} to ${e.to} fails: ${e.reason}`);
        return;
      }
      const to = cfg.ids.indexOf(e.to);
      d.mine = withoutVm(d.mine, s);
      place(d, s, to);
      send(d, to, { type: 'ADOPT', service: e.service });
      d.out.push({
        do: 'send',
        to: cfg.lockAgent,
        event: { type: 'TRANSFER', service: e.service, from: cfg.self, to },
      });
      broadcast(d, { type: 'PLACED', service: e.service, host: to });
      return;
    }
    case 'ADOPT':
      d.mine = withVm(d.mine, vmIndex(d, e.service));
      return;
    case 'APP_CRASH': {
      const s = vmIndex(d, e.service);
      if (s < 0 || !hasVm(d.mine, s)) return;
      d.mine = withoutVm(d.mine, s);
      note(d, `${e.service} crashed (VM monitoring is off: HA does not restart it)`);
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'UNLOCK', service: e.service, host: cfg.self } });
      return;
    }
    default:
      return;
  }
}
