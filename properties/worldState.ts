// Replays a trace's entries into the state properties ask about: which hosts are up, which could
// run workloads (ground truth), which are stalled, where service instances run. Entries at one
// instant are applied together before anyone looks, so properties never judge a half-applied instant.
import type { Trace, TraceEntry } from '../harness/engine/trace.js';

export class WorldState {
  readonly hostUp: Map<string, boolean>;
  canRun: ReadonlySet<string>;
  /** Hosts whose workloads are on the network (powered, service network up), storage or not. */
  reachable: ReadonlySet<string>;
  /** A trace without ground truth (a real cluster's roles only) leaves every host on the network. */
  private truthKnown: boolean;
  /** Hosts stalled by a slowdown (alive, but serving nothing until they resume). */
  readonly stalled: Set<string>;
  /** service id → hosts with an instance (starting or running). */
  readonly instances: Map<string, Map<string, 'starting' | 'running'>>;
  /** service id → hosts whose instance is a lock-step shadow (one server with the independent instance). */
  readonly shadows: Map<string, Set<string>>;

  /** The state before the trace's first entry, or (`from`) an independent copy of another one. */
  constructor(
    readonly trace: Trace,
    from?: WorldState,
  ) {
    if (from !== undefined) {
      this.hostUp = new Map(from.hostUp);
      this.canRun = from.canRun;
      this.reachable = from.reachable;
      this.truthKnown = from.truthKnown;
      this.stalled = new Set(from.stalled);
      this.instances = new Map();
      for (const [k, v] of from.instances) this.instances.set(k, new Map(v));
      this.shadows = new Map();
      for (const [k, v] of from.shadows) this.shadows.set(k, new Set(v));
      return;
    }
    this.hostUp = new Map();
    this.canRun = new Set();
    this.reachable = new Set();
    this.truthKnown = false;
    this.stalled = new Set();
    this.instances = new Map();
    this.shadows = new Map();
    for (const h of trace.meta.hosts) this.hostUp.set(h, true);
    for (const s of trace.meta.services) {
      this.instances.set(s.id, new Map());
      this.shadows.set(s.id, new Set());
    }
  }

  /** The entry changes what `apply` keeps (the others leave the state as it is: a copy can wait). */
  static changedBy(e: TraceEntry): boolean {
    switch (e.type) {
      case 'truth':
      case 'service':
        return true;
      case 'role':
        return e.kind === 'host' && e.status !== undefined;
      case 'fault':
        return e.fault === 'slowdown' || e.fault === 'resume';
      default:
        return false;
    }
  }

  apply(e: TraceEntry): void {
    switch (e.type) {
      case 'truth':
        this.canRun = new Set(e.canRun);
        this.reachable = e.reachable === undefined ? this.canRun : new Set(e.reachable);
        this.truthKnown = true;
        break;
      case 'role':
        if (e.kind === 'host' && e.status !== undefined) this.hostUp.set(e.agent, e.status === 'up');
        break;
      case 'service': {
        const m = this.instances.get(e.service)!;
        const shadows = this.shadows.get(e.service)!;
        if (e.state === 'stopped') m.delete(e.host);
        else m.set(e.host, e.state);
        if (e.state !== 'stopped' && e.shadow === true) shadows.add(e.host);
        else shadows.delete(e.host);
        break;
      }
      case 'fault':
        // Mirrors harness/engine/faults/slowdown.ts.
        if (e.fault === 'slowdown') this.stalled.add(e.target);
        else if (e.fault === 'resume') this.stalled.delete(e.target);
        break;
      default:
        break;
    }
  }

  /**
   * Hosts where the service runs as an independent server: every instance except lock-step
   * shadows (a shadow and its independent instance are one server with one identity).
   */
  independentHosts(service: string): string[] {
    const shadows = this.shadows.get(service)!;
    const out: string[] = [];
    for (const host of this.instances.get(service)!.keys()) if (!shadows.has(host)) out.push(host);
    return out;
  }

  /** Servers active for the service: independent instances (not lock-step shadows) on the network. */
  activeServers(service: string): string[] {
    return this.independentHosts(service).filter((h) => this.onNetwork(h));
  }

  /**
   * An instance on this host holds its identity on the network (clients and peers see it): the
   * host is powered and its service network is up — even if its storage is gone or it is stalled
   * (a paused daemon or a starved server still has its address configured and answers for it).
   */
  onNetwork(host: string): boolean {
    return !this.truthKnown || this.reachable.has(host);
  }

  /** Clients can reach the host: it could run its workloads and is not stalled. */
  visible(host: string): boolean {
    return this.canRun.has(host) && !this.stalled.has(host);
  }

  /** An independent copy (explore's monitors branch with the runs they follow). */
  clone(): WorldState {
    return new WorldState(this.trace, this);
  }

  /**
   * The service runs on a host that is up and visible (could run it, not stalled). A running lock-step shadow serves
   * too: both halves execute every instruction, so clients see the pair as long as either half can.
   */
  serviceUp(service: string): boolean {
    for (const [host, state] of this.instances.get(service)!) {
      if (state === 'running' && this.hostUp.get(host) && this.visible(host)) return true;
    }
    return false;
  }
}

/** Calls `visit(time, batch)` once per distinct instant, after applying that instant's entries. */
export function forEachInstant(
  trace: Trace,
  state: WorldState,
  visit: (at: number, batch: readonly TraceEntry[]) => boolean | void,
): void {
  const entries = trace.entries;
  let i = 0;
  while (i < entries.length) {
    const at = entries[i].at;
    const start = i;
    while (i < entries.length && entries[i].at === at) state.apply(entries[i++]);
    if (visit(at, entries.slice(start, i)) === true) return;
  }
}

/**
 * `forEachInstant` for visitors that judge the state alone: no per-instant batch is copied (a
 * property judges every run, so this loop is on the hot path of `check`).
 */
export function forEachInstantState(trace: Trace, state: WorldState, visit: (at: number) => boolean | void): void {
  const entries = trace.entries;
  const n = entries.length;
  let i = 0;
  while (i < n) {
    const at = entries[i].at;
    while (i < n && entries[i].at === at) state.apply(entries[i++]);
    if (visit(at) === true) return;
  }
}

/**
 * `forEachInstant` that hands the visitor the instant's entries as a range of `trace.entries`
 * (`from` inclusive, `to` exclusive) instead of a copy: for the properties that read each batch.
 */
export function forEachInstantRange(
  trace: Trace,
  state: WorldState,
  visit: (at: number, from: number, to: number) => boolean | void,
): void {
  const entries = trace.entries;
  const n = entries.length;
  let i = 0;
  while (i < n) {
    const at = entries[i].at;
    const start = i;
    while (i < n && entries[i].at === at) state.apply(entries[i++]);
    if (visit(at, start, i) === true) return;
  }
}

/** For each host: the instant of its last `resume`, so a stall can be told temporary or for good. */
export function lastResumes(trace: Trace): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const e of trace.entries) if (e.type === 'fault' && e.fault === 'resume') out.set(e.target, e.at);
  return out;
}

/** Hosts that run the HA software (have a host agent): the ones a service can be restored on. */
export function agentHosts(trace: Trace): ReadonlySet<string> {
  const out = new Set<string>();
  for (const e of trace.entries) if (e.type === 'role' && e.kind === 'host') out.add(e.agent);
  return out;
}

/**
 * Services an RTO is promised for: protected ones (restart priority `restart`). A best-effort
 * service is restarted once if room allows (XenServer: "best-effort"), an unprotected one never:
 * their downtime is a metric, not a violation.
 */
export function hasRto(service: { readonly priority: string }): boolean {
  return service.priority === 'restart';
}
