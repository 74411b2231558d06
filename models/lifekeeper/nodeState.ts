// The state of a LifeKeeper node: its settings, what it believes, the events it takes, and the
// small helpers every part of its reducer uses on a draft of the next state.
import type { AgentEvent, Effect, ReplicationMode } from '../../harness/engine/effects.js';
import { cancelNamedTimer, startNamedTimer } from '../../harness/engine/timerBook.js';
import type { EffectfulContext } from '../../harness/engine/fsm.js';
import type { LkResource } from './cluster.js';
import type { QuorumLossAction, QuorumMode, WitnessMode } from './config.js';

export type LkRole = 'running' | 'down' | 'booting' | 'rebooting' | 'halted';

export interface LkSettings {
  readonly self: number;
  readonly ids: readonly string[];
  /** Each host's LifeKeeper agent id ('' for a host without LifeKeeper). */
  readonly agentIds: readonly string[];
  /** This node's cluster (itself included). */
  readonly cluster: number;
  readonly resources: readonly LkResource[];
  readonly pathNames: readonly string[];
  /** Heartbeat interval × misses. */
  readonly detectMs: number;
  readonly heartbeat: string;
  readonly quickCheckMs: number;
  readonly localTries: number;
  readonly failfastMs: number;
  readonly bootMs: number;
  readonly qwk: boolean;
  readonly quorumMode: QuorumMode;
  readonly witnessMode: WitnessMode;
  readonly lossAction: QuorumLossAction;
  readonly lockAgent: string;
  /** Per host: its comm paths (bits of COMM_PATHS); a pair replicates over the first one they share. */
  readonly commPaths: readonly number[];
  /** Resources (bits) whose data this node mirrors: replicated (not shared) and in its failover order. */
  readonly mirrored: number;
  readonly replication: ReplicationMode;
  /** Age of the oldest write still queued on the source (async); 0 when synchronous. */
  readonly lagMs: number;
  readonly resyncMs: number;
}

export interface LkContext extends EffectfulContext {
  readonly cfg: LkSettings;
  readonly role: LkRole;
  /** Last observation: per host, the comm paths (bits) on which its heartbeats arrive. */
  readonly links: readonly number[];
  /** Silent peers that another visible node still hears. */
  readonly vouched: number;
  readonly storage: boolean;
  /** The NIC carrying the virtual IPs has link. */
  readonly serviceNet: boolean;
  /** Peers believed alive. */
  readonly alive: number;
  /** Peers silent on every comm path, with their death timer running. */
  readonly silent: number;
  /** Per resource: the node believed to have it in service (-1: none known). */
  readonly owner: readonly number[];
  /** Resources in service here (bits by resource index). */
  readonly active: number;
  /** Resources whose application failed; lkcheck has not run since. */
  readonly crashed: number;
  /** Consecutive local recoveries per resource that did not pass a clean check. */
  readonly tries: readonly number[];
  readonly timers: readonly string[];
  /** Per resource: the node whose writes this node's mirror follows (a declared replica), -1 for none. */
  readonly follows: readonly number[];
  /**
   * Per resource: the node whose data this node's copy matches — itself when it was the last
   * source, -1 when the copy is behind (a broken mirror, a reboot) and needs a resynchronisation.
   */
  readonly syncedWith: readonly number[];
  /** Per resource: the source this node's copy is resynchronising from (timer `resync:<id>`), -1 for none. */
  readonly resyncFrom: readonly number[];
  /** Resources this node could not take over while resynchronising: handed back when their source returns. */
  readonly waiting: number;
}

export type LkEvent =
  | { type: 'OBSERVE'; links: number[]; vouched: number }
  | { type: 'LOCAL'; disk: number; link: number }
  | { type: 'TIMER'; name: string }
  | { type: 'APP_CRASH'; service: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
  | { type: 'REBOOTED' }
  | { type: 'FAILOVER'; service: string; from: number }
  | { type: 'IN_SERVICE'; service: string; node: number }
  | { type: 'ACTIVE'; node: number; services: string[] }
  | { type: 'LOCK_REPLY'; service: string; granted: number; tag: string; why: string }
  | { type: 'LOCK_LOST'; service: string; by: string }
  | { type: 'START_FAILED'; service: string; reason: string };

export type Draft = { -readonly [K in keyof LkContext]: LkContext[K] } & { out: Effect[] };

export const bit = (i: number) => 1 << i;
export const popcount = (m: number) => {
  let n = 0;
  for (let x = m >>> 0; x !== 0; x &= x - 1) n++;
  return n;
};

export function startTimer(d: Draft, name: string, ms: number): void {
  d.timers = startNamedTimer(d.timers, name, ms, d.out);
}

export function cancelTimer(d: Draft, name: string): void {
  d.timers = cancelNamedTimer(d.timers, name, d.out);
}

export function note(d: Draft, text: string): void {
  d.out.push({ do: 'note', text });
}

export function send(d: Draft, host: number, event: AgentEvent): void {
  const to = d.cfg.agentIds[host];
  if (to !== '') d.out.push({ do: 'send', to, event });
}

export function setOwner(d: Draft, s: number, node: number): void {
  if (d.owner[s] === node) return;
  const owner = d.owner.slice();
  owner[s] = node;
  d.owner = owner;
}

/** A copy of a per-resource array with one element changed (the same array when nothing changes). */
export function withAt(list: readonly number[], s: number, value: number): readonly number[] {
  if (list[s] === value) return list;
  const next = list.slice();
  next[s] = value;
  return next;
}

export function setTries(d: Draft, s: number, n: number): void {
  if (d.tries[s] === n) return;
  const tries = d.tries.slice();
  tries[s] = n;
  d.tries = tries;
}

export const inOrder = (d: Draft, s: number) => d.cfg.resources[s].order.includes(d.cfg.self);
export const resourceIndex = (d: Draft, id: string) => d.cfg.resources.findIndex((r) => r.id === id);
export const name = (d: Draft, h: number) => d.cfg.ids[h];
