// `hafault/model`: what a model written in your own repository imports (docs/writing-a-model.md):
// the machine helpers, the model contract and its types, host sets (what `fabric.peers()` gives),
// and the two ways a property answers.
export { defineMachine, routed, update, type AgentMachine, type EffectfulContext } from '../engine/fsm.js';
export {
  agentSpec,
  type AgentSpec,
  type Config,
  type ConfigKey,
  type ConfigOf,
  type ConfigValue,
  type Model,
  type ModelInstance,
  type Preset,
  type SenseInputs,
  type WorldView,
} from '../engine/model.js';
export type { AgentEvent, Effect, FenceAction } from '../engine/effects.js';
export type { Property, PropertyKind, PropertyName, Verdict } from '../engine/property.js';
export type { Topology } from '../engine/topology.js';
export type { CompiledTopology } from '../engine/compile.js';
export type { Trace } from '../engine/trace.js';
export { formatMs } from '../engine/time.js';
export {
  difference,
  EMPTY_HOSTS,
  firstHosts,
  forEachHost,
  hasHost,
  hostBit,
  hostCount,
  type HostSet,
  hostsOf,
  intersection,
  intersects,
  isEmptyHosts,
  isSubset,
  lowestHost,
  union,
  withHost,
  withoutHost,
} from '../engine/hostSet.js';
export { holds, violated } from '../../properties/verdict.js';
