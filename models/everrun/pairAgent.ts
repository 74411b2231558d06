// One everRun VM host of a lock-step pair. Each protected Windows instance runs on both hosts in
// lock-step with one IP and one MAC: one server in two halves, kept in step over the heartbeat links
// (seed 003). The agent keeps its halves in step with the partner's (duplex), runs them alone when
// the partner is gone (simplex: its shadows are promoted), and resynchronises without an operator
// when its host is back (joining → syncing → duplex). A failed NIC or disk on one host does not
// break the pair: its I/O goes through the other host's devices (seed 003: "if storage, network
// adapters, or other hardware fails, the secondary server takes over, completely imperceptible").
// Without a quorum, a host that hears its partner on neither link cannot tell a dead partner from
// dead links: both halves run on alone (split brain).
import type { Effect } from '../../harness/engine/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../harness/engine/fsm.js';
import { cancelFlagTimer, startFlagTimer } from '../../harness/engine/timerBook.js';

export type PairRole = 'protecting' | 'duplex' | 'simplex' | 'syncing' | 'joining' | 'down' | 'booting';

/** What does not change from event to event. */
export interface PairSettings {
  readonly self: number;
  readonly selfId: string;
  readonly peerId: string;
  /** Protected services (a lock-step pair each). */
  readonly mirrored: readonly string[];
  /** Protected services whose independent instance starts on the partner (this host holds their shadow at t = 0). */
  readonly shadowsAtStart: readonly string[];
  /** Why this host's other instances run unprotected (noted at t = 0). */
  readonly refusals: readonly string[];
  readonly detectMs: number;
  readonly resyncMs: number;
  readonly bootMs: number;
}

export interface PairContext extends EffectfulContext {
  readonly cfg: PairSettings;
  readonly role: PairRole;
  /** Last observation: the partner's everRun is heard on a heartbeat link. */
  readonly heard: boolean;
  /** The partner's role as it reports it ('' when not heard). */
  readonly peerRole: string;
  /** This host can run workloads on its own devices (powered, storage reachable, production network up). */
  readonly selfOk: boolean;
  /** Timers running (bit flags below). */
  readonly running: number;
}

export type PairEvent =
  | { type: 'OBSERVE'; heard: number; peerRole: string; selfOk: number }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' };

const DETECT = 1;
const RESYNC = 2;
const BOOT = 4;
const TIMER_NAMES: Record<number, string> = { [DETECT]: 'detect', [RESYNC]: 'resync', [BOOT]: 'boot' };

/** Roles in which the partner holds current instances a joining host can mirror. */
const SERVING: ReadonlySet<string> = new Set(['duplex', 'simplex']);
/** Roles in which a silent partner is looked for (a host that runs alone, or is off, does not). */
const WATCHING: ReadonlySet<PairRole> = new Set(['duplex', 'syncing', 'joining']);

interface Next {
  readonly value: string;
  readonly context: PairContext;
}

const secs = (ms: number) => `${ms / 1000} s`;

function to(role: PairRole, c: PairContext, out: Effect[]): Next {
  return { value: role, context: { ...c, role, out } };
}

const startTimer = (c: PairContext, flag: number, ms: number, out: Effect[]): PairContext => ({
  ...c,
  running: startFlagTimer(c.running, flag, TIMER_NAMES[flag], ms, out),
});
const cancelTimer = (c: PairContext, flag: number, out: Effect[]): PairContext => ({
  ...c,
  running: cancelFlagTimer(c.running, flag, TIMER_NAMES[flag], out),
});

/** Run alone: every shadow here leaves lock-step; instances that run nowhere restart here if there is room. */
function goSimplex(c: PairContext, out: Effect[], why: string): Next {
  out.push({ do: 'note', text: why });
  for (const s of c.cfg.mirrored) out.push({ do: 'promoteService', service: s });
  out.push({ do: 'restartServices', hostMask: 1 << c.cfg.self });
  return to('simplex', cancelTimer(cancelTimer(c, RESYNC, out), DETECT, out), out);
}

/** Create this host's halves again from the partner's running instances. */
function goSyncing(c: PairContext, out: Effect[], why: string): Next {
  out.push({
    do: 'note',
    text: `${why}: resynchronises ${c.cfg.mirrored.join(', ')} from ${c.cfg.peerId} (${secs(c.cfg.resyncMs)})`,
  });
  for (const s of c.cfg.mirrored) out.push({ do: 'startService', service: s, cause: 'mirror', bootMs: c.cfg.resyncMs });
  return to('syncing', startTimer(c, RESYNC, c.cfg.resyncMs, out), out);
}

function dropHalves(c: PairContext, out: Effect[]): void {
  for (const s of c.cfg.mirrored) out.push({ do: 'stopService', service: s });
}

/** A host that is back (booted) mirrors its partner, or starts the instances when nobody runs them. */
function join(c: PairContext, out: Effect[]): Next {
  if (!c.heard) return to('joining', c, out);
  if (SERVING.has(c.peerRole)) return goSyncing(c, out, `${c.cfg.selfId} is back`);
  // Both hosts come back: the first starts the instances, the other mirrors it afterwards.
  if (c.cfg.self === 0)
    return goSimplex(c, out, `${c.cfg.selfId} and ${c.cfg.peerId} both rejoin: ${c.cfg.selfId} starts the instances`);
  return to('joining', c, out);
}

/** React to the latest observation in the current role. */
function decide(c: PairContext): Next {
  const out: Effect[] = [];
  const detecting = WATCHING.has(c.role) && !c.heard;
  c = detecting ? (c.running & DETECT ? c : startTimer(c, DETECT, c.cfg.detectMs, out)) : cancelTimer(c, DETECT, out);
  switch (c.role) {
    case 'protecting':
      for (const s of c.cfg.shadowsAtStart) out.push({ do: 'startService', service: s, cause: 'mirror', bootMs: 0 });
      for (const r of c.cfg.refusals) out.push({ do: 'note', text: r });
      return to('duplex', c, out);
    case 'duplex':
      if (c.heard && !SERVING.has(c.peerRole) && c.peerRole !== 'protecting') {
        return goSimplex(
          c,
          out,
          `${c.cfg.peerId} holds no current halves (${c.peerRole}): ${c.cfg.selfId} runs the instances alone`,
        );
      }
      return to('duplex', c, out);
    case 'simplex':
      if (c.heard && c.peerRole === 'duplex') return to('duplex', c, out);
      if (c.heard && c.peerRole === 'simplex' && c.cfg.self !== 0) {
        // Split brain ends: the two halves ran apart; one side's work must go.
        dropHalves(c, out);
        return goSyncing(
          c,
          out,
          `${c.cfg.selfId} hears ${c.cfg.peerId} again after both ran alone: ${c.cfg.selfId} discards its diverged instances`,
        );
      }
      return to('simplex', c, out);
    case 'syncing':
      if (c.heard && !SERVING.has(c.peerRole)) {
        dropHalves(c, out);
        return goSimplex(
          c,
          out,
          `${c.cfg.peerId} stopped serving during the resync: ${c.cfg.selfId} restarts the instances alone`,
        );
      }
      return to('syncing', c, out);
    case 'joining':
      return join(c, out);
    case 'down':
    case 'booting':
      return to(c.role, c, out);
  }
}

/** Nothing heard on either heartbeat link for the detection time. */
function partnerSilent(c: PairContext): Next {
  const out: Effect[] = [];
  c = { ...c, running: c.running & ~DETECT };
  const why = `hears ${c.cfg.peerId} on neither heartbeat link for ${secs(c.cfg.detectMs)}`;
  switch (c.role) {
    case 'duplex':
      return goSimplex(c, out, `${why}: runs the instances alone (promotes its lock-step halves)`);
    case 'syncing':
      dropHalves(c, out);
      return goSimplex(
        c,
        out,
        `${why} during the resync: the copies here are incomplete; restarts the instances from disk`,
      );
    case 'joining':
      return goSimplex(c, out, `${why}: starts the instances alone`);
    default:
      return to(c.role, c, out);
  }
}

/** Why this host lost its own devices matters only for the reader: the pair rides through it. */
function degraded(c: PairContext): string {
  return c.role === 'duplex' && c.heard
    ? `${c.cfg.selfId} can no longer reach clients or its disk on its own devices: the lock-step pair carries on through ${c.cfg.peerId}'s`
    : `${c.cfg.selfId} can no longer reach clients or its disk on its own devices`;
}

function withNote(n: Next, text: string): Next {
  return { value: n.value, context: { ...n.context, out: [...n.context.out, { do: 'note', text }] } };
}

function onTimer(c: PairContext, name: string): Next {
  if (name === 'detect') return c.heard ? to(c.role, { ...c, running: c.running & ~DETECT }, []) : partnerSilent(c);
  if (name === 'resync') {
    const settled = { ...c, running: c.running & ~RESYNC };
    if (c.role !== 'syncing') return to(c.role, settled, []);
    return to('duplex', settled, [
      { do: 'note', text: `${c.cfg.mirrored.join(', ')} back in lock-step: protected again` },
    ]);
  }
  if (name === 'boot' && c.role === 'booting') return decide({ ...c, role: 'joining', running: c.running & ~BOOT });
  return to(c.role, c, []);
}

function reduce(c: PairContext, e: PairEvent): Next {
  switch (e.type) {
    case 'OBSERVE': {
      const next = decide({ ...c, heard: e.heard === 1, peerRole: e.peerRole, selfOk: e.selfOk === 1 });
      return e.selfOk === 1 || !c.selfOk || next.value === 'down' || next.value === 'booting'
        ? next
        : withNote(next, degraded({ ...c, heard: e.heard === 1 }));
    }
    case 'TIMER':
      return onTimer(c, e.name);
    case 'CRASH': {
      const out: Effect[] = [];
      for (const flag of [DETECT, RESYNC, BOOT])
        if (c.running & flag) out.push({ do: 'cancelTimer', name: TIMER_NAMES[flag] });
      return to('down', { ...c, running: 0 }, out);
    }
    case 'POWER_ON': {
      if (c.role !== 'down') return to(c.role, c, []);
      const out: Effect[] = [];
      return to('booting', startTimer(c, BOOT, c.cfg.bootMs, out), out);
    }
    default: {
      const never: never = e;
      throw new Error(`everrun: unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const PAIR_ROLES: readonly PairRole[] = [
  'protecting',
  'duplex',
  'simplex',
  'syncing',
  'joining',
  'down',
  'booting',
];
const EVENTS = ['OBSERVE', 'TIMER', 'CRASH', 'POWER_ON'] as const;

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<PairContext, PairEvent>(PAIR_ROLES, reduce)])) };
}

export const everrunPairMachine = defineMachine<PairContext, PairEvent>({
  id: 'everrun-host',
  initial: 'protecting',
  states: Object.fromEntries(PAIR_ROLES.map((r) => [r, stateNode()])),
});

export function initialPairContext(cfg: PairSettings): PairContext {
  return { out: [], cfg, role: 'protecting', heard: true, peerRole: 'protecting', selfOk: true, running: 0 };
}
