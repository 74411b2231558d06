// One ESX host's HA agent as a pure reducer: the legacy AAM agent (every host a primary; a silent
// host is failed after das.failuredetectiontime, a host that hears nobody and cannot ping its
// isolation address is isolated 3 s earlier) or FDM (one elected master; slaves that lose it hold
// an election; the master tells a failed host from an isolated or partitioned one by its datastore
// heartbeats). A master restarts a failed host's VMs on the hosts with the most free capacity; a
// VM starts only once its VMFS lock is free. An isolated host applies its isolation response.
import { defineMachine, routed } from '../../harness/engine/fsm.js';
import {
  difference,
  EMPTY_HOSTS,
  forEachHost,
  hasHost,
  hostCount,
  intersection,
  isEmptyHosts,
  lowestHost,
  withHost,
  withoutHost,
  type HostSet,
} from '../../harness/engine/hostSet.js';
import {
  cancelTimer,
  note,
  place,
  running,
  startTimer,
  vmIndex,
  vmNames,
  withVm,
  NO_VMS,
  host,
  type Draft,
  type VhContext,
  type VhEvent,
  type VhRole,
  type VhSettings,
} from './agentState.js';
import { becomeMaster, becomeSlave, isolate, watchMembers } from './membership.js';
import { onRequest } from './requests.js';
import { applyIsolationResponse, hostFailed, powerOff, restart } from './restarts.js';

export type { VhContext, VhEvent, VhRole, VhSettings, VhVm } from './agentState.js';

function onObserve(d: Draft, e: Extract<VhEvent, { type: 'OBSERVE' }>): void {
  const regained = !d.storage && e.storage === 1;
  d.net = e.net;
  d.ds = e.ds;
  d.storage = e.storage === 1;
  d.iso = e.iso === 1;
  d.masters = e.masters;
  d.masterElsewhere = e.masterElsewhere === 1;
  if (d.role === 'down' || d.role === 'booting') return;
  const stale = regained ? intersection(d.lockLost, d.mine) : NO_VMS;
  if (!isEmptyHosts(stale)) {
    d.lockLost = NO_VMS;
    forEachHost(stale, (s) => d.out.push({ do: 'stopService', service: d.cfg.vms[s].id }));
    d.mine = difference(d.mine, stale);
    note(
      d,
      `storage is back: ${vmNames(stale, (s) => d.cfg.vms[s].id)} lost ${hostCount(stale) > 1 ? 'their' : 'its'} VMFS lock meanwhile (restarted elsewhere): the stale copy is powered off`,
    );
  }
  switch (d.role) {
    case 'primary':
      return watchMembers(d);
    case 'master': {
      const better = lowestHost(d.masters);
      if (better >= 0 && better < d.cfg.self) {
        note(d, `hears master ${host(d, better)}: becomes its slave`);
        return becomeSlave(d, better);
      }
      return watchMembers(d);
    }
    case 'slave': {
      const m = lowestHost(d.masters);
      if (m >= 0 && m !== d.master) d.master = m;
      if (hasHost(d.net, d.master)) cancelTimer(d, 'elect-wait');
      else if (!running(d, 'elect-wait')) startTimer(d, 'elect-wait', d.cfg.electionWaitMs);
      return;
    }
    case 'election':
      if (!isEmptyHosts(d.masters)) {
        cancelTimer(d, 'elect');
        becomeSlave(d, lowestHost(d.masters));
      }
      return;
    case 'isolated':
      if (isEmptyHosts(d.net) && !d.iso) return;
      cancelTimer(d, 'policy');
      cancelTimer(d, 'shutdown');
      note(d, 'no longer isolated');
      if (d.cfg.legacy) {
        d.role = 'primary';
        d.liveset = intersection(withHost(d.net, d.cfg.self), d.cfg.esx);
      } else if (!isEmptyHosts(d.masters)) becomeSlave(d, lowestHost(d.masters));
      else {
        d.role = 'election';
        startTimer(d, 'elect', d.cfg.electionMs);
      }
      return;
  }
}

/** Host h's failure-detection timer ran out: it failed, unless (FDM) it still heartbeats on the datastore. */
function onHostSilent(d: Draft, h: number): void {
  const { cfg } = d;
  d.suspect = withoutHost(d.suspect, h);
  if (hasHost(d.net, h) || (d.role !== 'master' && d.role !== 'primary')) return;
  if (cfg.legacy) {
    d.liveset = withoutHost(d.liveset, h);
    // Legacy: of the live primaries this one hears, only the lowest restarts the VMs.
    if (lowestHost(intersection(d.liveset, withHost(d.net, cfg.self))) !== cfg.self) return;
    return hostFailed(d, h, `${host(d, h)} failed (no heartbeat for ${cfg.failureMs / 1000} s)`);
  }
  if (hasHost(d.ds, h)) {
    d.liveset = withoutHost(d.liveset, h);
    d.partitioned = withHost(d.partitioned, h);
    note(
      d,
      `${host(d, h)} has no network heartbeat but still heartbeats on the datastore: isolated or partitioned, its VMs stay`,
    );
    return;
  }
  return hostFailed(d, h, `${host(d, h)} failed (no network or datastore heartbeat)`);
}

function onTimer(d: Draft, timer: string): void {
  const { cfg } = d;
  d.timers = d.timers.filter((t) => t !== timer);
  if (timer.startsWith('fail:')) return onHostSilent(d, cfg.ids.indexOf(timer.slice(5)));
  switch (timer) {
    case 'iso':
      if (isEmptyHosts(d.net) && !d.iso && (d.role === 'master' || d.role === 'primary'))
        isolate(
          d,
          d.role === 'master' ? 'as master it hears no slave' : `no heartbeat for ${cfg.legacyIsolationMs / 1000} s`,
        );
      return;
    case 'elect-wait':
      if (d.role === 'slave' && !hasHost(d.net, d.master)) {
        d.role = 'election';
        note(d, `lost master ${host(d, d.master)}: election`);
        startTimer(d, 'elect', cfg.electionMs);
      }
      return;
    case 'elect': {
      if (d.role !== 'election') return;
      if (!isEmptyHosts(d.masters)) return becomeSlave(d, lowestHost(d.masters));
      if (lowestHost(intersection(withHost(d.net, cfg.self), cfg.esx)) === cfg.self) return becomeMaster(d);
      startTimer(d, 'elect', cfg.electionMs);
      return;
    }
    case 'policy':
      if (d.role !== 'isolated') return;
      // FDM applies the response unless it can tell that no master would restart the VMs.
      if (!d.storage || d.masterElsewhere) applyIsolationResponse(d);
      else note(d, 'no master elsewhere owns the datastores (no host could restart the VMs): leaves them running');
      return;
    case 'shutdown':
      if (d.role === 'isolated') powerOff(d, d.mine, 'guest shutdown complete');
      return;
    case 'retry': {
      if (d.role !== 'master' && d.role !== 'primary') return;
      // A VM placed meanwhile (its host came back, another master restarted it) needs no retry.
      let vms = NO_VMS;
      forEachHost(d.pending, (s) => {
        if (d.placement[s] < 0) vms = withVm(vms, s);
      });
      d.pending = NO_VMS;
      restart(d, vms, 'retry');
      return;
    }
    case 'boot':
      d.role = cfg.legacy ? 'primary' : !isEmptyHosts(d.masters) ? 'slave' : 'election';
      d.master = lowestHost(d.masters);
      d.liveset = intersection(withHost(d.net, cfg.self), cfg.esx);
      d.suspect = EMPTY_HOSTS;
      d.partitioned = EMPTY_HOSTS;
      if (d.role === 'election') startTimer(d, 'elect', cfg.electionMs);
      return;
  }
}

function stopAll(d: Draft): void {
  for (const t of d.timers) d.out.push({ do: 'cancelTimer', name: t });
  d.timers = [];
  d.mine = NO_VMS;
  d.lockLost = NO_VMS;
  d.suspect = EMPTY_HOSTS;
  d.partitioned = EMPTY_HOSTS;
  d.pending = NO_VMS;
}

function reduce(c: VhContext, e: VhEvent): { value: string; context: VhContext } {
  const d: Draft = { ...c, out: [] };
  // The `agent-start` fault delivers a bare START (no VM, no sender): stopping and starting the HA
  // agent itself is not modelled, so it is ignored like its STOP, never taken for a restart request.
  if (e.type === 'START' && typeof e.from !== 'string') return { value: d.role, context: d };
  switch (e.type) {
    case 'OBSERVE':
      onObserve(d, e);
      break;
    case 'CRASH':
      if (c.role !== 'down') {
        stopAll(d);
        d.role = 'down';
      }
      break;
    case 'POWER_ON':
      if (c.role === 'down') {
        d.role = 'booting';
        startTimer(d, 'boot', c.cfg.bootMs);
      }
      break;
    case 'TIMER':
      if (c.role === 'down') break;
      if (c.role === 'booting' && e.name !== 'boot') break;
      onTimer(d, e.name);
      break;
    default:
      if (c.role === 'down' || c.role === 'booting') {
        if (e.type === 'START')
          d.out.push({
            do: 'send',
            to: e.from,
            event: { type: 'RESTART_FAILED', service: e.service, reason: `${c.cfg.ids[c.cfg.self]} is down` },
          });
        else if (e.type === 'PLACED') place(d, vmIndex(d, e.service), e.host);
        break;
      }
      onRequest(d, e);
  }
  return { value: d.role, context: d };
}

const ROLES: readonly VhRole[] = ['primary', 'master', 'slave', 'election', 'isolated', 'down', 'booting'];
const EVENTS: readonly VhEvent['type'][] = [
  'OBSERVE',
  'TIMER',
  'CRASH',
  'POWER_ON',
  'START',
  'LOCK_REPLY',
  'LOCK_LOST',
  'START_FAILED',
  'RESTART_FAILED',
  'PLACED',
  'POWERED_OFF',
  'MIGRATE',
  'MIGRATED',
  'ADOPT',
  'APP_CRASH',
];

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<VhContext, VhEvent>(ROLES, reduce)])) };
}

export const vmwareHostMachine = defineMachine<VhContext, VhEvent>({
  id: 'vmware-ha-host',
  initial: 'slave',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode()])),
});

export function initialHostContext(cfg: VhSettings, homes: readonly number[], initialRole: VhRole): VhContext {
  let mine = NO_VMS;
  homes.forEach((h, s) => {
    if (h === cfg.self) mine = withVm(mine, s);
  });
  const others: HostSet = withoutHost(cfg.esx, cfg.self);
  return {
    out: [],
    cfg,
    role: initialRole,
    net: others,
    ds: others,
    storage: true,
    iso: true,
    masters: EMPTY_HOSTS,
    masterElsewhere: false,
    master: lowestHost(cfg.esx),
    liveset: cfg.esx,
    suspect: EMPTY_HOSTS,
    partitioned: EMPTY_HOSTS,
    placement: homes,
    mine,
    lockLost: NO_VMS,
    attempts: homes.map(() => 0),
    pending: NO_VMS,
    startingFor: '',
    timers: [],
  };
}

export const isUp = (role: string) => role !== 'down' && role !== 'booting';
