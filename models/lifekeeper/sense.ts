// What a LifeKeeper node learns from its comm paths: over which paths each peer's heartbeats
// arrive, which silent peers another visible node still hears (what a remote_verify witness check
// would answer). (What it checks on itself, its disks and its virtual IPs' NIC, is monitor.ts.) Built from ground truth; delivered at the
// node's next heartbeat.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import { COMM_PATHS, type LkLayout } from './cluster.js';
import { hasHost } from '../../harness/engine/hostSet.js';

/** The role in which a node's LifeKeeper sends heartbeats. */
export const RUNNING = 'running';

/** Agent index of each host's LifeKeeper agent (-1: none). */
export type AgentIndex = readonly number[];

function heartbeating(view: WorldView, agents: AgentIndex, h: number): boolean {
  return agents[h] >= 0 && view.roles[agents[h]] === RUNNING && view.fabric.hostFrozen[h] === 0;
}

/** Comm paths (bits of COMM_PATHS) on which `a` hears `b`. */
function pathsBetween(view: WorldView, layout: LkLayout, a: number, b: number): number {
  const shared = layout.commPaths[a] & layout.commPaths[b];
  let mask = 0;
  for (let i = 0; i < COMM_PATHS.length; i++)
    if ((shared >> i) & 1 && hasHost(view.fabric.peers(COMM_PATHS[i])[a], b)) mask |= 1 << i;
  return mask;
}

export function observeNode(
  self: number,
  layout: LkLayout,
  agents: AgentIndex,
  witness: boolean,
  view: WorldView,
): AgentEvent {
  const cluster = layout.clusterOf[self];
  const n = agents.length;
  const links = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    if (j === self || ((cluster >> j) & 1) === 0 || !heartbeating(view, agents, j)) continue;
    links[j] = pathsBetween(view, layout, self, j);
  }
  let vouched = 0;
  if (witness) {
    for (let j = 0; j < n; j++) {
      if (j === self || ((cluster >> j) & 1) === 0 || links[j] !== 0 || !heartbeating(view, agents, j)) continue;
      for (let k = 0; k < n; k++) {
        if (k !== j && links[k] !== 0 && pathsBetween(view, layout, k, j) !== 0) {
          vouched |= 1 << j;
          break;
        }
      }
    }
  }
  return { type: 'OBSERVE', links, vouched };
}

/** Changes reach a node at its next heartbeat (multiples of its interval, phase 0). */
export function nextHeartbeat(heartbeatMs: number): (now: number) => number {
  return (now) => (Math.floor(now / heartbeatMs) + 1) * heartbeatMs;
}
