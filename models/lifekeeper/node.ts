// One LifeKeeper node (the LCM heartbeat, lkcheck, the recovery logic and lkscsid) as a pure
// reducer. It believes its comm paths (OBSERVE), its own timers and what its peers tell it; it
// restarts a failed resource in place before it fails it over; it declares a peer dead only when
// every comm path to it has been silent for heartbeat × misses, and then (quorum and witness
// permitting) brings that peer's resources in service, taking their disk's reservation first. A
// resource whose virtual IP lost its link fails over at the next lkcheck (no local fix for that).
import { defineMachine, routed } from '../../harness/engine/fsm.js';
import {
  bit,
  cancelTimer,
  inOrder,
  name,
  note,
  popcount,
  resourceIndex,
  send,
  setOwner,
  setTries,
  startTimer,
  type Draft,
  type LkContext,
  type LkEvent,
  type LkRole,
  type LkSettings,
} from './nodeState.js';
import { endReplica, handBackWaiting, reconcileMirrors, resyncDone } from './mirror.js';
import { activeIds, bringIn, failover, nextNode, onInService, takeOut, takeover } from './resources.js';

export type { LkContext, LkEvent, LkRole, LkSettings } from './nodeState.js';

/** The node halts or reboots itself: its instances stop with it, its timers die. */
function fenceSelf(d: Draft, role: 'halted' | 'rebooting', reason: string): void {
  stopAll(d);
  d.role = role;
  d.out.push({ do: 'fence', rebootMs: d.cfg.bootMs, reason });
}

function loseQuorum(d: Draft, visible: number, total: number): void {
  const why = `quorum lost (sees ${visible} of ${total} nodes, needs more than half)`;
  switch (d.cfg.lossAction) {
    case 'fastkill':
      fenceSelf(d, 'halted', `${why}: fastkill halts it`);
      break;
    case 'fastboot':
      fenceSelf(d, 'rebooting', `${why}: fastboot reboots it`);
      break;
    case 'osu':
      note(d, `${why}: takes its resources out of service`);
      for (let s = 0; s < d.cfg.resources.length; s++) if ((d.active >> s) & 1) takeOut(d, s);
      break;
  }
}

/** comm_down: every path to `j` has been silent for heartbeat × misses. */
function peerDead(d: Draft, j: number): void {
  const { cfg } = d;
  d.alive &= ~bit(j);
  note(d, `no heartbeat from ${name(d, j)} on any comm path for ${cfg.heartbeat}: ${name(d, j)} is down`);
  if (cfg.qwk && cfg.quorumMode === 'majority') {
    // Quorum counts the nodes it can reach now, not the ones it has yet to declare dead.
    let heard = bit(cfg.self);
    for (let k = 0; k < d.links.length; k++) if (d.links[k] !== 0) heard |= bit(k);
    const visible = popcount(heard & cfg.cluster);
    const total = popcount(cfg.cluster);
    if (visible * 2 <= total) return loseQuorum(d, visible, total);
  }
  if (cfg.qwk && cfg.witnessMode === 'remote_verify' && (d.vouched >> j) & 1) {
    note(d, `witness check: another node still hears ${name(d, j)}; no failover`);
    return;
  }
  cfg.resources.forEach((r, s) => {
    if (d.owner[s] !== j || !inOrder(d, s)) return;
    if (nextNode(d, s, j, true) === cfg.self) takeover(d, s, `takes over ${r.id} from ${name(d, j)}`);
  });
}

function onObserve(d: Draft, e: Extract<LkEvent, { type: 'OBSERVE' }>): void {
  const { cfg } = d;
  const before = d.links;
  d.links = e.links;
  d.vouched = e.vouched;
  let heard = 0;
  for (let j = 0; j < e.links.length; j++) if (e.links[j] !== 0) heard |= bit(j);
  for (let j = 0; j < e.links.length; j++) {
    const was = before[j] ?? 0;
    const now = e.links[j];
    if (was !== 0 && now !== 0 && (was & -was) !== (now & -now)) {
      note(
        d,
        `comm path ${cfg.pathNames[Math.log2(was & -was)]} to ${name(d, j)} ${(now & (was & -was)) === 0 ? 'is down' : 'is back'}; heartbeats use ${cfg.pathNames[Math.log2(now & -now)]}`,
      );
    }
    const b = bit(j);
    if (d.alive & b && !(heard & b) && !(d.silent & b)) {
      d.silent |= b;
      note(d, `hears ${name(d, j)} on no comm path; declares it down after ${cfg.heartbeat} of silence`);
      startTimer(d, `hb:${name(d, j)}`, cfg.detectMs);
    } else if (d.silent & b && heard & b) {
      d.silent &= ~b;
      cancelTimer(d, `hb:${name(d, j)}`);
    } else if (heard & b && !(d.alive & b)) {
      d.alive |= b;
      note(d, `comm path to ${name(d, j)} is up`);
      send(d, j, { type: 'ACTIVE', node: cfg.self, services: activeIds(d) });
    }
  }
}

/**
 * lkscsid finds a disk that stopped answering at its next check (the resources on it fail over);
 * the IP resources' quickCheck finds a NIC without link at the next lkcheck.
 */
function onLocal(d: Draft, disk: boolean, link: boolean): void {
  const { cfg } = d;
  const hadDisk = d.storage;
  const hadLink = d.serviceNet;
  d.storage = disk;
  d.serviceNet = link;
  const sharedActive = cfg.resources.some((r, s) => r.shared && (d.active >> s) & 1);
  if (hadDisk && !disk && sharedActive) startTimer(d, 'failfast', cfg.failfastMs);
  if (disk) cancelTimer(d, 'failfast');
  if (hadLink && !link) {
    cfg.resources.forEach((r, s) => {
      if ((d.active >> s) & 1 && !d.timers.includes(`check:${r.id}`)) startTimer(d, `check:${r.id}`, cfg.quickCheckMs);
    });
  }
}

function onTimer(d: Draft, timer: string): void {
  const { cfg } = d;
  d.timers = d.timers.filter((t) => t !== timer);
  const [kind, arg] = timer.split(':');
  const s = arg === undefined ? -1 : resourceIndex(d, arg);
  switch (kind) {
    case 'hb': {
      const j = cfg.ids.indexOf(arg);
      d.silent &= ~bit(j);
      if (d.links[j] === 0) peerDead(d, j);
      break;
    }
    case 'check': {
      const appFailed = ((d.crashed >> s) & 1) === 1;
      d.crashed &= ~bit(s);
      if (((d.active >> s) & 1) === 0) break;
      if (!d.serviceNet) {
        failover(
          d,
          s,
          `quickCheck: the virtual IP of ${arg} has no link (service network down); local recovery cannot restore it`,
          true,
        );
        break;
      }
      if (!appFailed) break;
      const tries = d.tries[s];
      if (tries < cfg.localTries) {
        setTries(d, s, tries + 1);
        note(
          d,
          `quickCheck: ${arg} has failed; local recovery restarts it in place (attempt ${tries + 1} of ${cfg.localTries})`,
        );
        d.out.push({ do: 'startService', service: arg, cause: 'local-recovery' });
        startTimer(d, `clean:${arg}`, cfg.quickCheckMs);
      } else {
        failover(
          d,
          s,
          `quickCheck: ${arg} has failed${tries > 0 ? ` again after ${tries} local recover${tries > 1 ? 'ies' : 'y'}` : ''}`,
          true,
        );
      }
      break;
    }
    case 'clean':
      if ((d.active >> s) & 1 && !((d.crashed >> s) & 1)) setTries(d, s, 0);
      break;
    case 'failfast':
      if (d.storage) break;
      cfg.resources.forEach((r, k) => {
        if (r.shared && (d.active >> k) & 1) failover(d, k, `lkscsid: the disk of ${r.id} does not respond`, true);
      });
      break;
    case 'lkscsid':
      fenceSelf(d, 'rebooting', 'lkscsid: its SCSI reservation was taken by another node (SCSIHALT: halt and reboot)');
      break;
    case 'resync':
      resyncDone(d, s);
      break;
    case 'drain':
      endReplica(d, s);
      break;
    default:
      break;
  }
}

/** A node starts LifeKeeper with nothing in service; peers tell it who runs what when their paths come up. */
function fresh(d: Draft): void {
  let heard = 0;
  for (let j = 0; j < d.links.length; j++) if (d.links[j] !== 0) heard |= bit(j);
  d.role = 'running';
  d.alive = heard;
  d.silent = 0;
  d.active = 0;
  d.crashed = 0;
  d.tries = d.tries.map(() => 0);
  d.owner = d.owner.map(() => -1);
  for (let j = 0; j < d.links.length; j++)
    if ((heard >> j) & 1) send(d, j, { type: 'ACTIVE', node: d.cfg.self, services: [] });
}

function stopAll(d: Draft): void {
  for (const t of d.timers) d.out.push({ do: 'cancelTimer', name: t });
  d.timers = [];
  d.active = 0;
  d.crashed = 0;
  d.silent = 0;
}

function running(d: Draft, e: LkEvent): void {
  switch (e.type) {
    case 'OBSERVE':
      return onObserve(d, e);
    case 'LOCAL':
      return onLocal(d, e.disk === 1, e.link === 1);
    case 'TIMER':
      return onTimer(d, e.name);
    case 'APP_CRASH': {
      const s = resourceIndex(d, e.service);
      if (s < 0 || ((d.active >> s) & 1) === 0 || (d.crashed >> s) & 1) return;
      d.crashed |= bit(s);
      cancelTimer(d, `clean:${e.service}`);
      startTimer(d, `check:${e.service}`, d.cfg.quickCheckMs);
      return;
    }
    case 'CRASH':
      stopAll(d);
      d.role = 'down';
      return;
    case 'FAILOVER': {
      const s = resourceIndex(d, e.service);
      if (s >= 0 && inOrder(d, s)) {
        setTries(d, s, 0);
        takeover(d, s, `${name(d, e.from)} fails ${e.service} over to it`);
      }
      return;
    }
    case 'IN_SERVICE':
      return onInService(d, resourceIndex(d, e.service), e.node);
    case 'ACTIVE': {
      handBackWaiting(d, e.node, e.services);
      d.cfg.resources.forEach((r, s) => {
        if (e.services.includes(r.id)) onInService(d, s, e.node);
        else if (d.owner[s] === e.node) setOwner(d, s, -1);
      });
      return;
    }
    case 'LOCK_REPLY': {
      const s = resourceIndex(d, e.service);
      if (e.granted === 1) {
        if (e.why !== '') note(d, `reserves the disk of ${e.service} (${e.why})`);
        bringIn(d, s, 'takeover');
      } else note(d, `cannot reserve the disk of ${e.service}: ${e.why}; it stays out of service here`);
      return;
    }
    case 'LOCK_LOST': {
      const s = resourceIndex(d, e.service);
      // lkscsid re-reserves only the devices of resources in service here.
      if (s < 0 || ((d.active >> s) & 1) === 0) return;
      note(
        d,
        `I/O to ${e.service}'s disk fails (reservation taken by ${e.by}): the application stops; lkscsid halts the node at its next check`,
      );
      takeOut(d, s);
      if (!d.timers.includes('lkscsid')) startTimer(d, 'lkscsid', d.cfg.failfastMs);
      return;
    }
    case 'START_FAILED': {
      const s = resourceIndex(d, e.service);
      if (s < 0) return;
      d.active &= ~bit(s);
      failover(d, s, `cannot bring ${e.service} in service here (${e.reason})`, false);
      return;
    }
    default:
      return;
  }
}

function reduce(c: LkContext, e: LkEvent): { value: string; context: LkContext } {
  const d: Draft = { ...c, out: [] };
  switch (c.role) {
    case 'running':
      running(d, e);
      break;
    case 'down':
      if (e.type === 'POWER_ON') {
        d.role = 'booting';
        startTimer(d, 'boot', c.cfg.bootMs);
      }
      break;
    case 'booting':
      if (e.type === 'TIMER' && e.name === 'boot') {
        d.timers = [];
        fresh(d);
      } else if (e.type === 'CRASH') {
        stopAll(d);
        d.role = 'down';
      }
      break;
    case 'rebooting':
      if (e.type === 'REBOOTED') fresh(d);
      else if (e.type === 'CRASH') d.role = 'down';
      break;
    case 'halted':
      if (e.type === 'CRASH') d.role = 'down';
      break;
  }
  if (e.type === 'OBSERVE' && c.role !== 'running') {
    d.links = e.links;
    d.vouched = e.vouched;
  }
  if (e.type === 'LOCAL' && c.role !== 'running') {
    d.storage = e.disk === 1;
    d.serviceNet = e.link === 1;
  }
  reconcileMirrors(d);
  return { value: d.role, context: d };
}

const ROLES: readonly LkRole[] = ['running', 'down', 'booting', 'rebooting', 'halted'];
const EVENTS: readonly LkEvent['type'][] = [
  'OBSERVE',
  'LOCAL',
  'TIMER',
  'APP_CRASH',
  'CRASH',
  'POWER_ON',
  'REBOOTED',
  'FAILOVER',
  'IN_SERVICE',
  'ACTIVE',
  'LOCK_REPLY',
  'LOCK_LOST',
  'START_FAILED',
];

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<LkContext, LkEvent>(ROLES, reduce)])) };
}

export const lifekeeperNodeMachine = defineMachine<LkContext, LkEvent>({
  id: 'lifekeeper-node',
  initial: 'running',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode()])),
});

export function initialNodeContext(cfg: LkSettings, hosts: number): LkContext {
  let active = 0;
  cfg.resources.forEach((r, s) => (active |= r.order[0] === cfg.self ? bit(s) : 0));
  return {
    out: [],
    cfg,
    role: 'running',
    links: new Array(hosts).fill(0),
    vouched: 0,
    storage: true,
    serviceNet: true,
    alive: cfg.cluster & ~bit(cfg.self),
    silent: 0,
    owner: cfg.resources.map((r) => r.order[0]),
    active,
    crashed: 0,
    tries: cfg.resources.map(() => 0),
    timers: [],
    follows: cfg.resources.map(() => -1),
    syncedWith: cfg.resources.map((r, s) => ((cfg.mirrored >> s) & 1 ? r.order[0] : -1)),
    resyncFrom: cfg.resources.map(() => -1),
    waiting: 0,
  };
}

export const isUp = (role: string) => role === 'running';
