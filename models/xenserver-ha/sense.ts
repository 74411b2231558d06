// What a host's xhad learns from the network heartbeats and the statefile: which hosts it hears,
// which hosts have statefile access, which are live, whom each writer hears, who holds the master
// lock and who still counts this host as a member. Built from ground truth and from the other
// hosts' statefile entries, delivered at the next heartbeat tick after a change.
import type { AgentEvent } from '../../harness/engine/effects.js';
import {
  difference,
  EMPTY_HOSTS,
  hasHost,
  hostSetOfWords,
  type HostSet,
  hostWords,
  intersection,
  union,
  withHost,
  withoutHost,
  WORD_HOSTS,
} from '../../harness/engine/hostSet.js';
import type { WorldView } from '../../harness/engine/model.js';
import type { HostEvent, StatefileEntry } from './hostContext.js';

export interface HostSensing {
  /** Agent index of each host's HA agent. */
  readonly hostAgent: readonly number[];
}

const entryOf = (view: WorldView, agent: number): StatefileEntry =>
  (view.context(agent) as { entry: StatefileEntry }).entry;

/**
 * What every host's observation shares: the pool's roles, statefile entries and heartbeats as they
 * stand. After one change every host senses again, and all of them read the same n hosts, so this is
 * built once per change (and checked against its inputs, O(n) comparisons, per host): the pool's
 * sensing costs O(n) per host instead of O(n) allocations and reads per host.
 */
interface PoolReading {
  readonly fabricVersion: number;
  readonly roles: readonly string[];
  readonly entries: readonly StatefileEntry[];
  readonly frozen: readonly number[];
  /** Hosts whose xhad heartbeats: live or joining, not paused. */
  readonly running: HostSet;
  readonly live: HostSet;
  readonly masters: HostSet;
  /** Running hosts with statefile access. */
  readonly access: HostSet;
  readonly boots: readonly number[];
  /** `hears` when every running host counts as alive (no joiner is ignored). */
  readonly hears: readonly HostSet[];
  /**
   * Per host h: the hosts whose statefile entry lists h as a member, and those whose entry asks h,
   * in its current boot, to fence. Only for a pool beyond one word (null: read per host, which
   * costs a pool of 31 hosts or fewer less than building the table).
   */
  readonly table: StatefileTable | null;
}

const readings = new WeakMap<HostSensing, PoolReading>();

function sameInputs(r: PoolReading, layout: HostSensing, view: WorldView): boolean {
  if (r.fabricVersion !== view.fabric.version) return false;
  const roles = view.roles;
  const frozen = view.fabric.hostFrozen;
  for (let j = 0; j < layout.hostAgent.length; j++) {
    const a = layout.hostAgent[j];
    if (roles[a] !== r.roles[j] || frozen[j] !== r.frozen[j] || entryOf(view, a) !== r.entries[j]) return false;
  }
  return true;
}

function readPool(layout: HostSensing, view: WorldView): PoolReading {
  const known = readings.get(layout);
  if (known !== undefined && sameInputs(known, layout, view)) return known;
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  const roles = layout.hostAgent.map((a) => view.roles[a]);
  const entries = layout.hostAgent.map((a) => entryOf(view, a));
  const frozen = layout.hostAgent.map((_, j) => view.fabric.hostFrozen[j]);
  let running: HostSet = EMPTY_HOSTS;
  let live: HostSet = EMPTY_HOSTS;
  let masters: HostSet = EMPTY_HOSTS;
  let access: HostSet = EMPTY_HOSTS;
  for (let j = 0; j < n; j++) {
    const role = roles[j];
    if ((role !== 'live' && role !== 'joining') || frozen[j] === 1) continue;
    running = withHost(running, j);
    if (role === 'live') {
      live = withHost(live, j);
      if (entries[j].master) masters = withHost(masters, j);
    }
    if (entries[j].access) access = withHost(access, j);
  }
  const boots = entries.map((e) => e.boots);
  const hears = hearsOf(mgmt, running, n);
  const reading: PoolReading = {
    fabricVersion: view.fabric.version,
    roles,
    entries,
    frozen,
    running,
    live,
    masters,
    access,
    // The arrays of the reading before when they are equal: each host's check of its last answer
    // then compares one reference instead of n elements.
    boots: known !== undefined && sameNumbers(known.boots, boots) ? known.boots : boots,
    hears: known !== undefined && sameNumbers(known.hears, hears) ? known.hears : hears,
    table: n > WORD_HOSTS ? statefileTable(entries, boots, n, known) : null,
  };
  readings.set(layout, reading);
  return reading;
}

/**
 * Who claims and who asks to fence each host, as a transposed bit matrix of the statefile entries
 * (⌈n/32⌉ words a row), so that each host's observation takes its own row in O(1) instead of reading
 * all n entries: what kept a pool's sensing from growing as n² per change. Updated from the reading
 * before: only the columns of entries that changed (mostly one per change) and the rows of hosts
 * whose boot changed are read again, and a row's set is rebuilt only when its words changed.
 */
interface StatefileTable {
  readonly claimers: readonly HostSet[];
  readonly requesters: readonly HostSet[];
  /** Row h: the hosts whose entry lists h as a member. */
  readonly claimed: Int32Array;
  /** Row h: the hosts whose entry asks h, in its current boot (`boots[h]`), to fence. */
  readonly asked: Int32Array;
}

function statefileTable(
  entries: readonly StatefileEntry[],
  boots: readonly number[],
  n: number,
  before: PoolReading | undefined,
): StatefileTable {
  const words = (n + 31) >>> 5;
  const old = before?.table ?? null;
  const claimed = old !== null ? old.claimed.slice() : new Int32Array(n * words);
  const asked = old !== null ? old.asked.slice() : new Int32Array(n * words);
  for (let j = 0; j < n; j++)
    if (old === null || entries[j] !== before!.entries[j]) readColumn(claimed, asked, entries[j], boots, j, words);
  if (old !== null) {
    for (let h = 0; h < n; h++) {
      if (boots[h] === before!.boots[h]) continue;
      for (let j = 0; j < n; j++) {
        const d = entries[j].dropped[h];
        setBit(asked, h * words + (j >>> 5), 1 << (j & 31), d >= 0 && d === boots[h]);
      }
    }
  }
  return {
    claimers: rowSets(claimed, old?.claimed, old?.claimers, n, words),
    requesters: rowSets(asked, old?.asked, old?.requesters, n, words),
    claimed,
    asked,
  };
}

const setBit = (matrix: Int32Array, at: number, bit: number, on: boolean): void => {
  matrix[at] = on ? matrix[at] | bit : matrix[at] & ~bit;
};

/** Column j of both matrices: what entry j says (its members, its fence requests against each host's boot). */
function readColumn(
  claimed: Int32Array,
  asked: Int32Array,
  entry: StatefileEntry,
  boots: readonly number[],
  j: number,
  words: number,
): void {
  const n = boots.length;
  const word = j >>> 5;
  const bit = 1 << (j & 31);
  const { members, dropped } = entry;
  for (let h = 0; h < n; h++) {
    setBit(claimed, h * words + word, bit, false);
    setBit(asked, h * words + word, bit, dropped[h] >= 0 && dropped[h] === boots[h]);
  }
  // A one-word set is its own word: no array made for it.
  const single = typeof members === 'number' ? members : 0;
  const memberWords = typeof members === 'number' ? null : hostWords(members);
  const count = memberWords === null ? 1 : memberWords.length;
  for (let w = 0; w < count; w++) {
    for (let rest = memberWords === null ? single : memberWords[w]; rest !== 0; rest &= rest - 1) {
      const h = w * 32 + 31 - Math.clz32(rest & -rest);
      if (h < n) claimed[h * words + word] |= bit;
    }
  }
}

/** Each row as a host set: the set of the matrix before where the row's words are unchanged. */
function rowSets(
  matrix: Int32Array,
  oldMatrix: Int32Array | undefined,
  oldSets: readonly HostSet[] | undefined,
  n: number,
  words: number,
): HostSet[] {
  const sets: HostSet[] = [];
  for (let h = 0; h < n; h++) {
    const at = h * words;
    let same = oldMatrix !== undefined;
    for (let w = 0; same && w < words; w++) same = matrix[at + w] === oldMatrix![at + w];
    sets.push(same ? oldSets![h] : hostSetOfWords(matrix, at, words));
  }
  return sets;
}

function hearsOf(mgmt: readonly HostSet[], alive: HostSet, n: number): HostSet[] {
  const hears: HostSet[] = [];
  for (let j = 0; j < n; j++) hears.push(hasHost(alive, j) ? withHost(intersection(mgmt[j], alive), j) : EMPTY_HOSTS);
  return hears;
}

/** The OBSERVE event as made here: its arrays may be the pool reading's own, shared and never written. */
type Observation = Readonly<Omit<Extract<HostEvent, { type: 'OBSERVE' }>, 'hears' | 'boots'>> & {
  readonly hears: readonly HostSet[];
  readonly boots: readonly number[];
};

/**
 * What host `self` observes, as a sensing function that remembers its last answer: the simulator
 * asks hosts again after changes, and most answers are the same as the last one. Those come back as
 * the very same event (equal field by field, so nothing a run does or records changes), and no
 * object is made for them.
 */
export function hostObserver(self: number, layout: HostSensing): (view: WorldView) => AgentEvent {
  let last: Observation | null = null;
  return (view) => (last = observeHost(self, layout, view, last));
}

/** What host `self` observes now; `last` itself when that is what it observes. */
export function observeHost(
  self: number,
  layout: HostSensing,
  view: WorldView,
  last: Observation | null = null,
): Observation {
  const pool = readPool(layout, view);
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  const members = pool.entries[self].members;
  // xha heartbeat.c: packets of a starting host that this host still counts as a member are
  // ignored until the fault handler has dropped it.
  const ignored = withoutHost(intersection(difference(pool.running, pool.live), members), self);
  const alive = difference(pool.running, ignored);
  const writers = difference(pool.access, ignored);
  const live = pool.live;
  const boots = pool.boots;
  // Statefile entries: fence requests (a live writer whose survival decision declared this host,
  // in its current boot, dead), and live hosts that still list this host as a member.
  const visible = withoutHost(intersection(union(mgmt[self], writers), live), self);
  let fencedBy: HostSet;
  let claimedBy: HostSet;
  if (pool.table !== null) {
    fencedBy = intersection(intersection(visible, writers), pool.table.requesters[self]);
    claimedBy = intersection(visible, pool.table.claimers[self]);
  } else {
    // One word: every set here is a number (31 hosts or fewer), read with plain bits.
    fencedBy = 0;
    claimedBy = 0;
    for (let rest = visible as number; rest !== 0; rest &= rest - 1) {
      const j = 31 - Math.clz32(rest & -rest);
      const entry = pool.entries[j];
      if (((writers as number) >> j) & 1 && entry.dropped[self] === boots[self]) fencedBy |= 1 << j;
      if (((entry.members as number) >> self) & 1) claimedBy |= 1 << j;
    }
  }
  const peers = withoutHost(intersection(mgmt[self], alive), self);
  const hears = ignored === 0 ? pool.hears : hearsOf(mgmt, alive, n);
  const masters = pool.masters;
  if (
    last !== null &&
    last.peers === peers &&
    last.writers === writers &&
    last.live === live &&
    last.masters === masters &&
    last.claimedBy === claimedBy &&
    last.fencedBy === fencedBy &&
    sameNumbers(last.hears, hears) &&
    sameNumbers(last.boots, boots)
  )
    return last;
  // The fields in the order the trace's `event` entries print them.
  return { type: 'OBSERVE', peers, writers, live, hears, masters, claimedBy, fencedBy, boots };
}

function sameNumbers(a: readonly HostSet[] | readonly number[], b: readonly HostSet[] | readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Changes reach xhad at its next heartbeat tick (every t ms, phase 0). */
export function nextTick(heartbeatMs: number): (now: number) => number {
  return (now) => (Math.floor(now / heartbeatMs) + 1) * heartbeatMs;
}
