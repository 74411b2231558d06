// The state of an ESX host's HA agent: its settings, what it believes, the events it takes, and
// the small helpers every part of its reducer uses on a draft of the next state. Sets of hosts are
// `HostSet`s (a vSphere cluster has up to 96 hosts), read and built only through hostSet.ts; so are
// sets of VMs (`VmSet`, by VM index: a cluster may run one VM per host and more).
import type { AgentEvent, Effect } from '../../harness/engine/effects.js';
import { forEachHost, hasHost, withHost, withoutHost, type HostSet } from '../../harness/engine/hostSet.js';
import { cancelNamedTimer, startNamedTimer } from '../../harness/engine/timerBook.js';
import type { EffectfulContext } from '../../harness/engine/fsm.js';
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
  readonly esx: HostSet;
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
  readonly net: HostSet;
  readonly ds: HostSet;
  readonly storage: boolean;
  readonly iso: boolean;
  readonly masters: HostSet;
  readonly masterElsewhere: boolean;
  /** The master a slave follows. */
  readonly master: number;
  /** Master / legacy primary: cluster members believed alive. */
  readonly liveset: HostSet;
  /** Members whose failure timer runs. */
  readonly suspect: HostSet;
  /** FDM master: members silent on the network that still heartbeat on the datastore. */
  readonly partitioned: HostSet;
  /** The protected-VM list (datastore): the host each VM runs on, -1 when none. */
  readonly placement: readonly number[];
  /** VMs running on this host. */
  readonly mine: VmSet;
  /** VMs on this host whose lock another host took while this host had no storage. */
  readonly lockLost: VmSet;
  /** Master: restart attempts per VM, and VMs waiting for a retry. */
  readonly attempts: readonly number[];
  readonly pending: VmSet;
  /** The agent that asked for the restart in flight here. */
  readonly startingFor: string;
  readonly timers: readonly string[];
}

export type VhEvent =
  | {
      type: 'OBSERVE';
      net: HostSet;
      ds: HostSet;
      storage: number;
      iso: number;
      masters: HostSet;
      masterElsewhere: number;
    }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
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

export type Draft = { -readonly [K in keyof VhContext]: VhContext[K] } & { out: Effect[] };

/**
 * A set of VMs by VM index. It needs what a host set has — a number while every member is below 31
 * (so the traces of every design so far are unchanged), a bigint beyond (a 96-host cluster with a VM
 * per host has VM indices up to 95), canonical — so it is one, built and read with hostSet.ts's
 * operations taking a VM index where they say host.
 */
export type VmSet = HostSet;
export const NO_VMS: VmSet = 0;
export const hasVm: (set: VmSet, s: number) => boolean = hasHost;
export const withVm: (set: VmSet, s: number) => VmSet = withHost;
export const withoutVm: (set: VmSet, s: number) => VmSet = withoutHost;

export function startTimer(d: Draft, name: string, ms: number): void {
  d.timers = startNamedTimer(d.timers, name, ms, d.out);
}

export function cancelTimer(d: Draft, name: string): void {
  d.timers = cancelNamedTimer(d.timers, name, d.out);
}

export const running = (d: Draft, name: string) => d.timers.includes(name);
export const note = (d: Draft, text: string) => d.out.push({ do: 'note', text });
export const host = (d: Draft, h: number) => d.cfg.ids[h];
export const vmIndex = (d: Draft, id: string) => d.cfg.vms.findIndex((v) => v.id === id);
export const selfId = (d: Draft) => d.cfg.agentIds[d.cfg.self];

export function send(d: Draft, h: number, event: AgentEvent): void {
  const to = d.cfg.agentIds[h];
  if (to !== '') d.out.push({ do: 'send', to, event });
}

export function place(d: Draft, s: number, h: number): void {
  if (d.placement[s] === h) return;
  const placement = d.placement.slice();
  placement[s] = h;
  d.placement = placement;
}

export function setAttempts(d: Draft, s: number, n: number): void {
  const attempts = d.attempts.slice();
  attempts[s] = n;
  d.attempts = attempts;
}

/** The names of a VM set's VMs, lowest index first. */
export function vmNames(vms: VmSet, list: (s: number) => string): string {
  const out: string[] = [];
  forEachHost(vms, (s) => out.push(list(s)));
  return out.join(', ');
}

/** The names of a host set's hosts, lowest first. */
export function hostNames(set: HostSet, list: (h: number) => string): string {
  const out: string[] = [];
  forEachHost(set, (h) => out.push(list(h)));
  return out.join(', ');
}

/** Tell every other ESX host's agent (the protected-VM list lives on the datastore). */
export function broadcast(d: Draft, event: AgentEvent): void {
  for (let h = 0; h < d.cfg.ids.length; h++) if (h !== d.cfg.self && hasHost(d.cfg.esx, h)) send(d, h, event);
}
