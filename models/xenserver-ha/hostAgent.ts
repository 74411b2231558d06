// One XenServer host's HA daemon (xhad) as a state machine. It believes what its heartbeats and
// the statefile tell it (OBSERVE), what its multipath tells it about statefile I/O (STATEFILE), and
// its own timers; it fences itself when the survival rules of its profile say so.
import type { Effect } from '../../harness/effects.js';
import { defineMachine, update, type EffectfulContext } from '../../harness/fsm.js';
import { deriveTimers, type Profile } from './config.js';
import { count, lowest, partitionOf, survivesByRule1, survivesByRule2 } from './survival.js';

export type StatefileState = 'ok' | 'stalled' | 'lost';

/** What does not change from event to event (shared, so each transition copies little). */
export interface HostSettings {
  readonly self: number;
  /** Host ids in UUID order, for explanations. */
  readonly ids: readonly string[];
  readonly all: number;
  readonly profile: Profile;
  readonly timeoutMs: number;
  readonly watchdogMs: number;
  readonly joinTimeoutMs: number;
  readonly winnersWaitMs: number;
  readonly rebootMs: number;
}

export interface HostContext extends EffectfulContext {
  readonly cfg: HostSettings;
  /** Hosts this host counts as pool members. */
  readonly liveset: number;
  /** Last observation: hosts heard on the management network (self excluded). */
  readonly peers: number;
  /** Hosts running HA whose statefile writes succeed. */
  readonly writers: number;
  /** Hosts in the live state (statefile). */
  readonly live: number;
  /** Partitions of the writers, as their statefile entries show them. */
  readonly parts: readonly number[];
  readonly sf: StatefileState;
  /** This host's boot count (a rebooted host is a new member). */
  readonly boots: number;
  /**
   * Per host: the boot count at which this host's survival decision declared it dead (a fence
   * request in its statefile entry), or -1. A host that has rebooted since is a new member.
   */
  readonly dropped: readonly number[];
  /** Every host's boot count, as last observed. */
  readonly seenBoots: readonly number[];
  /** Live writers whose statefile entry asks this host to fence. */
  readonly fencedBy: number;
  /** Rule 2 already let this host stay up for the current statefile loss. */
  readonly sfSurvived: boolean;
  readonly disablePending: boolean;
  /** Timers running (bit flags below). */
  readonly running: number;
}

export type HostEvent =
  | { type: 'OBSERVE'; peers: number; writers: number; live: number; parts: number[]; fencedBy: number; boots: number[] }
  | { type: 'STATEFILE'; state: StatefileState }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' } | { type: 'POWER_ON' } | { type: 'REBOOTED' } | { type: 'HA_DISABLE' } | { type: 'HOST_RESET' }
  | { type: 'RECONFIGURE'; values: Record<string, unknown> };

const NET = 1;
const SF = 2;
const WD = 4;
const JOIN = 8;
const RESTART = 16;
const TIMER_NAMES: Record<number, string> = { [NET]: 'net', [SF]: 'sf', [WD]: 'wd', [JOIN]: 'join', [RESTART]: 'restart' };

const NONE: readonly Effect[] = Object.freeze([]);
const bit = (c: HostContext) => 1 << c.cfg.self;

function names(mask: number, c: HostContext): string {
  const out: string[] = [];
  for (let h = 0; h < c.cfg.ids.length; h++) if ((mask >> h) & 1) out.push(c.cfg.ids[h]);
  return `{${out.join(',')}}`;
}

function timerDiff(flag: number, desired: number, running: number, ms: number, out: Effect[] | null): Effect[] | null {
  if (desired & flag && !(running & flag)) (out ??= []).push({ do: 'startTimer', name: TIMER_NAMES[flag], ms });
  else if (!(desired & flag) && running & flag) (out ??= []).push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
  return out;
}

/**
 * Start or cancel the detection timers so they match what the host currently believes. Takes a
 * context the caller has just copied and finishes it in place (one copy per transition).
 */
function reconcile(fresh: HostContext, extra?: Effect[]): HostContext {
  const c = fresh as { -readonly [K in keyof HostContext]: HostContext[K] };
  const { cfg } = c;
  let desired = 0;
  if (c.liveset & ~(1 << cfg.self) & ~c.peers) desired |= NET;
  if (cfg.profile === 'seed-2009') {
    if (c.sf !== 'ok') desired |= SF;
  } else {
    if (c.sf === 'lost' && !c.sfSurvived) desired |= SF;
    if (c.sf === 'stalled') desired |= WD;
  }
  let out: Effect[] | null = extra ?? null;
  out = timerDiff(NET, desired, c.running, cfg.timeoutMs, out);
  out = timerDiff(SF, desired, c.running, cfg.timeoutMs, out);
  out = timerDiff(WD, desired, c.running, cfg.watchdogMs, out);
  c.running = (c.running & ~(NET | SF | WD)) | desired;
  c.out = out ?? NONE;
  return c;
}

function observed(c: HostContext, e: HostEvent): HostContext {
  if (e.type === 'OBSERVE') return { ...c, peers: e.peers, writers: e.writers, live: e.live, parts: e.parts, fencedBy: e.fencedBy, seenBoots: e.boots, out: NONE };
  if (e.type === 'STATEFILE') return { ...c, sf: e.state, sfSurvived: false, out: NONE };
  return { ...c, out: NONE };
}

/**
 * In the live state: take the news in, admit visible joiners, re-arm timers (one copy of the
 * context). A host this one declared dead is admitted again only once it has rebooted.
 */
function onNews(c: HostContext, e: HostEvent): HostContext {
  if (e.type === 'OBSERVE') {
    let dropped = c.dropped;
    let excluded = 0;
    for (let h = 0; h < dropped.length; h++) {
      const g = dropped[h];
      if (g < 0) continue;
      if (e.boots[h] > g) {
        if (dropped === c.dropped) dropped = c.dropped.slice();
        (dropped as number[])[h] = -1;
      } else {
        excluded |= 1 << h;
      }
    }
    const admitted = e.peers & e.writers & ~excluded;
    return reconcile({ ...c, peers: e.peers, writers: e.writers, live: e.live, parts: e.parts, fencedBy: e.fencedBy, seenBoots: e.boots, dropped, liveset: c.liveset | admitted });
  }
  if (e.type === 'STATEFILE') return reconcile({ ...c, sf: e.state, sfSurvived: false });
  return { ...c, out: NONE };
}

function cancelAll(c: HostContext): Effect[] {
  const out: Effect[] = [];
  for (const flag of [NET, SF, WD, JOIN, RESTART]) if (c.running & flag) out.push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
  return out;
}

function fenceReason(c: HostContext, timer: string): string {
  if (timer === 'request') return `the pool's survivors ${names(c.fencedBy, c)} declared it dead (fence request in the statefile)`;
  const t = `${c.cfg.timeoutMs / 1000} s`;
  if (timer === 'wd') return `statefile I/O stalled longer than the watchdog (${c.cfg.watchdogMs / 1000} s = T + 15 s)`;
  if (timer === 'sf') {
    return c.cfg.profile === 'seed-2009'
      ? `statefile unreachable for T = ${t}`
      : `statefile lost for T = ${t} and not every live host is visible without it (rule 2)`;
  }
  if (c.cfg.profile === 'seed-2009' && (c.peers & c.liveset) === 0) return `saw no peer on the management network for T = ${t}`;
  if (((c.writers >> c.cfg.self) & 1) === 0) return `lost peers for T = ${t} without statefile access`;
  return `not in the best partition after losing peers for T = ${t} (mine ${names(partitionOf(c.cfg.self, c.parts), c)} of ${c.parts.map((p) => names(p, c)).join(' ')})`;
}

/** Whether the expiry of a timer makes this host fence. */
function fencesOn(c: HostContext, e: HostEvent): boolean {
  if (e.type !== 'TIMER') return false;
  switch (e.name) {
    case 'wd':
      return true;
    case 'sf':
      return c.cfg.profile === 'seed-2009' || !survivesByRule2(c.cfg.self, c.liveset, c.peers, c.writers);
    case 'net':
      if (c.cfg.profile === 'seed-2009' && (c.peers & c.liveset) === 0 && count(c.liveset) > 1) return true;
      if (((c.writers >> c.cfg.self) & 1) === 0) return !survivesByRule2(c.cfg.self, c.liveset, c.peers, c.writers);
      return !survivesByRule1(c.cfg.self, c.writers, c.parts);
    default:
      return false;
  }
}

function fence(c: HostContext, e: HostEvent): HostContext {
  const name = e.type === 'TIMER' ? e.name : e.type === 'OBSERVE' ? 'request' : '';
  if (e.type === 'OBSERVE') c = { ...c, fencedBy: e.fencedBy };
  return { ...c, running: 0, out: [...cancelAll(c), { do: 'fence', rebootMs: c.cfg.rebootMs, reason: fenceReason(c, name) }] };
}

function survive(c: HostContext, e: HostEvent): HostContext {
  if (e.type !== 'TIMER') return { ...c, out: [] };
  const out: Effect[] = [];
  switch (e.name) {
    case 'net': {
      // Hosts still heard on the network are not declared dead even when they stopped writing the
      // statefile: they fence by themselves (rule 2) or recover; only silent hosts lose their VMs.
      const mine = (((c.writers >> c.cfg.self) & 1) === 0 ? c.liveset : partitionOf(c.cfg.self, c.parts) | (c.liveset & c.peers)) & (c.peers | bit(c));
      const lost = c.liveset & ~mine;
      let running = c.running & ~NET;
      const dropped = lost === 0 ? c.dropped : c.dropped.map((g, h) => ((lost >> h) & 1 ? c.seenBoots[h] : g));
      if (lost !== 0 && lowest(mine) === c.cfg.self && !(running & RESTART)) {
        out.push({ do: 'note', text: `survives with ${names(mine, c)}; restarts the VMs of ${names(lost, c)} after ${c.cfg.winnersWaitMs / 1000} s` });
        out.push({ do: 'startTimer', name: 'restart', ms: c.cfg.winnersWaitMs });
        running |= RESTART;
      }
      return reconcile({ ...c, liveset: mine, running, dropped }, out);
    }
    case 'sf':
      out.push({ do: 'note', text: 'statefile lost, but every live host is visible and lost it too: stays up (rule 2)' });
      return reconcile({ ...c, sfSurvived: true, running: c.running & ~SF }, out);
    case 'restart': {
      // Hosts the statefile shows live keep their VMs, unless this host declared them dead.
      let declaredDead = 0;
      c.dropped.forEach((g, h) => (declaredDead |= g >= 0 ? 1 << h : 0));
      return { ...c, running: c.running & ~RESTART, out: [{ do: 'restartServices', hostMask: c.liveset, ownerMask: c.live & ~declaredDead }] };
    }
    default:
      return { ...c, out: [] };
  }
}

/**
 * xha: a booting host joins when it writes the statefile and hears the live pool; when no host is
 * live, the lowest visible writer forms the pool and the others join it a heartbeat later.
 */
function canJoin(c: HostContext): boolean {
  if (c.sf !== 'ok' || ((c.writers >> c.cfg.self) & 1) === 0) return false;
  if ((c.peers & c.live) !== 0) return true;
  return (c.live & ~bit(c)) === 0 && lowest(bit(c) | (c.peers & c.writers)) === c.cfg.self;
}

/**
 * Joining the pool: protected VMs that run nowhere are restarted (the joiner's died with it). Hosts
 * the statefile still shows live keep their VMs even when the joiner cannot hear them: only the
 * pool's survival decision may declare them dead.
 */
function join(c: HostContext): HostContext {
  const liveset = bit(c) | (c.peers & (c.live | c.writers));
  const out: Effect[] = c.running & JOIN ? [{ do: 'cancelTimer', name: 'join' }] : [];
  out.push({ do: 'restartServices', hostMask: liveset, ownerMask: c.live });
  return reconcile({ ...c, liveset, running: c.running & ~JOIN, sfSurvived: false }, out);
}

/** seed-2009: HA arms at boot with the whole pool as members; missing peers start the clock again. */
function arm(c: HostContext): HostContext {
  return reconcile({ ...c, boots: c.boots + 1, fencedBy: 0, liveset: c.cfg.all, running: 0, sfSurvived: false }, [{ do: 'restartServices', hostMask: c.cfg.all }]);
}

function startJoin(c: HostContext): HostContext {
  return { ...c, boots: c.boots + 1, fencedBy: 0, running: JOIN, out: [{ do: 'startTimer', name: 'join', ms: c.cfg.joinTimeoutMs }] };
}

function stop(c: HostContext): HostContext {
  return { ...c, running: 0, out: cancelAll(c) };
}

function reconfigure(c: HostContext, e: HostEvent): HostContext {
  if (e.type !== 'RECONFIGURE' || typeof e.values.timeoutMs !== 'number') return { ...c, out: NONE };
  const timers = deriveTimers(e.values.timeoutMs);
  return { ...c, cfg: { ...c.cfg, timeoutMs: e.values.timeoutMs, watchdogMs: timers.watchdogMs, joinTimeoutMs: timers.joinTimeoutMs }, out: NONE };
}

const isSeed = (c: HostContext) => c.cfg.profile === 'seed-2009';
const store = { actions: update<HostContext, HostEvent>(observed) };
const keepConfig = { actions: update<HostContext, HostEvent>(reconfigure) };
/** HA starts on a host that has booted (after a fence or a power-on). */
const boot = [
  { target: 'disabled', cond: (c: HostContext) => c.disablePending, actions: update<HostContext, HostEvent>(stop) },
  { target: 'live', cond: isSeed, actions: update<HostContext, HostEvent>(arm) },
  { target: 'joining', actions: update<HostContext, HostEvent>(startJoin) },
];
/** Joins happen on a fresh observation (a heartbeat tick), never on stale news. */
const joinOnNews = [
  { target: 'live', cond: (c: HostContext, e: HostEvent) => canJoin(observed(c, e)), actions: update<HostContext, HostEvent>((c, e) => join(observed(c, e))) },
  store,
];
const isBootTimer = (_c: HostContext, e: HostEvent) => e.type === 'TIMER' && e.name === 'boot';
const crash = { target: 'down', actions: update<HostContext, HostEvent>(stop) };
const disable = { target: 'disabled', actions: update<HostContext, HostEvent>((c) => ({ ...stop(c), disablePending: true })) };

export const xenserverHostMachine = defineMachine<HostContext, HostEvent>({
  id: 'xenserver-host',
  initial: 'live',
  states: {
    live: {
      on: {
        OBSERVE: [
          { target: 'fenced', cond: (_c, e) => e.type === 'OBSERVE' && e.fencedBy !== 0, actions: update(fence) },
          { actions: update(onNews) },
        ],
        STATEFILE: { actions: update(onNews) },
        TIMER: [
          { target: 'fenced', cond: fencesOn, actions: update(fence) },
          { actions: update(survive) },
        ],
        CRASH: crash,
        HA_DISABLE: disable,
        RECONFIGURE: { actions: update((c, e) => reconcile(reconfigure(c, e))) },
      },
    },
    joining: {
      on: {
        OBSERVE: joinOnNews,
        STATEFILE: store,
        TIMER: [{ target: 'excluded', cond: (_c, e) => e.type === 'TIMER' && e.name === 'join', actions: update((c) => ({ ...c, running: 0, out: [{ do: 'note', text: 'cannot join the pool within the join timeout; HA stays off on this host' }] })) }],
        CRASH: crash,
        HA_DISABLE: disable,
        RECONFIGURE: keepConfig,
      },
    },
    excluded: {
      on: { OBSERVE: joinOnNews, STATEFILE: store, CRASH: crash, HA_DISABLE: disable, RECONFIGURE: keepConfig },
    },
    fenced: {
      on: {
        REBOOTED: boot,
        OBSERVE: store,
        STATEFILE: store,
        CRASH: crash,
        HA_DISABLE: { actions: update((c) => ({ ...c, disablePending: true, out: [] })) },
        RECONFIGURE: keepConfig,
      },
    },
    down: {
      on: {
        POWER_ON: { target: 'booting', actions: update((c) => ({ ...c, running: 0, out: [{ do: 'startTimer', name: 'boot', ms: c.cfg.rebootMs }] })) },
        OBSERVE: store,
        STATEFILE: store,
        HA_DISABLE: { actions: update((c) => ({ ...c, disablePending: true, out: [] })) },
        RECONFIGURE: keepConfig,
      },
    },
    booting: {
      on: {
        TIMER: boot.map((t) => ({ ...t, cond: (c: HostContext, e: HostEvent) => isBootTimer(c, e) && (t.cond === undefined || t.cond(c)) })),
        OBSERVE: store,
        STATEFILE: store,
        CRASH: crash,
        HA_DISABLE: { actions: update((c) => ({ ...c, disablePending: true, out: [] })) },
        RECONFIGURE: keepConfig,
      },
    },
    disabled: {
      on: { OBSERVE: store, STATEFILE: store, CRASH: { target: 'down', actions: update(stop) }, RECONFIGURE: keepConfig },
    },
  },
});

export function initialHostContext(self: number, ids: readonly string[], all: number, profile: Profile, timeoutMs: number, winnersWaitMs: number, rebootMs: number): HostContext {
  const t = deriveTimers(timeoutMs);
  return {
    out: NONE,
    cfg: { self, ids, all, profile, timeoutMs, watchdogMs: t.watchdogMs, joinTimeoutMs: t.joinTimeoutMs, winnersWaitMs, rebootMs },
    boots: 0, dropped: ids.map(() => -1), seenBoots: ids.map(() => 0), fencedBy: 0,
    liveset: all, peers: all & ~(1 << self), writers: all, live: all, parts: [all], sf: 'ok', sfSurvived: false, disablePending: false, running: 0,
  };
}
