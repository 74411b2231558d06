// What a host's xhad learns from the network heartbeats and the statefile: which hosts it hears,
// which hosts have statefile access, which are live, whom each writer hears, who holds the master
// lock and who still counts this host as a member. Built from ground truth and from the other
// hosts' statefile entries, delivered at the next heartbeat tick after a change.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import type { StatefileEntry } from './hostContext.js';

export interface HostSensing {
  /** Agent index of each host's HA agent. */
  readonly hostAgent: readonly number[];
}

const entryOf = (view: WorldView, agent: number): StatefileEntry =>
  (view.context(agent) as { entry: StatefileEntry }).entry;

export function observeHost(self: number, layout: HostSensing, view: WorldView): AgentEvent {
  const roles = view.roles;
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  const members = entryOf(view, layout.hostAgent[self]).members;
  const boots: number[] = [];
  let alive = 0;
  let writers = 0;
  let live = 0;
  let masters = 0;
  for (let j = 0; j < n; j++) {
    const entry = entryOf(view, layout.hostAgent[j]);
    boots.push(entry.boots);
    const role = roles[layout.hostAgent[j]];
    if ((role !== 'live' && role !== 'joining') || view.fabric.hostFrozen[j] === 1) continue;
    // xha heartbeat.c: packets of a starting host that this host still counts as a member are
    // ignored until the fault handler has dropped it.
    if (role !== 'live' && j !== self && (members >> j) & 1) continue;
    alive |= 1 << j;
    if (role === 'live') {
      live |= 1 << j;
      if (entry.master) masters |= 1 << j;
    }
    if (entry.access) writers |= 1 << j;
  }
  const hears: number[] = [];
  for (let j = 0; j < n; j++) hears.push((alive >> j) & 1 ? (mgmt[j] & alive) | (1 << j) : 0);
  // Statefile entries: fence requests (a live writer whose survival decision declared this host,
  // in its current boot, dead), and live hosts that still list this host as a member.
  const visible = (mgmt[self] | writers) & live & ~(1 << self);
  let fencedBy = 0;
  let claimedBy = 0;
  for (let j = 0; j < n; j++) {
    if (!((visible >> j) & 1)) continue;
    const entry = entryOf(view, layout.hostAgent[j]);
    if ((writers >> j) & 1 && entry.dropped[self] === boots[self]) fencedBy |= 1 << j;
    if ((entry.members >> self) & 1) claimedBy |= 1 << j;
  }
  return {
    type: 'OBSERVE',
    peers: mgmt[self] & alive & ~(1 << self),
    writers,
    live,
    hears,
    masters,
    claimedBy,
    fencedBy,
    boots,
  };
}

/** Changes reach xhad at its next heartbeat tick (every t ms, phase 0). */
export function nextTick(heartbeatMs: number): (now: number) => number {
  return (now) => (Math.floor(now / heartbeatMs) + 1) * heartbeatMs;
}
