// An @xstate/fsm config compiled once into a direct dispatcher: state × event type → guards in
// order → target, assigners and action functions, all resolved ahead of time. It computes exactly
// what the library's `transition` followed by the engine's effect collection computes (fsm.ts
// `step`), without the library's per-step work: no action arrays built and filtered, no context
// copied before each function assigner (the copy is thrown away when the assigner is a function),
// no `matches` closure, no iterator protocol. The library stays the reference: HAFAULT_FSM=library
// runs it instead, and a differential test drives every model's machines through both.
//
// Semantics reproduced (@xstate/fsm 2.1.0, `createMachine().transition` in lib/index.js, which Node and the
// bundle load, and es/index.js):
// - a state given as a string starts from the config's context; an event given as a string is `{ type }`;
// - the transitions tried are the event type's (a string target, one object, or an array) followed by
//   the wildcard `'*'`'s; the first whose `cond` holds on the pre-transition context is taken; an
//   `undefined` entry in the list ends the search with no transition;
// - no `on`, no listed transition, or no guard holding: the state is returned as it was, `changed` false;
// - target `undefined`: internal (the transition's own actions only); any other target (the state's
//   own name too, and `null`, which means the current state) is external: exit, the transition's
//   actions, the target's entry, falsy entries dropped;
// - assign actions are applied in list order, each to the previous one's result (a property-map
//   assignment copies the context first); the other actions run after all of them on the final context;
// - `changed` is `target !== current || there is a non-assign action || there is an assign`.
import type { AgentEvent, Effect } from './effects.js';

type Context = { readonly out?: readonly Effect[] };
type Guard = (context: Context, event: AgentEvent) => boolean;
type Assigner = (context: Context, event: AgentEvent) => Context;
type Exec = (context: Context, event: AgentEvent) => readonly Effect[] | void;

/** The parts of an @xstate/fsm config the dispatcher reads (typed loosely: configs are checked where they are written). */
export interface FsmConfig {
  readonly context?: unknown;
  readonly states: Readonly<Record<string, FsmStateNode | undefined>>;
}
interface FsmStateNode {
  readonly on?: Readonly<Record<string, unknown>>;
  readonly entry?: unknown;
  readonly exit?: unknown;
}
interface FsmTransitionObject {
  readonly target?: string | null;
  readonly actions?: unknown;
  readonly cond?: Guard;
}

interface Compiled {
  /** null: an `undefined` entry in the list (the library stops there with no transition). */
  readonly guard: Guard | null;
  readonly stop: boolean;
  readonly target: string;
  readonly assigners: readonly Assigner[];
  readonly execs: readonly Exec[];
  readonly changed: boolean;
  /** A target the config lacks: reaching it is left to the library (which throws there). */
  readonly unknownTarget: boolean;
}

interface CompiledState {
  readonly byType: ReadonlyMap<string, readonly Compiled[]>;
  /** The wildcard's transitions: what an event type the state does not name tries. */
  readonly otherwise: readonly Compiled[];
  /** The state's `on` table, to look up event types inherited from Object.prototype as the library does. */
  readonly on: Readonly<Record<string, unknown>> | undefined;
}

export interface DispatchState<C> {
  readonly value: string;
  readonly context: C;
}

export interface Dispatched<C> {
  readonly state: DispatchState<C>;
  readonly effects: readonly Effect[];
  readonly changed: boolean;
}

export type Dispatch = <C>(state: string | DispatchState<C>, event: string | AgentEvent) => Dispatched<C>;

const NONE: readonly Effect[] = [];

/** `[].concat(x)` with `undefined` as nothing, as the library lists actions and transitions. */
function listOf(x: unknown): unknown[] {
  return x === undefined ? [] : ([] as unknown[]).concat(x);
}

/** One action as the library resolves it: a function runs, a string names an (absent) implementation. */
function resolveAction(action: unknown, implementations: Readonly<Record<string, unknown>> | undefined): unknown {
  const a = typeof action === 'string' && implementations?.[action] ? implementations[action] : action;
  if (typeof a === 'string') return { type: a };
  if (typeof a === 'function') return { type: a.name, exec: a };
  return a;
}

function assignerOf(assignment: unknown): Assigner {
  if (typeof assignment === 'function') return assignment as Assigner;
  const map = assignment as Readonly<Record<string, unknown>>;
  const keys = Object.keys(map);
  return (context, event) => {
    const next: Record<string, unknown> = Object.assign({}, context);
    for (const key of keys) {
      const value = map[key];
      next[key] = typeof value === 'function' ? (value as Assigner)(context, event) : value;
    }
    return next;
  };
}

function compileTransition(
  config: FsmConfig,
  from: string,
  raw: unknown,
  implementations: Readonly<Record<string, unknown>> | undefined,
): Compiled {
  if (raw === undefined)
    return { guard: null, stop: true, target: from, assigners: [], execs: [], changed: false, unknownTarget: false };
  const t: FsmTransitionObject = typeof raw === 'string' ? { target: raw } : (raw as FsmTransitionObject);
  const internal = t.target === undefined;
  const target = t.target ?? from;
  const own = t.actions === undefined ? [] : t.actions;
  const listed = internal
    ? listOf(own)
    : ([] as unknown[]).concat(config.states[from]?.exit, own, config.states[target]?.entry).filter((a) => a);
  const assigners: Assigner[] = [];
  const execs: Exec[] = [];
  let others = 0;
  for (const action of listed.map((a) => resolveAction(a, implementations))) {
    const a = action as { readonly type?: unknown; readonly assignment?: unknown; readonly exec?: Exec };
    if (a.type === 'xstate.assign') assigners.push(assignerOf(a.assignment));
    else {
      others++;
      if (a.exec !== undefined) execs.push(a.exec);
    }
  }
  const changed = t.target !== from || others > 0 || assigners.length > 0;
  const unknownTarget = !internal && config.states[target] === undefined;
  return { guard: t.cond ?? null, stop: false, target, assigners, execs, changed, unknownTarget };
}

function compileState(
  config: FsmConfig,
  name: string,
  implementations: Readonly<Record<string, unknown>> | undefined,
): CompiledState {
  const on = config.states[name]?.on;
  const byType = new Map<string, readonly Compiled[]>();
  if (on === undefined) return { byType, otherwise: [], on };
  const compile = (raw: unknown) => compileTransition(config, name, raw, implementations);
  const wildcard = Object.prototype.hasOwnProperty.call(on, '*') ? listOf(on['*']).map(compile) : [];
  for (const type of Object.keys(on)) {
    if (type === '*') continue;
    byType.set(type, listOf(on[type]).map(compile).concat(wildcard));
  }
  return { byType, otherwise: wildcard, on };
}

function effectsOf(execs: readonly Exec[], context: Context, event: AgentEvent): readonly Effect[] {
  let effects = NONE;
  for (let i = 0; i < execs.length; i++) {
    const produced = execs[i](context, event);
    if (produced && produced.length > 0) effects = effects === NONE ? produced : effects.concat(produced);
  }
  return effects;
}

/**
 * The dispatcher for one config (`implementations`: the machine's `actions` option, if any).
 * `fallback` (the library) answers what the table leaves to it, so that even mistakes end as the
 * library's do (its development build throws, its production build differs): a state or a target the
 * config lacks, the event type '*', an event type found on Object.prototype.
 */
export function compileConfig(
  config: FsmConfig,
  implementations: Readonly<Record<string, unknown>> | undefined,
  fallback: Dispatch,
): Dispatch {
  const states = new Map<string, CompiledState>();
  for (const name of Object.keys(config.states)) states.set(name, compileState(config, name, implementations));
  const initialContext = config.context as Context;
  return <C>(given: string | DispatchState<C>, input: string | AgentEvent): Dispatched<C> => {
    const state: DispatchState<C> = typeof given === 'string' ? { value: given, context: initialContext as C } : given;
    const event: AgentEvent = typeof input === 'string' ? { type: input } : input;
    const node = states.get(state.value);
    if (node === undefined) return fallback(given, input);
    let list = node.byType.get(event.type);
    if (list === undefined) {
      if (event.type === '*' || (node.on !== undefined && node.on[event.type] !== undefined))
        return fallback(given, input);
      list = node.otherwise;
    }
    const context = state.context as Context;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t.stop) break;
      if (t.unknownTarget) return fallback(given, input);
      if (t.guard !== null && !t.guard(context, event)) continue;
      let next = context;
      const assigners = t.assigners;
      for (let j = 0; j < assigners.length; j++) next = assigners[j](next, event);
      const effects = t.execs.length === 0 ? NONE : effectsOf(t.execs, next, event);
      return { state: { value: t.target, context: next as C }, effects, changed: t.changed };
    }
    // No transition: the state as it was (states are immutable, so the same object will do).
    return { state, effects: NONE, changed: false };
  };
}
