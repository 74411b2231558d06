// corosync-qnetd on its own host, algorithm ffsplit (DOMAIN.md Corosync / Pacemaker: it gives its
// vote to exactly one half of an even split). It hears the membership each connected node's
// corosync-qdevice reports, and gives its vote to one of those partitions: the one with the most
// nodes, a tie to the partition that held the vote before, then to the lowest node (tie_breaker
// lowest: corosync-qnetd.8, not in DOMAIN.md). Keeping the vote where it was is what stops a node
// that boots alone from taking it while the cluster's partitions merge.
import type { AgentEvent } from '../../harness/engine/effects.js';
import { defineMachine, routed } from '../../harness/engine/fsm.js';
import { hasHost } from '../../harness/engine/hostSet.js';
import type { WorldView } from '../../harness/engine/model.js';
import { lowest, popcount } from './quorum.js';
import type { NodeContext } from './nodeState.js';
import { SILENT_ROLES, type Layout, type QnetdContext } from './layout.js';

export interface ReportsEvent extends AgentEvent {
  readonly type: 'REPORTS';
  /** The distinct memberships reported by the nodes connected to qnetd (node masks, connected nodes only). */
  readonly parts: readonly number[];
}

type QnetdEvent = ReportsEvent | { type: 'CRASH' } | { type: 'POWER_ON' } | { type: 'TIMER'; name: string };

/** ffsplit's choice among the reported partitions. */
export function ffsplit(parts: readonly number[], previous: number): number {
  let best = 0;
  for (const p of parts) {
    const score = (x: number) => popcount(x) * 4 + ((x & previous) !== 0 ? 2 : 0);
    if (best === 0 || score(p) > score(best) || (score(p) === score(best) && lowest(p) < lowest(best))) best = p;
  }
  return best;
}

function reduce(c: QnetdContext, e: QnetdEvent, role: string): { value: string; context: QnetdContext } {
  if (e.type === 'CRASH') return { value: 'down', context: { ...c, out: [], vote: 0 } };
  if (e.type === 'POWER_ON') return { value: 'serving', context: { ...c, out: [], vote: 0 } };
  if (e.type === 'REPORTS' && role === 'serving')
    return { value: 'serving', context: { ...c, out: [], vote: ffsplit(e.parts, c.vote) } };
  return { value: role, context: { ...c, out: [] } };
}

const ROLES = ['serving', 'down'];
const EVENTS = ['REPORTS', 'CRASH', 'POWER_ON', 'TIMER'];
const stateNode = (role: string) => ({
  on: Object.fromEntries(
    EVENTS.map((e) => [e, routed<QnetdContext, QnetdEvent>(ROLES, (c, ev) => reduce(c, ev, role))]),
  ),
});

export const qnetdMachine = defineMachine<QnetdContext, QnetdEvent>({
  id: 'pacemaker-qnetd',
  initial: 'serving',
  states: { serving: stateNode('serving'), down: stateNode('down') },
});

/** The memberships qnetd hears: from each live node it reaches on the management network. */
export function senseReports(layout: Layout, view: WorldView): ReportsEvent {
  const q = layout.qnetd;
  if (view.fabric.hostPowered[q] === 0) return { type: 'REPORTS', parts: [] };
  const hears = view.fabric.peers('management')[q];
  const n = layout.hosts.length;
  let connected = 0;
  for (let k = 0; k < n; k++) {
    const h = layout.hosts[k];
    const live =
      view.fabric.hostPowered[h] === 1 && view.fabric.hostFrozen[h] === 0 && !SILENT_ROLES.includes(view.roles[k]);
    if (live && hasHost(hears, h)) connected |= 1 << k;
  }
  const parts = new Set<number>();
  for (let k = 0; k < n; k++) {
    if (((connected >> k) & 1) === 0) continue;
    const members = (view.context(k) as NodeContext).members & connected;
    if (members !== 0) parts.add(members);
  }
  return { type: 'REPORTS', parts: [...parts].sort((a, b) => a - b) };
}
