// The plug-in boundary: everything the engine needs from a product model. A new model is a folder
// under models/ that exports one `Model` and one line in models/registry.ts.
import type { CompiledTopology } from './compile.js';
import type { AgentEvent } from './effects.js';
import type { Fabric } from './fabric.js';
import type { FaultName } from './faults/index.js';
import type { Property, PropertyName } from './property.js';
import type { AgentMachine, EffectfulContext } from './fsm.js';
import type { Topology } from './topology.js';

export type ConfigValue = number | string | boolean;
/**
 * The engine's view of a model's settings: values by key name, as `resolveConfig` parsed them. A
 * model sees its own typed object instead (`ConfigOf` of its key table, `Model<S>`).
 */
export type Config = Readonly<Record<string, ConfigValue>>;

/**
 * A default computed from other settings (a profile's timeout). Its parameter names the settings it
 * reads, e.g. `(c: { readonly profile: Profile }) => …`; `Model<S>` checks them against the model's
 * typed settings. (Method syntax: parameters compare both ways, so the same key fits the engine's
 * untyped view.)
 */
type Derived<S> = { bivarianceHack(config: S): ConfigValue }['bivarianceHack'];

interface KeyBase<S> {
  readonly key: string;
  /** A constant, or a function of the other (already resolved) settings, e.g. a profile's default. */
  readonly default: ConfigValue | Derived<S>;
  readonly describe: string;
  /** Where the default comes from (seed file, DOMAIN.md section, vendor doc). */
  readonly source: string;
  /** The default is a modelling choice, not a documented vendor fact. */
  readonly unverified?: boolean;
}

/**
 * A duration (`ms`: whole milliseconds) or a whole number (`number`: a count, a priority), with the
 * range the product accepts: a value outside it is bad input, never a run. Where no document gives
 * a bound, the bound is a modelling choice (generous, and small enough that every run stays
 * finite) and `rangeSource` says so.
 */
export interface NumericKey<S = Config> extends KeyBase<S> {
  readonly type: 'ms' | 'number';
  readonly min: number;
  readonly max: number;
  /** Where min and max come from (a vendor document), or `modelling choice: …` and why. */
  readonly rangeSource: string;
  readonly values?: undefined;
}

/** `string`: free text the model checks itself (a component id, a comma-separated list of host ids). */
export interface ChoiceKey<S = Config> extends KeyBase<S> {
  readonly type: 'enum' | 'boolean' | 'string';
  readonly values?: readonly string[];
  readonly min?: undefined;
  readonly max?: undefined;
  readonly rangeSource?: undefined;
}

export type ConfigKey<S = Config> = NumericKey<S> | ChoiceKey<S>;

/** The value a key takes: a number for `ms` and `number`, one of its values for an `enum`. */
export type ValueOfKey<K> = K extends { readonly type: 'ms' | 'number' }
  ? number
  : K extends { readonly type: 'boolean' }
    ? boolean
    : K extends { readonly type: 'enum'; readonly values: readonly (infer V extends string)[] }
      ? V
      : string;

/**
 * A model's typed settings, from its key table declared `[…] as const satisfies readonly ConfigKey[]`:
 * e.g. `{ readonly timeoutMs: number; readonly profile: 'xha' | 'seed-2009'; … }`.
 */
export type ConfigOf<Keys extends readonly ConfigKey[]> = { readonly [K in Keys[number] as K['key']]: ValueOfKey<K> };

export interface Drift<S extends Config = Config> {
  readonly name: string;
  readonly describe: string;
  /** The settings after the drift, given the settings before it. */
  apply(config: S, defaults: S): S;
}

/** A step of a written procedure an operator may take (in or out of order). */
export interface OperatorStep {
  readonly name: string;
  readonly describe: string;
}

export type { PropertyName } from './property.js';

export interface Preset<S extends Config = Config> {
  readonly name: string;
  readonly describe: string;
  readonly topology: Topology;
  /** Some of the model's settings (only its keys, with their types). */
  readonly config?: Partial<S>;
  /** Fault kinds the generator draws for this preset (default: the model's). */
  readonly faults?: readonly FaultName[];
  /** What the seed says about this design, for the README and the `models` listing. */
  readonly verdict: string;
}

/** Read-only view the sensing functions get: ground truth and every agent's current role. */
export interface WorldView {
  readonly fabric: Fabric;
  readonly roles: readonly string[];
  readonly now: number;
  /** An agent's current context: what it publishes (e.g. in a statefile) to whoever can read it. */
  context(agent: number): unknown;
}

export type HostStatus = 'up' | 'out';

/**
 * What an agent's `sense` reads, so that after a change the simulator senses it again only if one
 * of these changed (an agent without it is sensed after every change of the world or of any role).
 * With it, `sense` must be a function of exactly these and nothing else: ground truth (if `fabric`),
 * and the roles of `agents` and what their `published` returns (their contexts read only through
 * that part). Never `now`.
 */
export interface SenseInputs {
  /** It reads ground truth (the fabric). */
  readonly fabric: boolean;
  /** The agents (indexes in the model's agent list) whose role or published context it reads, or every agent. */
  readonly agents: readonly number[] | 'all';
}

/**
 * One agent of a model. `C` is its machine's context type: `agentSpec` (or an `AgentSpec<C>`
 * annotation) checks the initial context against the machine; a list of agents of different
 * machines is an `AgentSpec[]`, no cast needed. `published` may take the machine's context type
 * (declared as a method: the engine hands it only contexts of this agent's machine).
 */
export interface AgentSpec<C extends EffectfulContext = EffectfulContext> {
  readonly id: string;
  readonly kind: string;
  readonly machine: AgentMachine<C>;
  readonly initial: string;
  readonly context: C;
  /** The host this agent runs on (-1: none); it gets CRASH / POWER_ON / HA_DISABLE. */
  readonly host: number;
  /** The storage node this agent is (-1: none); its role decides whether the node serves. */
  readonly storage: number;
  /** What the agent notices of the world right now (null: nothing). Compared field by field. */
  readonly sense?: (view: WorldView) => AgentEvent | null;
  /** What `sense` reads (undeclared: anything, so it is sensed again after every change). */
  readonly senseReads?: SenseInputs;
  /** When a change that happens at `now` reaches the agent (quantised to its heartbeat). */
  readonly noticeAt?: (now: number) => number;
  /**
   * The part of its context others can observe (compared with ===); when it changes, every agent
   * senses again, as after a role change.
   */
  published?(context: unknown): unknown;
  /**
   * When an observation (its own, or another agent's on the same host) and one of the agent's
   * timers fall due at the same instant, deliver the observation first: a repair and a timeout in
   * the same millisecond resolve in favour of the repair. Default: queue order (the timer, set
   * earlier, first).
   */
  readonly observeBeforeTimers?: boolean;
  /**
   * Every event reaches the machine with `at`, the instant it is handled, and an event kept while
   * its host was paused also with `heldSinceMs`, the instant it arrived (it is handled at the
   * resume); that backlog starts with PAUSED (held since the pause began) and ends with RESUMED. For a machine that keeps its own clock, to
   * work out what happened between events instead of being woken for each (keepalived's adverts).
   */
  readonly clocked?: boolean;
}

/** An agent whose initial context and `published` are checked against its machine's context type. */
export function agentSpec<C extends EffectfulContext>(spec: AgentSpec<C>): AgentSpec<C> {
  return spec;
}

export interface ModelInstance {
  readonly agents: readonly AgentSpec[];
  /** For host agents: whether a role means the host is up (running HA and workloads) or out. */
  hostStatus(role: string): HostStatus;
  /** Storage agents: the role in which the node serves current data. */
  readonly servingRole: string;
  /** Time a restarted service needs before it serves. */
  readonly serviceBootMs: number;
  /** Simulated time to run after the last fault, so every timer can fire twice. */
  readonly settleMs: number;
  /**
   * Why the product is not back to its protected steady state (e.g. a host that rejoined but is
   * excluded, a multipath still failed over), given every agent's role. Used by `wait until healthy`.
   */
  unsettled?(roles: readonly string[]): string[];
  /** World parameters the fault vocabulary reads. */
  readonly world: { readonly storageRebootMs: number };
}

/**
 * The most hosts a design of this model may have, and where that number comes from: the product's
 * documented maximum (hosts in a pool, in a cluster), or a limit of the model itself. A design is
 * held to `hostLimitOf` (harness/engine/hostLimit.ts): this number, at most the engine's MAX_HOSTS.
 * A model that declares one keeps its host sets as `HostSet` (harness/engine/hostSet.ts: bigints
 * beyond 31 hosts); a model that declares none is held to 31 hosts, one 32-bit word of mask.
 */
export interface HostLimit {
  readonly hosts: number;
  /** Where the number comes from (vendor document, DOMAIN.md section, or `modelling choice: …`). */
  readonly source: string;
  /** The number is not read in a document this project holds (DOMAIN.md, the seeds). */
  readonly unverified?: boolean;
}

/**
 * `S`: the model's typed settings (`ConfigOf` its key table). The engine holds every model as `Model`
 * and hands `instantiate` and a drift's `apply` (methods: their parameter compares both ways) the
 * settings `resolveConfig` parsed from this model's own keys, which is what makes them an `S`.
 */
export interface Model<S extends Config = Config> {
  readonly name: string;
  readonly version: string;
  readonly summary: string;
  readonly keys: readonly ConfigKey<S>[];
  readonly presets: readonly Preset<S>[];
  /** Fault kinds the generator draws (repairs follow from each kind's `repairedBy`). */
  readonly faults: readonly FaultName[];
  readonly drifts: readonly Drift<S>[];
  /** Procedure steps the `operator-step` fault can take (agents get OPERATOR {step}). */
  readonly operatorSteps?: readonly OperatorStep[];
  /**
   * The properties every run of this model is judged by: built-in ones (properties/index.ts) and
   * the model's own (`ownProperties`). A name that is neither is a mistake `propertyProblems` finds.
   */
  readonly properties: readonly PropertyName[];
  /**
   * Properties the model declares itself, beside the built-in ones: judged (and named in flags,
   * trace files and reports) exactly like them. A name may not reuse a built-in one.
   */
  readonly ownProperties?: readonly Property[];
  /**
   * Properties this model counts as safety besides the built-in safety ones (properties/index.ts
   * `propertyKind`): a sweep recommendation may not make any of them worse than the default.
   */
  readonly safety?: readonly PropertyName[];
  /**
   * Hosts in the same place in the topology behave alike: no host-order tie-breaks, no
   * per-host roles. `explore` then explores one schedule per class of symmetric ones. Default false.
   */
  readonly interchangeableHosts?: boolean;
  /** The most hosts a design may have (default: 31, what one 32-bit mask holds). */
  readonly maxHosts?: HostLimit;
  instantiate(topology: CompiledTopology, config: S): ModelInstance;
}
