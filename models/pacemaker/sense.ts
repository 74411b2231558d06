// What a node's corosync hears: which nodes its ring reaches (powered, not paused, daemons
// running), which of them run the resource group (what the CIB status says), and whether the
// quorum device votes for its partition. Only ground truth and the nodes' roles are read.
import type { AgentEvent } from '../../harness/engine/effects.js';
import { hasHost } from '../../harness/engine/hostSet.js';
import type { WorldView } from '../../harness/engine/model.js';
import { SILENT_ROLES, type Layout, type QnetdContext } from './layout.js';
import type { NodeContext } from './nodeState.js';

export interface RingEvent extends AgentEvent {
  readonly type: 'RING';
  readonly reach: number;
  readonly runs: number;
  readonly qvote: number;
  /**
   * Only where the cluster shares peer state (NodeSetup.peerState): the highest expected votes of
   * a quorate node the ring reaches (0: none), and the nodes the reached peers have fenced since
   * they were last members (Pacemaker's fencing history and the CIB reach every member).
   */
  readonly lead?: number;
  readonly cleared?: number;
}

/**
 * What a node publishes: its membership (qnetd reads it), and where peer state is shared also its
 * expected votes, whether it is quorate (votequorum.c nodeinfo) and whom it has fenced. Elsewhere
 * only the membership, so that nothing else makes the others sense again.
 */
export function publishedOf(c: NodeContext): number | string {
  if (!c.setup.peerState) return c.members;
  return `${c.members} ${c.expectedVotes} ${c.quorate ? 1 : 0} ${c.fencedDown}`;
}

/** The highest expected votes among the quorate nodes of `reach` (0: none), and whom they fenced. */
function peerStateOf(view: WorldView, reach: number, nodes: number): { lead: number; cleared: number } {
  let lead = 0;
  let cleared = 0;
  for (let k = 0; k < nodes; k++) {
    if (((reach >> k) & 1) === 0) continue;
    const c = view.context(k) as NodeContext;
    if (c.quorate) lead = Math.max(lead, c.expectedVotes);
    cleared |= c.fencedDown;
  }
  return { lead, cleared };
}

function alive(layout: Layout, view: WorldView, k: number): boolean {
  const h = layout.hosts[k];
  return view.fabric.hostPowered[h] === 1 && view.fabric.hostFrozen[h] === 0 && !SILENT_ROLES.includes(view.roles[k]);
}

/** Node masks each node's ring reaches among the live nodes (itself included when live). */
function partitions(layout: Layout, view: WorldView): number[] {
  const n = layout.hosts.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let mask = 0;
    if (alive(layout, view, i)) {
      const peers = view.fabric.peers(layout.ring[i])[layout.hosts[i]];
      for (let k = 0; k < n; k++)
        if (k === i || (alive(layout, view, k) && hasHost(peers, layout.hosts[k]))) mask |= 1 << k;
    }
    out.push(mask);
  }
  return out;
}

/** The partition qnetd gives its vote to, as this node's qdevice hears it (0: unreachable, or none). */
function qnetdVote(layout: Layout, view: WorldView, self: number): number {
  const q = layout.qnetd;
  if (q < 0 || view.fabric.hostPowered[q] === 0 || view.fabric.hostFrozen[q] === 1) return 0;
  if (!hasHost(view.fabric.peers('management')[q], layout.hosts[self])) return 0;
  return (view.context(layout.qnetdAgent) as QnetdContext).vote;
}

export function senseRing(layout: Layout, self: number, view: WorldView, peerState: boolean): RingEvent {
  if (view.fabric.hostPowered[layout.hosts[self]] === 0)
    return { type: 'RING', reach: 0, runs: 0, qvote: 0, ...(peerState ? { lead: 0, cleared: 0 } : {}) };
  const parts = partitions(layout, view);
  const reach = parts[self] & ~(1 << self);
  let runs = 0;
  for (let k = 0; k < layout.hosts.length; k++) if ((reach >> k) & 1 && view.roles[k] === 'active') runs |= 1 << k;
  const qvote = qnetdVote(layout, view, self);
  const shared = peerState ? peerStateOf(view, reach, layout.hosts.length) : {};
  return { type: 'RING', reach, runs, qvote, ...shared };
}
