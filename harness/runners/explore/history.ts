// What a trace's past contributes to the verdicts of its future. Explore merges two runs that reach
// the same simulator state only if their pasts would also judge the same future alike; for each
// property that is the state its checker carries from instant to instant (the fences of the
// current fault episode, each down service's downtime counted so far, …). A property with no
// monitor here makes the whole past part of the state: sound, but it disables merging. Explore
// branches this past for every fault it tries, so branches share it until one of them writes.
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
  /** The instant `at` is over (the world holds all of it): judge it. `up[j]`: is `services[j]` up. */
  close?(world: WorldState, at: number, services: readonly number[], up: readonly boolean[]): void;
  digest(sink: StateSink, now: number): void;
  clone(): Part;
}

/** Adds `x` to a sorted list, or removes it: a new list (the old one may be shared with a branch). */
function withItem(list: readonly string[], x: string, present: boolean): readonly string[] {
  const i = list.indexOf(x);
  if (present === i >= 0) return list;
  if (!present) return list.filter((y) => y !== x);
  const out = [...list, x];
  out.sort();
  return out;
}

/** Writes a sorted list: its length, then its items (one-to-one, whatever the items hold). */
function digestList(sink: StateSink, list: readonly string[]): void {
  sink.num(list.length);
  for (const x of list) sink.str(x);
}

/** noFenceLoop: the faults still active, and who fenced in the current episode (sorted lists, never changed in place). */
class FenceEpisode implements Part {
  constructor(
    private active: readonly string[] = [],
    private fenced: readonly string[] = [],
  ) {}
  feed(e: TraceEntry): void {
    if (e.type === 'fault') {
      const ender = ENDS.get(e.fault);
      if (ender) {
        if (this.active.length === 0) this.fenced = [];
        this.active = withItem(this.active, `${ender}|${e.target}`, true);
      } else {
        this.active = withItem(this.active, `${e.fault}|${e.target}`, false);
      }
    } else if (e.type === 'fence') {
      this.fenced = withItem(this.fenced, e.host, true);
    }
  }
  digest(sink: StateSink): void {
    digestList(sink, this.active);
    digestList(sink, this.fenced);
  }
  clone(): Part {
    return new FenceEpisode(this.active, this.fenced);
  }
}

/** Services whose outage the parts below follow, by index in the trace's services: the protected ones. */
function followed(trace: Trace): number[] {
  const out: number[] = [];
  trace.meta.services.forEach((s, i) => {
    if (s.priority !== 'unprotected') out.push(i);
  });
  return out;
}

/**
 * serviceRestoredWithin: per down service, the downtime counted so far (-1: up), counted as the
 * property counts it: while some eligible host could run services and is not stalled (a host with
 * an agent, or a server with room; agents announce their roles at 0, before anything is judged).
 */
class Downtime implements Part {
  constructor(
    private readonly trace: Trace,
    private down: number[] = trace.meta.services.map(() => -1),
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
  private own(): number[] {
    if (this.shared) {
      this.down = this.down.slice();
      this.shared = false;
    }
    return this.down;
  }
  close(world: WorldState, at: number, services: readonly number[], up: readonly boolean[]): void {
    const elapsed = at - this.last;
    if (this.healthy && elapsed !== 0)
      for (const i of services) if (this.down[i] >= 0) this.own()[i] = this.down[i] + elapsed;
    this.last = at;
    this.healthy = this.anyHealthy(world);
    for (let j = 0; j < services.length; j++) {
      const i = services[j];
      if (up[j]) {
        if (this.down[i] >= 0) this.own()[i] = -1;
      } else if (this.down[i] < 0) this.own()[i] = 0;
    }
  }
  feed(e: TraceEntry): void {
    if (e.type === 'role' && e.kind === 'host' && !this.agents.has(e.agent))
      this.agents = new Set(this.agents).add(e.agent);
  }
  digest(sink: StateSink, now: number): void {
    sink.num(this.healthy ? 1 : 0);
    sink.num(now - this.last);
    for (const d of this.down) sink.num(d);
  }
  clone(): Part {
    this.shared = true;
    return new Downtime(this.trace, this.down, this.last, this.healthy, this.agents, true);
  }
}

/** servicesSurvive: per down protected service, since when it has been down (whatever the cause; -1: up). */
class Outage implements Part {
  constructor(
    private since: number[],
    private shared = false,
  ) {}
  close(_world: WorldState, at: number, services: readonly number[], up: readonly boolean[]): void {
    for (let j = 0; j < services.length; j++) {
      const i = services[j];
      if (up[j] === this.since[i] < 0) continue;
      if (this.shared) {
        this.since = this.since.slice();
        this.shared = false;
      }
      this.since[i] = up[j] ? -1 : at;
    }
  }
  feed(): void {}
  digest(sink: StateSink, now: number): void {
    for (const from of this.since) sink.num(from < 0 ? -1 : now - from);
  }
  clone(): Part {
    this.shared = true;
    return new Outage(this.since, true);
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
  /** Scratch for close: is each followed service up. */
  private readonly up: boolean[];
  constructor(
    private readonly parts: readonly Part[],
    private world: WorldState | null,
    private readonly services: readonly number[],
    private worldShared = false,
    private batchAt = -1,
  ) {
    this.up = services.map(() => false);
  }
  private close(): void {
    const at = this.batchAt;
    if (at < 0) return;
    const world = this.world!;
    const { services, up } = this;
    const all = world.trace.meta.services;
    for (let j = 0; j < services.length; j++) up[j] = world.serviceUp(all[services[j]].id);
    for (const p of this.parts) p.close?.(world, at, services, up);
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
      this.services,
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
      parts.push(new Downtime(trace));
      judgesInstants = true;
    } else if (p === 'servicesSurvive') {
      parts.push(new Outage(trace.meta.services.map(() => -1)));
      judgesInstants = true;
    } else unknown = true;
  }
  if (unknown) parts.push(new WholePast());
  return parts.length === 0 ? [] : [new Past(parts, judgesInstants ? new WorldState(trace) : null, followed(trace))];
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
