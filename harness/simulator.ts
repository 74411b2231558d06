// The discrete-event simulator: the only place where time advances. It owns the virtual clock,
// the event queue and the ground truth; it feeds events to the agents' machines through their pure
// `transition` and carries out the effects they return. Sensing is edge-triggered: agents are told
// about a change when they would notice it, so events scale with faults, not with simulated time.
import type { CompiledTopology } from './compile.js';
import type { AgentEvent, Effect } from './effects.js';
import { defaultsFor } from './config.js';
import { Fabric } from './fabric.js';
import { FAULTS, type FaultName, type FaultStep } from './faults/index.js';
import type { FaultContext } from './faults/kind.js';
import { step, type AgentState } from './fsm.js';
import type { AgentSpec, Config, Model, ModelInstance } from './model.js';
import { planRestart } from './placement.js';
import { EventQueue } from './queue.js';
import type { StartCause, StopCause, Trace, TraceEntry } from './trace.js';

const FAULT = 0;
const DELIVER = 1;
const TIMER = 2;
const SENSE = 3;
const SERVICE_UP = 4;

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

/** Everything `start()` produces; identical for every run of one simulation, so computed once. */
interface Settled {
  readonly states: readonly AgentState<unknown>[];
  readonly roles: readonly string[];
  readonly timers: readonly ReadonlyMap<string, number>[];
  readonly sensePending: readonly boolean[];
  readonly lastSensed: readonly (AgentEvent | null)[];
  readonly instances: readonly (readonly Instance[])[];
  readonly entries: readonly TraceEntry[];
  readonly queue: ReturnType<EventQueue<Item>['save']>;
  readonly tokens: number;
  readonly events: number;
  readonly lastCanRun: number;
  readonly lastServing: number;
}

const EVENT_LIMIT = 1_000_000;

export class Simulation {
  readonly fabric: Fabric;
  readonly instance: ModelInstance;
  private readonly agents: readonly AgentSpec[];
  private readonly queue = new EventQueue<Item>();
  private states: AgentState<unknown>[] = [];
  private roles: string[] = [];
  private timers: Map<string, number>[] = [];
  private sensePending: boolean[] = [];
  private lastSensed: (AgentEvent | null)[] = [];
  private instances: Instance[][] = [];
  /** Events that reached agents of a paused host, delivered when it resumes (timers with their token). */
  private deferred: [number, AgentEvent, number][][] = [];
  private entries: TraceEntry[] = [];
  private level: TraceLevel = 'verdict';
  private now = 0;
  private tokens = 0;
  private events = 0;
  private lastCanRun = -1;
  private lastServing = -1;
  private config: Config;
  private readonly view: { fabric: Fabric; roles: string[]; now: number };
  private readonly faultContext: FaultContext;
  private readonly agentsOfHost: number[][];
  private readonly agentsOfStorage: number[][];
  private readonly sensing: number[];
  private readonly settled: Partial<Record<TraceLevel, Settled>> = {};

  constructor(
    readonly model: Model,
    readonly topo: CompiledTopology,
    private readonly baseConfig: Config,
  ) {
    this.config = baseConfig;
    this.fabric = new Fabric(topo);
    this.instance = model.instantiate(topo, baseConfig);
    this.agents = this.instance.agents;
    this.agentsOfHost = topo.hostIds.map((_, h) => this.agents.flatMap((a, i) => (a.host === h ? [i] : [])));
    this.agentsOfStorage = topo.storageIds.map((_, n) => this.agents.flatMap((a, i) => (a.storage === n ? [i] : [])));
    this.sensing = this.agents.flatMap((a, i) => (a.sense ? [i] : []));
    this.view = { fabric: this.fabric, roles: this.roles, now: 0 };
    const sim = this;
    this.faultContext = {
      fabric: this.fabric,
      topo,
      world: this.instance.world,
      signalHost(host, event) {
        for (const a of sim.agentsOfHost[host]) sim.deliver(a, event);
        if (event.type === 'CRASH') sim.stopInstancesOn(host, 'fault');
      },
      signalStorage(node, event) {
        for (const a of sim.agentsOfStorage[node]) sim.deliver(a, event);
      },
      later(delayMs, fault, target) {
        sim.push(sim.now + delayMs, FAULT, -1, fault, target, null, 0);
      },
      drift(name) {
        return sim.applyDrift(name);
      },
      signalAll(event) {
        for (let a = 0; a < sim.agents.length; a++) sim.deliver(a, event);
      },
      killService(service, host) {
        sim.stopInstance(service, host, 'fault');
      },
      resumeHost(host) {
        const missed = sim.deferred[host];
        sim.deferred[host] = [];
        for (const [agent, event, token] of missed) {
          // A timer that expired during the pause fires now, unless an event delivered before it in
          // this batch restarted or cancelled it (a resumed process handles its backlog in order).
          if (token !== 0) {
            const timers = sim.timers[agent];
            const name = event.name as string;
            if (timers.get(name) !== token) continue;
            timers.delete(name);
          }
          sim.deliver(agent, event);
        }
      },
    };
  }

  /** Runs one schedule from a clean world. Same inputs, same trace. */
  run(schedule: readonly FaultStep[], options: RunOptions = {}): RunResult {
    this.restoreSettled(options.level ?? 'verdict');
    let last = 0;
    for (const s of schedule) {
      this.push(s.at, FAULT, -1, s.fault, s.target, null, 0);
      if (s.at > last) last = s.at;
    }
    const horizon = options.horizonMs ?? last + this.instance.settleMs;
    while (this.queue.size > 0) {
      const item = this.queue.peek()!;
      if (item.at > horizon) break;
      this.queue.pop();
      this.now = item.at;
      this.view.now = item.at;
      this.process(item);
      if (this.events > EVENT_LIMIT) throw new Error(`run exceeded ${EVENT_LIMIT} events: a model is oscillating`);
    }
    return {
      meta: {
        hosts: this.topo.hostIds,
        services: this.topo.services.map((s) => ({ id: s.id, priority: s.priority, rtoMs: s.rtoMs })),
        endMs: horizon,
      },
      entries: this.entries,
      events: this.events,
    };
  }

  /** The world at t = 0 after every agent has taken in its first observation. */
  private restoreSettled(level: TraceLevel): void {
    let settled = this.settled[level];
    if (settled === undefined) {
      this.reset(level);
      this.start();
      settled = {
        states: this.states.slice(),
        roles: this.roles.slice(),
        timers: this.timers.map((m) => new Map(m)),
        sensePending: this.sensePending.slice(),
        lastSensed: this.lastSensed.slice(),
        instances: this.instances.map((list) => list.map((x) => ({ ...x }))),
        entries: this.entries.slice(),
        queue: this.queue.save(),
        tokens: this.tokens,
        events: this.events,
        lastCanRun: this.lastCanRun,
        lastServing: this.lastServing,
      };
      this.settled[level] = settled;
    }
    this.level = level;
    this.fabric.reset();
    this.config = this.baseConfig;
    this.now = 0;
    this.view.now = 0;
    this.states = settled.states.slice();
    this.roles.length = 0;
    for (const r of settled.roles) this.roles.push(r);
    this.timers = settled.timers.map((m) => new Map(m));
    this.sensePending = settled.sensePending.slice();
    this.lastSensed = settled.lastSensed.slice();
    this.instances = settled.instances.map((list) => list.map((x) => ({ ...x })));
    this.entries = settled.entries.slice();
    this.queue.restore(settled.queue);
    this.tokens = settled.tokens;
    this.events = 0;
    this.lastCanRun = settled.lastCanRun;
    this.lastServing = settled.lastServing;
    this.deferred = this.topo.hostIds.map(() => []);
    // Storage nodes' serving flags follow their settled roles.
    this.agents.forEach((a, i) => {
      if (a.storage >= 0) this.fabric.storageServing[a.storage] = this.roles[i] === this.instance.servingRole ? 1 : 0;
    });
    this.fabric.changed();
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
    this.entries = [];
    this.lastCanRun = -1;
    this.lastServing = -1;
    const n = this.agents.length;
    this.states = this.agents.map((a) => ({ value: a.initial, context: a.context }));
    this.roles.length = 0;
    for (const a of this.agents) this.roles.push(a.initial);
    this.timers = this.agents.map(() => new Map());
    this.sensePending = new Array(n).fill(false);
    this.lastSensed = new Array(n).fill(null);
    this.instances = this.topo.services.map(() => []);
    this.deferred = this.topo.hostIds.map(() => []);
  }

  private start(): void {
    this.agents.forEach((a, i) => this.record({ at: 0, type: 'role', agent: a.id, kind: a.kind, role: a.initial, ...this.statusOf(i, a.initial) }));
    this.topo.services.forEach((s, i) => {
      if (s.home < 0) return;
      this.instances[i].push({ host: s.home, running: true, token: ++this.tokens });
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
        this.deliver(item.agent, { type: 'TIMER', name });
        break;
      }
      case SENSE: {
        const a = item.agent;
        this.sensePending[a] = false;
        const ev = this.agents[a].sense!(this.view);
        if (ev !== null && !sameEvent(ev, this.lastSensed[a])) {
          this.lastSensed[a] = ev;
          this.deliver(a, ev);
        }
        break;
      }
      case SERVICE_UP: {
        const inst = this.instances[item.agent].find((x) => x.token === item.token);
        if (inst && !inst.running) {
          inst.running = true;
          this.record({ at: this.now, type: 'service', service: this.topo.services[item.agent].id, host: this.topo.hostIds[inst.host], state: 'running' });
        }
        break;
      }
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
    const sensing = this.sensing;
    for (let i = 0; i < sensing.length; i++) {
      const a = sensing[i];
      if (this.sensePending[a]) continue;
      const spec = this.agents[a];
      const ev = spec.sense!(this.view);
      if (ev === null || sameEvent(ev, this.lastSensed[a])) continue;
      this.sensePending[a] = true;
      this.push(spec.noticeAt ? spec.noticeAt(this.now) : this.now, SENSE, a, null, '', null, 0);
    }
  }

  private syncTruth(): void {
    const canRun = this.fabric.canRunMask();
    let serving = 0;
    const s = this.fabric.storageServing;
    for (let i = 0; i < s.length; i++) if (s[i] === 1 && this.fabric.storagePower[i] === 0) serving |= 1 << i;
    if (canRun === this.lastCanRun && serving === this.lastServing) return;
    this.lastCanRun = canRun;
    this.lastServing = serving;
    this.record({
      at: this.now,
      type: 'truth',
      canRun: this.topo.hostIds.filter((_, h) => (canRun >> h) & 1),
      serving: this.topo.storageIds.filter((_, n) => (serving >> n) & 1),
    });
  }

  private deliver(a: number, event: AgentEvent): void {
    const spec = this.agents[a];
    if (spec.host >= 0 && this.fabric.hostFrozen[spec.host] === 1) {
      this.deferred[spec.host].push([a, event, 0]);
      return;
    }
    this.events++;
    if (this.level === 'full') this.record({ at: this.now, type: 'event', agent: spec.id, event: describeEvent(event) });
    const result = step(spec.machine, this.states[a] as AgentState<never>, event as never);
    this.states[a] = result.state;
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
    if (roleChanged) this.afterChange();
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
        const to = this.agents.findIndex((x) => x.id === effect.to);
        if (to < 0) throw new Error(`agent ${spec.id} sent to unknown agent ${effect.to}`);
        this.deliver(to, effect.event);
        break;
      }
      case 'restartServices':
        this.restartServices(effect.hostMask);
        break;
      case 'startService': {
        const s = this.serviceIndex(effect.service, spec.id);
        if (!this.instances[s].some((x) => x.host === spec.host)) this.startInstance(s, spec.host, 'takeover');
        break;
      }
      case 'stopService':
        this.stopInstance(this.serviceIndex(effect.service, spec.id), spec.host, 'ha');
        break;
      case 'note':
        this.record({ at: this.now, type: 'note', agent: spec.id, text: effect.text });
        break;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  private stopInstancesOn(host: number, cause: StopCause): void {
    for (let s = 0; s < this.instances.length; s++) {
      const list = this.instances[s];
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].host !== host) continue;
        list.splice(i, 1);
        this.record({ at: this.now, type: 'service', service: this.topo.services[s].id, host: this.topo.hostIds[host], state: 'stopped', cause });
      }
    }
  }

  private restartServices(hostMask: number): void {
    const running = this.instances.map((list) => list.map((x) => x.host));
    const plan = planRestart(this.topo.services, running, hostMask & this.upMask(), this.topo.hostCapacity);
    for (const p of plan) this.startInstance(p.service, p.host, 'restart');
  }

  private serviceIndex(id: string, agent: string): number {
    const s = this.topo.services.findIndex((x) => x.id === id);
    if (s < 0) throw new Error(`agent ${agent} names unknown service ${id}`);
    return s;
  }

  private startInstance(service: number, host: number, cause: StartCause): void {
    const token = ++this.tokens;
    const boot = this.instance.serviceBootMs;
    this.instances[service].push({ host, running: boot === 0, token });
    this.record({ at: this.now, type: 'service', service: this.topo.services[service].id, host: this.topo.hostIds[host], state: boot === 0 ? 'running' : 'starting', cause });
    if (boot > 0) this.push(this.now + boot, SERVICE_UP, service, null, '', null, token);
  }

  private stopInstance(service: number, host: number, cause: StopCause): void {
    const list = this.instances[service];
    const i = list.findIndex((x) => x.host === host);
    if (i < 0) return;
    list.splice(i, 1);
    this.record({ at: this.now, type: 'service', service: this.topo.services[service].id, host: this.topo.hostIds[host], state: 'stopped', cause });
  }

  /** Hosts that are powered and whose host agent is up (not fenced, not rebooting). */
  private upMask(): number {
    let mask = 0;
    for (let h = 0; h < this.topo.hostIds.length; h++) {
      if (this.fabric.hostPowered[h] === 0) continue;
      const agents = this.agentsOfHost[h];
      let up = true;
      for (const a of agents) if (this.agents[a].kind === 'host' && this.instance.hostStatus(this.roles[a]) === 'out') up = false;
      if (up) mask |= 1 << h;
    }
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
