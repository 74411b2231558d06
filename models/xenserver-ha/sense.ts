// What a host's xhad learns from the network heartbeats and the statefile: which hosts it hears,
// which hosts have statefile access, which are live, whom each writer hears, who holds the master
// lock and who still counts this host as a member. Built from ground truth and from the other
// hosts' statefile entries, delivered at the next heartbeat tick after a change.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import type { HostEvent, StatefileEntry } from './hostContext.js';

export interface HostSensing {
  /** Agent index of each host's HA agent. */
  readonly hostAgent: readonly number[];
}

const entryOf = (view: WorldView, agent: number): StatefileEntry =>
  (view.context(agent) as { entry: StatefileEntry }).entry;

type Observation = Extract<HostEvent, { type: 'OBSERVE' }>;

/**
 * What host `self` observes, as a sensing function that remembers its last answer: the simulator
 * asks every host after every change, and most answers are the same as the last one. Those come
 * back as the very same event (equal field by field, so nothing a run does or records changes),
 * and no arrays are made for them.
 */
export function hostObserver(self: number, layout: HostSensing): (view: WorldView) => AgentEvent {
  const n = layout.hostAgent.length;
  const boots = zeros(n);
  const hears = zeros(n);
  const o = scratch();
  let last: Observation | null = null;
  return (view) => {
    observeInto(self, layout, view, o, boots, hears);
    if (
      last !== null &&
      last.peers === o.peers &&
      last.writers === o.writers &&
      last.live === o.live &&
      last.masters === o.masters &&
      last.claimedBy === o.claimedBy &&
      last.fencedBy === o.fencedBy &&
      sameNumbers(last.hears, hears) &&
      sameNumbers(last.boots, boots)
    )
      return last;
    last = observation(o, hears.slice(), boots.slice());
    return last;
  };
}

function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(0);
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The observation's numbers, filled in by `observeInto`. */
type Numbers = { -readonly [K in 'peers' | 'writers' | 'live' | 'masters' | 'claimedBy' | 'fencedBy']: number };

const scratch = (): Numbers => ({ peers: 0, writers: 0, live: 0, masters: 0, claimedBy: 0, fencedBy: 0 });

/** The event, its fields in the order the trace's `event` entries print them. */
function observation(o: Numbers, hears: number[], boots: number[]): Observation {
  return {
    type: 'OBSERVE',
    peers: o.peers,
    writers: o.writers,
    live: o.live,
    hears,
    masters: o.masters,
    claimedBy: o.claimedBy,
    fencedBy: o.fencedBy,
    boots,
  };
}

/** Fills in `o`, and the per-host boot counts and hearing masks in `boots` and `hears`. */
function observeInto(
  self: number,
  layout: HostSensing,
  view: WorldView,
  o: Numbers,
  boots: number[],
  hears: number[],
): void {
  const roles = view.roles;
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  const members = entryOf(view, layout.hostAgent[self]).members;
  let alive = 0;
  let writers = 0;
  let live = 0;
  let masters = 0;
  for (let j = 0; j < n; j++) {
    const entry = entryOf(view, layout.hostAgent[j]);
    boots[j] = entry.boots;
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
  for (let j = 0; j < n; j++) hears[j] = (alive >> j) & 1 ? (mgmt[j] & alive) | (1 << j) : 0;
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
  o.peers = mgmt[self] & alive & ~(1 << self);
  o.writers = writers;
  o.live = live;
  o.masters = masters;
  o.claimedBy = claimedBy;
  o.fencedBy = fencedBy;
}

/** Changes reach xhad at its next heartbeat tick (every t ms, phase 0). */
export function nextTick(heartbeatMs: number): (now: number) => number {
  return (now) => (Math.floor(now / heartbeatMs) + 1) * heartbeatMs;
}
