// Everything a run changes, in one record. The simulator's parts (event loop, sensing, services,
// replicas, effects) read and write only this record and the fixed shape of the model; nothing
// per-run lives in a class field elsewhere. Reset, snapshot, restore and the state fingerprint are
// derived from one field table (stateFields.ts), so a field cannot be added to one and forgotten
// in another.
import type { CompiledTopology } from '../compile.js';
import type { AgentEvent, ReplicationMode } from '../effects.js';
import type { Fabric } from '../fabric.js';
import type { FaultName } from '../faults/index.js';
import type { AgentState } from '../fsm.js';
import type { AgentSpec, Config } from '../model.js';
import type { EventQueue } from '../queue.js';
import type { NetworkRole } from '../topology.js';
import type { TraceEntry } from '../trace.js';
import type { SenseCache } from './senseCache.js';
import type { HostSet } from '../hostSet.js';

/** Queue item kinds (numbers, not strings: the loop switches on them per event). */
export const FAULT = 0;
export const DELIVER = 1;
export const TIMER = 2;
export const SENSE = 3;
export const SERVICE_UP = 4;
/** A step of a peer fence in flight (harness/engine/fencing.ts). */
export const FENCE = 5;

/** The event type under which a TIMER item carries its `order` (effects.ts, startTimer). */
export const ORDER = 'ORDER';

/** One pending event. Never changed after it is queued, so snapshots share items. */
export interface Item {
  at: number;
  seq: number;
  kind: number;
  /** The agent (DELIVER, TIMER, SENSE, FENCE: the fencer) or the service (SERVICE_UP); -1 for a fault. */
  agent: number;
  fault: FaultName | null;
  /** The fault's target, or the timer's name. */
  target: string;
  /** DELIVER, FENCE: the event; TIMER: null, or its same-instant order (`{type: ORDER, order}`). */
  event: AgentEvent | null;
  /** Which timer start or which instance the item belongs to (stale items are dropped). */
  token: number;
}

/** A running (or booting) instance of a service. Mutable: snapshots copy it. */
export interface Instance {
  host: number;
  running: boolean;
  token: number;
  /** A lock-step shadow of the service's independent instance (one server with it). */
  shadow: boolean;
}

/** A replica a model declared (`replicate` effect), and whether its feed flows in ground truth. */
export interface Replica {
  readonly service: number;
  readonly host: number;
  readonly source: number;
  readonly over: readonly NetworkRole[];
  readonly mode: ReplicationMode;
  readonly lagMs: number;
  flowing: boolean;
  /** While stopped: it holds every write acknowledged up to here. */
  upToMs: number;
}

/** An event that reached an agent of a paused host: agent, event, and the timer's token (0: not a timer). */
export type Deferred = readonly [agent: number, event: AgentEvent, token: number];

export type TraceLevel = 'verdict' | 'full';

/** What a run's state is built from: fixed for the life of a Simulation. */
export interface StateShape {
  readonly agents: readonly AgentSpec[];
  readonly topo: CompiledTopology;
  readonly baseConfig: Config;
}

/** Where `hashState` writes a state, field by field (explore hashes it; anything may collect it). */
export interface StateSink {
  num(n: number): void;
  str(s: string): void;
  /**
   * A plain-data value (numbers, strings, booleans, arrays, objects); keys named `skipKey` are left
   * out. Only for values never changed in place: a sink may remember an object by identity.
   */
  value(v: unknown, skipKey?: string): void;
}

/**
 * The state of one run. Arrays indexed by agent, service or host have one slot each; elements that
 * are never changed in place (agent states, events, trace entries, queue items) are shared by
 * snapshots, the others (instances, replicas, timer maps) are copied.
 */
export interface SimState {
  /** Ground truth: the components that work. One object for the Simulation's life, restored in place. */
  fabric: Fabric;
  /** The settings now in force (config drifts replace it). */
  config: Config;
  states: AgentState<unknown>[];
  /** Each agent's role (its state's value), kept apart for the sensing view and the trace. */
  roles: string[];
  /** The last observation each agent was given (null: none yet). */
  lastSensed: (AgentEvent | null)[];
  /** The ground truth last recorded, as host sets and a storage bit mask (-1: none yet). */
  lastCanRun: HostSet;
  lastServing: number;
  lastReachable: HostSet;
  replicas: Replica[];
  instances: Instance[][];
  /**
   * Per service: the host its last instance vanished with (crash or fence) until that host boots
   * again or the service starts elsewhere, else -1. A manager that still counts that host alive
   * cannot know the service is gone.
   */
  lostWith: number[];
  /** Per host: events that reached its agents while it was paused, delivered when it resumes. */
  deferred: Deferred[][];
  /** Pending events. One object for the Simulation's life, restored in place. */
  queue: EventQueue<Item>;
  /** Per agent: its running timers, name → the token of their latest start. */
  timers: Map<string, number>[];
  /** When each agent's pending observation is due (-1: none pending). */
  senseDue: number[];
  now: number;
  level: TraceLevel;
  entries: TraceEntry[];
  /** The last token handed out (timers and instances). */
  tokens: number;
  /** Events simulated: faults applied and events delivered to machines. */
  events: number;
  /** Deliveries under way inside one another (0 between instants). */
  depth: number;
  /** The fabric version ground truth was last computed at (a cache). */
  truthVersion: number;
  /** Each agent's last observation and the versions of its inputs (a cache, cleared by restore and reset). */
  senseCache: SenseCache;
}
