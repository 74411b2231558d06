// What an agent's machine may ask the world to do. Machines never act themselves: the
// simulator is the only place where time advances and state outside a machine changes.
import type { NetworkRole } from './topology.js';

/** An event delivered to an agent's machine. Payload fields are plain numbers, strings or arrays. */
export interface AgentEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type Effect =
  | { readonly do: 'startTimer'; readonly name: string; readonly ms: number }
  | { readonly do: 'cancelTimer'; readonly name: string }
  /** Self-fence: the host reboots; the agent gets REBOOTED after `rebootMs`. */
  | { readonly do: 'fence'; readonly rebootMs: number; readonly reason: string }
  /** Deliver an event to another agent, now. */
  | { readonly do: 'send'; readonly to: string; readonly event: AgentEvent }
  /** Restart protected services that have no instance on any host of `hostMask`, on those hosts. */
  | { readonly do: 'restartServices'; readonly hostMask: number }
  /**
   * Start (or stop) this agent's host's instance of a service: an active/passive takeover (or a
   * local `restart`); a stop is `planned` when an operator asked for it (a switchover), else `ha`.
   */
  | { readonly do: 'startService'; readonly service: string; readonly cause?: 'takeover' | 'restart' }
  | { readonly do: 'stopService'; readonly service: string; readonly cause?: 'ha' | 'planned' }
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

/** Synchronous: a write is acknowledged once the replica has it. Asynchronous: queued, sent later. */
export type ReplicationMode = 'sync' | 'async';

export const NO_EFFECTS: readonly Effect[] = Object.freeze([]);
