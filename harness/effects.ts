// What an agent's machine may ask the world to do. Machines never act themselves: the
// simulator is the only place where time advances and state outside a machine changes.

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
  /**
   * Restart protected services that have no instance on any host of `hostMask` (or of `ownerMask`,
   * hosts still believed to own their services), placing them on hosts of `hostMask`.
   */
  | { readonly do: 'restartServices'; readonly hostMask: number; readonly ownerMask?: number }
  /** Start (or stop) this agent's host's instance of a service: an active/passive takeover. */
  | { readonly do: 'startService'; readonly service: string }
  | { readonly do: 'stopService'; readonly service: string }
  /** A note for the trace (a decision and why). */
  | { readonly do: 'note'; readonly text: string };

export const NO_EFFECTS: readonly Effect[] = Object.freeze([]);
