// A cluster node's state (corosync + votequorum + the Pacemaker controller in one agent) and the
// small helpers every transition uses. Node masks are over node indexes (node i is agent i).
import type { Effect, FenceAction } from '../../harness/engine/effects.js';
import type { EffectfulContext } from '../../harness/engine/fsm.js';
import type { QuorumRules } from './quorum.js';

/** One resource of the group, in start order, with the time its start takes. */
export interface GroupMember {
  readonly service: string;
  readonly startMs: number;
}

/** Everything fixed for the node's life: names, timings, rules. */
export interface NodeSetup {
  readonly self: number;
  /** Host ids of the nodes, by node index. */
  readonly names: readonly string[];
  readonly group: readonly GroupMember[];
  readonly rules: QuorumRules;
  readonly tokenMs: number;
  readonly consensusMs: number;
  readonly joinMs: number;
  readonly bootMs: number;
  /** From the daemons' start: corosync's first membership, and the controller's start. */
  readonly corosyncStartMs: number;
  readonly controllerStartMs: number;
  readonly dcDeadtimeMs: number;
  /** After a new membership, qnetd's vote counts this much later (with a quorum device). */
  readonly qdeviceVoteMs: number;
  /** votequorum last_man_standing_window (used only with rules.lastManStanding). */
  readonly lmsWindowMs: number;
  /**
   * The nodes read each other's votequorum state and fencing history (sense.ts). Pacemaker shares
   * both with every member; the model reads them only where they can matter — where a node other
   * than the fencer can become a quorate DC while the fenced node is still down, or a node joins a
   * cluster whose expected votes last_man_standing lowered — so that the traces of the two-node
   * and three-node designs stay as they were.
   */
  readonly peerState: boolean;
  readonly stonith: boolean;
  readonly fenceAction: FenceAction;
  readonly stonithTimeoutMs: number;
  readonly fenceRetryMs: number;
  readonly delayBaseMs: number;
  readonly delayMaxMs: number;
  readonly priorityDelayMs: number;
  readonly noQuorumPolicy: 'stop' | 'freeze' | 'ignore';
}

/** Which corosync timer runs: a loss waits token then consensus, a join waits join. */
export type Pending = '' | 'token' | 'consensus' | 'join';

export interface NodeContext extends EffectfulContext {
  readonly setup: NodeSetup;
  /** corosync runs (the node is powered and booted). */
  readonly running: boolean;
  /** Last sensed: nodes the ring reaches, which of them run the group, the partition qnetd votes for (a node mask). */
  readonly reach: number;
  readonly runs: number;
  readonly qvote: number;
  /** The expected votes of a quorate node this node's ring reaches (the highest; 0: none), sensed with last_man_standing only. */
  readonly lead: number;
  /** The quorum device's vote counted in the node's last quorum decision (votequorum keeps a cast vote until qdevice withdraws it). */
  readonly qcast: boolean;
  /** The membership is new and qnetd's vote for it does not count yet (qdeviceVoteMs). */
  readonly qdeviceWait: boolean;
  /** votequorum's expected votes: the configuration's, lowered by last_man_standing, raised again by joins. */
  readonly expectedVotes: number;
  /** The agreed membership (0: in none yet) and its sequence number (corosync's ring id). */
  readonly members: number;
  readonly ringSeq: number;
  readonly pending: Pending;
  /** Nodes seen in a membership since corosync started, or fenced since (wait_for_all, startup fencing). */
  readonly everSeen: number;
  readonly seenAll: boolean;
  readonly quorate: boolean;
  /** The Pacemaker controller has started: until then the node reports membership and quorum only. */
  readonly controllerUp: boolean;
  /** The controller is past its start (joined a DC, or dc-deadtime passed alone). */
  readonly ready: boolean;
  /** Nodes lost (or never seen) that must be fenced before their resources recover. */
  readonly unclean: number;
  /** Nodes fenced (confirmed) since they were last members: their leaving needs no other fence. */
  readonly fencedDown: number;
  /** The node being fenced (a delay or an action under way), -1 none. */
  readonly fencing: number;
  /** A failed fence waits before the scheduler tries again. */
  readonly retrying: boolean;
  /** Where the group runs to this node's knowledge, -1 unknown or nowhere. */
  readonly holder: number;
  /** This node runs the group. */
  readonly active: boolean;
}

export const ROLES = ['down', 'booting', 'inquorate', 'online', 'active'] as const;
export type Role = (typeof ROLES)[number];

export interface Next {
  readonly value: Role;
  readonly context: NodeContext;
}

export const bit = (k: number): number => 1 << k;
export const has = (mask: number, k: number): boolean => k >= 0 && ((mask >> k) & 1) === 1;
export const allNodes = (c: NodeContext): number => (1 << c.setup.names.length) - 1;

export function roleOf(c: NodeContext): Role {
  if (!c.running) return 'booting';
  if (c.active) return 'active';
  return c.quorate ? 'online' : 'inquorate';
}

export function namesOf(c: NodeContext, mask: number): string {
  const names = c.setup.names.filter((_, k) => has(mask, k));
  return names.length === 0 ? '-' : names.join(',');
}

/** The context with `out` replaced, and the role it implies. */
export function next(c: NodeContext, out: readonly Effect[]): Next {
  const context = { ...c, out: [...out] };
  return { value: roleOf(context), context };
}
