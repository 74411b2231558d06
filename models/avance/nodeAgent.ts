// One Stratus Avance node of an active/standby pair (seed 003). Every instance runs on one node and
// has its disks replicated on both over the private link, so no shared storage is needed. A
// non-fatal fault of the node running an instance (its production link, one power supply, its
// disks) or of the instance itself makes Avance migrate the instance live to the other node: a
// short pause, the clients stay connected. A catastrophic failure allows no graceful failover: the
// other node restarts the instances from its replicas after a boot, and the clients' sessions are
// lost. A node whose replica of an instance is stale (it missed writes) never starts that instance.
//
// Each node declares the replicas it keeps current with the `replicate` effect, so the trace records
// from ground truth what every copy holds and `noAckedWriteLost` can judge each restart and
// migration. The mirroring is synchronous: seed 003 has every instance's storage replicated on both
// nodes and a non-fatal fault moves the instance to the other node's copy live, with no restart —
// which needs that copy to hold every write the instance had made; Stratus's everRun (Avance's
// successor) documents that I/O is mirrored to the partner and a disk failure loses no data. The
// sources never say "synchronous" in so many words: the mode is inferred, not quoted.
import type { Effect } from '../../harness/engine/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../harness/engine/fsm.js';
import { cancelFlagTimer, startFlagTimer } from '../../harness/engine/timerBook.js';

export type NodeRole = 'synced' | 'split' | 'alone' | 'syncing' | 'joining' | 'waiting' | 'down' | 'booting';

export interface NodeSettings {
  readonly self: number;
  readonly selfId: string;
  readonly peerId: string;
  readonly peerAgent: string;
  /** Service ids; bit i of a service mask is services[i]. */
  readonly services: readonly string[];
  /** Services Avance protects (priority other than unprotected). */
  readonly protectedMask: number;
  /** Migration pause per service (by its guest OS). */
  readonly pauseMs: readonly number[];
  readonly needs: readonly number[];
  readonly capacity: number;
  readonly peerCapacity: number;
  readonly detectMs: number;
  readonly resyncMs: number;
  readonly bootMs: number;
}

export interface NodeContext extends EffectfulContext {
  readonly cfg: NodeSettings;
  readonly role: NodeRole;
  /** Instances running (or arriving) on this node. */
  readonly mine: number;
  /** Instances whose disk replica on this node misses writes. */
  readonly stale: number;
  /** Instances this node restarted after declaring the other node failed. */
  readonly tookOver: number;
  /** Last observation: the other node is heard on the private link / on the production network. */
  readonly link: boolean;
  readonly prod: boolean;
  /** This node's own hardware: both power supplies, its production link, its disks. */
  readonly psuOk: boolean;
  readonly netOk: boolean;
  readonly diskOk: boolean;
  /** The other node reports it can take instances (its own hardware is whole). */
  readonly peerFit: boolean;
  /** The other node can run instances, whole or with one redundant part failed (a power supply). */
  readonly peerRuns: boolean;
  readonly peerRole: string;
  readonly running: number;
  /** Instances whose replica on this node is declared (`replicate`) as following the other node. */
  readonly replicas: number;
}

export type NodeEvent =
  | {
      type: 'OBSERVE';
      link: number;
      prod: number;
      psuOk: number;
      netOk: number;
      diskOk: number;
      peerFit: number;
      peerRuns: number;
      peerRole: string;
    }
  | { type: 'TIMER'; name: string }
  | { type: 'MIGRATE_IN'; service: number }
  /** The other node could not take a live migration (it is down or booting): the instance never left. */
  | { type: 'MIGRATE_REFUSED'; service: number }
  | { type: 'INSTANCE_FAULT'; service: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' };

const DETECT = 1;
const RESYNC = 2;
const BOOT = 4;
const TIMER_NAMES: Record<number, string> = { [DETECT]: 'detect', [RESYNC]: 'resync', [BOOT]: 'boot' };
/** Roles in which a silent other node is looked for. */
const WATCHING: ReadonlySet<NodeRole> = new Set(['synced', 'split', 'syncing', 'joining', 'waiting']);
/** Roles of a node that runs instances and holds current replicas of them. */
const HOLDING: ReadonlySet<string> = new Set(['synced', 'split', 'alone', 'syncing']);

interface Next {
  readonly value: string;
  readonly context: NodeContext;
}

const secs = (ms: number) => `${ms / 1000} s`;
const fit = (c: NodeContext) => c.psuOk && c.netOk && c.diskOk;
/** This node can still run its instances (a failed power supply alone does not stop it). */
const runs = (c: NodeContext) => c.netOk && c.diskOk;
/**
 * Where a node that is not fit sends its instances: to a whole partner; and when it cannot run them
 * at all (production or disks gone), to a partner that can, even one running on one power supply.
 */
const partnerTakes = (c: NodeContext) => c.peerRole === 'synced' && (c.peerFit || (!runs(c) && c.peerRuns));

function names(c: NodeContext, mask: number): string {
  return c.cfg.services.filter((_, i) => (mask >> i) & 1).join(', ');
}

/** The private link carries the disk mirroring (seed 003: replicated over the link between the nodes). */
const MIRROR_OVER = ['channel'] as const;

/**
 * Every transition ends here: the next role, and this node's replica declarations brought in line
 * with it — exactly the current replicas of the instances it does not run, while it is synced.
 */
function to(role: NodeRole, c: NodeContext, out: Effect[]): Next {
  const replicas = role === 'synced' ? c.cfg.protectedMask & ~c.mine & ~c.stale : 0;
  const changed = replicas ^ c.replicas;
  for (let i = 0; changed !== 0 && i < c.cfg.services.length; i++) {
    if (((changed >> i) & 1) === 0) continue;
    out.push({
      do: 'replicate',
      service: c.cfg.services[i],
      from: (replicas >> i) & 1 ? c.cfg.peerId : null,
      over: MIRROR_OVER,
      mode: 'sync',
    });
  }
  return { value: role, context: { ...c, role, out, replicas } };
}

const startTimer = (c: NodeContext, flag: number, ms: number, out: Effect[]): NodeContext => ({
  ...c,
  running: startFlagTimer(c.running, flag, TIMER_NAMES[flag], ms, out),
});
const cancelTimer = (c: NodeContext, flag: number, out: Effect[]): NodeContext => ({
  ...c,
  running: cancelFlagTimer(c.running, flag, TIMER_NAMES[flag], out),
});

function load(c: NodeContext, mask: number): number {
  let sum = 0;
  for (let i = 0; i < c.cfg.services.length; i++) if ((mask >> i) & 1) sum += c.cfg.needs[i];
  return sum;
}

/** Live-migrate instances to the other node (it holds current replicas): stop here, arrive there. */
function migrate(c: NodeContext, mask: number, why: string, out: Effect[]): NodeContext {
  let room = c.cfg.peerCapacity - load(c, c.cfg.protectedMask & ~c.mine);
  let moved = 0;
  for (let i = 0; i < c.cfg.services.length; i++) {
    if (!((mask >> i) & 1)) continue;
    if (c.cfg.needs[i] > room) {
      out.push({
        do: 'note',
        text: `${c.cfg.services[i]} stays on ${c.cfg.selfId}: ${c.cfg.peerId} has no room for it`,
      });
      continue;
    }
    room -= c.cfg.needs[i];
    moved |= 1 << i;
    out.push({ do: 'stopService', service: c.cfg.services[i] });
    out.push({ do: 'send', to: c.cfg.peerAgent, event: { type: 'MIGRATE_IN', service: i } });
  }
  if (moved !== 0) out.push({ do: 'note', text: `${why}: migrates ${names(c, moved)} live to ${c.cfg.peerId}` });
  return { ...c, mine: c.mine & ~moved };
}

/** Restart (boot) the instances nobody runs, from this node's current replicas, where there is room. */
function restartLost(c: NodeContext, why: string, out: Effect[]): NodeContext {
  const lost = c.cfg.protectedMask & ~c.mine;
  let room = c.cfg.capacity - load(c, c.mine);
  let started = 0;
  for (let i = 0; i < c.cfg.services.length; i++) {
    if (!((lost >> i) & 1)) continue;
    if ((c.stale >> i) & 1) {
      out.push({
        do: 'note',
        text: `${c.cfg.services[i]} cannot restart on ${c.cfg.selfId}: its replica here is stale`,
      });
      continue;
    }
    if (c.cfg.needs[i] > room) {
      out.push({ do: 'note', text: `${c.cfg.services[i]} cannot restart on ${c.cfg.selfId}: no room` });
      continue;
    }
    room -= c.cfg.needs[i];
    started |= 1 << i;
    out.push({ do: 'startService', service: c.cfg.services[i], cause: 'restart' });
  }
  if (started !== 0)
    out.push({
      do: 'note',
      text: `${why}: no graceful failover — restarts ${names(c, started)} from its replicas (client sessions are lost)`,
    });
  return { ...c, mine: c.mine | started, tookOver: c.tookOver | started };
}

function goSyncing(c: NodeContext, why: string, out: Effect[]): Next {
  if (!c.diskOk) {
    out.push({ do: 'note', text: `${why}: ${c.cfg.selfId}'s replicas resynchronise once its disks are back` });
    return to('syncing', cancelTimer(c, RESYNC, out), out);
  }
  out.push({ do: 'note', text: `${why}: replicas resynchronise over the private link (${secs(c.cfg.resyncMs)})` });
  return to('syncing', c.running & RESYNC ? c : startTimer(c, RESYNC, c.cfg.resyncMs, out), out);
}

/** The other node is heard again after both ran alone: hand back what was taken over. */
function handBack(c: NodeContext, out: Effect[]): NodeContext {
  if (c.tookOver === 0) return c;
  for (let i = 0; i < c.cfg.services.length; i++)
    if ((c.tookOver >> i) & 1) out.push({ do: 'stopService', service: c.cfg.services[i] });
  out.push({
    do: 'note',
    text: `${c.cfg.peerId} kept running ${names(c, c.tookOver)} while unheard: ${c.cfg.selfId} stops its copies (their writes are lost)`,
  });
  return { ...c, mine: c.mine & ~c.tookOver, tookOver: 0, stale: c.stale | c.tookOver };
}

/** A returning node: resync from a node that holds the instances, or start them if nobody does. */
function join(c: NodeContext, out: Effect[]): Next {
  if (c.link && HOLDING.has(c.peerRole)) return goSyncing(c, `${c.cfg.selfId} is back`, out);
  if (c.link && (c.peerRole === 'joining' || c.peerRole === 'waiting')) {
    const current = (c.stale & c.cfg.protectedMask) === 0;
    if (current || c.cfg.self === 0)
      return to(
        'alone',
        restartLost(
          c,
          `${c.cfg.selfId} and ${c.cfg.peerId} are both back; ${c.cfg.selfId} ${current ? 'holds current replicas' : 'goes first'}`,
          out,
        ),
        out,
      );
  }
  return to(c.role === 'waiting' ? 'waiting' : 'joining', c, out);
}

function decide(c: NodeContext): Next {
  const out: Effect[] = [];
  const heard = c.link || c.prod;
  c =
    WATCHING.has(c.role) && !heard
      ? c.running & DETECT
        ? c
        : startTimer(c, DETECT, c.cfg.detectMs, out)
      : cancelTimer(c, DETECT, out);
  switch (c.role) {
    case 'synced':
      if (heard && !c.link) {
        out.push({
          do: 'note',
          text: `private link to ${c.cfg.peerId} down (still heard on the production network): replication suspended, instances stay where they run`,
        });
        return to('split', { ...c, stale: c.stale | (c.cfg.protectedMask & ~c.mine) }, out);
      }
      if (heard && !fit(c) && partnerTakes(c) && c.mine !== 0) {
        const why = !c.psuOk
          ? `a power supply of ${c.cfg.selfId} failed`
          : !c.netOk
            ? `${c.cfg.selfId} lost its production link`
            : `${c.cfg.selfId} lost its disks`;
        c = migrate(c, c.mine, why, out);
      }
      // Without its disks a node's replicas miss every write from now on: they need a resync.
      if (!c.diskOk)
        return goSyncing(
          { ...c, stale: c.stale | (c.cfg.protectedMask & ~c.mine) },
          `${c.cfg.selfId} lost its disks (its replicas miss every write from now on)`,
          out,
        );
      return to('synced', c, out);
    case 'split':
      if (c.link) return goSyncing(c, `private link to ${c.cfg.peerId} back`, out);
      return to('split', c, out);
    case 'alone':
      if (c.link && c.peerRole === 'alone') return goSyncing(handBack(c, out), `${c.cfg.peerId} heard again`, out);
      if (c.link && HOLDING.has(c.peerRole)) return goSyncing(c, `${c.cfg.peerId} heard again`, out);
      if (c.link && (c.peerRole === 'joining' || c.peerRole === 'waiting'))
        return goSyncing(c, `${c.cfg.peerId} is back`, out);
      return to('alone', c, out);
    case 'syncing':
      if (heard && !c.link)
        return to('split', cancelTimer({ ...c, stale: c.stale | (c.cfg.protectedMask & ~c.mine) }, RESYNC, out), out);
      if (!c.diskOk) return to('syncing', cancelTimer(c, RESYNC, out), out);
      if (!(c.running & RESYNC)) return goSyncing(c, `${c.cfg.selfId}'s disks are back`, out);
      return to('syncing', c, out);
    case 'joining':
    case 'waiting':
      return join(c, out);
    case 'down':
    case 'booting':
      return to(c.role, c, out);
  }
}

/** Heard on neither path for the detection time: the other node failed. */
function peerFailed(c: NodeContext): Next {
  const out: Effect[] = [];
  c = cancelTimer({ ...c, running: c.running & ~DETECT }, RESYNC, out);
  const why = `${c.cfg.selfId} hears ${c.cfg.peerId} on neither the private link nor the production network for ${secs(c.cfg.detectMs)}`;
  if (c.role === 'syncing') c = { ...c, stale: c.stale | (c.cfg.protectedMask & ~c.mine) };
  if (c.role === 'joining' || c.role === 'waiting') {
    if ((c.stale & c.cfg.protectedMask) !== 0) {
      out.push({ do: 'note', text: `${why}; its replicas are stale: it waits for ${c.cfg.peerId}` });
      return to('waiting', c, out);
    }
  }
  return to('alone', restartLost(c, why, out), out);
}

function onTimer(c: NodeContext, name: string): Next {
  if (name === 'detect')
    return c.link || c.prod ? to(c.role, { ...c, running: c.running & ~DETECT }, []) : peerFailed(c);
  if (name === 'resync') {
    const done = { ...c, running: c.running & ~RESYNC };
    if (c.role !== 'syncing') return to(c.role, done, []);
    return decide({ ...done, role: 'synced', stale: 0, tookOver: 0 });
  }
  if (name === 'boot' && c.role === 'booting') return decide({ ...c, role: 'joining', running: c.running & ~BOOT });
  return to(c.role, c, []);
}

function onInstanceFault(c: NodeContext, service: string): Next {
  const i = c.cfg.services.indexOf(service);
  if (i < 0 || !((c.mine >> i) & 1)) return to(c.role, c, []);
  const out: Effect[] = [];
  if (c.role !== 'synced' || !c.link || !c.peerFit || c.peerRole !== 'synced') {
    out.push({
      do: 'note',
      text: `${service} reports a fault on ${c.cfg.selfId}, but ${c.cfg.peerId} cannot take it now (${c.peerRole || 'unheard'})`,
    });
    return to(c.role, c, out);
  }
  return to(c.role, migrate(c, 1 << i, `${service} reports a fault on ${c.cfg.selfId}`, out), out);
}

function reduce(c: NodeContext, e: NodeEvent): Next {
  switch (e.type) {
    case 'OBSERVE':
      return decide({
        ...c,
        link: e.link === 1,
        prod: e.prod === 1,
        psuOk: e.psuOk === 1,
        netOk: e.netOk === 1,
        diskOk: e.diskOk === 1,
        peerFit: e.peerFit === 1,
        peerRuns: e.peerRuns === 1,
        peerRole: e.peerRole,
      });
    case 'TIMER':
      return onTimer(c, e.name);
    case 'MIGRATE_IN': {
      const i = e.service;
      // A node that is not running Avance (powered off, still booting) cannot receive it: the
      // migration fails and the instance goes on where it ran (its source had not noticed yet).
      if (c.role === 'down' || c.role === 'booting')
        return to(c.role, c, [{ do: 'send', to: c.cfg.peerAgent, event: { type: 'MIGRATE_REFUSED', service: i } }]);
      const out: Effect[] = [
        { do: 'startService', service: c.cfg.services[i], cause: 'migrate', bootMs: c.cfg.pauseMs[i] },
      ];
      return to(c.role, { ...c, mine: c.mine | (1 << i) }, out);
    }
    case 'MIGRATE_REFUSED': {
      const i = e.service;
      const out: Effect[] = [
        { do: 'startService', service: c.cfg.services[i], cause: 'migrate', bootMs: 0 },
        {
          do: 'note',
          text: `${c.cfg.services[i]} cannot migrate to ${c.cfg.peerId} (it is not running Avance): it stays on ${c.cfg.selfId}`,
        },
      ];
      return to(c.role, { ...c, mine: c.mine | (1 << i) }, out);
    }
    case 'INSTANCE_FAULT':
      return onInstanceFault(c, e.service);
    case 'CRASH': {
      const out: Effect[] = [];
      for (const flag of [DETECT, RESYNC, BOOT])
        if (c.running & flag) out.push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
      // Unless the other node was already gone, it runs on and writes: every replica here goes stale.
      const stale = c.role === 'alone' ? c.stale : c.cfg.protectedMask;
      return to('down', { ...c, running: 0, mine: 0, tookOver: 0, stale }, out);
    }
    case 'POWER_ON': {
      if (c.role !== 'down') return to(c.role, c, []);
      const out: Effect[] = [];
      return to('booting', startTimer(c, BOOT, c.cfg.bootMs, out), out);
    }
    default: {
      const never: never = e;
      throw new Error(`avance: unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const NODE_ROLES: readonly NodeRole[] = [
  'synced',
  'split',
  'alone',
  'syncing',
  'joining',
  'waiting',
  'down',
  'booting',
];
const EVENTS = ['OBSERVE', 'TIMER', 'MIGRATE_IN', 'MIGRATE_REFUSED', 'INSTANCE_FAULT', 'CRASH', 'POWER_ON'] as const;

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<NodeContext, NodeEvent>(NODE_ROLES, reduce)])) };
}

export const avanceNodeMachine = defineMachine<NodeContext, NodeEvent>({
  id: 'avance-node',
  initial: 'synced',
  states: Object.fromEntries(NODE_ROLES.map((r) => [r, stateNode()])),
});

export function initialNodeContext(cfg: NodeSettings, mine: number): NodeContext {
  return {
    out: [],
    cfg,
    role: 'synced',
    mine,
    stale: 0,
    tookOver: 0,
    link: true,
    prod: true,
    psuOk: true,
    netOk: true,
    diskOk: true,
    peerFit: true,
    peerRuns: true,
    peerRole: 'synced',
    running: 0,
    replicas: 0,
  };
}
