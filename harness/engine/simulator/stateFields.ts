// The one definition of how each field of the run state is reset, saved, restored and
// fingerprinted; the four operations are derived from this table. Why a table rather than one
// hand-written method per operation: it is a mapped type over SimState, so a new field without its
// entry does not compile, and each entry says for all four operations at once what the field is (a
// value, an array of shared or of copied elements, an object restored in place, scratch). Why not
// a generic deep copy and hash: the fingerprint leaves out what does not decide the future
// (absolute time, tokens, history) and reads some fields relative to others, which only a
// per-field rule can say; and snapshots share the immutable parts (agent states, events, entries),
// which a deep copy would not. stateFields.test.ts changes every field in turn and checks the four
// operations against it.
import { Fabric } from '../fabric.js';
import type { AgentEvent } from '../effects.js';
import { EventQueue } from '../queue.js';
import { SenseCache } from './senseCache.js';
import {
  SERVICE_UP,
  TIMER,
  type Deferred,
  type Instance,
  type Item,
  type Replica,
  type SimState,
  type StateShape,
  type StateSink,
} from './state.js';

/** How a field enters the fingerprint. */
export type HashRule =
  /** It is written to the sink. */
  | ((st: SimState, sink: StateSink, shape: StateShape) => void)
  /** Another field's rule reads it (changing it changes the fingerprint). */
  | { readonly readBy: keyof SimState }
  /** Left out, and why (changing it leaves the fingerprint as it is). */
  | { readonly leftOut: string };

/**
 * One field's four operations. Method syntax on purpose: the table below holds fields of different
 * types, and methods let `Field<T, S>` stand in for `Field<unknown, unknown>`.
 */
export interface Field<T, S> {
  /** The value when a run starts over (`current`: the live value, for objects reset in place). */
  init(shape: StateShape, current: T): T;
  /** A copy later changes to the live value cannot reach. */
  save(value: T): S;
  /** The live value from a saved copy, which stays intact (it may be restored again). */
  load(saved: S, current: T): T;
  readonly hash: HashRule;
}

/** Scratch the loop keeps during an instant: every operation sets it to `initial`. */
function transient<T>(initial: T, why: string): Field<T, T> {
  return { init: () => initial, save: () => initial, load: () => initial, hash: { leftOut: why } };
}

/** A value replaced, never changed in place (numbers, strings, immutable objects). */
function value<T>(init: (shape: StateShape) => T, hash: HashRule): Field<T, T> {
  return { init, save: (v) => v, load: (s) => s, hash };
}

/**
 * An array a snapshot copies with `copy`: the array alone when its elements are replaced, never
 * changed in place; each element too when they are. Each field passes its own `copy`, not a shared
 * generic one: V8 optimises a function literal for the arrays it has seen, and one copy for arrays
 * of every kind made `begin` (which restores a snapshot for every run) 20 % slower.
 */
function array<E>(
  init: (shape: StateShape) => E[],
  copy: (v: readonly E[]) => E[],
  hash: HashRule,
): Field<E[], readonly E[]> {
  return { init, save: copy, load: copy, hash };
}

const eachAgent =
  <T>(f: () => T) =>
  (shape: StateShape): T[] =>
    shape.agents.map(f);
const eachService =
  <T>(f: () => T) =>
  (shape: StateShape): T[] =>
    shape.topo.services.map(f);

/** Field order is fingerprint order. */
const FIELDS = {
  fabric: {
    init: (_shape: StateShape, fabric: Fabric) => (fabric.reset(), fabric),
    save: (fabric: Fabric) => fabric.state().map((a) => a.slice()),
    load: (saved: readonly Uint8Array[], fabric: Fabric) => {
      fabric.state().forEach((a, i) => a.set(saved[i]));
      fabric.changed();
      return fabric;
    },
    // Four bytes to a number: the arrays' lengths are fixed by the topology, so this is one-to-one.
    hash: (st, sink) => {
      for (const a of st.fabric.state()) {
        let i = 0;
        for (; i + 3 < a.length; i += 4) sink.num(a[i] | (a[i + 1] << 8) | (a[i + 2] << 16) | (a[i + 3] << 24));
        for (; i < a.length; i++) sink.num(a[i]);
      }
    },
  },
  config: value(
    (shape) => shape.baseConfig,
    (st, sink, shape) => {
      if (st.config !== shape.baseConfig) sink.value(st.config);
    },
  ),
  states: array(
    (shape): SimState['states'] => shape.agents.map((a) => ({ value: a.initial, context: a.context })),
    (v) => v.slice(),
    (st, sink) => {
      for (const s of st.states) sink.value(s.context, 'out');
    },
  ),
  roles: array(
    (shape) => shape.agents.map((a) => a.initial),
    (v) => v.slice(),
    (st, sink) => {
      for (const r of st.roles) sink.str(r);
    },
  ),
  lastSensed: array(
    eachAgent((): AgentEvent | null => null),
    (v) => v.slice(),
    (st, sink) => {
      for (const e of st.lastSensed) sink.value(e);
    },
  ),
  lastCanRun: value(
    () => -1,
    (st, sink) => sink.value(st.lastCanRun),
  ),
  lastServing: value(
    () => -1,
    (st, sink) => sink.num(st.lastServing),
  ),
  lastReachable: value(
    () => -1,
    (st, sink) => sink.value(st.lastReachable),
  ),
  replicas: array(
    (): Replica[] => [],
    (v) => v.map((r) => ({ ...r })),
    (st, sink) => {
      // Field by field: a replica changes in place, and a sink may remember an object by identity.
      sink.num(st.replicas.length);
      for (const r of st.replicas) {
        sink.num(r.service);
        sink.num(r.host);
        sink.num(r.source);
        sink.value(r.over);
        sink.str(r.mode);
        sink.num(r.lagMs);
        sink.num(r.flowing ? 1 : 0);
        sink.num(r.upToMs);
      }
    },
  ),
  instances: array(
    eachService((): Instance[] => []),
    (v) => v.map((list) => list.map((x) => ({ ...x }))),
    (st, sink) => {
      for (const list of st.instances) {
        sink.num(list.length);
        for (const x of list) {
          sink.num(x.host);
          sink.num(x.running ? 1 : 0);
          sink.num(x.shadow ? 1 : 0);
        }
      }
    },
  ),
  lostWith: array(
    eachService(() => -1),
    (v) => v.slice(),
    (st, sink) => {
      for (const h of st.lostWith) sink.num(h);
    },
  ),
  deferred: array(
    (shape) => shape.topo.hostIds.map((): Deferred[] => []),
    (v) => v.map((list) => list.slice()),
    (st, sink) => {
      for (const list of st.deferred) {
        sink.num(list.length);
        for (const [agent, event, token] of list) {
          sink.num(agent);
          sink.value(event);
          sink.num(token);
        }
      }
    },
  ),
  queue: {
    init: (_shape: StateShape, queue: EventQueue<Item>) => (queue.clear(), queue),
    save: (queue: EventQueue<Item>) => queue.save(),
    load: (saved: ReturnType<EventQueue<Item>['save']>, queue: EventQueue<Item>) => (queue.restore(saved), queue),
    hash: hashQueue,
  },
  timers: array(
    eachAgent(() => new Map<string, number>()),
    (v) => v.map((m) => new Map(m)),
    { readBy: 'queue' },
  ),
  senseDue: array(
    eachAgent(() => -1),
    (v) => v.slice(),
    { leftOut: 'between instants it is the instant of the agent’s pending SENSE item, which the queue hashes' },
  ),
  now: value(() => 0, { readBy: 'queue' }),
  level: value((): SimState['level'] => 'verdict', { leftOut: 'trace detail: it changes the history, not the future' }),
  entries: array(
    (): SimState['entries'] => [],
    (v) => v.slice(),
    { leftOut: 'history: explore digests what the properties still need of it' },
  ),
  tokens: value(() => 0, { leftOut: 'a counter: two runs at the same state may have handed out different numbers' }),
  events: value(() => 0, { leftOut: 'a count of the past' }),
  depth: transient(0, 'always 0 between instants'),
  truthVersion: transient(-1, 'a cache: -1 has ground truth computed again'),
  senseCache: {
    init: (_shape: StateShape, cache: SenseCache) => cache.clear(),
    save: () => null,
    load: (_saved: null, cache: SenseCache) => cache.clear(),
    hash: { leftOut: 'a cache of what sense functions return: cleared by restore and reset' },
  },
} satisfies { readonly [K in keyof SimState]: Field<SimState[K], unknown> };

/** Scratch for hashQueue (reused: fingerprinting runs once per explored state). */
const live: Item[] = [];

/**
 * Pending items that still do something (stale timers dropped), in time order, relative to now.
 * Insertion sort into a reused array: the heap is short and nearly in order, and a filtered copy
 * sorted with a comparator allocated on every fingerprint.
 */
function hashQueue(st: SimState, sink: StateSink): void {
  live.length = 0;
  for (const item of st.queue.pending()) {
    if (item.kind === TIMER && st.timers[item.agent].get(item.target) !== item.token) continue;
    let j = live.length;
    while (j > 0 && (live[j - 1].at > item.at || (live[j - 1].at === item.at && live[j - 1].seq > item.seq))) {
      live[j] = live[j - 1];
      j--;
    }
    live[j] = item;
  }
  sink.num(live.length);
  for (const item of live) {
    sink.num(item.kind);
    sink.num(item.at - st.now);
    sink.num(item.agent);
    sink.str(item.fault ?? '');
    sink.str(item.target);
    if (item.event !== null) sink.value(item.event);
    if (item.kind === SERVICE_UP) sink.num(st.instances[item.agent].findIndex((x) => x.token === item.token));
  }
  live.length = 0;
}

/** The field names, in table order. */
export const STATE_FIELDS = Object.keys(FIELDS) as readonly (keyof SimState)[];
/** The table seen field by field (each entry checked against its field's type above). */
export const FIELD_TABLE: Readonly<Record<keyof SimState, Field<unknown, unknown>>> = FIELDS;

/** A saved run state: each field's saved copy, in table order (opaque outside this file). */
export type SimSnapshot = readonly unknown[] & { readonly __snapshot: true };

/**
 * Save and restore as straight-line code compiled once from the table: one line per field, each
 * reading and writing its field by name at a site of its own. A loop over the names (`st[k] = …`)
 * makes every access and call a lookup, and `begin` restores a snapshot before every run: short
 * runs were 13 % slower that way. The names are this table's own keys, checked to be identifiers.
 */
function compile<F>(params: readonly string[], body: (fields: readonly string[]) => string): F {
  for (const k of STATE_FIELDS) if (!/^[A-Za-z_]\w*$/.test(k)) throw new Error(`state field ${k} is not an identifier`);
  // The one generated code in the engine, on purpose (measured above); its text is built from the table's keys only.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...params, body(STATE_FIELDS)) as F;
}

const saveFields = compile<(table: typeof FIELD_TABLE, st: SimState) => unknown[]>(
  ['table', 'st'],
  (fields) => `return [${fields.map((k) => `table.${k}.save(st.${k})`).join(', ')}];`,
);
const loadFields = compile<(table: typeof FIELD_TABLE, st: SimState, saved: SimSnapshot) => void>(
  ['table', 'st', 'saved'],
  (fields) => fields.map((k, i) => `st.${k} = table.${k}.load(saved[${i}], st.${k});`).join('\n'),
);

/** How `resetState` writes a field by name (it runs once per Simulation and trace level). */
type Writable = Record<keyof SimState, unknown>;

/**
 * A fresh record: a fabric and a queue of its own, every other field as `resetState` leaves it.
 * Written out as one literal (typed, so it cannot miss a field) because V8 keeps an object whose
 * properties are added one by one through computed keys as a slow hash table: the loop reads this
 * record on every event. The values here are placeholders; `resetState` sets them from the table.
 */
export function newState(shape: StateShape): SimState {
  const st: SimState = {
    fabric: new Fabric(shape.topo),
    config: shape.baseConfig,
    states: [],
    roles: [],
    lastSensed: [],
    lastCanRun: -1,
    lastServing: -1,
    lastReachable: -1,
    replicas: [],
    instances: [],
    lostWith: [],
    deferred: [],
    queue: new EventQueue<Item>(),
    timers: [],
    senseDue: [],
    now: 0,
    level: 'verdict',
    entries: [],
    tokens: 0,
    events: 0,
    depth: 0,
    truthVersion: -1,
    senseCache: new SenseCache(shape.agents),
  };
  resetState(st, shape);
  return st;
}

/** The state before a run's first instant (agents in their initial states, nothing running). */
export function resetState(st: SimState, shape: StateShape): void {
  for (const k of STATE_FIELDS) (st as Writable)[k] = FIELD_TABLE[k].init(shape, st[k]);
}

export function saveState(st: SimState): SimSnapshot {
  return saveFields(FIELD_TABLE, st) as unknown as SimSnapshot;
}

export function loadState(st: SimState, saved: SimSnapshot): void {
  loadFields(FIELD_TABLE, st, saved);
}

/**
 * Writes everything the future of this run depends on, with times relative to now (absolute
 * time, tokens and trace history left out), so equal writes mean equal futures up to a time shift.
 * The caller adds what its time abstraction needs of the absolute time (e.g. the heartbeat phase).
 */
export function hashState(st: SimState, sink: StateSink, shape: StateShape): void {
  for (let i = 0; i < HASHED.length; i++) HASHED[i](st, sink, shape);
}

/** The rules that write to the sink, in table order (explore fingerprints once per state: no lookups). */
const HASHED = STATE_FIELDS.flatMap((k) => {
  const rule = FIELD_TABLE[k].hash;
  return typeof rule === 'function' ? [rule] : [];
});
