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

/**
 * One property's memory. Branching is copy-on-write: explore branches the past for each fault it
 * tries at each instant, and most of those branches merge into an explored state at once, so a
 * clone shares its collections with the original and whichever writes first copies them.
 */
interface Part {
  feed(e: TraceEntry): void;
  /** The instant `at` is over (the world holds all of it): judge it. */
  close?(world: WorldState, at: number): void;
  digest(sink: StateSink, now: number): void;
  clone(): Part;
}

/** noFenceLoop: the faults still active, and who fenced in the current episode. */
class FenceEpisode implements Part {
  private signature: string | null = null;
  constructor(
    private active = new Set<string>(),
    private fenced = new Set<string>(),
    private shared = false,
  ) {}
  private own(): void {
    this.signature = null;
    if (!this.shared) return;
    this.active = new Set(this.active);
    this.fenced = new Set(this.fenced);
    this.shared = false;
  }
  feed(e: TraceEntry): void {
    if (e.type === 'fault') {
      this.own();
      const ender = ENDS.get(e.fault);
      if (ender) {
        if (this.active.size === 0) this.fenced.clear();
        this.active.add(`${ender}|${e.target}`);
      } else {
        this.active.delete(`${e.fault}|${e.target}`);
      }
    } else if (e.type === 'fence') {
      this.own();
      this.fenced.add(e.host);
    }
  }
  digest(sink: StateSink): void {
    this.signature ??= `${[...this.active].sort().join(' ')}/${[...this.fenced].sort().join(' ')}`;
    sink.str(this.signature);
  }
  clone(): Part {
    this.shared = true;
    const copy = new FenceEpisode(this.active, this.fenced, true);
    copy.signature = this.signature;
    return copy;
  }
}

/**
 * serviceRestoredWithin: per down service, the downtime counted so far, counted as the property
 * counts it: while some eligible host could run services and is not stalled (a host with an agent,
 * or a server with room; agents announce their roles at 0, before anything is judged).
 */
class Downtime implements Part {
  constructor(
    private readonly trace: Trace,
    private readonly protectedServices: readonly Trace['meta']['services'][number][],
    private down = new Map<string, number>(),
    private last = 0,
    private healthy = true,
    private agents = new Set<string>(),
    private shared = false,
  ) {}
  private eligible(host: string): boolean {
    const capacity = this.trace.meta.capacity;
    return (
      this.agents.size === 0 ||
      this.agents.has(host) ||
      (capacity !== undefined && capacity[this.trace.meta.hosts.indexOf(host)] !== 0)
    );
  }
  private anyHealthy(world: WorldState): boolean {
    for (const h of world.canRun) if (this.eligible(h) && world.visible(h)) return true;
    return false;
  }
  /** The downtimes, this branch's own (copied if shared). */
  private own(): Map<string, number> {
    if (this.shared) {
      this.down = new Map(this.down);
      this.shared = false;
    }
    return this.down;
  }
  close(world: WorldState, at: number): void {
    const elapsed = at - this.last;
    if (this.healthy && elapsed !== 0) for (const [id, counted] of this.own()) this.down.set(id, counted + elapsed);
    this.last = at;
    this.healthy = this.anyHealthy(world);
    for (const s of this.protectedServices) {
      const up = world.serviceUp(s.id);
      if (up ? this.down.has(s.id) : !this.down.has(s.id)) {
        if (up) this.own().delete(s.id);
        else this.own().set(s.id, 0);
      }
    }
  }
  feed(e: TraceEntry): void {
    if (e.type === 'role' && e.kind === 'host' && !this.agents.has(e.agent))
      this.agents = new Set(this.agents).add(e.agent);
  }
  digest(sink: StateSink, now: number): void {
    sink.num(this.healthy ? 1 : 0);
    sink.num(now - this.last);
    for (const s of this.trace.meta.services) sink.num(this.down.get(s.id) ?? -1);
  }
  clone(): Part {
    this.shared = true;
    const { trace, protectedServices, down, last, healthy, agents } = this;
    return new Downtime(trace, protectedServices, down, last, healthy, agents, true);
  }
}

/** servicesSurvive: per down protected service, since when it has been down (whatever the cause). */
class Outage implements Part {
  constructor(
    private readonly trace: Trace,
    private since = new Map<string, number>(),
    private shared = false,
  ) {}
  close(world: WorldState, at: number): void {
    for (const s of this.trace.meta.services) {
      if (s.priority === 'unprotected') continue;
      const up = world.serviceUp(s.id);
      if (up ? !this.since.has(s.id) : this.since.has(s.id)) continue;
      if (this.shared) {
        this.since = new Map(this.since);
        this.shared = false;
      }
      if (up) this.since.delete(s.id);
      else this.since.set(s.id, at);
    }
  }
  feed(): void {}
  digest(sink: StateSink, now: number): void {
    for (const s of this.trace.meta.services) {
      const from = this.since.get(s.id);
      sink.num(from === undefined ? -1 : now - from);
    }
  }
  clone(): Part {
    this.shared = true;
    return new Outage(this.trace, this.since, true);
  }
}

/** noUnnecessaryFailover: where each service last ran and why it stopped there. */
class LastHost implements Part {
  private signature: string | null = null;
  constructor(
    private last = new Map<string, string>(),
    private shared = false,
  ) {}
  private set(service: string, value: string): void {
    if (this.shared) {
      this.last = new Map(this.last);
      this.shared = false;
    }
    this.last.set(service, value);
  }
  feed(e: TraceEntry): void {
    if (e.type !== 'service') return;
    this.signature = null;
    const prev = this.last.get(e.service);
    if (e.state === 'stopped') {
      if (prev !== undefined && prev.split('|')[0] === e.host) this.set(e.service, `${e.host}|${e.cause ?? 'fault'}`);
    } else if (!(e.state === 'running' && e.cause === undefined && prev?.split('|')[0] === e.host)) {
      this.set(e.service, `${e.host}|`);
    }
  }
  digest(sink: StateSink): void {
    this.signature ??= [...this.last]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    sink.str(this.signature);
  }
  clone(): Part {
    this.shared = true;
    const copy = new LastHost(this.last, true);
    copy.signature = this.signature;
    return copy;
  }
}

/**
 * The whole past, relative to now: for properties explore knows nothing about. Branches share one
 * array: each knows its own length, and appends in place only while the array ends where it does.
 */
class WholePast implements Part {
  constructor(
    private entries: TraceEntry[] = [],
    private length = entries.length,
  ) {}
  feed(e: TraceEntry): void {
    if (this.entries.length !== this.length) this.entries = this.entries.slice(0, this.length);
    this.entries.push(e);
    this.length++;
  }
  digest(sink: StateSink, now: number): void {
    for (let i = 0; i < this.length; i++) {
      const e = this.entries[i];
      sink.value({ ...e, at: e.at - now });
    }
  }
  clone(): Part {
    return new WholePast(this.entries, this.length);
  }
}

/**
 * The parts of a run's past, with the one WorldState those that judge instants read (null: none
 * does). Entries of one instant are applied together before any part judges it (as the properties
 * do: properties/worldState.ts `forEachInstant`). The world is copied on a branch's first change.
 */
class Past implements Monitor {
  constructor(
    private readonly parts: readonly Part[],
    private world: WorldState | null,
    private worldShared = false,
    private batchAt = -1,
  ) {}
  private close(): void {
    const at = this.batchAt;
    if (at < 0) return;
    for (const p of this.parts) p.close?.(this.world!, at);
    this.batchAt = -1;
  }
  feed(e: TraceEntry): void {
    if (this.world !== null) {
      if (this.batchAt >= 0 && e.at !== this.batchAt) this.close();
      this.batchAt = e.at;
      if (WorldState.changedBy(e)) {
        if (this.worldShared) {
          this.world = this.world.clone();
          this.worldShared = false;
        }
        this.world.apply(e);
      }
    }
    for (const p of this.parts) p.feed(e);
  }
  digest(sink: StateSink, now: number): void {
    this.close();
    for (const p of this.parts) p.digest(sink, now);
  }
  clone(): Monitor {
    if (this.world !== null) this.worldShared = true;
    return new Past(
      this.parts.map((p) => p.clone()),
      this.world,
      this.world !== null,
      this.batchAt,
    );
  }
}

/** The past of a run, for a model's properties (memoryless ones need none): one monitor, or none. */
export function monitorsFor(properties: readonly PropertyName[], trace: Trace): Monitor[] {
  const parts: Part[] = [];
  let unknown = false;
  let judgesInstants = false;
  for (const p of properties) {
    if (MEMORYLESS.has(p)) continue;
    if (p === 'noFenceLoop') parts.push(new FenceEpisode());
    else if (p === 'noUnnecessaryFailover') parts.push(new LastHost());
    else if (p === 'serviceRestoredWithin') {
      parts.push(
        new Downtime(
          trace,
          trace.meta.services.filter((s) => s.priority !== 'unprotected'),
        ),
      );
      judgesInstants = true;
    } else if (p === 'servicesSurvive') {
      parts.push(new Outage(trace));
      judgesInstants = true;
    } else unknown = true;
  }
  if (unknown) parts.push(new WholePast());
  return parts.length === 0 ? [] : [new Past(parts, judgesInstants ? new WorldState(trace) : null)];
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
