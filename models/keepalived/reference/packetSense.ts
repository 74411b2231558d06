// What a router's interface tells keepalived: carrier (netlink link state, noticed at once) and,
// standing in for the network, whose packets reach it.
import type { AgentEvent } from '../../../harness/engine/effects.js';
import { withoutHost } from '../../../harness/engine/hostSet.js';
import type { WorldView } from '../../../harness/engine/model.js';

export function observeLink(self: number, view: WorldView): AgentEvent {
  const fabric = view.fabric;
  // While off, nothing: and the first observation after power-on always differs from this one, so
  // a booting router always learns its link state.
  if (fabric.hostPowered[self] === 0) return { type: 'LINK', carrier: 0, heard: 0, powered: 0 };
  const carrier = fabric.activeNic('public', self) >= 0 ? 1 : 0;
  const heard = withoutHost(fabric.peers('public')[self], self);
  return { type: 'LINK', carrier, heard, powered: 1 };
}
