// What the real Pacemaker lab saw, as a timeline in ms after the cluster settled (the instant the
// schedule's times count from). Each event says who saw it: corosync's membership and quorum per node,
// Pacemaker's view per node (DC, online nodes, where it thinks the group runs), the fence actions the
// lab's fence devices carried out (who fenced whom, with what result), node deaths checked against the
// processes themselves, and ground truth of where the group really runs (its address and its
// service's state file on the node). The conform binding compares this with a model trace.
import type { RealPacemakerFault } from './realSchedule.js';

export type FenceResult = 'requested' | 'ok' | 'failed';

export type RealEvent =
  /** A scheduled fault, when the lab applied it. */
  | { readonly atMs: number; readonly type: 'fault'; readonly fault: RealPacemakerFault; readonly target: string }
  /** The nodes this node's corosync counts as members (itself included). */
  | { readonly atMs: number; readonly type: 'membership'; readonly node: string; readonly sees: readonly string[] }
  /** This node's votequorum: quorate or not. */
  | { readonly atMs: number; readonly type: 'quorum'; readonly node: string; readonly quorate: boolean }
  /** Pacemaker on this node (crm_mon): its DC, the nodes it holds online, where it says the group runs. */
  | {
      readonly atMs: number;
      readonly type: 'view';
      readonly node: string;
      readonly dc: string | null;
      readonly online: readonly string[];
      readonly groupOn: readonly string[];
    }
  /** A fence device acted: `by` is the node whose fencer ran the agent. `requested` is stamped by the
   * agent itself; `ok` once the target is verified dead, `failed` when the device failed (a fault) or
   * the target survived. */
  | {
      readonly atMs: number;
      readonly type: 'fence';
      readonly by: string;
      readonly target: string;
      readonly action: string;
      readonly result: FenceResult;
      readonly reason?: string;
    }
  /** Every process of the node is gone (checked: none left in its namespaces). */
  | { readonly atMs: number; readonly type: 'death'; readonly node: string; readonly cause: 'power-off' | 'fence' }
  /** The node was started again (by a `boot` fault, or after a reboot fence when the lab reboots). */
  | { readonly atMs: number; readonly type: 'boot'; readonly node: string }
  /** Ground truth: whether the node really runs any part of the group now, and which parts. */
  | {
      readonly atMs: number;
      readonly type: 'placement';
      readonly node: string;
      readonly holds: boolean;
      readonly members: readonly string[];
    };

export type RealEventType = RealEvent['type'];

/** How the run ended, read off the timeline. */
export interface RealOutcome {
  /** Fence actions that completed (`ok`), in order. */
  readonly fenced: readonly { readonly by: string; readonly target: string; readonly atMs: number }[];
  readonly fenceFailures: readonly { readonly by: string; readonly target: string; readonly atMs: number }[];
  /** A death match: every node dead, the last two each fenced by the other (a fence loop, where one
   * node is always up, is not one). */
  readonly mutualFencing: boolean;
  /** Nodes running at the end. */
  readonly alive: readonly string[];
  /** Where the group really ran at the end (ground truth). */
  readonly groupOn: readonly string[];
  /** Total ms during which more than one node really ran part of the group. */
  readonly dualActiveMs: number;
}

export interface RealObservation {
  readonly nodes: readonly string[];
  /** The qnetd host, when the run has a quorum device. */
  readonly qnetd: string | null;
  /** Real time from the first daemon's start to a settled cluster (ms). */
  readonly settleMs: number;
  /** Last instant watched (ms after settling). */
  readonly endMs: number;
  readonly events: readonly RealEvent[];
  readonly outcome: RealOutcome;
  /** Things that went wrong in the lab itself (a fenced node that did not die, a fault it could not apply). */
  readonly warnings: readonly string[];
}

/** An event before it is stamped with its time (the lab stamps it when it happens). */
export type UnstampedEvent = RealEvent extends infer E ? (E extends RealEvent ? Omit<E, 'atMs'> : never) : never;
