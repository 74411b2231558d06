// The shape of a cluster that sensing and qnetd share: which host each node is on, its ring
// network, the qnetd host and agent, and what qnetd publishes.
import type { EffectfulContext } from '../../harness/engine/fsm.js';
import type { NetworkRole } from '../../harness/engine/topology.js';

/** The cluster as sensing needs it: node i is agent i, on host `hosts[i]`, its ring on `ring[i]`. */
export interface Layout {
  readonly hosts: readonly number[];
  readonly ring: readonly NetworkRole[];
  /** The corosync-qnetd host (-1: no quorum device); qdevice talks to it on the management network. */
  readonly qnetd: number;
  /** The qnetd agent's index (after the nodes), -1 without a quorum device. */
  readonly qnetdAgent: number;
}

/** Roles in which corosync does not run: the node is off, or still booting. */
export const SILENT_ROLES: readonly string[] = ['down', 'booting'];

export interface QnetdContext extends EffectfulContext {
  /** The nodes that hold the vote (what each qdevice reads). */
  readonly vote: number;
}
