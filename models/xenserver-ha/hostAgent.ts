// One XenServer host's HA daemon (xhad) as a state machine. It believes what its heartbeats and
// the statefile tell it (OBSERVE, ACCESS), what its multipath tells it about statefile I/O
// (STATEFILE), and its own timers; it fences itself when the survival rules of its profile say so.
// The pool master among the live hosts restarts VMs (master.ts); no other host does.
import type { Effect } from '../../harness/engine/effects.js';
import { defineMachine, update } from '../../harness/engine/fsm.js';
import {
  difference,
  EMPTY_HOSTS,
  hasHost,
  type HostSet,
  intersection,
  intersects,
  isEmptyHosts,
  union,
  withHost,
  withoutHost,
} from '../../harness/engine/hostSet.js';
import { xhaTimers } from './config.js';
import * as hc from './hostContext.js';
import type { HostContext, HostEvent } from './hostContext.js';
import * as ms from './master.js';
import * as sv from './survival.js';

export { initialHostContext, type HostContext, type HostEvent, type StatefileState } from './hostContext.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Local bindings: this module's transitions are the simulator's hottest code.
const { ACC, ALL_TIMERS, bit, JOIN, names, NET, NONE, RETRY, sealed, SF, START_RETRY_MS, TIMER_NAMES, WAIT, WD } = hc;
const { becomeMaster, DECLARATION_PASS, RETRY_PASS, restartPass, takesLock } = ms;
const { count, lowest, partitionOf, partitions, survivesByRule1, survivesByRule2 } = sv;

const withBit = (mask: HostSet, h: number, on: boolean | number): HostSet =>
  on ? withHost(mask, h) : withoutHost(mask, h);

function timerDiff(flag: number, desired: number, running: number, ms: number, out: Effect[] | null): Effect[] | null {
  if (desired & flag && !(running & flag)) (out ??= []).push({ do: 'startTimer', name: TIMER_NAMES[flag], ms });
  else if (!(desired & flag) && running & flag) (out ??= []).push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
  return out;
}

/**
 * Start or cancel the detection timers so they match what the host currently believes, and take
 * the master lock when it is free. Takes a context the caller has just copied and finishes it in
 * place (one copy per transition).
 */
function reconcile(fresh: HostContext, extra?: Effect[]): HostContext {
  const c = fresh as Mutable<HostContext>;
  const { cfg } = c;
  let desired = 0;
  if (!isEmptyHosts(difference(withoutHost(c.liveset, cfg.self), c.peers))) desired |= NET;
  if (cfg.profile === 'seed-2009') {
    if (c.sf !== 'ok') desired |= SF;
  } else {
    if (c.sf === 'lost' && !c.sfSurvived) desired |= SF;
    if (c.sf === 'stalled') desired |= WD;
    // Statefile-loss detection T2 = T: until it expires the host still counts as a writer.
    if (c.sf !== 'ok' && c.access) desired |= ACC;
  }
  let out: Effect[] | null = extra ?? null;
  out = timerDiff(NET, desired, c.running, cfg.timeoutMs, out);
  out = timerDiff(SF, desired, c.running, cfg.timeoutMs, out);
  out = timerDiff(WD, desired, c.running, cfg.watchdogMs, out);
  out = timerDiff(ACC, desired, c.running, cfg.timeoutMs, out);
  c.running = (c.running & ~(NET | SF | WD | ACC)) | desired;
  if (takesLock(c)) {
    c.master = true;
    (out ??= []).push(...tellPeers(c, 'LOCK', true), ...becomeMaster(c));
  }
  c.out = out ?? NONE;
  return sealed(c);
}

/** Tell every other host at once that this host's statefile access or lock changed (they read its entry). */
function tellPeers(c: HostContext, type: 'ACCESS' | 'LOCK', on: boolean): Effect[] {
  const out: Effect[] = [];
  c.cfg.ids.forEach(
    (id, h) => h !== c.cfg.self && out.push({ do: 'send', to: id, event: { type, host: c.cfg.self, on: on ? 1 : 0 } }),
  );
  return out;
}

const announce = (c: HostContext, access: boolean): Effect[] => tellPeers(c, 'ACCESS', access);

type Observation = Extract<HostEvent, { type: 'OBSERVE' }>;

/**
 * The context with an observation taken in: every field written out, in the order
 * `initialHostContext` gives them (the same object a spread makes, built without one: this copy is
 * made for nearly every event a host sees).
 */
function withObservation(
  c: HostContext,
  e: Observation,
  seenBoots: readonly number[],
  dropped: readonly number[],
  liveset: HostSet,
  out: readonly Effect[],
): HostContext {
  const n = copy(c);
  n.out = out;
  n.dropped = dropped;
  n.seenBoots = seenBoots;
  n.fencedBy = e.fencedBy;
  n.liveset = liveset;
  n.peers = e.peers;
  n.writers = e.writers;
  n.live = e.live;
  n.hears = e.hears;
  n.masters = e.masters;
  n.claimedBy = e.claimedBy;
  return n;
}

/**
 * A copy of the context, every field written out in the order `initialHostContext` gives them (the
 * object a spread makes). Hot reducers copy with this and set what they change: a spread followed
 * by overrides costs several times more.
 */
function copy(c: HostContext): Mutable<HostContext> {
  return {
    out: c.out,
    cfg: c.cfg,
    boots: c.boots,
    dropped: c.dropped,
    seenBoots: c.seenBoots,
    fencedBy: c.fencedBy,
    liveset: c.liveset,
    pending: c.pending,
    peers: c.peers,
    writers: c.writers,
    live: c.live,
    hears: c.hears,
    masters: c.masters,
    claimedBy: c.claimedBy,
    sf: c.sf,
    access: c.access,
    master: c.master,
    sfSurvived: c.sfSurvived,
    disablePending: c.disablePending,
    running: c.running,
    entry: c.entry,
  };
}

/** A copy with two fields changed. */
function with2<A extends keyof HostContext, B extends keyof HostContext>(
  c: HostContext,
  a: A,
  va: HostContext[A],
  b: B,
  vb: HostContext[B],
): Mutable<HostContext> {
  const n = copy(c);
  n[a] = va;
  n[b] = vb;
  return n;
}

/** A copy with no effects (news stored, nothing done). */
function quiet(c: HostContext): Mutable<HostContext> {
  const n = copy(c);
  n.out = NONE;
  return n;
}

/** Outside the live state: store the news; statefile access is simply whether I/O works. */
function observed(c: HostContext, e: HostEvent): HostContext {
  switch (e.type) {
    case 'OBSERVE':
      return withObservation(c, e, e.boots, c.dropped, c.liveset, NONE);
    case 'STATEFILE': {
      const n = quiet(c);
      n.sf = e.state;
      n.access = e.state === 'ok';
      n.sfSurvived = false;
      return sealed(n);
    }
    case 'ACCESS': {
      const n = quiet(c);
      n.writers = withBit(c.writers, e.host, e.on);
      return n;
    }
    case 'LOCK': {
      const n = quiet(c);
      n.masters = withBit(c.masters, e.host, e.on);
      return n;
    }
    case 'JOINED': {
      const n = quiet(c);
      n.live = withHost(c.live, e.host);
      return n;
    }
    default:
      return quiet(c);
  }
}

/**
 * The boot counts a decision would record: a member that is not live (it crashed and is booting
 * again, its packets ignored) is still the member it was, in the boot it was a member with.
 */
function memberBoots(c: HostContext, e: Observation): readonly number[] {
  const frozen = difference(difference(union(c.liveset, c.pending), e.live), bit(c));
  if (isEmptyHosts(frozen)) return e.boots;
  return e.boots.map((b, h) => (hasHost(frozen, h) ? c.seenBoots[h] : b));
}

/**
 * In the live state: take the news in, admit joined hosts, re-arm timers (one copy of the
 * context). A host this one declared dead is admitted again only once it has rebooted. The master
 * retries protected VMs when a host joins (it brings room) or a member is back in a new boot (its
 * xapi marks the VMs it lost halted).
 */
function onNews(c: HostContext, e: HostEvent): HostContext {
  if (e.type === 'OBSERVE') {
    let dropped = c.dropped;
    let excluded: HostSet = EMPTY_HOSTS;
    for (let h = 0; h < dropped.length; h++) {
      const g = dropped[h];
      if (g < 0) continue;
      if (e.boots[h] > g) {
        if (dropped === c.dropped) dropped = c.dropped.slice();
        (dropped as number[])[h] = -1;
      } else {
        excluded = withHost(excluded, h);
      }
    }
    const admitted = difference(
      difference(intersection(intersection(e.peers, e.writers), e.live), excluded),
      c.liveset,
    );
    const next = withObservation(c, e, memberBoots(c, e), dropped, union(c.liveset, admitted), c.out);
    // A member back live in a new boot (seed-2009 re-arms at once) reported its VMs halted.
    let rebooted: HostSet = EMPTY_HOSTS;
    for (let h = 0; h < e.boots.length; h++)
      if (e.boots[h] > c.seenBoots[h] && hasHost(c.liveset, h) && hasHost(e.live, h)) rebooted = withHost(rebooted, h);
    return reconcile(
      next,
      c.master && !isEmptyHosts(union(admitted, rebooted)) ? restartPass(next, RETRY_PASS) : undefined,
    );
  }
  if (e.type === 'STATEFILE') {
    // I/O that works again makes the host a writer at once; a loss counts only after T.
    const access = e.state === 'ok' ? true : c.access;
    const n = copy(c);
    n.sf = e.state;
    n.sfSurvived = false;
    n.access = access;
    n.writers = withBit(c.writers, c.cfg.self, access);
    return reconcile(n, access !== c.access ? announce(c, access) : undefined);
  }
  if (e.type === 'ACCESS') {
    const n = copy(c);
    n.writers = withBit(c.writers, e.host, e.on);
    return reconcile(n);
  }
  if (e.type === 'LOCK') {
    const n = copy(c);
    n.masters = withBit(c.masters, e.host, e.on);
    return reconcile(n);
  }
  if (e.type === 'JOINED') return admit(c, e.host, e.boot);
  return quiet(c);
}

/**
 * A host joined: the members add it at once (unless this host declared it dead in that very boot);
 * the master retries protected VMs (the joiner brings room).
 */
function admit(c: HostContext, h: number, boot: number): HostContext {
  const live = withHost(c.live, h);
  if (c.dropped[h] >= 0 && boot <= c.dropped[h]) {
    const n = copy(c);
    n.live = live;
    return reconcile(n);
  }
  const dropped = c.dropped[h] >= 0 ? c.dropped.map((g, j) => (j === h ? -1 : g)) : c.dropped;
  const seenBoots = c.seenBoots[h] === boot ? c.seenBoots : c.seenBoots.map((b, j) => (j === h ? boot : b));
  const next = copy(c);
  next.live = live;
  next.writers = withHost(c.writers, h);
  next.liveset = withHost(c.liveset, h);
  next.dropped = dropped;
  next.seenBoots = seenBoots;
  return reconcile(next, c.master && !hasHost(c.liveset, h) ? restartPass(next, RETRY_PASS) : undefined);
}

function cancelAll(c: HostContext): Effect[] {
  const out: Effect[] = [];
  for (const flag of ALL_TIMERS) if (c.running & flag) out.push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
  return out;
}

/**
 * The members' statefile writers split into partitions by whom each hears (xha sm.c weighs the
 * heartbeat and statefile domains within the current liveset). A host still joining does not weigh in.
 */
const memberParts = (c: HostContext): HostSet[] =>
  partitions(intersection(c.writers, union(c.liveset, bit(c))), c.hears);

function fenceReason(c: HostContext, timer: string): string {
  if (timer === 'request')
    return `the pool's survivors ${names(c.fencedBy, c)} declared it dead (fence request in the statefile)`;
  const t = `${c.cfg.timeoutMs / 1000} s`;
  if (timer === 'wd') return `statefile I/O stalled longer than the watchdog (${c.cfg.watchdogMs / 1000} s = T + 15 s)`;
  if (timer === 'sf') {
    return c.cfg.profile === 'seed-2009'
      ? `statefile unreachable for T = ${t}`
      : `statefile lost for T = ${t} and not every live host is visible without it (rule 2)`;
  }
  if (c.cfg.profile === 'seed-2009' && !intersects(c.peers, c.liveset))
    return `saw no peer on the management network for T = ${t}`;
  if (!c.access) return `lost peers for T = ${t} without statefile access`;
  const parts = memberParts(c);
  return `not in the best partition after losing peers for T = ${t} (mine ${names(partitionOf(c.cfg.self, parts), c)} of ${parts.map((p) => names(p, c)).join(' ')})`;
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
      if (c.cfg.profile === 'seed-2009' && !intersects(c.peers, c.liveset) && count(c.liveset) > 1) return true;
      if (!c.access) return !survivesByRule2(c.cfg.self, c.liveset, c.peers, c.writers);
      return !survivesByRule1(c.cfg.self, c.writers, memberParts(c));
    default:
      return false;
  }
}

function fence(c: HostContext, e: HostEvent): HostContext {
  const name = e.type === 'TIMER' ? e.name : e.type === 'OBSERVE' ? 'request' : '';
  if (e.type === 'OBSERVE') c = { ...c, fencedBy: e.fencedBy };
  return sealed({
    ...c,
    running: 0,
    master: false,
    out: [...cancelAll(c), { do: 'fence', rebootMs: c.cfg.rebootMs, reason: fenceReason(c, name) }],
  });
}

/**
 * Surviving a loss of peers: the hosts outside this host's partition leave the pool after the
 * winners' wait (xha daemon/sm.c fault handler, phase 4), longer by T when one of them is still
 * heard or still writes the statefile (it may not have fenced yet). Hosts still heard on the
 * network are not declared dead even when they stopped writing the statefile: they fence by
 * themselves (rule 2) or recover; only silent hosts lose their VMs.
 */
function dropLost(c: HostContext): HostContext {
  const mine = intersection(
    !c.access ? c.liveset : union(partitionOf(c.cfg.self, memberParts(c)), intersection(c.liveset, c.peers)),
    union(c.peers, bit(c)),
  );
  const lost = difference(c.liveset, mine);
  let running = c.running & ~NET;
  if (isEmptyHosts(lost)) {
    const n = copy(c);
    n.running = running;
    return reconcile(n);
  }
  const out: Effect[] = [];
  const seen = intersection(lost, union(c.peers, c.writers));
  const waitMs = c.cfg.winnersWaitMs + (!isEmptyHosts(seen) ? c.cfg.timeoutMs : 0);
  const why = !isEmptyHosts(seen)
    ? `${c.cfg.winnersWaitMs / 1000} s + T = ${waitMs / 1000} s: ${names(seen, c)} still seen`
    : `${waitMs / 1000} s`;
  out.push({
    do: 'note',
    text: `survives with ${names(mine, c)}; ${names(lost, c)} leave the pool after the winners' wait (${why})`,
  });
  if (running & WAIT) out.push({ do: 'cancelTimer', name: 'wait' });
  out.push({ do: 'startTimer', name: 'wait', ms: waitMs });
  running |= WAIT;
  const dropped = c.dropped.map((g, h) => (hasHost(lost, h) ? c.seenBoots[h] : g));
  const n = copy(c);
  n.liveset = mine;
  n.pending = union(c.pending, lost);
  n.running = running;
  n.dropped = dropped;
  return reconcile(n, out);
}

function survive(c: HostContext, e: HostEvent): HostContext {
  if (e.type !== 'TIMER') return quiet(c);
  switch (e.name) {
    case 'net':
      return dropLost(c);
    case 'sf':
      return reconcile(with2(c, 'sfSurvived', true, 'running', c.running & ~SF), [
        { do: 'note', text: 'statefile lost, but every live host is visible and lost it too: stays up (rule 2)' },
      ]);
    case 'access':
      return reconcile(
        { ...c, access: false, writers: withBit(c.writers, c.cfg.self, false), running: c.running & ~ACC },
        announce(c, false),
      );
    case 'wait': {
      // The liveset drops the lost hosts: the master restarts their VMs (a new one is elected if it left).
      const next = with2(c, 'pending', EMPTY_HOSTS, 'running', c.running & ~WAIT);
      return reconcile(next, c.master ? restartPass(next, DECLARATION_PASS) : undefined);
    }
    default:
      return quiet(c);
  }
}

/**
 * xha: a booting host joins when it writes the statefile, no live host still counts it as a
 * member (xha daemon/sm.c: it waits until every host recognises it was down), and it hears the
 * live pool; when no host is live, the lowest visible writer forms the pool.
 */
function canJoin(c: HostContext, e: HostEvent): boolean {
  if (e.type !== 'OBSERVE' || c.sf !== 'ok' || e.claimedBy !== 0) return false;
  if (intersects(e.peers, e.live)) return true;
  return (
    isEmptyHosts(difference(e.live, bit(c))) && lowest(union(bit(c), intersection(e.peers, e.writers))) === c.cfg.self
  );
}

/**
 * Joining the pool starts no VM: the master restarts what runs nowhere. The joiner's members are
 * the live hosts it hears or sees write the statefile: only a survival decision drops a member.
 */
function join(c: HostContext): HostContext {
  const out: Effect[] = c.running & JOIN ? [{ do: 'cancelTimer', name: 'join' }] : [];
  c.cfg.ids.forEach(
    (id, h) =>
      h !== c.cfg.self && out.push({ do: 'send', to: id, event: { type: 'JOINED', host: c.cfg.self, boot: c.boots } }),
  );
  return reconcile(
    {
      ...c,
      liveset: union(bit(c), intersection(c.live, union(c.peers, c.writers))),
      pending: EMPTY_HOSTS,
      access: true,
      running: c.running & ~JOIN,
      sfSurvived: false,
    },
    out,
  );
}

/** A freshly booted xhad: a new member with no fence requests and no lock. */
function booted(c: HostContext): HostContext {
  return {
    ...c,
    boots: c.boots + 1,
    fencedBy: 0,
    dropped: c.dropped.map(() => -1),
    pending: 0,
    master: false,
    access: c.sf === 'ok',
    sfSurvived: false,
  };
}

/** seed-2009: HA arms at boot with the whole pool as members; missing peers start the clock again. */
function arm(c: HostContext): HostContext {
  return reconcile({ ...booted(c), liveset: c.cfg.all, running: 0 });
}

/** xha: a booting host is no member of anything until it joins. */
function startJoin(c: HostContext): HostContext {
  return sealed({
    ...booted(c),
    liveset: 0,
    running: JOIN,
    out: [{ do: 'startTimer', name: 'join', ms: c.cfg.joinTimeoutMs }],
  });
}

/** xhad gives up joining (it would abort); xapi starts it again 10 s later. */
function giveUp(c: HostContext): HostContext {
  const out: Effect[] = [
    {
      do: 'note',
      text: `cannot join the pool within the join timeout; xapi starts HA again in ${START_RETRY_MS / 1000} s`,
    },
    { do: 'startTimer', name: 'retry', ms: START_RETRY_MS },
  ];
  return { ...c, running: RETRY, out };
}

function stop(c: HostContext): HostContext {
  const n = copy(c);
  n.running = 0;
  n.master = false;
  n.out = cancelAll(c);
  return sealed(n);
}

function reconfigure(c: HostContext, e: HostEvent): HostContext {
  if (e.type !== 'RECONFIGURE' || e.values.timeoutMs === undefined) return { ...c, out: NONE };
  const t = xhaTimers({ timeoutMs: e.values.timeoutMs, winnersWaitMs: e.values.winnersWaitMs ?? c.cfg.winnersWaitMs });
  return {
    ...c,
    cfg: {
      ...c.cfg,
      timeoutMs: t.timeoutMs,
      watchdogMs: t.watchdogMs,
      joinTimeoutMs: t.joinTimeoutMs,
      winnersWaitMs: t.winnersWaitMs,
    },
    out: NONE,
  };
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
  { target: 'live', cond: canJoin, actions: update<HostContext, HostEvent>((c, e) => join(observed(c, e))) },
  store,
];
const isBootTimer = (_c: HostContext, e: HostEvent) => e.type === 'TIMER' && e.name === 'boot';
const crash = { target: 'down', actions: update<HostContext, HostEvent>(stop) };
const disable = {
  target: 'disabled',
  actions: update<HostContext, HostEvent>((c) => ({ ...stop(c), disablePending: true })),
};
const noteDisable = { actions: update<HostContext, HostEvent>((c) => ({ ...c, disablePending: true, out: NONE })) };
const news = { OBSERVE: store, STATEFILE: store, ACCESS: store, LOCK: store, JOINED: store, RECONFIGURE: keepConfig };

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
        ACCESS: { actions: update(onNews) },
        LOCK: { actions: update(onNews) },
        JOINED: { actions: update(onNews) },
        TIMER: [{ target: 'fenced', cond: fencesOn, actions: update(fence) }, { actions: update(survive) }],
        CRASH: crash,
        HA_DISABLE: disable,
        RECONFIGURE: { actions: update((c, e) => reconcile(reconfigure(c, e))) },
      },
    },
    joining: {
      on: {
        ...news,
        OBSERVE: joinOnNews,
        TIMER: [
          { target: 'excluded', cond: (_c, e) => e.type === 'TIMER' && e.name === 'join', actions: update(giveUp) },
        ],
        CRASH: crash,
        HA_DISABLE: disable,
      },
    },
    excluded: {
      on: {
        ...news,
        TIMER: [
          { target: 'joining', cond: (_c, e) => e.type === 'TIMER' && e.name === 'retry', actions: update(startJoin) },
        ],
        CRASH: crash,
        HA_DISABLE: disable,
      },
    },
    fenced: { on: { ...news, REBOOTED: boot, CRASH: crash, HA_DISABLE: noteDisable } },
    down: {
      on: {
        ...news,
        POWER_ON: {
          target: 'booting',
          actions: update((c) => ({ ...c, running: 0, out: [{ do: 'startTimer', name: 'boot', ms: c.cfg.rebootMs }] })),
        },
        HA_DISABLE: noteDisable,
      },
    },
    booting: {
      on: {
        ...news,
        TIMER: boot.map((t) => ({
          ...t,
          cond: (c: HostContext, e: HostEvent) => isBootTimer(c, e) && (t.cond === undefined || t.cond(c)),
        })),
        CRASH: crash,
        HA_DISABLE: noteDisable,
      },
    },
    disabled: { on: { ...news, CRASH: { target: 'down', actions: update(stop) } } },
  },
});
