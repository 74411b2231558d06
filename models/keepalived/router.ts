// One keepalived VRRP router as a state machine whose adverts are edge-triggered. A MASTER sends an
// advert as an event only when its advert timer restarts (it becomes MASTER, answers an advert,
// resumes from a pause); the periodic ones in between follow every advert_int from that instant,
// its *phase*, and every router works them out arithmetically from the phases it senses
// (sense.ts): what keepalived's packet-by-packet exchange would have done to its master-down and
// preempt_delay timers up to the event at hand. A router is woken (one real timer, `wake`) only for
// what an advert or a timer may change: a master-down timer no accepted advert will restart, the
// end of a preempt_delay, another MASTER's next advert. The reactions themselves are vrrp.ts, the
// same for an advert received as an event and for one worked out. The order of same-instant events
// is the packet model's: see docs/models/keepalived.md ("How adverts are modelled").
import type { Effect } from '../../harness/engine/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../harness/engine/fsm.js';
import {
  accepts,
  ADVERT,
  DOWN_TIMER,
  PREEMPT,
  react,
  ROLES,
  type Role,
  type VrrpEvent,
  type VrrpSettings,
  type VrrpState,
  type VrrpStep,
} from './vrrp.js';

export { ROLES, type Role } from './vrrp.js';

export interface RouterSettings extends VrrpSettings {
  /** This router's agent id. */
  readonly id: string;
  /** Every router's priority, by router index: what its adverts carry. */
  readonly priorities: readonly number[];
}

export interface RouterContext extends EffectfulContext, VrrpState {
  readonly cfg: RouterSettings;
  /** MASTER: the instant its advert timer last started (adverts then every advert_int); else -1. */
  readonly phaseMs: number;
  /** Not MASTER: the first instant at which it sent no periodic advert any more. */
  readonly silentFromMs: number;
  /** The master-down timer as the packet model has it: due instant and start instant (-1: none). */
  readonly downDueMs: number;
  readonly downSetMs: number;
  /** The key of what last restarted it (see Virtual): orders it among timers set at the same instant. */
  readonly downCause: readonly number[];
  /** The preempt_delay timer, likewise. */
  readonly preemptDueMs: number;
  readonly preemptSetMs: number;
  readonly preemptCause: readonly number[];
  /** Per router: the phase of a MASTER whose adverts reach this one, else -1. */
  readonly streams: readonly number[];
  /**
   * Per router: the latest phase an advert event showed, heard or not (a paused router's held
   * observations may predate it).
   */
  readonly seenPhases: readonly number[];
  /** … and the key of what sent that advert (see Virtual). */
  readonly seenCauses: readonly (readonly number[])[];
  /** Adverts and timers up to this instant are accounted for… */
  readonly doneMs: number;
  /** … and at this one (-1: none), those of `partSkip` (bits: master-down, preempt_delay, router 0, 1, …). */
  readonly partMs: number;
  readonly partSkip: number;
  /** The real `wake` timer's instant (-1: none). */
  readonly wakeMs: number;
  /** Paused since this instant (its backlog is replayed when it resumes); -1. */
  readonly pausedSinceMs: number;
  /** Last sensed: the host has power (-1: nothing sensed yet). */
  readonly powered: number;
}

/** Sensed: carrier, who reaches it, and the other routers' adverts (sense.ts). */
export interface LinkEvent {
  readonly [field: string]: unknown;
  readonly type: 'LINK';
  readonly carrier: number;
  readonly heard: number;
  readonly powered: number;
  readonly frozen: number;
  /** Per router: the phase of a MASTER whose adverts reach this one, else -1 (absent while off). */
  readonly phases?: readonly number[];
  /** Per router not advertising to this one: the instant its adverts stopped reaching it (sense.ts). */
  readonly silentFrom?: readonly number[];
  readonly at: number;
  /** Sensed while this router was paused, at this instant (the engine's `clocked`). */
  readonly heldSinceMs?: number;
}

export type RouterEvent =
  | LinkEvent
  | AdvertEvent
  | { type: 'TIMER'; name: string; at: number; heldSinceMs?: number }
  | SignalEvent
  | {
      type: 'RESUMED' | 'PAUSED' | 'HOST_RESET' | 'HA_DISABLE' | 'APP_CRASH' | 'OPERATOR' | 'RECONFIGURE';
      at: number;
      heldSinceMs?: number;
    };

const WAKE = 'wake';

/** `silentFrom` (sense.ts) for a MASTER whose adverts stop at the instant sensed: the one due then went out. */
export const LOST_AFTER_NOW = -1;
/** … and for a paused one: the one due then waits for the resume. */
export const PAUSED_NOW = -2;

/** A fault's signal to the router's host or daemon. */
interface SignalEvent {
  readonly [field: string]: unknown;
  readonly type: 'CRASH' | 'POWER_ON' | 'STOP' | 'START';
  readonly at: number;
  readonly heldSinceMs?: number;
}

/**
 * What was worked out so far acted: hand the event to this router again, to be handled in a step of
 * its own after these effects (the packet model handled it after them too).
 */
function again(d: Draft, e: { readonly [field: string]: unknown; readonly type: string }): Next {
  d.out.push({ do: 'send', to: d.cfg.id, event: e });
  return { value: d.role, context: d };
}

type Draft = { -readonly [K in keyof RouterContext]: RouterContext[K] } & { out: Effect[] };

function draft(c: RouterContext): Draft {
  return { ...c, out: [] };
}

function tickPeriod(d: Draft): number {
  return d.cfg.advertIntMs;
}

/** The first advert of a phase after `afterMs` (never the phase's own, which was an event). */
function nextTick(phaseMs: number, afterMs: number, periodMs: number): number {
  const k = Math.max(1, Math.floor((afterMs - phaseMs) / periodMs) + 1);
  return phaseMs + k * periodMs;
}

/**
 * A worked-out event, with what ordered it in the packet model's queue: its instant, then `key`,
 * compared element by element: when it was queued, then the key of what queued it, then the router
 * whose step queued it (the receivers of one advert take it in router order), then adverts before
 * master-down before preempt_delay timers (the order in which one step queued them). `rank`: 0 an advert of router `who`, 1 the master-down timer,
 * 2 the preempt_delay timer. Real events carry the key of their cause: a fault comes before
 * everything at its instant (a resumed router's backlog too, in the order it arrived), what is
 * sensed after.
 */
interface Virtual {
  readonly atMs: number;
  readonly rank: number;
  readonly who: number;
  readonly key: readonly number[];
}

/** Above any router index: a slot below zero is the router whose step caused the others' (see slot). */
const OWNER = 16;

/** The router whose step queued what a key orders (-1: a fault's, a sensing's or a replayed event's key). */
function ownerOf(key: readonly number[]): number {
  if (key.length < 3) return -1;
  const s = key[key.length - 2];
  return s < 0 ? s + OWNER : s;
}

/**
 * Where router `who`'s timer comes among those queued at one instant for one cause: the router that
 * caused it first (it queues its own timers before its sends are delivered), then the receivers of
 * its sends in router order (the order it sends in).
 */
function slot(who: number, cause: readonly number[]): number {
  const owner = ownerOf(cause);
  // A fault, a sensing or a replayed event reaches the router it happens to: that one's step.
  return who === owner || owner < 0 ? who - OWNER : who;
}

/** What a send carries as its cause: the step's key, which names the sender when it does not yet. */
function sentCause(key: readonly number[], self: number): readonly number[] {
  return ownerOf(key) < 0 ? [...key, self - OWNER, 0] : key;
}

function keyBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

const before = (a: Virtual, b: Virtual) => a.atMs < b.atMs || (a.atMs === b.atMs && keyBefore(a.key, b.key));

const faultAt = (atMs: number): Virtual => ({ atMs, rank: 0, who: -1, key: [-1] });
/** In a resumed router's backlog: at the resume, in the order of arrival. */
const replayedAt = (atMs: number, arrivedMs: number): Virtual => ({ atMs, rank: 0, who: -1, key: [-1, arrivedMs] });
/** After everything queued before (a finite number: keys travel in events, which are JSON). */
const LAST = Number.MAX_SAFE_INTEGER;
const sensedAt = (atMs: number): Virtual => ({ atMs, rank: 0, who: -1, key: [LAST] });
const inclusive = (v: Virtual) => v.key[0] === LAST;
/** Router `who`'s periodic advert at `atMs`: its timer was queued one advert interval before. */
const tickAt = (atMs: number, periodMs: number, who: number): Virtual => ({
  atMs,
  rank: 0,
  who,
  // Queued by the previous advert's step, itself queued one interval before that.
  key: [atMs - periodMs, atMs - 2 * periodMs, who - OWNER, 0],
});

/**
 * Router j's advert at `atMs`: the first one after an advert event was queued by that event's step,
 * before its sends (so before what they caused): its key follows from the event's cause.
 */
function streamTick(d: Draft, atMs: number, j: number): Virtual {
  const period = tickPeriod(d);
  if (atMs - period !== d.seenPhases[j]) return tickAt(atMs, period, j);
  return { atMs, rank: 0, who: j, key: [atMs - period, ...d.seenCauses[j], slot(j, d.seenCauses[j]), 0] };
}

/**
 * Router j's first advert after `afterMs` on the stream this router knows: its sensed phase, unless
 * an advert event showed a later one (a paused router's held observation predates it).
 */
function nextStreamTick(d: Draft, j: number, afterMs: number): number {
  const phase = d.streams[j];
  const period = tickPeriod(d);
  const t = nextTick(phase, afterMs, period);
  const newer = d.seenPhases[j];
  return newer > phase && t >= newer ? nextTick(newer, afterMs, period) : t;
}

/**
 * Carries out a VRRP step at `atMs`: timers become instants in the context, sends and the VIP go
 * out as effects. A send carries its instant (the receiver's phase of the sender) and its cause.
 */
function apply(d: Draft, s: VrrpStep, atMs: number, cause: Virtual): void {
  const wasMaster = d.role === 'MASTER';
  const phase = d.phaseMs;
  d.role = s.role;
  d.carrier = s.carrier;
  d.heard = s.heard;
  d.preemptState = s.preemptState;
  for (const ef of s.out) {
    if (ef.do === 'startTimer' || ef.do === 'cancelTimer') {
      const due = ef.do === 'startTimer' ? atMs + ef.ms : -1;
      if (ef.name === DOWN_TIMER) [d.downDueMs, d.downSetMs, d.downCause] = [due, atMs, cause.key];
      else if (ef.name === PREEMPT) [d.preemptDueMs, d.preemptSetMs, d.preemptCause] = [due, atMs, cause.key];
      else if (ef.name === ADVERT) d.phaseMs = due < 0 ? -1 : atMs;
    } else if (ef.do === 'send') {
      d.out.push({ do: 'send', to: ef.to, event: { ...ef.event, cause: sentCause(cause.key, d.cfg.self) } });
    } else d.out.push(ef);
  }
  if (wasMaster && d.role !== 'MASTER') {
    // Silent from now, unless its own advert due now went out before what made it leave.
    const own = tickAt(cause.atMs, d.cfg.advertIntMs, d.cfg.self);
    d.silentFromMs =
      ownAdvertAt(phase, d.cfg.advertIntMs, cause.atMs) && before(own, cause) ? cause.atMs + 1 : cause.atMs;
  }
}

/** The earliest worked-out event after `doneMs` and before `limit` (adverts of router j before `ends[j]`). */
function nextVirtual(d: Draft, limit: Virtual, ends: readonly number[] | null, skip: number): Virtual | null {
  // The earliest instant first (no keys built for what comes later), then the key among those at it.
  const after = d.doneMs;
  const period = tickPeriod(d);
  const self = d.cfg.self;
  const down = d.downDueMs > after && (skip & 1) === 0 ? d.downDueMs : Infinity;
  const preempt = d.preemptDueMs > after && (skip & 2) === 0 ? d.preemptDueMs : Infinity;
  let at = Math.min(down, preempt);
  const ticks = TICKS;
  for (let j = 0; j < d.streams.length; j++) {
    ticks[j] = Infinity;
    if (d.streams[j] < 0 || (skip >> (j + 2)) & 1) continue;
    const t = nextStreamTick(d, j, after);
    if (ends === null || t < ends[j]) [ticks[j], at] = [t, Math.min(at, t)];
  }
  // A paused MASTER's own next advert: its timer expired during the pause and fires on resume.
  if (d.role === 'MASTER' && d.pausedSinceMs >= 0 && d.phaseMs >= 0 && ((skip >> (self + 2)) & 1) === 0) {
    ticks[self] = nextTick(d.phaseMs, Math.max(after, d.pausedSinceMs - 1), period);
    at = Math.min(at, ticks[self]);
  }
  if (at === Infinity || at > limit.atMs) return null;
  let best: Virtual | null = null;
  if (down === at) best = { atMs: at, rank: 1, who: self, key: downKeyOf(d) };
  if (preempt === at)
    best = pick(best, {
      atMs: at,
      rank: 2,
      who: self,
      key: [d.preemptSetMs, ...d.preemptCause, slot(self, d.preemptCause), 2],
    });
  for (let j = 0; j < d.streams.length; j++) if (ticks[j] === at) best = pick(best, streamTick(d, at, j));
  return best !== null && before(best, limit) && !wokenAfter(d, best, limit) ? best : null;
}

/** Equal keys of the same rank but for the router index before it. */
function tiesButIndex(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && i !== a.length - 2) return false;
  return true;
}

/**
 * This router's master-down timer, due now on a wake not yet fired, against what another router's
 * timer of the same cause sent: the packet model fired those in the order of the steps that set
 * them, which is the order of the wakes (done), and the other one went first.
 */
function wokenAfter(d: Draft, v: Virtual, limit: Virtual): boolean {
  return v.rank === 1 && d.wakeMs === v.atMs && v.atMs === limit.atMs && tiesButIndex(v.key, limit.key);
}

/** The order key of a router's master-down timer (see Virtual). */
function downKeyOf(d: Draft): number[] {
  return [d.downSetMs, ...d.downCause, slot(d.cfg.self, d.downCause), 1];
}

/** Scratch for nextVirtual (one router's step at a time). */
const TICKS: number[] = [Infinity, Infinity, Infinity, Infinity];

function pick(best: Virtual | null, v: Virtual): Virtual {
  return best === null || before(v, best) ? v : best;
}

/** Runs one worked-out event; `now` is the real instant (a resumed router handles its backlog now). */
function runVirtual(d: Draft, v: Virtual, now: number): void {
  const at = d.pausedSinceMs >= 0 && v.atMs >= d.pausedSinceMs ? now : v.atMs;
  let e: VrrpEvent;
  if (v.rank === 1) {
    d.downDueMs = -1;
    e = { type: 'TIMER', name: DOWN_TIMER };
  } else if (v.rank === 2) {
    d.preemptDueMs = -1;
    e = { type: 'TIMER', name: PREEMPT };
  } else if (v.who === d.cfg.self) e = { type: 'TIMER', name: ADVERT };
  else e = { type: 'ADVERT', from: v.who, priority: d.cfg.priorities[v.who] };
  apply(d, react(d, e), at, at === v.atMs ? v : replayedAt(at, v.atMs));
}

/** Whether a BACKUP's taking or discarding an advert of this priority leaves its preempt_delay state as it is. */
function plainAdvert(d: Draft, priority: number): boolean {
  const { cfg } = d;
  if (cfg.preemptDelayMs === 0 || !accepts(d, priority)) return true;
  return priority >= cfg.priority ? d.preemptState === 'idle' : d.preemptState === 'waiting';
}

/**
 * A BACKUP hearing MASTERs whose adverts only restart its master-down timer (or are discarded):
 * jumps to just before `stop` at once, the timer restarted by the last advert taken. Does nothing
 * if the timer would fire first, or a stream ends, or changes phase, in between.
 */
function fastForward(d: Draft, limit: Virtual, ends: readonly number[] | null): void {
  if (d.role !== 'BACKUP' || d.pausedSinceMs >= 0 || d.partMs >= 0) return;
  const period = tickPeriod(d);
  const stop = d.preemptDueMs > d.doneMs ? Math.min(limit.atMs, d.preemptDueMs) : limit.atMs;
  let last = -1;
  let lastFrom = -1;
  let first = Infinity;
  for (let j = 0; j < d.streams.length; j++) {
    const phase = d.streams[j];
    if (phase < 0) continue;
    const p = d.cfg.priorities[j];
    if (!plainAdvert(d, p)) return;
    if (!accepts(d, p)) continue;
    if (d.seenPhases[j] > phase || (ends !== null && ends[j] < stop)) return;
    const t = nextTick(phase, d.doneMs, period);
    first = Math.min(first, t);
    const end = phase + Math.floor((stop - 1 - phase) / period) * period;
    if (end >= t && (end > last || (end === last && j > lastFrom))) [last, lastFrom] = [end, j];
  }
  // The master-down timer must not fire before the first advert taken (nor in between: adverts
  // come every advert_int, less than master-down).
  const down = d.downDueMs > d.doneMs && d.downDueMs < stop;
  if (down && !(first < d.downDueMs || (first === d.downDueMs && first - period <= d.downSetMs))) return;
  if (last < 0) {
    if (down) return;
  } else {
    const key = streamTick(d, last, lastFrom).key;
    [d.downDueMs, d.downSetMs, d.downCause] = [last + d.cfg.masterDownMs, last, key];
  }
  d.doneMs = Math.max(d.doneMs, stop - 1);
}

/**
 * Works out every advert and timer after `doneMs` and before `limit`, in the packet model's order.
 * The simulator records a step's role change before its effects, so a role change must not follow
 * effects in one step: it stops before a role change that comes after something acted (sent, the
 * VIP), after a role change if more is due, and after acting if the caller reacts next (`last`:
 * it does not). It then returns true, and the caller hands itself its event again (`again`).
 * Answers to a backlog of adverts after a pause go out in one step.
 */
function catchUp(d: Draft, limit: Virtual, ends: readonly number[] | null, now: number, last = false): boolean {
  const base = d.out.length;
  // An instant left halfway (`partMs`) goes on with what was done of it.
  let instant = d.partMs;
  let skip = d.partSkip;
  for (;;) {
    if (skip === 0) fastForward(d, limit, ends);
    const v = nextVirtual(d, limit, ends, skip);
    if (skip !== 0 && (v === null || v.atMs !== instant)) {
      // What is left of that instant comes after the limit, or there is none.
      if (v === null && limit.atMs === instant && !inclusive(limit)) break;
      d.doneMs = instant;
      skip = 0;
      instant = -1;
      continue;
    }
    if (v === null) break;
    instant = v.atMs;
    const role = d.role;
    const saved = d.out.length > base ? { ...d, out: [...d.out] } : null;
    runVirtual(d, v, now);
    if (d.role !== role && saved !== null) {
      Object.assign(d, saved);
      [d.partMs, d.partSkip] = [instant, skip];
      return true;
    }
    skip |= v.rank === 1 ? 1 : v.rank === 2 ? 2 : 1 << (v.who + 2);
    if (d.role !== role && !(last && nextVirtual(d, limit, ends, skip) === null)) {
      [d.partMs, d.partSkip] = [instant, skip];
      return true;
    }
  }
  [d.partMs, d.partSkip] = skip !== 0 ? [instant, skip] : [-1, 0];
  if (skip === 0) d.doneMs = Math.max(d.doneMs, inclusive(limit) ? limit.atMs : limit.atMs - 1);
  return !last && d.out.length > base;
}

/** The next instant at which a worked-out event may change more than a timer no one waits for. */
function nextWake(d: Draft): number {
  if (d.pausedSinceMs >= 0) return -1;
  const period = tickPeriod(d);
  let wake = Infinity;
  if (d.role === 'MASTER') {
    // Another MASTER's next advert reaches this one: it steps down or answers.
    for (let j = 0; j < d.streams.length; j++)
      if (d.streams[j] >= 0) wake = Math.min(wake, nextStreamTick(d, j, d.doneMs));
  } else if (d.role === 'BACKUP') {
    const { cfg } = d;
    if (d.preemptDueMs > d.doneMs) wake = d.preemptDueMs;
    const idleDelay = cfg.preempt && cfg.preemptDelayMs > 0 && d.preemptState === 'idle';
    let accepted = Infinity;
    for (let j = 0; j < d.streams.length; j++) {
      if (d.streams[j] < 0) continue;
      const t = nextStreamTick(d, j, d.doneMs);
      // The first lower-priority advert starts the preempt_delay.
      if (idleDelay && cfg.priorities[j] < cfg.priority) wake = Math.min(wake, t);
      if (accepts(d, cfg.priorities[j])) accepted = Math.min(accepted, t);
    }
    // The master-down timer fires unless an accepted advert comes first (and then every advert_int).
    const restarted = accepted < d.downDueMs || (accepted === d.downDueMs && accepted - period <= d.downSetMs);
    if (d.downDueMs > d.doneMs && !restarted) wake = Math.min(wake, d.downDueMs);
  }
  return wake === Infinity ? -1 : wake;
}

type Next = { readonly value: string; readonly context: RouterContext };

/** Ends a step: the wake timer follows what is next, and the draft becomes the new context. */
/**
 * Ends a step: the wake timer follows what is next, and the draft becomes the new context. When the
 * step restarted the master-down timer, the wake is queued again for it now (even if adverts will
 * restart it first), where the packet model queued that timer: two routers' timers due at the same
 * instant fire in that order.
 */
function done(d: Draft, now: number, restartedDown = false): Next {
  let wake = nextWake(d);
  const requeue = restartedDown && d.role === 'BACKUP' && d.pausedSinceMs < 0 && d.downDueMs > now;
  if (requeue && (wake < 0 || d.downDueMs < wake)) wake = d.downDueMs;
  if (wake !== d.wakeMs || (requeue && wake === d.downDueMs)) {
    d.out.push(
      wake < 0
        ? { do: 'cancelTimer', name: WAKE }
        : { do: 'startTimer', name: WAKE, ms: wake - now, ...orderOf(d, wake) },
    );
    d.wakeMs = wake;
  }
  return { value: d.role, context: d };
}

/**
 * A wake for the master-down timer carries its key (without the router index and rank) as its same-instant
 * order: another router's wake queued before it but for a timer the packet model queued later
 * (restarted by a worked-out advert) yields to it. Timers of the same cause keep the order of their
 * wakes, the order of the steps that set them.
 */
function orderOf(d: Draft, wake: number): { order?: readonly number[] } {
  return d.role === 'BACKUP' && wake === d.downDueMs ? { order: downKeyOf(d).slice(0, -2) } : {};
}

/** Whether `atMs` is one of the periodic adverts of a MASTER of this phase. */
function ownAdvertAt(phaseMs: number, periodMs: number, atMs: number): boolean {
  return phaseMs >= 0 && atMs > phaseMs && (atMs - phaseMs) % periodMs === 0;
}

/** When an event happened: when it arrived if it was kept during a pause, else now. */
const arrivedAt = (e: { readonly at: number; readonly heldSinceMs?: unknown }) =>
  typeof e.heldSinceMs === 'number' ? e.heldSinceMs : e.at;

function onLink(c: RouterContext, e: LinkEvent): Next {
  const d = draft(c);
  const sensedMs = arrivedAt(e);
  const sensed = sensedAt(sensedMs);
  if (e.frozen === 1 && d.pausedSinceMs < 0) d.pausedSinceMs = sensedMs;
  const phases = e.phases ?? NO_STREAMS(d.streams.length);
  // Adverts due at this instant went out before it was sensed, except from routers silent since it.
  let ends: number[] | null = null;
  for (let j = 0; j < d.streams.length; j++) {
    if (d.streams[j] < 0 || phases[j] >= 0) continue;
    ends ??= d.streams.map(() => Infinity);
    ends[j] = endOf(e.silentFrom?.[j] ?? sensedMs, sensedMs);
  }
  if (catchUp(d, sensed, ends, e.at)) return again(d, e);
  // keepalived reacts to a change of its link (the packet model's sensing delivered only those).
  let restarted = false;
  if (e.carrier !== (d.carrier ? 1 : 0) || e.heard !== d.heard || e.powered !== d.powered) {
    const cause = e.heldSinceMs === undefined ? sensed : replayedAt(e.at, sensedMs);
    apply(d, react(d, { type: 'LINK', carrier: e.carrier === 1, heard: e.heard }), e.at, cause);
    restarted = d.downCause === cause.key;
    d.powered = e.powered;
  }
  d.streams = phases;
  if (e.frozen === 0) d.pausedSinceMs = -1;
  return done(d, e.at, restarted);
}

const NO_STREAMS = (n: number): number[] => Array.from({ length: n }, () => -1);

/** The first instant without adverts from a router that fell silent (sense.ts's codes for "now"). */
function endOf(silentFromMs: number, sensedMs: number): number {
  if (silentFromMs === LOST_AFTER_NOW) return sensedMs + 1;
  if (silentFromMs === PAUSED_NOW) return sensedMs;
  return silentFromMs;
}

interface AdvertEvent {
  readonly [field: string]: unknown;
  readonly type: 'ADVERT';
  readonly from: number;
  readonly priority: number;
  /** The key of what made the sender send it (see Virtual). */
  readonly cause: readonly number[];
  readonly at: number;
}

function onAdvert(c: RouterContext, e: AdvertEvent): Next {
  const d = draft(c);
  const sentMs = arrivedAt(e);
  const cause: Virtual = { atMs: sentMs, rank: 0, who: -1, key: e.cause };
  // During a resumed router's backlog, an advert sent now comes before what it has not replayed yet.
  const replaying = d.pausedSinceMs >= 0 && e.heldSinceMs === undefined;
  if (!replaying && catchUp(d, cause, null, e.at)) return again(d, e);
  const heard = ((d.heard >> e.from) & 1) === 1 && d.carrier;
  const effect = e.heldSinceMs === undefined ? cause : replayedAt(e.at, sentMs);
  apply(d, react(d, { type: 'ADVERT', from: e.from, priority: e.priority }), e.at, effect);
  // The sender's advert timer restarted as it sent this one, or it stopped (priority 0).
  const streams = d.streams.slice();
  // A stream it knew silent starts again only when sensed: a MASTER that resumed and paused again
  // in one instant sent one advert and no more (nothing sensed changed: no LINK says so).
  if (heard && (e.priority === 0 || streams[e.from] >= 0)) streams[e.from] = e.priority === 0 ? -1 : sentMs;
  d.streams = streams;
  // (A held advert handled after a later one does not set the phase back.)
  if (e.priority > 0 && sentMs >= d.seenPhases[e.from]) {
    const seen = d.seenPhases.slice();
    seen[e.from] = sentMs;
    d.seenPhases = seen;
    const causes = d.seenCauses.slice();
    causes[e.from] = cause.key;
    d.seenCauses = causes;
  }
  return done(d, e.at, d.downCause === effect.key);
}

/** Faults reach a router first at their instant: adverts due then come after. */
function onSignal(c: RouterContext, e: SignalEvent): Next {
  const d = draft(c);
  const now = e.at;
  const fault = faultAt(arrivedAt(e));
  if (catchUp(d, fault, null, now)) return again(d, e);
  const type = e.type;
  const cause = e.heldSinceMs === undefined ? fault : replayedAt(now, arrivedAt(e));
  apply(d, react(d, { type }), now, cause);
  return done(d, now, d.downCause === cause.key);
}

function onWake(
  c: RouterContext,
  e: { readonly type: 'TIMER'; readonly name: string; readonly at: number; readonly heldSinceMs?: number },
): Next {
  const d = draft(c);
  const now = e.at;
  d.wakeMs = -1;
  if (catchUp(d, sensedAt(arrivedAt(e)), null, now, true)) return again(d, e);
  return done(d, now);
}

/** The host resumed and this router's backlog is done: what fell due during the pause happens now. */
function onResumed(c: RouterContext, now: number): Next {
  const d = draft(c);
  if (d.pausedSinceMs < 0) return done(d, now);
  if (catchUp(d, faultAt(now), null, now, true)) return again(d, { type: 'RESUMED', at: now });
  d.pausedSinceMs = -1;
  return done(d, now);
}

/**
 * An event kept while this router was paused: the pause began then at the latest (its own sensing of
 * the pause may come after a timer that fell due at that very instant).
 */
function heldFrom(c: RouterContext, e: RouterEvent): RouterContext {
  const held = e.heldSinceMs;
  if (typeof held !== 'number' || (c.pausedSinceMs >= 0 && c.pausedSinceMs <= held)) return c;
  return { ...c, pausedSinceMs: held };
}

function reduce(given: RouterContext, e: RouterEvent): Next {
  const c = heldFrom(given, e);
  switch (e.type) {
    case 'RESUMED':
      return onResumed(c, e.at);
    case 'PAUSED':
      // First in a paused router's backlog: when the pause began (heldFrom).
      return { value: c.role, context: { ...c, out: [] } };
    case 'LINK':
      return onLink(c, e);
    case 'ADVERT':
      return onAdvert(c, e);
    case 'TIMER':
      return e.name === WAKE ? onWake(c, e) : { value: c.role, context: { ...c, out: [] } };
    case 'CRASH':
    case 'POWER_ON':
    case 'STOP':
    case 'START':
      return onSignal(c, e);
    default:
      return { value: c.role, context: { ...c, out: [] } };
  }
}

const EVENTS = ['LINK', 'ADVERT', 'TIMER', 'CRASH', 'POWER_ON', 'STOP', 'START', 'RESUMED', 'PAUSED'] as const;

/** The state's own role first: most events leave the role as it is (guards exclude each other). */
function stateNode(role: Role) {
  const targets = [role, ...ROLES.filter((r) => r !== role)];
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<RouterContext, RouterEvent>(targets, reduce)])) };
}

export const routerMachine = defineMachine<RouterContext, RouterEvent>({
  id: 'keepalived-vrrp',
  initial: 'INIT',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode(r)])),
});

export function initialRouterContext(cfg: RouterSettings): RouterContext {
  return {
    cfg,
    role: 'INIT',
    carrier: false,
    heard: 0,
    preemptState: 'idle',
    phaseMs: -1,
    silentFromMs: 0,
    downDueMs: -1,
    downSetMs: -1,
    downCause: [],
    preemptDueMs: -1,
    preemptSetMs: -1,
    preemptCause: [],
    streams: cfg.priorities.map(() => -1),
    seenPhases: cfg.priorities.map(() => -1),
    seenCauses: cfg.priorities.map(() => []),
    doneMs: -1,
    partMs: -1,
    partSkip: 0,
    wakeMs: -1,
    pausedSinceMs: -1,
    powered: -1,
    out: [],
  };
}
