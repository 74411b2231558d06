// What the two RTO properties (serviceRestoredWithin, servicesSurvive) both ask of a run, instant by
// instant: is each protected service up, and could some eligible host serve. Computed in one replay
// of the trace and kept with it, so a run judged by both is replayed once for them, not twice.
import type { Trace } from '../harness/engine/trace.js';
import { agentHosts, forEachInstantState, hasRto, WorldState } from './worldState.js';

export interface ServiceTimeline {
  /** The trace's protected services (restart priority `restart`), in trace order. */
  readonly services: Trace['meta']['services'];
  /** The distinct instants, in order. */
  readonly at: readonly number[];
  /** `up[i * services.length + k]`: service k served after instant i's entries (1) or not (0). */
  readonly up: Uint8Array;
  /**
   * `healthy[i]`: after instant i, some host that could run workloads was eligible (it runs the HA
   * software, or is a server with room) and not stalled.
   */
  readonly healthy: Uint8Array;
  /**
   * What replaying the trace threw after the last instant above (a malformed trace): a property
   * that reaches it without a verdict throws it, as its own replay would have.
   */
  readonly error: Error | undefined;
}

interface Cached {
  readonly meta: Trace['meta'];
  readonly entries: Trace['entries'];
  readonly length: number;
  readonly timeline: ServiceTimeline;
}

const CACHE = new WeakMap<Trace, Cached>();

/** The timeline of `trace`, computed on first use (again if its meta or entries changed since). */
export function serviceTimeline(trace: Trace): ServiceTimeline {
  const cached = CACHE.get(trace);
  if (
    cached !== undefined &&
    cached.meta === trace.meta &&
    cached.entries === trace.entries &&
    cached.length === trace.entries.length
  )
    return cached.timeline;
  const timeline = compute(trace);
  CACHE.set(trace, { meta: trace.meta, entries: trace.entries, length: trace.entries.length, timeline });
  return timeline;
}

function compute(trace: Trace): ServiceTimeline {
  const state = new WorldState(trace);
  const services = trace.meta.services.filter(hasRto);
  const agents = agentHosts(trace);
  const capacity = trace.meta.capacity;
  const eligible = (host: string) =>
    agents.size === 0 || agents.has(host) || (capacity !== undefined && capacity[trace.meta.hosts.indexOf(host)] !== 0);
  const at: number[] = [];
  const up: number[] = [];
  const healthy: number[] = [];
  let error: Error | undefined = undefined;
  try {
    forEachInstantState(trace, state, (t) => visit(t));
  } catch (e) {
    error = e as Error; // rethrown as is: checkProperty reports its message
  }
  return { services, at, up: Uint8Array.from(up), healthy: Uint8Array.from(healthy), error };

  function visit(t: number): void {
    at.push(t);
    let some = 0;
    for (const h of state.canRun) {
      if (!eligible(h) || !state.visible(h)) continue;
      some = 1;
      break;
    }
    healthy.push(some);
    for (const s of services) up.push(state.serviceUp(s.id) ? 1 : 0);
  }
}
