// One ESX host's HA agent as a pure reducer: the legacy AAM agent (every host a primary; a silent
// host is failed after das.failuredetectiontime, a host that hears nobody and cannot ping its
// isolation address is isolated 3 s earlier) or FDM (one elected master; slaves that lose it hold
// an election; the master tells a failed host from an isolated or partitioned one by its datastore
// heartbeats). A master restarts a failed host's VMs on the hosts with the most free capacity; a
// VM starts only once its VMFS lock is free. An isolated host applies its isolation response.
import type { AgentEvent, Effect } from '../../harness/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../harness/fsm.js';
import type { IsolationResponse } from './config.js';

export type VhRole = 'primary' | 'master' | 'slave' | 'election' | 'isolated' | 'down' | 'booting';

export interface VhVm {
  readonly id: string;
  readonly needs: number;
  /** Restart rank: priority, then order. */
  readonly rank: number;
  readonly isProtected: boolean;
}

export interface VhSettings {
  readonly self: number;
  readonly ids: readonly string[];
  /** Each host's HA agent id ('' for a host that is not an ESX host). */
  readonly agentIds: readonly string[];
  /** ESX hosts of the cluster. */
  readonly esx: number;
  readonly legacy: boolean;
  readonly failureMs: number;
  readonly legacyIsolationMs: number;
  readonly electionWaitMs: number;
  readonly electionMs: number;
  readonly isolationPingMs: number;
  readonly policyDelayMs: number;
  readonly response: IsolationResponse;
  readonly isolationAddress: string;
  readonly newMasterCheckMs: number;
  readonly guestShutdownMs: number;
  readonly restartRetryMs: number;
  readonly maxRestarts: number;
  readonly bootMs: number;
  readonly vms: readonly VhVm[];
  readonly capacity: readonly number[];
  readonly lockAgent: string;
}

export interface VhContext extends EffectfulContext {
  readonly cfg: VhSettings;
  readonly role: VhRole;
  /** Last observation. */
  readonly net: number;
  readonly ds: number;
  readonly storage: boolean;
  readonly iso: boolean;
  readonly masters: number;
  readonly masterElsewhere: boolean;
  /** The master a slave follows. */
  readonly master: number;
  /** Master / legacy primary: cluster members believed alive. */
  readonly liveset: number;
  /** Members whose failure timer runs. */
  readonly suspect: number;
  /** FDM master: members silent on the network that still heartbeat on the datastore. */
  readonly partitioned: number;
  /** The protected-VM list (datastore): the host each VM runs on, -1 when none. */
  readonly placement: readonly number[];
  /** VMs running on this host (bits by VM index). */
  readonly mine: number;
  /** VMs on this host whose lock another host took while this host had no storage. */
  readonly lockLost: number;
  /** Master: restart attempts per VM, and VMs waiting for a retry. */
  readonly attempts: readonly number[];
  readonly pending: number;
  /** The agent that asked for the restart in flight here. */
  readonly startingFor: string;
  readonly timers: readonly string[];
}

export type VhEvent =
  | { type: 'OBSERVE'; net: number; ds: number; storage: number; iso: number; masters: number; masterElsewhere: number }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' } | { type: 'POWER_ON' }
  | { type: 'START'; service: string; from: string }
  | { type: 'LOCK_REPLY'; service: string; granted: number; tag: string; why: string }
  | { type: 'LOCK_LOST'; service: string; by: string }
  | { type: 'START_FAILED'; service: string; reason: string }
  | { type: 'RESTART_FAILED'; service: string; reason: string }
  | { type: 'PLACED'; service: string; host: number }
  | { type: 'POWERED_OFF'; host: number; services: string[]; viaDatastore: number }
  | { type: 'MIGRATE'; service: string; to: string }
  | { type: 'MIGRATED'; service: string; to: string; ok: number; reason: string }
  | { type: 'ADOPT'; service: string }
  | { type: 'APP_CRASH'; service: string };

type Draft = { -readonly [K in keyof VhContext]: VhContext[K] } & { out: Effect[] };

const bit = (i: number) => 1 << i;
const lowest = (m: number) => (m === 0 ? -1 : 31 - Math.clz32(m & -m));

function startTimer(d: Draft, name: string, ms: number): void {
  if (!d.timers.includes(name)) d.timers = [...d.timers, name];
  d.out.push({ do: 'startTimer', name, ms });
}

function cancelTimer(d: Draft, name: string): void {
  if (!d.timers.includes(name)) return;
  d.timers = d.timers.filter((t) => t !== name);
  d.out.push({ do: 'cancelTimer', name });
}

const running = (d: Draft, name: string) => d.timers.includes(name);
const note = (d: Draft, text: string) => d.out.push({ do: 'note', text });
const host = (d: Draft, h: number) => d.cfg.ids[h];
const vmIndex = (d: Draft, id: string) => d.cfg.vms.findIndex((v) => v.id === id);
const selfId = (d: Draft) => d.cfg.agentIds[d.cfg.self];

function send(d: Draft, h: number, event: AgentEvent): void {
  const to = d.cfg.agentIds[h];
  if (to !== '') d.out.push({ do: 'send', to, event });
}

function place(d: Draft, s: number, h: number): void {
  if (d.placement[s] === h) return;
  const placement = d.placement.slice();
  placement[s] = h;
  d.placement = placement;
}

function setAttempts(d: Draft, s: number, n: number): void {
  const attempts = d.attempts.slice();
  attempts[s] = n;
  d.attempts = attempts;
}

function names(mask: number, list: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < 31 && mask >>> i !== 0; i++) if ((mask >> i) & 1) out.push(list(i));
  return out.join(', ');
}

/** Tell every other ESX host's agent (the protected-VM list lives on the datastore). */
function broadcast(d: Draft, event: AgentEvent): void {
  for (let h = 0; h < d.cfg.ids.length; h++) if (h !== d.cfg.self && (d.cfg.esx >> h) & 1) send(d, h, event);
}

/**
 * Restart the given VMs: by restart rank, each on the candidate host with the most free capacity
 * (vSphere Availability: "the alternate hosts with the most available unreserved capacity").
 */
function restart(d: Draft, vms: number, why: string): void {
  const { cfg } = d;
  let candidates = d.liveset & (d.net | bit(cfg.self)) & cfg.esx & ~d.partitioned;
  if (!cfg.legacy) {
    candidates &= d.ds | (d.storage ? bit(cfg.self) : 0);
  }
  const free = cfg.capacity.slice();
  d.placement.forEach((h, s) => {
    if (h >= 0 && ((vms >> s) & 1) === 0) free[h] -= cfg.vms[s].needs;
  });
  const order = cfg.vms.map((_, s) => s).filter((s) => (vms >> s) & 1 && cfg.vms[s].isProtected).sort((a, b) => cfg.vms[a].rank - cfg.vms[b].rank || a - b);
  if (order.length === 0) return;
  note(d, `${why}: restarts ${order.map((s) => cfg.vms[s].id).join(', ')}`);
  for (const s of order) {
    let best = -1;
    for (let h = 0; h < cfg.ids.length; h++) if ((candidates >> h) & 1 && (best < 0 || free[h] > free[best])) best = h;
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
function restartFailed(d: Draft, s: number, reason: string): void {
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
  d.pending |= bit(s);
  if (!running(d, 'retry')) startTimer(d, 'retry', cfg.restartRetryMs);
}

/** The VMs the protected-VM list places on `h`. */
function vmsOn(d: Draft, h: number): number {
  let m = 0;
  d.placement.forEach((p, s) => (m |= p === h ? bit(s) : 0));
  return m;
}

function hostFailed(d: Draft, h: number, why: string): void {
  d.liveset &= ~bit(h);
  d.partitioned &= ~bit(h);
  const vms = vmsOn(d, h);
  d.cfg.vms.forEach((_, s) => ((vms >> s) & 1 ? setAttempts(d, s, 0) : undefined));
  if (vms === 0) note(d, `${why}; it ran no protected VM`);
  else restart(d, vms, why);
}

/** The VMs on this host stop (isolation response, lost lock): their locks are released. */
function powerOff(d: Draft, vms: number, why: string): void {
  if (vms === 0) return;
  const ids: string[] = [];
  d.cfg.vms.forEach((v, s) => {
    if (((vms >> s) & 1) === 0) return;
    ids.push(v.id);
    d.out.push({ do: 'stopService', service: v.id });
    if (d.storage) d.out.push({ do: 'send', to: d.cfg.lockAgent, event: { type: 'UNLOCK', service: v.id, host: d.cfg.self } });
  });
  d.mine &= ~vms;
  note(d, `${why}: powers off ${ids.join(', ')}`);
  broadcast(d, { type: 'POWERED_OFF', host: d.cfg.self, services: ids, viaDatastore: d.storage ? 1 : 0 });
}

function applyIsolationResponse(d: Draft): void {
  switch (d.cfg.response) {
    case 'leave-powered-on':
      note(d, 'isolation response: leaves its VMs powered on');
      return;
    case 'power-off':
      return powerOff(d, d.mine, 'isolation response');
    case 'shut-down':
      if (d.mine === 0) return;
      note(d, `isolation response: shuts its VMs down (guest shutdown, ${d.cfg.guestShutdownMs / 1000} s)`);
      startTimer(d, 'shutdown', d.cfg.guestShutdownMs);
  }
}

function isolate(d: Draft, why: string): void {
  for (const t of d.timers.filter((t) => t.startsWith('fail:') || t === 'iso' || t === 'elect' || t === 'elect-wait' || t === 'retry')) cancelTimer(d, t);
  d.role = 'isolated';
  d.suspect = 0;
  d.liveset = bit(d.cfg.self);
  note(d, `isolated: ${why}, and ${d.cfg.isolationAddress === 'none' ? 'it has no isolation address to ping' : `the isolation address ${d.cfg.isolationAddress} does not answer`}`);
  if (d.cfg.legacy) applyIsolationResponse(d);
  else startTimer(d, 'policy', d.cfg.policyDelayMs);
}

function becomeSlave(d: Draft, m: number): void {
  for (const t of d.timers.filter((t) => t.startsWith('fail:') || t === 'iso' || t === 'elect' || t === 'elect-wait' || t === 'retry')) cancelTimer(d, t);
  d.role = 'slave';
  d.master = m;
  d.suspect = 0;
  d.partitioned = 0;
  d.pending = 0;
}

function becomeMaster(d: Draft): void {
  const { cfg } = d;
  const reachable = (d.net | bit(cfg.self)) & cfg.esx;
  d.role = 'master';
  d.master = cfg.self;
  d.liveset = cfg.esx;
  d.partitioned = 0;
  d.suspect = cfg.esx & ~reachable;
  note(d, `elected master of ${names(reachable, (h) => host(d, h))}`);
  for (let h = 0; h < cfg.ids.length; h++) if ((d.suspect >> h) & 1) startTimer(d, `fail:${host(d, h)}`, cfg.newMasterCheckMs);
  if (d.net === 0 && !d.iso) startTimer(d, 'iso', cfg.isolationPingMs);
}

/** A master or legacy primary watches its members' heartbeats. */
function watchMembers(d: Draft): void {
  const { cfg } = d;
  const me = bit(cfg.self);
  for (let h = 0; h < cfg.ids.length; h++) {
    const b = bit(h);
    if (h === cfg.self || ((cfg.esx >> h) & 1) === 0) continue;
    if (d.net & b) {
      if (d.suspect & b) {
        d.suspect &= ~b;
        cancelTimer(d, `fail:${host(d, h)}`);
      }
      if (d.partitioned & b) d.partitioned &= ~b;
      if (!(d.liveset & b)) d.liveset |= b;
    } else if (d.liveset & b && !(d.suspect & b)) {
      d.suspect |= b;
      startTimer(d, `fail:${host(d, h)}`, cfg.failureMs);
    } else if (!cfg.legacy && d.partitioned & b && !(d.ds & b)) {
      hostFailed(d, h, `${host(d, h)} stopped its datastore heartbeats too: failed`);
    }
  }
  const alone = d.net === 0 && (d.liveset & ~me) !== 0;
  if (alone && !d.iso) {
    if (!running(d, 'iso')) startTimer(d, 'iso', cfg.legacy ? cfg.legacyIsolationMs : cfg.isolationPingMs);
  } else cancelTimer(d, 'iso');
}

function onObserve(d: Draft, e: Extract<VhEvent, { type: 'OBSERVE' }>): void {
  const regained = !d.storage && e.storage === 1;
  d.net = e.net;
  d.ds = e.ds;
  d.storage = e.storage === 1;
  d.iso = e.iso === 1;
  d.masters = e.masters;
  d.masterElsewhere = e.masterElsewhere === 1;
  if (d.role === 'down' || d.role === 'booting') return;
  if (regained && (d.lockLost & d.mine) !== 0) {
    const stale = d.lockLost & d.mine;
    d.lockLost = 0;
    d.cfg.vms.forEach((v, s) => ((stale >> s) & 1 ? d.out.push({ do: 'stopService', service: v.id }) : undefined));
    d.mine &= ~stale;
    note(d, `storage is back: ${names(stale, (s) => d.cfg.vms[s].id)} lost ${stale & (stale - 1) ? 'their' : 'its'} VMFS lock meanwhile (restarted elsewhere): the stale copy is powered off`);
  }
  switch (d.role) {
    case 'primary':
      return watchMembers(d);
    case 'master': {
      const better = lowest(d.masters);
      if (better >= 0 && better < d.cfg.self) {
        note(d, `hears master ${host(d, better)}: becomes its slave`);
        return becomeSlave(d, better);
      }
      return watchMembers(d);
    }
    case 'slave': {
      const m = lowest(d.masters);
      if (m >= 0 && m !== d.master) d.master = m;
      if ((d.net >> d.master) & 1) cancelTimer(d, 'elect-wait');
      else if (!running(d, 'elect-wait')) startTimer(d, 'elect-wait', d.cfg.electionWaitMs);
      return;
    }
    case 'election':
      if (d.masters !== 0) {
        cancelTimer(d, 'elect');
        becomeSlave(d, lowest(d.masters));
      }
      return;
    case 'isolated':
      if (d.net === 0 && !d.iso) return;
      cancelTimer(d, 'policy');
      cancelTimer(d, 'shutdown');
      note(d, 'no longer isolated');
      if (d.cfg.legacy) {
        d.role = 'primary';
        d.liveset = (d.net | bit(d.cfg.self)) & d.cfg.esx;
      } else if (d.masters !== 0) becomeSlave(d, lowest(d.masters));
      else {
        d.role = 'election';
        startTimer(d, 'elect', d.cfg.electionMs);
      }
      return;
  }
}

function onTimer(d: Draft, timer: string): void {
  const { cfg } = d;
  d.timers = d.timers.filter((t) => t !== timer);
  if (timer.startsWith('fail:')) {
    const h = cfg.ids.indexOf(timer.slice(5));
    d.suspect &= ~bit(h);
    if ((d.net >> h) & 1 || (d.role !== 'master' && d.role !== 'primary')) return;
    if (cfg.legacy) {
      d.liveset &= ~bit(h);
      if (lowest(d.liveset & (d.net | bit(cfg.self))) !== cfg.self) return;
      return hostFailed(d, h, `${host(d, h)} failed (no heartbeat for ${cfg.failureMs / 1000} s)`);
    }
    if ((d.ds >> h) & 1) {
      d.liveset &= ~bit(h);
      d.partitioned |= bit(h);
      note(d, `${host(d, h)} has no network heartbeat but still heartbeats on the datastore: isolated or partitioned, its VMs stay`);
      return;
    }
    return hostFailed(d, h, `${host(d, h)} failed (no network or datastore heartbeat)`);
  }
  switch (timer) {
    case 'iso':
      if (d.net === 0 && !d.iso && (d.role === 'master' || d.role === 'primary')) isolate(d, d.role === 'master' ? 'as master it hears no slave' : `no heartbeat for ${cfg.legacyIsolationMs / 1000} s`);
      return;
    case 'elect-wait':
      if (d.role === 'slave' && !((d.net >> d.master) & 1)) {
        d.role = 'election';
        note(d, `lost master ${host(d, d.master)}: election`);
        startTimer(d, 'elect', cfg.electionMs);
      }
      return;
    case 'elect': {
      if (d.role !== 'election') return;
      if (d.masters !== 0) return becomeSlave(d, lowest(d.masters));
      if (lowest((d.net | bit(cfg.self)) & cfg.esx) === cfg.self) return becomeMaster(d);
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
      let vms = 0;
      d.placement.forEach((h, s) => (vms |= h < 0 && (d.pending >> s) & 1 ? bit(s) : 0));
      d.pending = 0;
      restart(d, vms, 'retry');
      return;
    }
    case 'boot':
      d.role = cfg.legacy ? 'primary' : d.masters !== 0 ? 'slave' : 'election';
      d.master = lowest(d.masters);
      d.liveset = (d.net | bit(cfg.self)) & cfg.esx;
      d.suspect = 0;
      d.partitioned = 0;
      if (d.role === 'election') startTimer(d, 'elect', cfg.electionMs);
      return;
  }
}

function onRequest(d: Draft, e: VhEvent): void {
  const { cfg } = d;
  switch (e.type) {
    case 'START': {
      const s = vmIndex(d, e.service);
      if (!d.storage || d.role === 'isolated') {
        d.out.push({ do: 'send', to: e.from, event: { type: 'RESTART_FAILED', service: e.service, reason: `${host(d, cfg.self)} cannot reach the datastore` } });
        return;
      }
      if ((d.mine >> s) & 1) return;
      d.startingFor = e.from;
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'LOCK', service: e.service, host: cfg.self, replyTo: selfId(d), tag: 'restart' } });
      return;
    }
    case 'LOCK_REPLY': {
      const s = vmIndex(d, e.service);
      if (e.granted === 1) {
        d.mine |= bit(s);
        place(d, s, cfg.self);
        d.out.push({ do: 'startService', service: e.service, cause: 'restart' });
        broadcast(d, { type: 'PLACED', service: e.service, host: cfg.self });
      } else {
        d.out.push({ do: 'send', to: d.startingFor, event: { type: 'RESTART_FAILED', service: e.service, reason: `its files are locked (${e.why})` } });
      }
      return;
    }
    case 'START_FAILED': {
      const s = vmIndex(d, e.service);
      d.mine &= ~bit(s);
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'UNLOCK', service: e.service, host: cfg.self } });
      d.out.push({ do: 'send', to: d.startingFor, event: { type: 'RESTART_FAILED', service: e.service, reason: `insufficient resources on ${host(d, cfg.self)}` } });
      return;
    }
    case 'RESTART_FAILED':
      return restartFailed(d, vmIndex(d, e.service), e.reason);
    case 'PLACED': {
      const s = vmIndex(d, e.service);
      place(d, s, e.host);
      d.pending &= ~bit(s);
      return;
    }
    case 'POWERED_OFF': {
      // FDM: the isolated host lists what it powered off on the datastore; the master restarts
      // them. (Legacy AAM has no such list: its fail timer and retries restart them.)
      if (cfg.legacy || d.role !== 'master' || (d.net >> e.host) & 1 || e.viaDatastore === 0 || !d.storage) return;
      let vms = 0;
      for (const id of e.services) {
        const s = vmIndex(d, id);
        if (d.placement[s] === e.host) vms |= bit(s);
      }
      restart(d, vms, `${host(d, e.host)} powered off its VMs (isolation response)`);
      return;
    }
    case 'LOCK_LOST':
      d.lockLost |= bit(vmIndex(d, e.service));
      return;
    case 'MIGRATE': {
      const s = vmIndex(d, e.service);
      const to = cfg.ids.indexOf(e.to);
      if (s < 0 || to === cfg.self || ((d.mine >> s) & 1) === 0 || d.role === 'isolated' || !d.storage) return;
      if (to < 0 || ((d.net >> to) & 1) === 0) {
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
      d.mine &= ~bit(s);
      place(d, s, to);
      send(d, to, { type: 'ADOPT', service: e.service });
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'TRANSFER', service: e.service, from: cfg.self, to } });
      broadcast(d, { type: 'PLACED', service: e.service, host: to });
      return;
    }
    case 'ADOPT':
      d.mine |= bit(vmIndex(d, e.service));
      return;
    case 'APP_CRASH': {
      const s = vmIndex(d, e.service);
      if (s < 0 || ((d.mine >> s) & 1) === 0) return;
      d.mine &= ~bit(s);
      note(d, `${e.service} crashed (VM monitoring is off: HA does not restart it)`);
      d.out.push({ do: 'send', to: cfg.lockAgent, event: { type: 'UNLOCK', service: e.service, host: cfg.self } });
      return;
    }
    default:
      return;
  }
}

function stopAll(d: Draft): void {
  for (const t of d.timers) d.out.push({ do: 'cancelTimer', name: t });
  d.timers = [];
  d.mine = 0;
  d.lockLost = 0;
  d.suspect = 0;
  d.partitioned = 0;
  d.pending = 0;
}

function reduce(c: VhContext, e: VhEvent): { value: string; context: VhContext } {
  const d: Draft = { ...c, out: [] };
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
        if (e.type === 'START') d.out.push({ do: 'send', to: e.from, event: { type: 'RESTART_FAILED', service: e.service, reason: `${c.cfg.ids[c.cfg.self]} is down` } });
        else if (e.type === 'PLACED') place(d, vmIndex(d, e.service), e.host);
        break;
      }
      onRequest(d, e);
  }
  return { value: d.role, context: d };
}

const ROLES: readonly VhRole[] = ['primary', 'master', 'slave', 'election', 'isolated', 'down', 'booting'];
const EVENTS: readonly VhEvent['type'][] = ['OBSERVE', 'TIMER', 'CRASH', 'POWER_ON', 'START', 'LOCK_REPLY', 'LOCK_LOST', 'START_FAILED', 'RESTART_FAILED', 'PLACED', 'POWERED_OFF', 'MIGRATE', 'MIGRATED', 'ADOPT', 'APP_CRASH'];

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<VhContext, VhEvent>(ROLES, reduce)])) };
}

export const vmwareHostMachine = defineMachine<VhContext, VhEvent>({
  id: 'vmware-ha-host',
  initial: 'slave',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode()])) as Record<VhRole, ReturnType<typeof stateNode>>,
});

export function initialHostContext(cfg: VhSettings, homes: readonly number[], initialRole: VhRole): VhContext {
  let mine = 0;
  homes.forEach((h, s) => (mine |= h === cfg.self ? bit(s) : 0));
  return {
    out: [],
    cfg,
    role: initialRole,
    net: cfg.esx & ~bit(cfg.self),
    ds: cfg.esx & ~bit(cfg.self),
    storage: true,
    iso: true,
    masters: 0,
    masterElsewhere: false,
    master: lowest(cfg.esx),
    liveset: cfg.esx,
    suspect: 0,
    partitioned: 0,
    placement: homes,
    mine,
    lockLost: 0,
    attempts: homes.map(() => 0),
    pending: 0,
    startingFor: '',
    timers: [],
  };
}

export const isUp = (role: string) => role !== 'down' && role !== 'booting';
