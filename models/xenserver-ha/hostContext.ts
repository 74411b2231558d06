// What one xhad knows and what it writes into its statefile entry: the shapes of the host agent's
// context and events, its timers, and its starting state. Host sets (HostSet: one number up to 31 hosts, a bigint beyond) hold hosts by UUID order.
import type { Effect } from '../../harness/engine/effects.js';
import type { EffectfulContext } from '../../harness/engine/fsm.js';
import { EMPTY_HOSTS, forEachHost, hostBit, type HostSet, union, withoutHost } from '../../harness/engine/hostSet.js';
import type { Profile, XenserverSettings, XhaTimers } from './config.js';

export type StatefileState = 'ok' | 'stalled' | 'lost';

/** What does not change from event to event (shared, so each transition copies little). */
export interface HostSettings {
  readonly self: number;
  /** Host ids in UUID order (also the host agents' ids). */
  readonly ids: readonly string[];
  readonly all: HostSet;
  readonly profile: Profile;
  readonly timeoutMs: number;
  readonly watchdogMs: number;
  readonly joinTimeoutMs: number;
  readonly winnersWaitMs: number;
  readonly rebootMs: number;
  /** ha-host-failures-to-tolerate: hosts out of the pool beyond this make it overcommitted. */
  readonly failuresToTolerate: number;
}

/** This host's statefile entry as the other hosts read it (published: its identity changes with it). */
export interface StatefileEntry {
  readonly boots: number;
  /**
   * Per host: the boot count at which this host's survival decision declared it dead (a fence
   * request), or -1. A host that has rebooted since is a new member.
   */
  readonly dropped: readonly number[];
  /** This host's own judgement of its statefile access (lost only after T without I/O). */
  readonly access: boolean;
  /** Its current liveset (members, including hosts dropped whose winners' wait has not ended). */
  readonly members: HostSet;
  /** It holds the pool master lock. */
  readonly master: boolean;
}

export interface HostContext extends EffectfulContext {
  readonly cfg: HostSettings;
  /** Hosts this host's decisions count as pool members. */
  readonly liveset: HostSet;
  /** Hosts a decision dropped, still in the current liveset until the winners' wait ends. */
  readonly pending: HostSet;
  /** Last observation: hosts heard on the management network (self excluded). */
  readonly peers: HostSet;
  /** Hosts running HA whose statefile access holds (updated at once when one regains it). */
  readonly writers: HostSet;
  /** Hosts in the live state. */
  readonly live: HostSet;
  /** Per host: whom it hears on the management network (itself included), as its entry records it. */
  readonly hears: readonly HostSet[];
  /** Live hosts holding the master lock. */
  readonly masters: HostSet;
  /** Live hosts whose current liveset still holds this host (a booting host waits for none). */
  readonly claimedBy: HostSet;
  readonly sf: StatefileState;
  readonly access: boolean;
  readonly master: boolean;
  /** This host's boot count (a rebooted host is a new member). */
  readonly boots: number;
  readonly dropped: readonly number[];
  /** Every host's boot count, as last observed. */
  readonly seenBoots: readonly number[];
  /** Live writers whose statefile entry asks this host to fence. */
  readonly fencedBy: HostSet;
  /** Rule 2 already let this host stay up for the current statefile loss. */
  readonly sfSurvived: boolean;
  readonly disablePending: boolean;
  /** Timers running (bit flags below). */
  readonly running: number;
  readonly entry: StatefileEntry;
}

export type HostEvent =
  | {
      type: 'OBSERVE';
      peers: HostSet;
      writers: HostSet;
      live: HostSet;
      hears: HostSet[];
      masters: HostSet;
      claimedBy: HostSet;
      fencedBy: HostSet;
      boots: number[];
    }
  | { type: 'STATEFILE'; state: StatefileState }
  /** A peer's statefile access changed (read from its entry at once). */
  | { type: 'ACCESS'; host: number; on: number }
  /**
   * A peer took the master lock (an atomic statefile update: seen at once). A holder that leaves
   * HA stops being live, which the next observation shows.
   */
  | { type: 'LOCK'; host: number; on: number }
  /** A host joined the pool in boot `boot` (the members add it together, as xhad's join does). */
  | { type: 'JOINED'; host: number; boot: number }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
  | { type: 'REBOOTED' }
  | { type: 'HA_DISABLE' }
  | { type: 'HOST_RESET' }
  /** The settings a drift changed (the simulator sends those that differ from the run's start). */
  | { type: 'RECONFIGURE'; values: Partial<XenserverSettings> };

export const NET = 1;
export const SF = 2;
export const WD = 4;
export const JOIN = 8;
export const WAIT = 16;
export const ACC = 32;
export const RETRY = 64;
export const TIMER_NAMES: Record<number, string> = {
  [NET]: 'net',
  [SF]: 'sf',
  [WD]: 'wd',
  [JOIN]: 'join',
  [WAIT]: 'wait',
  [ACC]: 'access',
  [RETRY]: 'retry',
};
export const ALL_TIMERS = [NET, SF, WD, JOIN, WAIT, ACC, RETRY] as const;

/** xapi xapi_ha.ml on_server_restart: a failed ha_start_daemon is retried every 10 s. */
export const START_RETRY_MS = 10_000;

export const NONE: readonly Effect[] = Object.freeze([]);
export const bit = (c: HostContext): HostSet => hostBit(c.cfg.self);

export function names(mask: HostSet, c: HostContext): string {
  const out: string[] = [];
  forEachHost(mask, (h) => {
    if (h < c.cfg.ids.length) out.push(c.cfg.ids[h]);
  });
  return `{${out.join(',')}}`;
}

/**
 * The context with its statefile entry brought up to date (a new entry only when it changed). Every
 * caller hands it a context it has just made, so the entry is set in place: no second copy of the
 * context per transition (it was a hot spread of the host agent's `onNews`).
 */
export function sealed(c: HostContext): HostContext {
  const e = c.entry;
  const members = union(c.liveset, c.pending);
  if (
    e.boots === c.boots &&
    e.dropped === c.dropped &&
    e.access === c.access &&
    e.members === members &&
    e.master === c.master
  )
    return c;
  (c as { entry: StatefileEntry }).entry = {
    boots: c.boots,
    dropped: c.dropped,
    access: c.access,
    members,
    master: c.master,
  };
  return c;
}

export interface InitialSettings {
  readonly profile: Profile;
  readonly timers: XhaTimers;
  readonly rebootMs: number;
  readonly failuresToTolerate: number;
}

/** Every host live, writing the statefile and hearing every other; the first host is the pool master. */
export function initialHostContext(
  self: number,
  ids: readonly string[],
  all: HostSet,
  s: InitialSettings,
): HostContext {
  const t = s.timers;
  const dropped = ids.map(() => -1);
  const master = self === 0;
  return {
    out: NONE,
    cfg: {
      self,
      ids,
      all,
      profile: s.profile,
      timeoutMs: t.timeoutMs,
      watchdogMs: t.watchdogMs,
      joinTimeoutMs: t.joinTimeoutMs,
      winnersWaitMs: t.winnersWaitMs,
      rebootMs: s.rebootMs,
      failuresToTolerate: s.failuresToTolerate,
    },
    boots: 0,
    dropped,
    seenBoots: ids.map(() => 0),
    fencedBy: EMPTY_HOSTS,
    liveset: all,
    pending: EMPTY_HOSTS,
    peers: withoutHost(all, self),
    writers: all,
    live: all,
    hears: ids.map(() => all),
    masters: hostBit(0),
    claimedBy: withoutHost(all, self),
    sf: 'ok',
    access: true,
    master,
    sfSurvived: false,
    disablePending: false,
    running: 0,
    entry: { boots: 0, dropped, access: true, members: all, master },
  };
}
