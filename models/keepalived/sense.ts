// What a router notices: carrier (netlink link state, noticed at once), whose packets reach it,
// and, standing in for the adverts on the wire, which MASTERs advertise to it (their phase, the
// instant their advert timer started: keepalived's adverts are edge-triggered, router.ts) and, for
// the others, since when they are silent. The observation changes only when one of these does, so
// that a router is told of a change of its link exactly when the packet model told it.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import { hasHost, withoutHost } from '../../harness/engine/hostSet.js';
import { LOST_AFTER_NOW, PAUSED_NOW, type RouterContext } from './router.js';

export function observeLink(self: number, routers: number, view: WorldView): AgentEvent {
  const { fabric } = view;
  const frozen = fabric.hostFrozen[self];
  // While off, nothing: and the first observation after power-on always differs from this one, so
  // a booting router always learns its link state.
  if (fabric.hostPowered[self] === 0) return { type: 'LINK', carrier: 0, heard: 0, powered: 0, frozen };
  const carrier = fabric.activeNic('public', self) >= 0 ? 1 : 0;
  const heard = withoutHost(fabric.peers('public')[self], self);
  const phases: number[] = [];
  const silentFrom: number[] = [];
  for (let j = 0; j < routers; j++) {
    const other = view.context(j) as RouterContext;
    const master = view.roles[j] === 'MASTER';
    if (j !== self && master && fabric.hostFrozen[j] === 0 && carrier === 1 && hasHost(heard, j)) {
      phases.push(other.phaseMs);
      silentFrom.push(-1);
    } else {
      phases.push(-1);
      silentFrom.push(!master ? other.silentFromMs : fabric.hostFrozen[j] === 1 ? PAUSED_NOW : LOST_AFTER_NOW);
    }
  }
  return { type: 'LINK', carrier, heard, powered: 1, frozen, phases, silentFrom };
}
