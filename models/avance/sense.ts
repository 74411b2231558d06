// What one Avance node learns: whether the other node answers on the private link and on the
// production network (two paths, so one broken path is not mistaken for a dead node), what the
// other node reports (its role, whether its hardware is whole), and the state of its own hardware:
// both power supplies, its production link, its disks.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { Fabric } from '../../harness/engine/fabric.js';
import type { WorldView } from '../../harness/engine/model.js';
import { hasHost } from '../../harness/engine/hostSet.js';

const ANSWERING: ReadonlySet<string> = new Set(['synced', 'split', 'alone', 'syncing', 'joining', 'waiting']);

function whole(f: Fabric, h: number): boolean {
  return f.canRun(h) && f.psuFailed[h] === 0;
}

export function observeNode(self: number, peer: number, peerAgent: number, view: WorldView): AgentEvent {
  const f = view.fabric;
  const peerRole = view.roles[peerAgent];
  const alive = ANSWERING.has(peerRole) && f.hostFrozen[peer] === 0;
  const link = alive && hasHost(f.peers('channel')[self], peer);
  const prod = alive && hasHost(f.peers('vm')[self], peer);
  const heard = link || prod;
  return {
    type: 'OBSERVE',
    link: link ? 1 : 0,
    prod: prod ? 1 : 0,
    psuOk: f.psuFailed[self] === 0 ? 1 : 0,
    netOk: f.serviceNetworkUp(self) ? 1 : 0,
    diskOk: f.storageReachable(self) ? 1 : 0,
    peerFit: heard && whole(f, peer) ? 1 : 0,
    peerRuns: heard && f.canRun(peer) ? 1 : 0,
    peerRole: heard ? peerRole : '',
  };
}
