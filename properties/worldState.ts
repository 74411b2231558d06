// Replays a trace's entries into the state properties ask about: which hosts are up, which could
// run workloads (ground truth), where service instances run. Entries at one instant are applied
// together before anyone looks, so properties never judge a half-applied instant.
import type { Trace, TraceEntry } from '../harness/trace.js';

export class WorldState {
  readonly hostUp = new Map<string, boolean>();
  canRun: ReadonlySet<string> = new Set();
  /** service id → hosts with an instance (starting or running). */
  readonly instances = new Map<string, Map<string, 'starting' | 'running'>>();

  constructor(readonly trace: Trace) {
    for (const h of trace.meta.hosts) this.hostUp.set(h, true);
    for (const s of trace.meta.services) this.instances.set(s.id, new Map());
  }

  apply(e: TraceEntry): void {
    switch (e.type) {
      case 'truth':
        this.canRun = new Set(e.canRun);
        break;
      case 'role':
        if (e.kind === 'host' && e.status !== undefined) this.hostUp.set(e.agent, e.status === 'up');
        break;
      case 'service': {
        const m = this.instances.get(e.service)!;
        if (e.state === 'stopped') m.delete(e.host);
        else m.set(e.host, e.state);
        break;
      }
      default:
        break;
    }
  }

  /** The service runs on a host that is up and could run it. */
  serviceUp(service: string): boolean {
    for (const [host, state] of this.instances.get(service)!) {
      if (state === 'running' && this.hostUp.get(host) && this.canRun.has(host)) return true;
    }
    return false;
  }
}

/** Calls `visit(time, batch)` once per distinct instant, after applying that instant's entries. */
export function forEachInstant(trace: Trace, state: WorldState, visit: (at: number, batch: readonly TraceEntry[]) => boolean | void): void {
  const entries = trace.entries;
  let i = 0;
  while (i < entries.length) {
    const at = entries[i].at;
    const start = i;
    while (i < entries.length && entries[i].at === at) state.apply(entries[i++]);
    if (visit(at, entries.slice(start, i)) === true) return;
  }
}
