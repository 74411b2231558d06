// The discrete-event simulator: the only place where time advances. It owns the virtual clock,
// the event queue and the ground truth; it feeds events to the agents' machines through their pure
// `transition` and carries out the effects they return. Sensing is edge-triggered: agents are told
// about a change when they would notice it, so events scale with faults, not with simulated time.
import type { CompiledTopology } from './compile.js';
import type { AgentEvent, Effect, ReplicationMode } from './effects.js';
import { defaultsFor } from './config.js';
import { Fabric } from './fabric.js';
import { FAULTS, type FaultName, type FaultStep } from './faults/index.js';
import type { FaultContext } from './faults/kind.js';
import { step, type AgentState } from './fsm.js';
import type { AgentSpec, Config, Model, ModelInstance } from './model.js';
import { fits, planRestart, usage } from './placement.js';
import { EventQueue } from './queue.js';
import type { NetworkRole, RestartPriority } from './topology.js';
import type { StartCause, StopCause, Trace, TraceEntry } from './trace.js';
import { OscillationError } from './oscillation.js';
import { Fencing } from './fencing.js';

const FAULT = 0;
const DELIVER = 1;
const TIMER = 2;
const SENSE = 3;
const SERVICE_UP = 4;
/** A step of a peer fence in flight (harness/engine/fencing.ts). */
const FENCE = 5;

interface Item {
  at: number;
  seq: number;
  kind: number;
  agent: number;
  fault: FaultName | null;
  target: string;
  event: AgentEvent | null;
  token: number;
}

interface Instance {
  host: number;
  running: boolean;
  token: number;
  /** A lock-step shadow of the service's independent instance (one server with it). */
  shadow: boolean;
}

/** A replica a model declared (`replicate` effect), and whether its feed flows in ground truth. */
interface Replica {
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

export type TraceLevel = 'verdict' | 'full';

export interface RunOptions {
  readonly level?: TraceLevel;
  /** Override the end of the run (default: last fault + the model's settle time). */
  readonly horizonMs?: number;
}

export interface RunResult extends Trace {
  /** Events simulated: faults applied and events delivered to machines (a throughput measure). */
  readonly events: number;
}

/**
 * Events at one simulated instant beyond which a run oscillates: time stands still while agents
 * keep reacting (no model does a hundred thousand things in one millisecond).
 */
const INSTANT_EVENT_LIMIT = 100_000;
/**
 * Events in one run beyond which it is stopped. The busiest runs inside every setting's range stay
 * under a million (keepalived at advert_int 10 ms with preempt_delay 1000 s: about 800 000).
 */
const EVENT_LIMIT = 5_000_000;
/** Deliveries nested inside deliveries (an event makes another agent react at once, and so on) beyond which agents ping-pong. */
const DELIVERY_DEPTH_LIMIT = 200;

/** Where `hashState` writes a state, field by field (explore hashes it; anything may collect it). */
export interface StateSink {
  num(n: number): void;
  str(s: string): void;
  /** A plain-data value (numbers, strings, booleans, arrays, objects); keys named `skipKey` are left out. */
  value(v: unknown, skipKey?: string): void;
}

/** Everything a run's state is made of at an instant, to come back to it (stepwise control). */
export interface SimSnapshot {
  readonly now: number;
  readonly level: TraceLevel;
  readonly config: Config;
  readonly fabric: readonly Uint8Array[];
  readonly states: readonly AgentState<unknown>[];
  readonly roles: readonly string[];
  readonly timers: readonly ReadonlyMap<string, number>[];
  readonly senseDue: readonly number[];
  readonly lastSensed: readonly (AgentEvent | null)[];
  readonly instances: readonly (readonly Instance[])[];
  readonly lostWith: readonly number[];
  readonly replicas: readonly Replica[];
  readonly deferred: readonly (readonly [number, AgentEvent, number])[][];
  readonly entries: readonly TraceEntry[];
  readonly queue: ReturnType<EventQueue<Item>['save']>;
  readonly tokens: number;
  readonly events: number;
  readonly lastCanRun: number;
  readonly lastServing: number;
  readonly lastReachable: number;
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
  private readonly agents: readonly AgentSpec[];
  private readonly queue = new EventQueue<Item>();
  private states: AgentState<unknown>[] = [];
  private roles: string[] = [];
  private timers: Map<string, number>[] = [];
  /** When each agent's pending observation is due (-1: none pending). */
  private senseDue: number[] = [];
  private lastSensed: (AgentEvent | null)[] = [];
  private instances: Instance[][] = [];
  /**
   * Per service: the host its last instance vanished with (crash or fence) until that host boots
   * again or the service starts elsewhere, else -1. A manager that still counts that host alive
   * cannot know the service is gone.
   */
  private lostWith: number[] = [];
  private replicas: Replica[] = [];
  /** Events that reached agents of a paused host, delivered when it resumes (timers with their token). */
  private deferred: [number, AgentEvent, number][][] = [];
  private entries: TraceEntry[] = [];
  private level: TraceLevel = 'verdict';
  private now = 0;
  private tokens = 0;
  private events = 0;
  private lastCanRun = -1;
  private lastServing = -1;
  private lastReachable = -1;
  /** Deliveries under way inside one another (see DELIVERY_DEPTH_LIMIT). */
  private depth = 0;
  /** The fabric version ground truth was last computed at (a cache: restore bumps the version). */
  private truthVersion = -1;
  private readonly agentIndex: ReadonlyMap<string, number>;
  private readonly serviceIndexOf: ReadonlyMap<string, number>;
  private config: Config;
  private readonly view: { fabric: Fabric; roles: string[]; now: number; context(agent: number): unknown };
  private readonly faultContext: FaultContext;
  private readonly fencing: Fencing;
  private readonly agentsOfHost: number[][];
  private readonly agentsOfStorage: number[][];
  private readonly sensing: number[];
  /** The world settled at t = 0 (after `start()`), per trace level: identical for every run, so computed once. */
  private readonly settled: Partial<Record<TraceLevel, SimSnapshot>> = {};

  constructor(
    readonly model: Model,
    readonly topo: CompiledTopology,
    private readonly baseConfig: Config,
  ) {
    this.config = baseConfig;
    this.fabric = new Fabric(topo);
    this.instance = model.instantiate(topo, baseConfig);
    this.agents = this.instance.agents;
    this.tailMs = this.instance.settleMs + Math.max(0, ...topo.services.filter((s) => s.priority !== 'unprotected').map((s) => s.rtoMs));
    this.agentIndex = new Map(this.agents.map((a, i) => [a.id, i]));
    this.serviceIndexOf = new Map(topo.services.map((x, i) => [x.id, i]));
    this.agentsOfHost = topo.hostIds.map((_, h) => this.agents.flatMap((a, i) => (a.host === h ? [i] : [])));
    this.agentsOfStorage = topo.storageIds.map((_, n) => this.agents.flatMap((a, i) => (a.storage === n ? [i] : [])));
    this.sensing = this.agents.flatMap((a, i) => (a.sense ? [i] : []));
    this.view = { fabric: this.fabric, roles: this.roles, now: 0, context: (agent: number) => this.states[agent].context };
    this.faultContext = {
      fabric: this.fabric,
      topo,
      world: this.instance.world,
      signalHost: (host, event) => {
        if (event.type === 'POWER_ON') this.hostBack(host);
        for (const a of this.agentsOfHost[host]) this.deliver(a, event);
        if (event.type === 'CRASH') this.stopInstancesOn(host, 'fault');
      },
      signalStorage: (node, event) => {
        for (const a of this.agentsOfStorage[node]) this.deliver(a, event);
      },
      later: (delayMs, fault, target) => {
        this.push(this.now + delayMs, FAULT, -1, fault, target, null, 0);
      },
      drift: (name) => this.applyDrift(name),
      signalAll: (event) => {
        for (let a = 0; a < this.agents.length; a++) this.deliver(a, event);
      },
      killService: (service, host) => {
        this.stopInstance(service, host, 'fault');
      },
      resumeHost: (host) => {
        const missed = this.deferred[host];
        this.deferred[host] = [];
        for (const [agent, event, token] of missed) {
          // A timer that expired during the pause fires now, unless an event delivered before it in
          // this batch restarted or cancelled it (a resumed process handles its backlog in order).
          if (token !== 0) {
            const timers = this.timers[agent];
            const name = event.name as string;
            if (timers.get(name) !== token) continue;
            timers.delete(name);
          }
          this.deliver(agent, event);
        }
      },
    };
    this.fencing = new Fencing({
      faults: this.faultContext,
      now: () => this.now,
      hostOf: (agent) => this.agents[agent].host,
      record: (entry) => this.record(entry),
      deliver: (agent, event) => this.deliver(agent, event),
      stopServicesOn: (host) => this.stopInstancesOn(host, 'fence'),
      later: (delayMs, agent, step) => this.push(this.now + delayMs, FENCE, agent, null, '', step, 0),
      changed: () => {
        this.fabric.changed();
        this.afterChange();
      },
    });
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
    this.restoreSettled(level);
  }

  /** Schedules one fault (at or after the current instant). */
  inject(step: FaultStep): void {
    if (step.at < this.now) throw new Error(`cannot inject a fault at ${step.at} ms: the simulation is at ${this.now} ms`);
    this.push(step.at, FAULT, -1, step.fault, step.target, null, 0);
  }

  /** The current simulated instant. */
  get time(): number {
    return this.now;
  }

  /**
   * Processes every event up to `untilMs`. With `stop`, returns the first instant (after that
   * instant's events) at which it holds, else null; the clock then stands at `untilMs`.
   */
  advance(untilMs: number, stop?: () => boolean): number | null {
    if (stop?.()) return this.now;
    while (this.queue.size > 0) {
      const at = this.queue.peek()!.at;
      if (at > untilMs) break;
      const before = this.events;
      while (this.queue.size > 0 && this.queue.peek()!.at === at) {
        const item = this.queue.pop()!;
        this.now = at;
        this.view.now = at;
        this.process(item);
        this.checkSettling(before);
      }
      if (stop?.()) return at;
    }
    this.now = Math.max(this.now, untilMs);
    this.view.now = this.now;
    return null;
  }

  result(endMs: number): RunResult {
    return {
      meta: {
        hosts: this.topo.hostIds,
        services: this.topo.services.map((s) => ({ id: s.id, priority: s.priority, rtoMs: s.rtoMs, needs: s.needs })),
        capacity: this.topo.hostCapacity.map((c) => (c === Number.MAX_SAFE_INTEGER ? null : c)),
        endMs,
      },
      entries: this.entries,
      events: this.events,
    };
  }

  /** Stops a run that never settles (`before`: the event count when the current instant began). */
  private checkSettling(before: number): void {
    if (this.events - before > INSTANT_EVENT_LIMIT) this.stopOscillating(`${this.events - before} events at this instant without time moving on`);
    if (this.events > EVENT_LIMIT) this.stopOscillating(`more than ${EVENT_LIMIT} events in one run`);
  }

  private stopOscillating(reason: string): never {
    throw new OscillationError(this.model.name, { atMs: this.now, events: this.events, reason });
  }

  /** Why the world is not back to normal: powered, every agent settled, storage serving, services up. Empty when healthy. */
  unhealthy(): string[] {
    const reasons: string[] = [];
    const f = this.fabric;
    this.topo.hostIds.forEach((id, h) => {
      if (f.hostPowered[h] === 0) reasons.push(`host ${id} is powered off`);
      else if (f.hostFrozen[h] === 1) reasons.push(`host ${id} is stalled`);
    });
    this.agents.forEach((a, i) => {
      if (a.kind === 'host' && this.instance.hostStatus(this.roles[i]) !== 'up') reasons.push(`${a.id} is ${this.roles[i]}`);
      if (a.storage >= 0 && this.roles[i] !== this.instance.servingRole) reasons.push(`storage node ${a.id} is ${this.roles[i]}`);
    });
    for (const r of this.instance.unsettled?.(this.roles) ?? []) reasons.push(r);
    this.topo.services.forEach((svc, s) => {
      if (svc.priority === 'unprotected') return;
      const up = this.instances[s].some((x) => x.running && f.canRun(x.host) && this.hostUp(x.host));
      if (!up) reasons.push(`service ${svc.id} is not running on a healthy host`);
    });
    return reasons;
  }

  private hostUp(host: number): boolean {
    for (const a of this.agentsOfHost[host]) if (this.agents[a].kind === 'host' && this.instance.hostStatus(this.roles[a]) === 'out') return false;
    return true;
  }

  /** The world at t = 0 after every agent has taken in its first observation. */
  private restoreSettled(level: TraceLevel): void {
    let settled = this.settled[level];
    if (settled === undefined) {
      this.reset(level);
      this.start();
      settled = this.snapshot();
      this.settled[level] = settled;
    }
    this.restore(settled);
    this.events = 0;
  }

  private reset(level: TraceLevel): void {
    this.level = level;
    this.queue.clear();
    this.fabric.reset();
    this.config = this.baseConfig;
    this.now = 0;
    this.view.now = 0;
    this.tokens = 0;
    this.events = 0;
    this.depth = 0;
    this.entries = [];
    this.lastCanRun = -1;
    this.lastServing = -1;
    this.lastReachable = -1;
    const n = this.agents.length;
    this.states = this.agents.map((a) => ({ value: a.initial, context: a.context }));
    this.roles.length = 0;
    for (const a of this.agents) this.roles.push(a.initial);
    this.timers = this.agents.map(() => new Map<string, number>());
    this.senseDue = new Array<number>(n).fill(-1);
    this.lastSensed = new Array<AgentEvent | null>(n).fill(null);
    this.instances = this.topo.services.map(() => []);
    this.lostWith = this.topo.services.map(() => -1);
    this.replicas = [];
    this.deferred = this.topo.hostIds.map(() => []);
  }

  private start(): void {
    this.agents.forEach((a, i) => this.record({ at: 0, type: 'role', agent: a.id, kind: a.kind, role: a.initial, ...this.statusOf(i, a.initial) }));
    this.topo.services.forEach((s, i) => {
      if (s.home < 0) return;
      this.instances[i].push({ host: s.home, running: true, token: ++this.tokens, shadow: false });
      this.record({ at: 0, type: 'service', service: s.id, host: this.topo.hostIds[s.home], state: 'running' });
    });
    this.syncTruth();
    // Agents learn the initial world at once.
    for (const a of this.sensing) {
      const ev = this.agents[a].sense!(this.view);
      if (ev !== null) {
        this.lastSensed[a] = ev;
        this.deliver(a, ev);
      }
    }
  }

  private statusOf(agent: number, role: string): { status?: 'up' | 'out' } {
    return this.agents[agent].kind === 'host' ? { status: this.instance.hostStatus(role) } : {};
  }

  private push(at: number, kind: number, agent: number, fault: FaultName | null, target: string, event: AgentEvent | null, token: number): void {
    this.queue.push({ at, seq: 0, kind, agent, fault, target, event, token });
  }

  private record(entry: TraceEntry): void {
    this.entries.push(entry);
  }

  private process(item: Item): void {
    switch (item.kind) {
      case FAULT:
        this.applyFault(item.fault!, item.target);
        break;
      case DELIVER:
        // The reboot that ends a fence: the host is back, and knows it runs nothing.
        if (item.event!.type === 'REBOOTED' && this.agents[item.agent].host >= 0 && this.fabric.hostPowered[this.agents[item.agent].host] === 1) {
          this.hostBack(this.agents[item.agent].host);
        }
        this.deliver(item.agent, item.event!);
        break;
      case TIMER: {
        const timers = this.timers[item.agent];
        const name = item.target;
        if (timers.get(name) !== item.token) return;
        const host = this.agents[item.agent].host;
        if (host >= 0 && this.fabric.hostFrozen[host] === 1) {
          this.deferred[host].push([item.agent, { type: 'TIMER', name }, item.token]);
          return;
        }
        timers.delete(name);
        // A change and a timeout at the same instant: such an agent (and its host's sensors) sees the change first.
        if (this.agents[item.agent].observeBeforeTimers === true) this.observeDueNow(item.agent);
        this.deliver(item.agent, { type: 'TIMER', name });
        break;
      }
      case SENSE:
        // Stale when the observation was already delivered (before a timer) or rescheduled.
        if (this.senseDue[item.agent] === item.at) this.observe(item.agent);
        break;
      case SERVICE_UP: {
        const list = this.instances[item.agent];
        const inst = list.find((x) => x.token === item.token);
        if (inst && !inst.running) {
          const service = this.topo.services[item.agent].id;
          const host = this.topo.hostIds[inst.host];
          // A shadow whose source stopped before its resynchronisation finished mirrors nothing.
          if (inst.shadow && !list.some((x) => !x.shadow && x.running && x.host !== inst.host)) {
            list.splice(list.indexOf(inst), 1);
            this.record({ at: this.now, type: 'service', service, host, state: 'stopped', cause: 'fault', shadow: true });
            break;
          }
          inst.running = true;
          this.record({ at: this.now, type: 'service', service, host, state: 'running', ...(inst.shadow ? { shadow: true as const } : {}) });
        }
        break;
      }
      case FENCE:
        this.fencing.due(item.agent, item.event!);
        break;
      default:
        throw new Error(`unknown queue item kind ${item.kind}`);
    }
  }

  private applyFault(name: FaultName, target: string): void {
    const kind = FAULTS[name];
    this.events++;
    this.record({ at: this.now, type: 'fault', fault: name, target, text: kind.sentence(target) });
    kind.apply(this.faultContext, target);
    this.fabric.changed();
    this.afterChange();
  }

  private applyDrift(name: string): boolean {
    const drift = this.model.drifts.find((d) => d.name === name);
    if (!drift) return false;
    this.config = drift.apply(this.config, defaultsFor(this.model, this.config));
    const values: Record<string, unknown> = {};
    for (const k of Object.keys(this.config)) if (this.config[k] !== this.baseConfig[k]) values[k] = this.config[k];
    for (let a = 0; a < this.agents.length; a++) this.deliver(a, { type: 'RECONFIGURE', values });
    return true;
  }

  /** After the world or a role changed: refresh ground truth, and let agents notice. */
  private afterChange(): void {
    this.syncTruth();
    if (this.replicas.length > 0) this.syncReplicas();
    const sensing = this.sensing;
    for (let i = 0; i < sensing.length; i++) {
      const a = sensing[i];
      if (this.senseDue[a] >= 0) continue;
      const spec = this.agents[a];
      const ev = spec.sense!(this.view);
      if (ev === null || sameEvent(ev, this.lastSensed[a])) continue;
      const at = spec.noticeAt ? spec.noticeAt(this.now) : this.now;
      this.senseDue[a] = at;
      this.push(at, SENSE, a, null, '', null, 0);
    }
  }

  /** Deliver the observations due now of the agent and of the other agents on its host. */
  private observeDueNow(a: number): void {
    const host = this.agents[a].host;
    const group = host >= 0 ? this.agentsOfHost[host] : [a];
    for (const b of group) if (this.senseDue[b] === this.now) this.observe(b);
  }

  /** The agent takes in what it would observe now, if that differs from what it last got. */
  private observe(a: number): void {
    this.senseDue[a] = -1;
    const ev = this.agents[a].sense!(this.view);
    if (ev !== null && !sameEvent(ev, this.lastSensed[a])) {
      this.lastSensed[a] = ev;
      this.deliver(a, ev);
    }
  }

  private syncTruth(): void {
    // Ground truth is a function of the fabric alone (storage nodes' serving flags included).
    if (this.fabric.version === this.truthVersion) return;
    this.truthVersion = this.fabric.version;
    const canRun = this.fabric.canRunMask();
    let serving = 0;
    const s = this.fabric.storageServing;
    for (let i = 0; i < s.length; i++) if (s[i] === 1 && this.fabric.storagePower[i] === 0) serving |= 1 << i;
    const reachable = this.fabric.reachableMask();
    if (canRun === this.lastCanRun && serving === this.lastServing && reachable === this.lastReachable) return;
    this.lastCanRun = canRun;
    this.lastServing = serving;
    this.lastReachable = reachable;
    this.record({
      at: this.now,
      type: 'truth',
      canRun: this.topo.hostIds.filter((_, h) => (canRun >> h) & 1),
      serving: this.topo.storageIds.filter((_, n) => (serving >> n) & 1),
      // Only when it says more than canRun: hosts on the network whose storage is gone.
      ...(reachable !== canRun ? { reachable: this.topo.hostIds.filter((_, h) => (reachable >> h) & 1) } : {}),
    });
  }

  private deliver(a: number, event: AgentEvent): void {
    const spec = this.agents[a];
    if (spec.host >= 0 && this.fabric.hostFrozen[spec.host] === 1) {
      this.deferred[spec.host].push([a, event, 0]);
      return;
    }
    this.events++;
    if (++this.depth > DELIVERY_DEPTH_LIMIT) this.stopOscillating(`agents keep reacting to each other at once (${DELIVERY_DEPTH_LIMIT} deliveries inside one another, the last ${event.type} to ${spec.id})`);
    if (this.level === 'full') this.record({ at: this.now, type: 'event', agent: spec.id, event: describeEvent(event) });
    const before = this.states[a].context;
    const result = step(spec.machine, this.states[a] as AgentState<never>, event as never);
    this.states[a] = result.state;
    const republished = spec.published !== undefined && spec.published(before) !== spec.published(result.state.context);
    const role = result.state.value;
    let roleChanged = false;
    if (role !== this.roles[a]) {
      this.roles[a] = role;
      roleChanged = true;
      this.record({ at: this.now, type: 'role', agent: spec.id, kind: spec.kind, role, ...this.statusOf(a, role) });
      if (spec.storage >= 0) {
        this.fabric.storageServing[spec.storage] = role === this.instance.servingRole ? 1 : 0;
        this.fabric.changed();
      }
    }
    const effects = result.effects;
    for (let i = 0; i < effects.length; i++) this.execute(a, effects[i]);
    if (roleChanged || republished) this.afterChange();
    this.depth--;
  }

  private execute(a: number, effect: Effect): void {
    const spec = this.agents[a];
    switch (effect.do) {
      case 'startTimer': {
        const token = ++this.tokens;
        this.timers[a].set(effect.name, token);
        this.push(this.now + effect.ms, TIMER, a, null, effect.name, null, token);
        break;
      }
      case 'cancelTimer':
        this.timers[a].delete(effect.name);
        break;
      case 'fence': {
        const host = spec.host;
        this.record({ at: this.now, type: 'fence', host: this.topo.hostIds[host], reason: effect.reason });
        this.stopInstancesOn(host, 'fence');
        this.timers[a].clear();
        for (const other of this.agentsOfHost[host]) if (other !== a) this.deliver(other, { type: 'HOST_RESET' });
        this.push(this.now + effect.rebootMs, DELIVER, a, null, '', { type: 'REBOOTED' }, 0);
        break;
      }
      case 'send': {
        const to = this.agentIndex.get(effect.to) ?? -1;
        if (to < 0) throw new Error(`agent ${spec.id} sent to unknown agent ${effect.to}`);
        this.deliver(to, effect.event);
        break;
      }
      case 'restartServices':
        this.restartServices(effect.hostMask, effect.ownerMask ?? 0, effect.priorities);
        break;
      case 'startService':
        this.startService(a, effect);
        break;
      case 'migrateService':
        this.migrate(a, this.serviceIndex(effect.service, spec.id), effect.to);
        break;
      case 'stopService':
        this.stopInstance(this.serviceIndex(effect.service, spec.id), spec.host, effect.cause ?? 'ha');
        break;
      case 'replicate':
        this.replicate(a, effect);
        break;
      case 'promoteService':
        this.promote(a, effect);
        break;
      case 'note':
        this.record({ at: this.now, type: 'note', agent: spec.id, text: effect.text });
        break;
      case 'fencePeer':
        this.fencing.request(a, effect);
        break;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  /** A model declares (or ends) a replica on its agent's host; recorded as a `data` entry. */
  private replicate(a: number, effect: Extract<Effect, { do: 'replicate' }>): void {
    const spec = this.agents[a];
    const service = this.serviceIndex(effect.service, spec.id);
    const i = this.replicas.findIndex((r) => r.service === service && r.host === spec.host);
    const old = i >= 0 ? this.replicas[i] : null;
    if (effect.from === null) {
      if (old === null) return;
      this.replicas.splice(i, 1);
      this.recordData(old, old.flowing ? this.now - old.lagMs : old.upToMs, false, true);
      return;
    }
    const source = this.topo.hostIds.indexOf(effect.from);
    if (source < 0) throw new Error(`agent ${spec.id} replicates from unknown host ${effect.from}`);
    const lagMs = effect.lagMs ?? 0;
    if (old && old.source === source && old.mode === effect.mode && old.lagMs === lagMs && old.over.join() === effect.over.join()) return;
    const r: Replica = { service, host: spec.host, source, over: effect.over, mode: effect.mode, lagMs, flowing: false, upToMs: this.now - lagMs };
    r.flowing = this.flows(r);
    if (old) this.replicas[i] = r;
    else this.replicas.push(r);
    this.recordData(r, r.upToMs, r.flowing, false);
  }

  /** The feed of a replica flows: both hosts run (powered, not stalled) and reach each other over one of its networks. */
  private flows(r: Replica): boolean {
    const f = this.fabric;
    if (f.hostPowered[r.source] === 0 || f.hostPowered[r.host] === 0 || f.hostFrozen[r.source] === 1 || f.hostFrozen[r.host] === 1) return false;
    for (const role of r.over) if ((f.peers(role)[r.source] >> r.host) & 1) return true;
    return false;
  }

  /**
   * Ground truth of every replica's feed. A feed that stops leaves the copy `lagMs` behind; one that
   * resumes is taken to drain the source's queue at once (the queue is kept while disconnected).
   */
  private syncReplicas(): void {
    for (const r of this.replicas) {
      const flowing = this.flows(r);
      if (flowing === r.flowing) continue;
      r.flowing = flowing;
      r.upToMs = this.now - r.lagMs;
      this.recordData(r, r.upToMs, flowing, false);
    }
  }

  private recordData(r: Replica, upToMs: number, following: boolean, ended: boolean): void {
    this.record({
      at: this.now,
      type: 'data',
      service: this.topo.services[r.service].id,
      host: this.topo.hostIds[r.host],
      source: ended ? null : this.topo.hostIds[r.source],
      state: following ? 'following' : 'stopped',
      mode: r.mode,
      lagMs: r.lagMs,
      upToMs,
    });
  }

  private stopInstancesOn(host: number, cause: StopCause): void {
    for (let s = 0; s < this.instances.length; s++) {
      const list = this.instances[s];
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].host !== host) continue;
        const [gone] = list.splice(i, 1);
        if (!gone.shadow) this.lostWith[s] = host;
        this.record({ at: this.now, type: 'service', service: this.topo.services[s].id, host: this.topo.hostIds[host], state: 'stopped', cause, ...(gone.shadow ? { shadow: true as const } : {}) });
      }
    }
  }

  /** A host that boots again knows it runs nothing: its lost services are known to be gone. */
  private hostBack(host: number): void {
    for (let s = 0; s < this.lostWith.length; s++) if (this.lostWith[s] === host) this.lostWith[s] = -1;
  }

  private restartServices(hostMask: number, ownerMask: number, priorities?: readonly RestartPriority[]): void {
    const running = this.instances.map((list) => list.map((x) => x.host));
    const targets = hostMask & this.upMask();
    const plan = planRestart(this.topo.services, running, targets, this.topo.hostCapacity, ownerMask, this.topo.parentOf, { lostWith: this.lostWith, priorities });
    for (const p of plan.placements) this.startInstance(p.service, p.host, 'restart', this.instance.serviceBootMs);
    if (plan.unplaced.length > 0 && targets !== 0) this.refuseRestarts(plan.unplaced, targets);
  }

  /** Restarts no host had room for: recorded against the target with the most room left. */
  private refuseRestarts(unplaced: readonly number[], targets: number): void {
    const running = this.instances.map((list) => list.map((x) => x.host));
    const used = usage(this.topo.services, running, this.topo.hostIds.length, this.topo.parentOf);
    const cap = this.topo.hostCapacity;
    let best = -1;
    for (let h = 0; h < used.length; h++) if ((targets >> h) & 1 && (best < 0 || cap[h] - used[h] > cap[best] - used[best])) best = h;
    const hosts = this.topo.hostIds.filter((_, h) => (targets >> h) & 1);
    const room = `${this.topo.hostIds[best]} has ${cap[best] - used[best]} of ${cap[best]} free`;
    for (const s of unplaced) {
      const reason = `needs ${this.topo.services[s].needs} units; ${hosts.length === 1 ? room : `none of ${hosts.join(', ')} has room (the most: ${room})`}`;
      this.record({ at: this.now, type: 'refused', service: this.topo.services[s].id, host: this.topo.hostIds[best], reason });
    }
  }

  private serviceIndex(id: string, agent: string): number {
    const s = this.serviceIndexOf.get(id) ?? -1;
    if (s < 0) throw new Error(`agent ${agent} names unknown service ${id}`);
    return s;
  }

  private startInstance(service: number, host: number, cause: StartCause, bootMs: number): void {
    const token = ++this.tokens;
    const shadow = cause === 'mirror';
    this.instances[service].push({ host, running: bootMs === 0, token, shadow });
    if (!shadow) this.lostWith[service] = -1;
    this.record({ at: this.now, type: 'service', service: this.topo.services[service].id, host: this.topo.hostIds[host], state: bootMs === 0 ? 'running' : 'starting', cause, ...(shadow ? { shadow: true as const } : {}) });
    if (bootMs > 0) this.push(this.now + bootMs, SERVICE_UP, service, null, '', null, token);
  }

  /**
   * Null when `host` (and every host it runs on) has room for the service, else why not. The
   * instance on `leaving` (a migration's source) does not count.
   */
  private roomFor(service: number, host: number, leaving: number): string | null {
    const running = this.instances.map((list, s) => list.flatMap((x) => (s === service && x.host === leaving ? [] : [x.host])));
    const used = usage(this.topo.services, running, this.topo.hostIds.length, this.topo.parentOf);
    const needs = this.topo.services[service].needs;
    if (fits(needs, host, used, this.topo.hostCapacity, this.topo.parentOf)) return null;
    for (let h = host; h >= 0; h = this.topo.parentOf[h]) {
      if (used[h] + needs > this.topo.hostCapacity[h]) {
        const where = h === host ? this.topo.hostIds[h] : `${this.topo.hostIds[h]} (which ${this.topo.hostIds[host]} runs on)`;
        return `needs ${needs} units; ${where} has ${this.topo.hostCapacity[h] - used[h]} of ${this.topo.hostCapacity[h]} free`;
      }
    }
    return 'no capacity';
  }

  /** An agent starts its host's instance of a service: not twice, not as a mirror of nothing, only where it fits. */
  private startService(a: number, effect: Extract<Effect, { do: 'startService' }>): void {
    const spec = this.agents[a];
    const s = this.serviceIndex(effect.service, spec.id);
    const list = this.instances[s];
    if (list.some((x) => x.host === spec.host)) return;
    const cause = effect.cause ?? 'takeover';
    if (cause === 'mirror' && !list.some((x) => !x.shadow && x.running && x.host !== spec.host)) {
      this.record({ at: this.now, type: 'note', agent: spec.id, text: `${effect.service} runs nowhere else: no instance to mirror` });
      return;
    }
    const refusal = this.roomFor(s, spec.host, -1);
    if (refusal === null) this.startInstance(s, spec.host, cause, effect.bootMs ?? this.instance.serviceBootMs);
    else {
      this.record({ at: this.now, type: 'refused', service: effect.service, host: this.topo.hostIds[spec.host], reason: refusal });
      this.deliver(a, { type: 'START_FAILED', service: effect.service, reason: refusal });
    }
  }

  /** A shadow (standby) instance on the agent's host becomes the running one. */
  private promote(a: number, effect: Extract<Effect, { do: 'promoteService' }>): void {
    const spec = this.agents[a];
    const s = this.serviceIndex(effect.service, spec.id);
    const inst = this.instances[s].find((x) => x.host === spec.host && x.shadow && x.running);
    if (inst === undefined) return;
    inst.shadow = false;
    this.record({ at: this.now, type: 'service', service: effect.service, host: this.topo.hostIds[spec.host], state: 'running', cause: 'takeover' });
  }

  /** Live migration: the running instance moves to `toId` without a pause, if it has room there. */
  private migrate(a: number, service: number, toId: string): void {
    const spec = this.agents[a];
    const id = this.topo.services[service].id;
    const to = this.topo.hostIds.indexOf(toId);
    const list = this.instances[service];
    const inst = list.find((x) => x.host === spec.host && x.running);
    let reason: string | null;
    if (to < 0) reason = `unknown host ${toId}`;
    else if (inst === undefined) reason = `no running instance on ${this.topo.hostIds[spec.host]}`;
    else if (this.fabric.hostPowered[to] === 0) reason = `${toId} is down`;
    else if (list.some((x) => x.host === to)) reason = `already on ${toId}`;
    else reason = this.roomFor(service, to, spec.host);
    if (reason !== null || inst === undefined) {
      this.deliver(a, { type: 'MIGRATED', service: id, to: toId, ok: 0, reason: reason ?? '' });
      return;
    }
    inst.host = to;
    this.record({ at: this.now, type: 'service', service: id, host: this.topo.hostIds[spec.host], state: 'stopped', cause: 'migrate' });
    this.record({ at: this.now, type: 'service', service: id, host: toId, state: 'running', cause: 'migrate' });
    this.deliver(a, { type: 'MIGRATED', service: id, to: toId, ok: 1, reason: '' });
  }

  private stopInstance(service: number, host: number, cause: StopCause): void {
    const list = this.instances[service];
    const i = list.findIndex((x) => x.host === host);
    if (i < 0) return;
    const [gone] = list.splice(i, 1);
    this.record({ at: this.now, type: 'service', service: this.topo.services[service].id, host: this.topo.hostIds[host], state: 'stopped', cause, ...(gone.shadow ? { shadow: true as const } : {}) });
  }

  // ---- Stepwise control, for exhaustive search (explore, spof): the same loop as `run`, one
  // instant at a time, with snapshots to branch from. `run` does not use these.

  /** Instant of the next pending item that still does something (stale timers are dropped); -1: none. */
  nextEventAt(): number {
    for (;;) {
      const item = this.queue.peek();
      if (item === undefined) return -1;
      if (item.kind === TIMER && this.timers[item.agent].get(item.target) !== item.token) {
        this.queue.pop();
        continue;
      }
      return item.at;
    }
  }

  /** Processes every item of the next instant (and what they schedule for that instant); returns it, or -1. */
  stepInstant(): number {
    const at = this.nextEventAt();
    if (at < 0) return -1;
    this.now = at;
    this.view.now = at;
    const before = this.events;
    while (this.queue.size > 0 && this.queue.peek()!.at === at) {
      this.process(this.queue.pop()!);
      this.checkSettling(before);
    }
    return at;
  }

  /** Moves the clock forward to `at` (nothing pending before it), applies a fault there, and processes that instant. */
  injectNow(at: number, fault: FaultName, target: string): void {
    const next = this.nextEventAt();
    if (at < this.now || (next >= 0 && next < at)) throw new Error(`inject at ${at}: the clock is at ${this.now} and the next item at ${next}`);
    this.push(at, FAULT, -1, fault, target, null, 0);
    this.stepInstant();
  }

  /** The trace entries so far (no copy). */
  get recorded(): readonly TraceEntry[] {
    return this.entries;
  }

  /** Events simulated since `begin`. */
  get eventCount(): number {
    return this.events;
  }


  snapshot(): SimSnapshot {
    const f = this.fabric;
    return {
      now: this.now,
      level: this.level,
      config: this.config,
      fabric: f.state().map((a) => a.slice()),
      states: this.states.slice(),
      roles: this.roles.slice(),
      timers: this.timers.map((m) => new Map(m)),
      senseDue: this.senseDue.slice(),
      lastSensed: this.lastSensed.slice(),
      instances: this.instances.map((list) => list.map((x) => ({ ...x }))),
      lostWith: this.lostWith.slice(),
      replicas: this.replicas.map((r) => ({ ...r })),
      deferred: this.deferred.map((list) => list.slice()),
      entries: this.entries.slice(),
      queue: this.queue.save(),
      tokens: this.tokens,
      events: this.events,
      lastCanRun: this.lastCanRun,
      lastServing: this.lastServing,
      lastReachable: this.lastReachable,
    };
  }

  restore(s: SimSnapshot): void {
    const f = this.fabric;
    f.state().forEach((a, i) => a.set(s.fabric[i]));
    f.changed();
    this.now = s.now;
    this.view.now = s.now;
    this.level = s.level;
    this.depth = 0;
    this.config = s.config;
    this.states = s.states.slice();
    this.roles.length = 0;
    for (const r of s.roles) this.roles.push(r);
    this.timers = s.timers.map((m) => new Map(m));
    this.senseDue = s.senseDue.slice();
    this.lastSensed = s.lastSensed.slice();
    this.instances = s.instances.map((list) => list.map((x) => ({ ...x })));
    this.lostWith = s.lostWith.slice();
    this.replicas = s.replicas.length === 0 ? [] : s.replicas.map((r) => ({ ...r }));
    this.deferred = s.deferred.map((list) => list.map(([a, e, token]) => [a, e, token] as [number, AgentEvent, number]));
    this.entries = s.entries.slice();
    this.queue.restore(s.queue);
    this.tokens = s.tokens;
    this.events = s.events;
    this.lastCanRun = s.lastCanRun;
    this.lastServing = s.lastServing;
    this.lastReachable = s.lastReachable;
  }

  /**
   * Writes everything the future of this run depends on, with times relative to now (absolute
   * time, tokens and trace history left out), so equal writes mean equal futures up to a time shift.
   * The caller adds what its time abstraction needs of the absolute time (e.g. the heartbeat phase).
   */
  hashState(sink: StateSink): void {
    const f = this.fabric;
    for (const a of f.state()) {
      for (let i = 0; i < a.length; i++) sink.num(a[i]);
    }
    if (this.config !== this.baseConfig) sink.value(this.config);
    for (let a = 0; a < this.states.length; a++) {
      sink.str(this.roles[a]);
      sink.value(this.states[a].context, 'out');
      sink.value(this.lastSensed[a]);
    }
    sink.num(this.lastCanRun);
    sink.num(this.lastServing);
    sink.num(this.lastReachable);
    for (const r of this.replicas) sink.value(r);
    for (let s = 0; s < this.instances.length; s++) {
      const list = this.instances[s];
      sink.num(list.length);
      for (const x of list) {
        sink.num(x.host);
        sink.num(x.running ? 1 : 0);
      }
      sink.num(this.lostWith[s]);
    }
    for (const list of this.deferred) {
      sink.num(list.length);
      for (const [agent, event, token] of list) {
        sink.num(agent);
        sink.value(event);
        sink.num(token);
      }
    }
    const live = this.queue.pending().filter((item) => item.kind !== TIMER || this.timers[item.agent].get(item.target) === item.token);
    live.sort((x, y) => x.at - y.at || x.seq - y.seq);
    sink.num(live.length);
    for (const item of live) {
      sink.num(item.kind);
      sink.num(item.at - this.now);
      sink.num(item.agent);
      sink.str(item.fault ?? '');
      sink.str(item.target);
      if (item.event !== null) sink.value(item.event);
      if (item.kind === SERVICE_UP) {
        const list = this.instances[item.agent];
        sink.num(list.findIndex((x) => x.token === item.token));
      }
    }
  }

  /** Hosts that are powered and whose host agent is up (not fenced, not rebooting). */
  private upMask(): number {
    let mask = 0;
    for (let h = 0; h < this.topo.hostIds.length; h++) if (this.fabric.hostPowered[h] === 1 && this.hostUp(h)) mask |= 1 << h;
    return mask;
  }
}

/** Field-by-field equality of two sensed events (numbers, strings, arrays of numbers). */
export function sameEvent(a: AgentEvent, b: AgentEvent | null): boolean {
  if (b === null || a.type !== b.type) return false;
  for (const key in a) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

function describeEvent(event: AgentEvent): string {
  const fields = Object.keys(event).filter((k) => k !== 'type');
  if (fields.length === 0) return event.type;
  return `${event.type} ${fields.map((k) => `${k}=${JSON.stringify(event[k])}`).join(' ')}`;
}
