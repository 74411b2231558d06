// A metric beside noDualActive: every interval in which one service was active on two or more
// hosts, with its length. noDualActive says whether it happened; this says how long it lasted
// (a VRRP split brain that ends at the next advert is not one that lasts until an operator comes).
import type { Trace } from '../harness/engine/trace.js';
import { forEachInstant, WorldState } from './worldState.js';

export interface Overlap {
  readonly service: string;
  /** The hosts active at once (at the overlap's start), in trace order. */
  readonly hosts: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly lengthMs: number;
  /** Still overlapping when the run ended (`toMs` is the end of the run). */
  readonly open: boolean;
}

export function dualActiveOverlaps(trace: Trace): Overlap[] {
  const state = new WorldState(trace);
  const open = new Map<string, { hosts: string[]; fromMs: number }>();
  const out: Overlap[] = [];
  forEachInstant(trace, state, (at) => {
    for (const service of state.instances.keys()) {
      // The same servers noDualActive counts, so the overlaps are the intervals it judges.
      const hosts = state.activeServers(service);
      const current = open.get(service);
      if (hosts.length >= 2 && current === undefined) open.set(service, { hosts, fromMs: at });
      if (hosts.length < 2 && current !== undefined) {
        out.push({
          service,
          hosts: current.hosts,
          fromMs: current.fromMs,
          toMs: at,
          lengthMs: at - current.fromMs,
          open: false,
        });
        open.delete(service);
      }
    }
  });
  const end = trace.meta.endMs;
  for (const [service, o] of open)
    out.push({ service, hosts: o.hosts, fromMs: o.fromMs, toMs: end, lengthMs: end - o.fromMs, open: true });
  return out.sort((a, b) => a.fromMs - b.fromMs);
}
