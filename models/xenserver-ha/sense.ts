// What a host's xhad learns from the network heartbeats and the statefile: which hosts it hears,
// which hosts write the statefile, which are live, and how the writers split into partitions
// (each writer's statefile entry records whom it hears). Built from ground truth, delivered at the
// next heartbeat tick after a change.
import type { AgentEvent } from '../../harness/effects.js';
import type { WorldView } from '../../harness/model.js';

export interface HostSensing {
  /** Agent index of each host's HA agent. */
  readonly hostAgent: readonly number[];
  /** Agent index of each host's multipath agent, or -1 (no shared storage: always writes). */
  readonly multipathAgent: readonly number[];
}

const HEARTBEATING = new Set(['live', 'joining']);

/** What a host writes into its statefile entry besides its heartbeat. */
interface Published {
  readonly boots: number;
  readonly dropped: readonly number[];
}

export function observeHost(self: number, layout: HostSensing, view: WorldView): AgentEvent {
  const roles = view.roles;
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  let alive = 0;
  let writers = 0;
  let live = 0;
  for (let j = 0; j < n; j++) {
    const role = roles[layout.hostAgent[j]];
    if (!HEARTBEATING.has(role) || view.fabric.hostFrozen[j] === 1) continue;
    alive |= 1 << j;
    if (role === 'live') live |= 1 << j;
    const mp = layout.multipathAgent[j];
    if (mp < 0 || roles[mp] === 'ok') writers |= 1 << j;
  }
  const parts: number[] = [];
  let assigned = 0;
  for (let j = 0; j < n; j++) {
    if (!((writers >> j) & 1) || (assigned >> j) & 1) continue;
    const part = ((mgmt[j] | (1 << j)) & writers) >>> 0;
    assigned |= part;
    parts.push(part | 0);
  }
  // Statefile entries: every host's boot count, and fence requests — a live writer whose survival
  // decision declared this host (in its current boot) dead.
  const boots: number[] = [];
  for (let j = 0; j < n; j++) boots.push((view.context(layout.hostAgent[j]) as Published).boots);
  let fencedBy = 0;
  for (let j = 0; j < n; j++) {
    if (j === self || !((writers >> j) & 1) || !((live >> j) & 1)) continue;
    if ((view.context(layout.hostAgent[j]) as Published).dropped[self] === boots[self]) fencedBy |= 1 << j;
  }
  return { type: 'OBSERVE', peers: mgmt[self] & alive & ~(1 << self), writers, live, parts, fencedBy, boots };
}

/** Changes reach xhad at its next heartbeat tick (every t ms, phase 0). */
export function nextTick(heartbeatMs: number): (now: number) => number {
  return (now) => (Math.floor(now / heartbeatMs) + 1) * heartbeatMs;
}
