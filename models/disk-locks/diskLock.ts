// The lock a shared disk keeps on each service's data: who may write it. LifeKeeper takes a SCSI
// reservation on a protected LUN; VMware takes a VMFS lock on a VM's files. One agent holds every
// service's lock as ground truth; hosts ask for it (LOCK), give it back (UNLOCK) or hand it over
// (TRANSFER, live migration). A holder that loses power loses its locks; one that has lost every
// path to the storage no longer renews them, so the next request takes them. A holder that is alive keeps it unless
// the lock can be broken (`breakLive`: LifeKeeper's device and bus resets). A holder whose lock
// is taken is told (LOCK_LOST): its I/O to that disk fails from now on. Leases are host sets
// (`HostSet`: a vSphere cluster has up to 96 hosts), read and built only through hostSet.ts.
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { Effect } from '../../harness/engine/effects.js';
import { EMPTY_HOSTS, hasHost, withHost, type HostSet } from '../../harness/engine/hostSet.js';
import { defineMachine, update, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { AgentSpec } from '../../harness/engine/model.js';

export interface LockSettings {
  /** Agent id of this lock manager. */
  readonly id: string;
  /** What the lock is called in notes ("SCSI reservation", "VMFS lock"). */
  readonly what: string;
  readonly hostIds: readonly string[];
  readonly serviceIds: readonly string[];
  /** Agent told when its host's lock is broken, per host ('' for none). */
  readonly notify: readonly string[];
  readonly breakLive: boolean;
}

export interface LockContext extends EffectfulContext {
  readonly cfg: LockSettings;
  /** Host index holding each service's lock, or -1. */
  readonly holder: readonly number[];
  /** Hosts that are powered and reach the storage: their locks are alive. */
  readonly leases: HostSet;
}

export type LockEvent =
  | { type: 'LEASES'; mask: HostSet; powered: HostSet }
  | { type: 'LOCK'; service: string; host: number; replyTo: string; tag: string }
  | { type: 'UNLOCK'; service: string; host: number }
  | { type: 'TRANSFER'; service: string; from: number; to: number };

const NONE: readonly Effect[] = Object.freeze([]);

function withHolder(c: LockContext, s: number, host: number, out: readonly Effect[]): LockContext {
  const holder = c.holder.slice();
  holder[s] = host;
  return { ...c, holder, out };
}

function lock(c: LockContext, e: Extract<LockEvent, { type: 'LOCK' }>): LockContext {
  const s = c.cfg.serviceIds.indexOf(e.service);
  const { hostIds, what } = c.cfg;
  const reply = (granted: number, why: string): Effect => ({
    do: 'send',
    to: e.replyTo,
    event: { type: 'LOCK_REPLY', service: e.service, granted, tag: e.tag, why },
  });
  if (s < 0) return { ...c, out: [reply(0, `no ${what} for ${e.service}`)] };
  const held = c.holder[s];
  if (!hasHost(c.leases, e.host)) return { ...c, out: [reply(0, `${hostIds[e.host]} cannot reach the storage`)] };
  if (held < 0 || held === e.host) return withHolder(c, s, e.host, [reply(1, '')]);
  if (!hasHost(c.leases, held)) {
    // The holder stopped renewing (powered off, or no path): it learns of the loss when it can look again.
    const out: Effect[] = [];
    if (c.cfg.notify[held] !== '')
      out.push({
        do: 'send',
        to: c.cfg.notify[held],
        event: { type: 'LOCK_LOST', service: e.service, by: hostIds[e.host] },
      });
    out.push(reply(1, `${hostIds[held]}'s ${what} had lapsed`));
    return withHolder(c, s, e.host, out);
  }
  if (!c.cfg.breakLive) return { ...c, out: [reply(0, `${hostIds[held]} still holds the ${what} on ${e.service}`)] };
  const out: Effect[] = [
    {
      do: 'note',
      text: `${hostIds[e.host]} breaks ${hostIds[held]}'s ${what} on ${e.service} (device reset) and takes it`,
    },
  ];
  if (c.cfg.notify[held] !== '')
    out.push({
      do: 'send',
      to: c.cfg.notify[held],
      event: { type: 'LOCK_LOST', service: e.service, by: hostIds[e.host] },
    });
  out.push(reply(1, `broke ${hostIds[held]}'s ${what}`));
  return withHolder(c, s, e.host, out);
}

function reduce(c: LockContext, e: LockEvent): LockContext {
  switch (e.type) {
    case 'LEASES': {
      // A host that lost power holds nothing when it comes back: its locks died with it.
      const holder = c.holder.some((h) => h >= 0 && !hasHost(e.powered, h))
        ? c.holder.map((h) => (h >= 0 && !hasHost(e.powered, h) ? -1 : h))
        : c.holder;
      return { ...c, holder, leases: e.mask, out: NONE };
    }
    case 'LOCK':
      return lock(c, e);
    case 'UNLOCK': {
      const s = c.cfg.serviceIds.indexOf(e.service);
      return s >= 0 && c.holder[s] === e.host ? withHolder(c, s, -1, NONE) : { ...c, out: NONE };
    }
    case 'TRANSFER': {
      const s = c.cfg.serviceIds.indexOf(e.service);
      return s >= 0 && c.holder[s] === e.from ? withHolder(c, s, e.to, NONE) : { ...c, out: NONE };
    }
  }
}

export const diskLockMachine = defineMachine<LockContext, LockEvent>({
  id: 'disk-lock',
  initial: 'serving',
  states: {
    serving: {
      on: {
        LEASES: { actions: update(reduce) },
        LOCK: { actions: update(reduce) },
        UNLOCK: { actions: update(reduce) },
        TRANSFER: { actions: update(reduce) },
      },
    },
  },
});

/** Hosts whose locks are alive (powered, and some working path reaches a serving storage node), and powered hosts. */
export function leasesOf(
  view: { readonly fabric: { readonly hostPowered: ArrayLike<number>; storageReachable(host: number): boolean } },
  hosts: number,
): { mask: HostSet; powered: HostSet } {
  let mask = EMPTY_HOSTS;
  let powered = EMPTY_HOSTS;
  for (let h = 0; h < hosts; h++) {
    if (view.fabric.hostPowered[h] === 0) continue;
    powered = withHost(powered, h);
    if (view.fabric.storageReachable(h)) mask = withHost(mask, h);
  }
  return { mask, powered };
}

/** @param holders initial holder per service (host index or -1) */
export function diskLockAgent(topo: CompiledTopology, settings: LockSettings, holders: readonly number[]): AgentSpec {
  const context: LockContext = { out: NONE, cfg: settings, holder: holders, leases: topo.allHostsMask };
  const n = topo.hostIds.length;
  return {
    id: settings.id,
    kind: 'lock',
    machine: diskLockMachine,
    initial: 'serving',
    context,
    host: -1,
    storage: -1,
    sense: (view) => ({ type: 'LEASES', ...leasesOf(view, n) }),
    senseReads: { fabric: true, agents: [] },
    noticeAt: (now) => now,
  };
}
