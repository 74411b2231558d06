// What a trace's past contributes to the verdicts of its future. Explore merges two runs that reach
// the same simulator state only if their pasts would also judge the same future alike; for each
// property that is the state its checker carries from instant to instant (the fences of the
// current fault episode, each down service's downtime counted so far, …). A property with no
// monitor here makes the whole past part of the state: sound, but it disables merging.
import type { PropertyName } from '../../engine/model.js';
import type { StateSink } from '../../engine/simulator.js';
import type { TraceEntry } from '../../engine/trace.js';
import { FAULTS } from '../../engine/faults/index.js';
import { WorldState } from '../../../properties/worldState.js';
import type { Trace } from '../../engine/trace.js';

export interface Monitor {
  feed(e: TraceEntry): void;
  /** Everything the future verdict depends on, relative to `now`. */
  digest(sink: StateSink, now: number): void;
  clone(): Monitor;
}

/** Properties judged on the state alone (the simulator state holds everything they read). */
const MEMORYLESS = new Set<PropertyName>(['noDualActive', 'noUnnecessaryFence', 'noPoolWideFence']);

const ENDS = new Map<string, string>();
for (const kind of Object.values(FAULTS)) {
  const ender = kind.repairedBy ?? kind.healsWith;
  if (ender) ENDS.set(kind.name, ender);
}

/** noFenceLoop: the faults still active, and who fenced in the current episode. */
class FenceEpisode implements Monitor {
  private signature: string | null = null;
  constructor(
    private active = new Set<string>(),
    private fenced = new Set<string>(),
  ) {}
  feed(e: TraceEntry): void {
    if (e.type === 'fault' || e.type === 'fence') this.signature = null;
    if (e.type === 'fault') {
      const ender = ENDS.get(e.fault);
      if (ender) {
        if (this.active.size === 0) this.fenced.clear();
        this.active.add(`${ender}|${e.target}`);
      } else {
        this.active.delete(`${e.fault}|${e.target}`);
      }
    } else if (e.type === 'fence') {
      this.fenced.add(e.host);
    }
  }
  digest(sink: StateSink): void {
    this.signature ??= `${[...this.active].sort().join(' ')}/${[...this.fenced].sort().join(' ')}`;
    sink.str(this.signature);
  }
  clone(): Monitor {
    const copy = new FenceEpisode(new Set(this.active), new Set(this.fenced));
    copy.signature = this.signature;
    return copy;
  }
}

/**
 * serviceRestoredWithin: per down service, the downtime counted so far, counted as the property
 * counts it: while some eligible host could run services and is not stalled (a host with an agent,
 * or a server with room; agents announce their roles at 0, before anything is judged).
 */
class Downtime implements Monitor {
  private batchAt = -1;
  private readonly protectedServices: readonly Trace['meta']['services'][number][];
  constructor(
    private readonly trace: Trace,
    private world = new WorldState(trace),
    private down = new Map<string, number>(),
    private last = 0,
    private healthy = true,
    private agents = new Set<string>(),
  ) {
    this.protectedServices = trace.meta.services.filter((s) => s.priority !== 'unprotected');
  }
  private eligible(host: string): boolean {
    const capacity = this.trace.meta.capacity;
    return (
      this.agents.size === 0 ||
      this.agents.has(host) ||
      (capacity !== undefined && capacity[this.trace.meta.hosts.indexOf(host)] !== 0)
    );
  }
  private anyHealthy(): boolean {
    for (const h of this.world.canRun) if (this.eligible(h) && this.world.visible(h)) return true;
    return false;
  }
  private close(until: number): void {
    if (this.batchAt < 0) return;
    const protectedServices = this.protectedServices;
    if (this.healthy) for (const [id, counted] of this.down) this.down.set(id, counted + (until - this.last));
    this.last = this.batchAt;
    this.healthy = this.anyHealthy();
    for (const s of protectedServices) {
      if (this.world.serviceUp(s.id)) this.down.delete(s.id);
      else if (!this.down.has(s.id)) this.down.set(s.id, 0);
    }
    this.batchAt = -1;
  }
  feed(e: TraceEntry): void {
    if (this.batchAt >= 0 && e.at !== this.batchAt) this.close(this.batchAt);
    this.batchAt = e.at;
    this.world.apply(e);
    if (e.type === 'role' && e.kind === 'host' && !this.agents.has(e.agent))
      this.agents = new Set(this.agents).add(e.agent);
  }
  digest(sink: StateSink, now: number): void {
    if (this.batchAt >= 0) this.close(this.batchAt);
    sink.num(this.healthy ? 1 : 0);
    sink.num(now - this.last);
    for (const s of this.trace.meta.services) sink.num(this.down.get(s.id) ?? -1);
  }
  clone(): Monitor {
    // The whole world, stalled hosts included: a branch judges its future from the same past.
    const copy = new Downtime(this.trace, this.world.clone(), new Map(this.down), this.last, this.healthy, this.agents);
    copy.batchAt = this.batchAt;
    return copy;
  }
}

/** servicesSurvive: per down protected service, since when it has been down (whatever the cause). */
class Outage implements Monitor {
  private batchAt = -1;
  constructor(
    private readonly trace: Trace,
    private world = new WorldState(trace),
    private since = new Map<string, number>(),
  ) {}
  private close(): void {
    if (this.batchAt < 0) return;
    for (const s of this.trace.meta.services) {
      if (s.priority === 'unprotected') continue;
      if (this.world.serviceUp(s.id)) this.since.delete(s.id);
      else if (!this.since.has(s.id)) this.since.set(s.id, this.batchAt);
    }
    this.batchAt = -1;
  }
  feed(e: TraceEntry): void {
    if (this.batchAt >= 0 && e.at !== this.batchAt) this.close();
    this.batchAt = e.at;
    this.world.apply(e);
  }
  digest(sink: StateSink, now: number): void {
    this.close();
    for (const s of this.trace.meta.services) {
      const from = this.since.get(s.id);
      sink.num(from === undefined ? -1 : now - from);
    }
  }
  clone(): Monitor {
    const copy = new Outage(this.trace, this.world.clone(), new Map(this.since));
    copy.batchAt = this.batchAt;
    return copy;
  }
}

/** noUnnecessaryFailover: where each service last ran and why it stopped there. */
class LastHost implements Monitor {
  private signature: string | null = null;
  constructor(private last = new Map<string, string>()) {}
  feed(e: TraceEntry): void {
    if (e.type !== 'service') return;
    this.signature = null;
    const prev = this.last.get(e.service);
    if (e.state === 'stopped') {
      if (prev !== undefined && prev.split('|')[0] === e.host)
        this.last.set(e.service, `${e.host}|${e.cause ?? 'fault'}`);
    } else if (!(e.state === 'running' && e.cause === undefined && prev?.split('|')[0] === e.host)) {
      this.last.set(e.service, `${e.host}|`);
    }
  }
  digest(sink: StateSink): void {
    this.signature ??= [...this.last]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    sink.str(this.signature);
  }
  clone(): Monitor {
    return new LastHost(new Map(this.last));
  }
}

/** The whole past, relative to now: for properties explore knows nothing about. */
class WholePast implements Monitor {
  constructor(private entries: TraceEntry[] = []) {}
  feed(e: TraceEntry): void {
    this.entries.push(e);
  }
  digest(sink: StateSink, now: number): void {
    for (const e of this.entries) sink.value({ ...e, at: e.at - now });
  }
  clone(): Monitor {
    return new WholePast(this.entries.slice());
  }
}

/** Monitors for a model's properties (memoryless ones need none). */
export function monitorsFor(properties: readonly PropertyName[], trace: Trace): Monitor[] {
  const out: Monitor[] = [];
  let unknown = false;
  for (const p of properties) {
    if (MEMORYLESS.has(p)) continue;
    if (p === 'noFenceLoop') out.push(new FenceEpisode());
    else if (p === 'serviceRestoredWithin') out.push(new Downtime(trace));
    else if (p === 'noUnnecessaryFailover') out.push(new LastHost());
    else if (p === 'servicesSurvive') out.push(new Outage(trace));
    else unknown = true;
  }
  if (unknown) out.push(new WholePast());
  return out;
}

/** Properties whose past explore summarises exactly (the others disable merging of different pasts). */
export function summarised(p: PropertyName): boolean {
  return (
    MEMORYLESS.has(p) ||
    p === 'noFenceLoop' ||
    p === 'serviceRestoredWithin' ||
    p === 'noUnnecessaryFailover' ||
    p === 'servicesSurvive'
  );
}
