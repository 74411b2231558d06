// The discrete-event simulator: the only place where time advances. It owns the virtual clock,
// the event queue and the ground truth; it feeds events to the agents' machines through their pure
// `transition` and carries out the effects they return. Sensing is edge-triggered: agents are told
// about a change when they would notice it, so events scale with faults, not with simulated time.
//
// This file is the public face (runs, stepwise control, snapshots); the parts live in simulator/:
// the run-state record and its field table (state.ts, stateFields.ts), the event loop
// (eventLoop.ts), sensing and ground truth (sensing.ts), faults (faultEffects.ts), effect handlers
// (effectHandlers.ts), service instances and placement (services.ts), replicas (replicas.ts),
// health (health.ts) and one-instant-at-a-time control (stepwise.ts).
import type { CompiledTopology } from './compile.js';
import type { Fabric } from './fabric.js';
import type { FaultName, FaultStep } from './faults/index.js';
import type { Config, Model, ModelInstance } from './model.js';
import type { Trace, TraceEntry } from './trace.js';
import { shapeOf, statusOf, type SimShape } from './simulator/core.js';
import { EventLoop } from './simulator/eventLoop.js';
import { unhealthy } from './simulator/health.js';
import { syncTruth } from './simulator/sensing.js';
import { hashState, loadState, resetState, saveState, type SimSnapshot } from './simulator/stateFields.js';
import { FAULT, type StateSink, type TraceLevel } from './simulator/state.js';
import { injectNow, nextEventAt, stepInstant } from './simulator/stepwise.js';

export type { SimSnapshot } from './simulator/stateFields.js';
export type { StateSink, TraceLevel } from './simulator/state.js';
export { sameEvent } from './simulator/sensing.js';

export interface RunOptions {
  readonly level?: TraceLevel;
  /** Override the end of the run (default: last fault + the model's settle time). */
  readonly horizonMs?: number;
}

export interface RunResult extends Trace {
  /** Events simulated: faults applied and events delivered to machines (a throughput measure). */
  readonly events: number;
}

export class Simulation {
  readonly fabric: Fabric;
  readonly instance: ModelInstance;
  /**
   * How long a run goes on after its last fault: the model's settle time (every timer fires twice),
   * then the longest RTO of a protected service, so that an outage the settled system is left with
   * is judged past its RTO (servicesSurvive) whatever the two lengths are.
   */
  readonly tailMs: number;
  private readonly shape: SimShape;
  private readonly loop: EventLoop;
  /** The world settled at t = 0 (after `start()`), per trace level: identical for every run, so computed once. */
  private readonly settled: Partial<Record<TraceLevel, SimSnapshot>> = {};

  constructor(
    readonly model: Model,
    readonly topo: CompiledTopology,
    baseConfig: Config,
  ) {
    this.shape = shapeOf(model, topo, baseConfig);
    this.loop = new EventLoop(this.shape);
    this.fabric = this.loop.st.fabric;
    this.instance = this.shape.instance;
    this.tailMs =
      this.instance.settleMs +
      Math.max(0, ...topo.services.filter((s) => s.priority !== 'unprotected').map((s) => s.rtoMs));
  }

  /** Runs one schedule from a clean world. Same inputs, same trace. */
  run(schedule: readonly FaultStep[], options: RunOptions = {}): RunResult {
    this.begin(options.level ?? 'verdict');
    let last = 0;
    for (const s of schedule) {
      this.inject(s);
      if (s.at > last) last = s.at;
    }
    const horizon = options.horizonMs ?? last + this.tailMs;
    this.advance(horizon);
    return this.result(horizon);
  }

  /** Starts a run that a caller drives step by step (a plan): the settled world at t = 0. */
  begin(level: TraceLevel = 'verdict'): void {
    let settled = this.settled[level];
    if (settled === undefined) {
      resetState(this.loop.st, this.shape);
      this.loop.st.level = level;
      this.start();
      settled = this.snapshot();
      this.settled[level] = settled;
    }
    this.restore(settled);
    this.loop.st.events = 0;
  }

  /** Schedules one fault (at or after the current instant). */
  inject(step: FaultStep): void {
    if (step.at < this.time)
      throw new Error(`cannot inject a fault at ${step.at} ms: the simulation is at ${this.time} ms`);
    this.loop.push(step.at, FAULT, -1, step.fault, step.target, null, 0);
  }

  /** The current simulated instant. */
  get time(): number {
    return this.loop.st.now;
  }

  /**
   * Processes every event up to `untilMs`. With `stop`, returns the first instant (after that
   * instant's events) at which it holds, else null; the clock then stands at `untilMs`.
   */
  advance(untilMs: number, stop?: () => boolean): number | null {
    return this.loop.advance(untilMs, stop);
  }

  result(endMs: number): RunResult {
    return {
      meta: {
        hosts: this.topo.hostIds,
        services: this.topo.services.map((s) => ({ id: s.id, priority: s.priority, rtoMs: s.rtoMs, needs: s.needs })),
        capacity: this.topo.hostCapacity.map((c) => (c === Number.MAX_SAFE_INTEGER ? null : c)),
        endMs,
      },
      entries: this.loop.st.entries,
      events: this.loop.st.events,
    };
  }

  /** Why the world is not back to normal: powered, every agent settled, storage serving, services up. Empty when healthy. */
  unhealthy(): string[] {
    return unhealthy(this.loop);
  }

  /** The world at t = 0: every agent in its initial role, services at home, first observations taken in. */
  private start(): void {
    const { loop, shape, topo } = this;
    const { st } = loop;
    const agents = shape.agents;
    agents.forEach((a, i) =>
      loop.record({
        at: 0,
        type: 'role',
        agent: a.id,
        kind: a.kind,
        role: a.initial,
        ...statusOf(shape, i, a.initial),
      }),
    );
    topo.services.forEach((s, i) => {
      if (s.home < 0) return;
      st.instances[i].push({ host: s.home, running: true, token: ++st.tokens, shadow: false });
      loop.record({ at: 0, type: 'service', service: s.id, host: topo.hostIds[s.home], state: 'running' });
    });
    syncTruth(loop);
    // Agents learn the initial world at once.
    for (const a of shape.sensing) {
      const ev = agents[a].sense!(loop.view);
      if (ev !== null) {
        st.lastSensed[a] = ev;
        loop.deliver(a, ev);
      }
    }
  }

  // ---- Stepwise control, for exhaustive search (explore, spof): the same loop as `run`, one
  // instant at a time, with snapshots to branch from. `run` does not use these.

  /** Instant of the next pending item that still does something (stale timers are dropped); -1: none. */
  nextEventAt(): number {
    return nextEventAt(this.loop);
  }

  /** Processes every item of the next instant (and what they schedule for that instant); returns it, or -1. */
  stepInstant(): number {
    return stepInstant(this.loop);
  }

  /** Moves the clock forward to `at` (nothing pending before it), applies a fault there, and processes that instant. */
  injectNow(at: number, fault: FaultName, target: string): void {
    injectNow(this.loop, at, fault, target);
  }

  /** The trace entries so far (no copy). */
  get recorded(): readonly TraceEntry[] {
    return this.loop.st.entries;
  }

  /** Events simulated since `begin`. */
  get eventCount(): number {
    return this.loop.st.events;
  }

  /** Everything the run's state is made of at this instant, to come back to it. */
  snapshot(): SimSnapshot {
    return saveState(this.loop.st);
  }

  restore(saved: SimSnapshot): void {
    loadState(this.loop.st, saved);
  }

  /** The state's fingerprint, written field by field: see `hashState` in simulator/stateFields.ts. */
  hashState(sink: StateSink): void {
    hashState(this.loop.st, sink, this.shape);
  }
}
