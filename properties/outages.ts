// Per-service availability over a trace: total downtime and the longest outage of each protected
// service (not running on a host that is up and could run it). Pure; used by reports.
import type { Trace } from '../harness/trace.js';
import { forEachInstant, WorldState } from './worldState.js';

export interface Outage {
  readonly service: string;
  readonly downtimeMs: number;
  readonly longestOutageMs: number;
  /** Still down when the trace ends. */
  readonly downAtEnd: boolean;
}

export function outages(trace: Trace): Outage[] {
  const state = new WorldState(trace);
  const services = trace.meta.services.filter((s) => s.priority !== 'unprotected').map((s) => s.id);
  const since = new Map<string, number>();
  const total = new Map<string, number>(services.map((s) => [s, 0]));
  const longest = new Map<string, number>(services.map((s) => [s, 0]));
  const close = (s: string, at: number) => {
    const start = since.get(s);
    if (start === undefined) return;
    total.set(s, total.get(s)! + at - start);
    longest.set(s, Math.max(longest.get(s)!, at - start));
    since.delete(s);
  };
  forEachInstant(trace, state, (at) => {
    for (const s of services) {
      if (state.serviceUp(s)) close(s, at);
      else if (!since.has(s)) since.set(s, at);
    }
  });
  const open = new Set(since.keys());
  for (const s of services) close(s, trace.meta.endMs);
  return services.map((s) => ({ service: s, downtimeMs: total.get(s)!, longestOutageMs: longest.get(s)!, downAtEnd: open.has(s) }));
}
