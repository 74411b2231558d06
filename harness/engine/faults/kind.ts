// The contract every fault kind meets: which components it can target, what it does to the
// world, and how it reads as a sentence. Faults are data ({at, fault, target}); this is their meaning.
import type { CompiledTopology } from '../compile.js';
import type { AgentEvent } from '../effects.js';
import type { Fabric } from '../fabric.js';

export type FaultName =
  | 'nic-down'
  | 'nic-up'
  | 'bond-down'
  | 'bond-up'
  | 'switch-down'
  | 'switch-up'
  | 'link-cut'
  | 'link-restore'
  | 'partition'
  | 'heal'
  | 'host-crash'
  | 'host-boot'
  | 'storage-hard-powercycle'
  | 'storage-power-restored'
  | 'storage-clean-stop'
  | 'storage-clean-start'
  | 'path-down'
  | 'path-up'
  | 'config-drift'
  | 'ha-disable'
  | 'slowdown'
  | 'resume'
  | 'app-crash'
  | 'operator-step'
  | 'psu-fail'
  | 'psu-replace'
  | 'instance-fault'
  | 'live-migrate'
  | 'agent-stop'
  | 'agent-start'
  | 'fence-device-down'
  | 'fence-device-up';

/** Names a model gives to targets that are not components: its config drifts and operator steps. */
export interface ModelVocabulary {
  readonly drifts: readonly string[];
  readonly operatorSteps: readonly string[];
}

/** One step of a schedule: at `at` ms, `fault` happens to `target`. */
export interface FaultStep {
  readonly at: number;
  readonly fault: FaultName;
  readonly target: string;
}

/** What a fault may touch when it applies. */
export interface FaultContext {
  readonly fabric: Fabric;
  readonly topo: CompiledTopology;
  /** World parameters (e.g. how long a storage node takes to boot). */
  readonly world: { readonly storageRebootMs: number };
  /** Deliver an event to every agent that lives on a host. */
  signalHost(host: number, event: AgentEvent): void;
  /** Deliver an event to every agent that lives on a storage node. */
  signalStorage(node: number, event: AgentEvent): void;
  /** Schedule a follow-up fault (e.g. a power-cycled node coming back). */
  later(delayMs: number, fault: FaultName, target: string): void;
  /** Apply a named configuration drift of the model; false if the model has none by that name. */
  drift(name: string): boolean;
  /** Deliver an event to every agent. */
  signalAll(event: AgentEvent): void;
  /** A service's process on a host dies (ground truth), without telling anyone. */
  killService(service: number, host: number): void;
  /** Deliver the events a paused host's agents missed, in order. */
  resumeHost(host: number): void;
  /** A host was just paused: its clocked agents will learn when, first thing on resuming. */
  pauseHost(host: number): void;
}

export type FaultArea = 'network' | 'power' | 'storage' | 'operator' | 'config';

export interface FaultKind {
  readonly name: FaultName;
  readonly area: FaultArea;
  /** The fault that undoes this one, if an operator or the hardware can undo it. */
  readonly repairedBy?: FaultName;
  /** A follow-up the world itself schedules that ends this fault (a power-cycled node returns). */
  readonly healsWith?: FaultName;
  /** True for repairs and follow-ups: generators draw them only as repairs. */
  readonly isRepair: boolean;
  /** Ids this fault can target in a topology (drift and step names come from the model). */
  targets(topo: CompiledTopology, vocabulary: ModelVocabulary): readonly string[];
  apply(ctx: FaultContext, target: string): void;
  /** A short sentence: "switch sw1 fails". */
  sentence(target: string): string;
}

export function hostIndex(topo: CompiledTopology, id: string): number {
  return topo.hostIds.indexOf(id);
}

/** Faults aimed at one service on one host are targeted `service@host`. */
export function serviceAtHostTargets(topo: CompiledTopology): string[] {
  return topo.services.flatMap((s) => topo.hostIds.map((h) => `${s.id}@${h}`));
}

/** `service@host` → [service index, host index] (-1 for an unknown part). */
export function parseServiceAtHost(topo: CompiledTopology, target: string): [number, number] {
  const at = target.lastIndexOf('@');
  return [topo.services.findIndex((s) => s.id === target.slice(0, at)), hostIndex(topo, target.slice(at + 1))];
}
