// What one everRun host learns: whether its partner's everRun answers on either heartbeat link (and
// then the role the partner reports), and whether its own devices can run workloads (everRun
// monitors every hardware component, seed 003).
// The two heartbeat links are the channel network's two NICs: the partner is heard while either
// link carries traffic.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import { hasHost } from '../../harness/engine/hostSet.js';

/** Roles in which everRun runs on a host and answers its partner. */
const ANSWERING: ReadonlySet<string> = new Set(['protecting', 'duplex', 'simplex', 'syncing', 'joining']);

export function observePair(self: number, peer: number, peerAgent: number, view: WorldView): AgentEvent {
  const f = view.fabric;
  const peerRole = view.roles[peerAgent];
  const heard = ANSWERING.has(peerRole) && f.hostFrozen[peer] === 0 && hasHost(f.peers('channel')[self], peer);
  return {
    type: 'OBSERVE',
    heard: heard ? 1 : 0,
    peerRole: heard ? peerRole : '',
    selfOk: f.canRun(self) ? 1 : 0,
  };
}
