// A toy model for the engine's own tests: one agent per host whose machine logs every event it gets
// and carries out whatever effects the event brings along (`effects`), so a test can drive the
// simulator effect by effect and see what each agent was told.
import type { AgentEvent, Effect } from '../../harness/engine/effects.js';
import { defineMachine, update, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { ConfigKey, Model, OperatorStep } from '../../harness/engine/model.js';
import type { Simulation } from '../../harness/engine/simulator.js';
import type { EventLoop } from '../../harness/engine/simulator/eventLoop.js';

export interface PuppetContext extends EffectfulContext {
  readonly log: readonly AgentEvent[];
}

export const puppet = defineMachine<PuppetContext, AgentEvent>({
  id: 'puppet',
  initial: 'up',
  states: {
    up: {
      on: {
        '*': { actions: update((c, e) => ({ log: [...c.log, e], out: (e.effects as Effect[] | undefined) ?? [] })) },
      },
    },
  },
});

export interface PuppetOptions {
  readonly keys?: readonly ConfigKey[];
  readonly operatorSteps?: readonly OperatorStep[];
  readonly serviceBootMs?: number;
  readonly settleMs?: number;
}

export function puppetModel(options: PuppetOptions = {}): Model {
  return {
    name: 'toy',
    version: '0',
    summary: 'test model',
    keys: options.keys ?? [],
    presets: [],
    faults: [],
    drifts: [],
    ...(options.operatorSteps ? { operatorSteps: options.operatorSteps } : {}),
    properties: [],
    instantiate: (topo) => ({
      agents: topo.hostIds.map((id, h) => ({
        id,
        kind: 'host',
        machine: puppet,
        initial: 'up',
        context: { out: [], log: [] },
        host: h,
        storage: -1,
      })),
      hostStatus: () => 'up',
      servingRole: 'serving',
      serviceBootMs: options.serviceBootMs ?? 0,
      settleMs: options.settleMs ?? 10_000,
      world: { storageRebootMs: 1000 },
    }),
  };
}

/**
 * The simulation's event loop, for the engine's own tests: its run state (`st`), `deliver` to hand
 * an agent an event now, and `process` to run one queued item.
 */
export function loopOf(sim: Simulation): EventLoop {
  return (sim as unknown as { loop: EventLoop }).loop;
}

/** Every event agent `a` received so far. */
export function puppetLog(sim: Simulation, a: number): readonly AgentEvent[] {
  return (loopOf(sim).st.states[a].context as PuppetContext).log;
}
