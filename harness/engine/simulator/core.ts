// What the simulator's parts share: the run state, the model's fixed shape (agents and the indexes
// over them, computed once per Simulation), and the few operations every part needs of the event
// loop. The parts (sensing, services, replicas, effects, faults) are functions of a `SimCore`, and
// only the event loop implements it: this interface is what lets them call `deliver` without
// importing the loop (no import cycle), and the loop is the only class.
import type { CompiledTopology } from '../compile.js';
import type { AgentEvent } from '../effects.js';
import type { FaultName } from '../faults/index.js';
import type { Fencing } from '../fencing.js';
import type { AgentSpec, Config, Model, ModelInstance, WorldView } from '../model.js';
import type { TraceEntry } from '../trace.js';
import { stepperOf, type AgentState, type StepResult } from '../fsm.js';
import type { SimState, StateShape } from './state.js';

/** The model instantiated on a topology: fixed for the life of a Simulation. */
export interface SimShape extends StateShape {
  readonly model: Model;
  readonly instance: ModelInstance;
  readonly agentIndex: ReadonlyMap<string, number>;
  readonly serviceIndexOf: ReadonlyMap<string, number>;
  readonly agentsOfHost: readonly (readonly number[])[];
  readonly agentsOfStorage: readonly (readonly number[])[];
  /** Agents that sense the world. */
  readonly sensing: readonly number[];
  /** Per agent, its machine's step (fsm.ts `stepperOf`), resolved once. */
  readonly steppers: readonly ((state: AgentState<never>, event: never) => StepResult<unknown>)[];
}

export interface SimCore {
  readonly st: SimState;
  readonly shape: SimShape;
  /** What sensing functions read: the state seen through the `WorldView` contract. */
  readonly view: WorldView;
  /** Queues an item (see state.ts for the kinds and what `agent`, `target` and `token` mean). */
  push(
    at: number,
    kind: number,
    agent: number,
    fault: FaultName | null,
    target: string,
    event: AgentEvent | null,
    token: number,
  ): void;
  record(entry: TraceEntry): void;
  /** Peer fencing through fence devices (fencePeer effects, FENCE items). */
  readonly fencing: Fencing;
  /** Hands an event to an agent's machine now (or keeps it for later if its host is paused) and carries out its effects. */
  deliver(agent: number, event: AgentEvent): void;
}

export function shapeOf(model: Model, topo: CompiledTopology, baseConfig: Config): SimShape {
  const instance = model.instantiate(topo, baseConfig);
  const agents = instance.agents;
  const on = (pick: (a: AgentSpec) => number, n: number): number[][] =>
    Array.from({ length: n }, (_, x) => agents.flatMap((a, i) => (pick(a) === x ? [i] : [])));
  return {
    model,
    topo,
    baseConfig,
    instance,
    agents,
    agentIndex: new Map(agents.map((a, i) => [a.id, i])),
    serviceIndexOf: new Map(topo.services.map((x, i) => [x.id, i])),
    agentsOfHost: on((a) => a.host, topo.hostIds.length),
    agentsOfStorage: on((a) => a.storage, topo.storageIds.length),
    sensing: agents.flatMap((a, i) => (a.sense ? [i] : [])),
    steppers: agents.map((a) => stepperOf(a.machine)),
  };
}

/** The index of a service an agent names. */
export function serviceIndex(core: SimCore, id: string, agent: string): number {
  const s = core.shape.serviceIndexOf.get(id) ?? -1;
  if (s < 0) throw new Error(`agent ${agent} names unknown service ${id}`);
  return s;
}

/** The trace's `status` of a host agent's role ({} for other agents). */
export function statusOf(shape: SimShape, agent: number, role: string): { status?: 'up' | 'out' } {
  return shape.agents[agent].kind === 'host' ? { status: shape.instance.hostStatus(role) } : {};
}
