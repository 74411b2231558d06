// The one place that touches @xstate/fsm. Models describe machines with its config format;
// the simulator calls `step`: the next state plus the effects the transition's actions describe.
// A machine made by `defineMachine` steps through its config compiled once (compiledMachine.ts),
// which computes exactly what the library's pure `transition` computes, faster; the library's own
// `transition` is the reference, run instead with HAFAULT_FSM=library (and for any other machine).
// `interpret()` is never used: nothing here runs on its own clock.
import { createMachine, assign } from '@xstate/fsm';
import type { StateMachine } from '@xstate/fsm';
import { compileConfig, type Dispatch } from './compiledMachine.js';
import type { AgentEvent, Effect } from './effects.js';

/**
 * Which implementation steps the machines, read once when the engine loads: `library` runs
 * @xstate/fsm's `transition`, anything else the compiled dispatcher. Both give the same states,
 * effects and traces (the corpus replays byte for byte under either), so this is an environment
 * switch rather than a setting: it never changes a result, it exists to check that claim
 * (tests run the corpus with it) and to compare speed. It is read from the environment because
 * worker threads and child processes of a sweep inherit it.
 */
export const FSM_IMPLEMENTATION: 'library' | 'compiled' =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.HAFAULT_FSM === 'library'
    ? 'library'
    : 'compiled';

/** The compiled dispatcher of each machine `defineMachine` made (absent under HAFAULT_FSM=library). */
const DISPATCHERS = new WeakMap<object, Dispatch>();

/** Every agent context carries the effects its latest `update` produced. */
export interface EffectfulContext {
  readonly out: readonly Effect[];
}

export type MachineConfig<C extends EffectfulContext, E extends AgentEvent> = StateMachine.Config<C, E>;
export type Machine<C extends EffectfulContext, E extends AgentEvent> = StateMachine.Machine<
  C,
  E,
  { value: string; context: C }
>;

export interface AgentState<C> {
  readonly value: string;
  readonly context: C;
}

/** What one transition returns, as far as `step` reads it. */
export interface Transitioned<C> {
  readonly value: string;
  readonly context: C;
  readonly changed?: boolean | undefined;
  readonly actions: readonly { readonly exec?: unknown }[];
}

/**
 * A machine as the simulator drives it. A model's machine over its own context and event types is
 * one without a cast: `transition` is declared as a method, so its parameters are compared both
 * ways (a machine over a narrower context accepts the states the engine hands back, which are the
 * ones it produced). The `string` alternatives are xstate's own (a state value, an event type).
 */
export interface AgentMachine<C extends EffectfulContext = EffectfulContext, E extends AgentEvent = AgentEvent> {
  transition(state: string | AgentState<C>, event: string | E): Transitioned<C>;
}

/** A machine from its config, compiled here once: the config is read now (later changes to it are not seen). */
export function defineMachine<C extends EffectfulContext, E extends AgentEvent>(
  config: MachineConfig<C, E>,
): Machine<C, E> {
  const machine = createMachine<C, E>(config);
  if (FSM_IMPLEMENTATION === 'compiled') DISPATCHERS.set(machine, compileMachine(machine));
  return machine;
}

/**
 * The compiled form of a machine @xstate/fsm's `createMachine` made: `step` runs it for every
 * machine `defineMachine` made. Exported for the differential test.
 */
export function compileMachine<C extends EffectfulContext, E extends AgentEvent>(machine: Machine<C, E>): Dispatch {
  const options = (machine as { _options?: { actions?: Readonly<Record<string, unknown>> } })._options;
  const library: Dispatch = (state, event) => libraryStep(machine as never, state as never, event as never) as never;
  return compileConfig(machine.config, options?.actions, library);
}

function emitOut(context: EffectfulContext): readonly Effect[] {
  return context.out;
}

/**
 * A transition's actions: compute the next context (which includes the effects to run) and emit
 * those effects. `next` must be pure.
 */
export function update<C extends EffectfulContext, E extends AgentEvent>(
  next: (context: C, event: E) => C,
): Array<StateMachine.Action<C, E>> {
  return [assign<C, E>(next), emitOut];
}

export interface StepResult<C> {
  readonly state: AgentState<C>;
  readonly effects: readonly Effect[];
  readonly changed: boolean;
}

const NONE: readonly Effect[] = [];

/** One pure step of a machine: the next state and the effects its actions describe. */
export function step<C extends EffectfulContext, E extends AgentEvent>(
  machine: AgentMachine<C, E>,
  state: AgentState<C>,
  event: E,
): StepResult<C> {
  return stepperOf(machine)(state, event);
}

/** A machine's `step`, resolved once (the simulator keeps one per agent instead of a lookup per event). */
export function stepperOf<C extends EffectfulContext, E extends AgentEvent>(
  machine: AgentMachine<C, E>,
): (state: AgentState<C>, event: E) => StepResult<C> {
  const dispatch = DISPATCHERS.get(machine);
  return dispatch !== undefined
    ? (state, event) => dispatch<C>(state, event)
    : (state, event) => libraryStep(machine, state, event);
}

/** `step` through the machine's own `transition` (the reference semantics). */
export function libraryStep<C extends EffectfulContext, E extends AgentEvent>(
  machine: AgentMachine<C, E>,
  state: string | AgentState<C>,
  event: E,
): StepResult<C> {
  const next = machine.transition(state, event);
  const actions = next.actions;
  let effects: readonly Effect[] = NONE;
  for (let i = 0; i < actions.length; i++) {
    const exec = actions[i].exec as ((c: C, e: E) => readonly Effect[] | void) | undefined;
    if (exec === undefined) continue;
    const produced = exec(next.context, event);
    if (produced && produced.length > 0) effects = effects === NONE ? produced : effects.concat(produced);
  }
  return { state: { value: next.value, context: next.context }, effects, changed: next.changed === true };
}

/**
 * Transitions for a machine whose next state follows from a pure reducer: one guarded transition
 * per possible target, all sharing one reducer call (memoised on the (context, event) pair).
 */
export function routed<C extends EffectfulContext, E extends AgentEvent>(
  targets: readonly string[],
  reduce: (context: C, event: E) => { readonly value: string; readonly context: C },
): StateMachine.Transition<C, E>[] {
  let lastC: C | undefined;
  let lastE: E | undefined;
  let last: { readonly value: string; readonly context: C } | undefined;
  const memo = (c: C, e: E) => {
    if (c !== lastC || e !== lastE) {
      // The reducer first: if it throws, the memo must not answer the same pair with a stale result.
      last = reduce(c, e);
      lastC = c;
      lastE = e;
    }
    return last!;
  };
  return targets.map((target) => ({
    target,
    cond: (c: C, e: E) => memo(c, e).value === target,
    actions: update<C, E>((c, e) => memo(c, e).context),
  }));
}
