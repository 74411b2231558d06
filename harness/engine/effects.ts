// What an agent's machine may ask the world to do. Machines never act themselves: the
// simulator is the only place where time advances and state outside a machine changes.
import type { NetworkRole, RestartPriority } from './topology.js';
import type { HostSet } from './hostSet.js';

/** An event delivered to an agent's machine. Payload fields are plain numbers, strings or arrays. */
/**
 * Why an instance started: a restart by the HA master, a takeover by a standby, a restart in place
 * after the application failed (local recovery), a live migration (the instance carries its running
 * state over from the host it left: memory, open sessions), or a lock-step mirror (a shadow that
 * executes in lock-step with the service's running instance).
 */
export type StartCause = 'restart' | 'takeover' | 'local-recovery' | 'migrate' | 'mirror';

export interface AgentEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type Effect =
  | {
      readonly do: 'startTimer';
      readonly name: string;
      readonly ms: number;
      /**
       * Same-instant order among agents (a clocked agent that works out timers of its own): when it
       * falls due, a queued timer of another agent due at the same instant whose `order` comes first
       * (element by element) fires before it, whatever the order they were queued in.
       */
      readonly order?: readonly number[];
    }
  | { readonly do: 'cancelTimer'; readonly name: string }
  /** Self-fence: the host reboots; the agent gets REBOOTED after `rebootMs`. */
  | { readonly do: 'fence'; readonly rebootMs: number; readonly reason: string }
  /**
   * Fence another host through a fence device (STONITH; harness/engine/fencing.ts): `reboot`
   * (default) powers it off and, one device action later, on again; `off` leaves it off until it is
   * powered on (a `host-boot`). The request goes to the first device of `host` (topology order) that
   * works and that this agent's host reaches over the network; the device acts after its `actionMs`
   * if it still works. The agent gets FENCE_RESULT {host, ok: 1 | 0, device, reason} then (at once
   * when no device controls `host`).
   */
  | { readonly do: 'fencePeer'; readonly host: string; readonly action?: FenceAction; readonly reason: string }
  /** Deliver an event to another agent, now. */
  | { readonly do: 'send'; readonly to: string; readonly event: AgentEvent }
  /**
   * Restart protected services that have no instance on any host of `hostMask` (or of `ownerMask`,
   * hosts still believed to own their services), placing them on hosts of `hostMask`. A service
   * whose instance vanished with a host (crash, fence) that is in either mask and has not booted
   * since is believed to still run there: the decider cannot tell it is gone. `priorities` limits
   * the pass to some restart priorities (default: all protected). A service no host has room for
   * is recorded as `refused`.
   */
  | {
      readonly do: 'restartServices';
      readonly hostMask: HostSet;
      readonly ownerMask?: HostSet;
      readonly priorities?: readonly RestartPriority[];
    }
  /**
   * Start (or stop) this agent's host's instance of a service. `cause` (default `takeover`): an
   * active/passive takeover, a `restart`, a live `migrate` (the instance arrives with its running
   * state), or a lock-step `mirror` (a shadow of the service's running independent instance on
   * another host: one server with it). `bootMs` (default: the model's service boot time) is the time
   * before it serves: a boot, a migration's pause, a mirror's resynchronisation. A `local-recovery`
   * restarts in place after the application failed. A start the host has no capacity for is refused:
   * the agent gets START_FAILED {service, reason}.
   */
  | { readonly do: 'startService'; readonly service: string; readonly cause?: StartCause; readonly bootMs?: number }
  /** A stop is `planned` when an operator asked for it (a switchover), else `ha`. */
  | { readonly do: 'stopService'; readonly service: string; readonly cause?: 'ha' | 'planned' }
  /** This host's running lock-step shadow of a service leaves lock-step and runs as an independent server. */
  | { readonly do: 'promoteService'; readonly service: string }
  /**
   * Live-migrate this agent's host's running instance of a service to host `to` without downtime.
   * The agent gets MIGRATED {service, to, ok: 1 | 0, reason} at once.
   */
  | { readonly do: 'migrateService'; readonly service: string; readonly to: string }
  /**
   * This agent's host keeps a replica of a service's data, fed with the writes of host `from` over
   * the networks `over` (any of them), `lagMs` behind (0: synchronous); `from: null` ends it (the
   * copy keeps what it holds). The simulator records, from ground truth, when the feed actually
   * flows: see the `data` trace entry.
   */
  | {
      readonly do: 'replicate';
      readonly service: string;
      readonly from: string | null;
      readonly over: readonly NetworkRole[];
      readonly mode: ReplicationMode;
      /** Age of the oldest write not yet on the replica while the feed flows (async queue); default 0. */
      readonly lagMs?: number;
    }
  /** A note for the trace (a decision and why). */
  | { readonly do: 'note'; readonly text: string };

/** What a fence device does to its host: power it off and on again, or off for good. */
export type FenceAction = 'reboot' | 'off';

/** Synchronous: a write is acknowledged once the replica has it. Asynchronous: queued, sent later. */
export type ReplicationMode = 'sync' | 'async';
