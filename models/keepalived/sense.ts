// What a router's interface tells keepalived: carrier (netlink link state, noticed at once) and,
// standing in for the network, whose packets reach it. Nothing is sensed while the host is off.
import type { AgentEvent } from '../../harness/effects.js';
import type { WorldView } from '../../harness/model.js';

export function observeLink(self: number, view: WorldView): AgentEvent | null {
  const fabric = view.fabric;
  if (fabric.hostPowered[self] === 0) return null;
  const carrier = fabric.activeNic('public', self) >= 0 ? 1 : 0;
  const heard = fabric.peers('public')[self] & ~(1 << self);
  return { type: 'LINK', carrier, heard };
}
