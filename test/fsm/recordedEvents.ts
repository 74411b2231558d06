// Plausible inputs for every machine of every built-in model: the states each agent was in and the
// events real simulations delivered to it. Each preset of each model runs a few random fault
// schedules with every agent's machine wrapped so that it records what it is given; the differential
// test then mixes and reorders these, so guards meet the values they were written for.
import fc from 'fast-check';
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { AgentMachine, AgentState, EffectfulContext, Machine } from '../../harness/engine/fsm.js';
import { scheduleArbitrary, vocabularyOf } from '../../harness/engine/generators.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { Simulation } from '../../harness/engine/simulator.js';
import { presetTarget } from '../../harness/engine/target.js';
import { MODELS } from '../../models/registry.js';

export type FsmMachine = Machine<EffectfulContext, AgentEvent>;

/** One machine (shared by every agent built from it) and what it was seen doing. */
export interface Recorded {
  /** Where it was first met: model/preset agent-kind. */
  readonly label: string;
  readonly machine: FsmMachine;
  /** The agent's own initial state, then states it was seen in. */
  readonly states: readonly AgentState<EffectfulContext>[];
  readonly events: readonly AgentEvent[];
}

interface Sink {
  label: string;
  machine: FsmMachine;
  initial: AgentState<EffectfulContext>;
  states: AgentState<EffectfulContext>[];
  events: AgentEvent[];
}

/** At most `n` of `xs`, evenly spread over the whole list (early and late states of runs alike). */
function spread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);
}

function isFsmMachine(machine: AgentMachine): machine is FsmMachine {
  return 'config' in machine && typeof (machine as { config?: unknown }).config === 'object';
}

function recordingAgent(spec: AgentSpec, label: string, sinks: Map<object, Sink>): AgentSpec {
  const machine = spec.machine;
  if (!isFsmMachine(machine)) throw new Error(`${label} ${spec.kind}: its machine is not an @xstate/fsm machine`);
  let sink = sinks.get(machine);
  if (sink === undefined) {
    sink = {
      label: `${label} ${spec.kind}`,
      machine,
      initial: { value: spec.initial, context: spec.context },
      states: [],
      events: [],
    };
    sinks.set(machine, sink);
  }
  const into = sink;
  const recorder: AgentMachine = {
    transition(state, event) {
      if (typeof state !== 'string') into.states.push(state);
      if (typeof event !== 'string') into.events.push(event);
      return machine.transition(state as never, event);
    },
  };
  return { ...spec, machine: recorder };
}

function recordingModel(model: Model, label: string, sinks: Map<object, Sink>): Model {
  return {
    ...model,
    instantiate(topology, config): ModelInstance {
      const instance = model.instantiate(topology, config);
      const agents = instance.agents.map((a) => recordingAgent(a, label, sinks));
      return Object.create(instance, { agents: { value: agents } }) as ModelInstance;
    },
  };
}

/**
 * Every machine of every model, with up to `keep` states and `keep` events it was given in
 * `schedules` random runs of each preset (fixed seed: the same inputs every time).
 */
export function recordMachines(schedules: number, seed: number, keep: number): Recorded[] {
  const sinks = new Map<object, Sink>();
  for (const model of MODELS)
    for (const preset of model.presets) {
      const label = `${model.name}/${preset.name}`;
      const t = presetTarget(model, preset);
      const sim = new Simulation(recordingModel(model, label, sinks), t.compiled, t.config);
      const arbitrary = scheduleArbitrary(t.compiled, vocabularyOf(model), {
        kinds: t.faults,
        maxFaults: 3,
        repairs: true,
      });
      for (const schedule of fc.sample(arbitrary, { numRuns: schedules, seed })) {
        try {
          sim.run(schedule);
        } catch {
          // A run that oscillates still delivered plausible events before it was stopped.
        }
      }
    }
  return [...sinks.values()].map((s) => ({
    label: s.label,
    machine: s.machine,
    states: [s.initial, ...spread(s.states, keep)],
    events: spread(s.events, keep),
  }));
}
