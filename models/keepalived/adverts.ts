// Every advert a keepalived model run sent, worked out from its full-level trace: adverts are
// edge-triggered (router.ts), so the trace holds only those sent as events (a MASTER elected, an
// answer, a resume); the periodic ones follow every advert_int from each. Conformance moves a fault
// away from these instants (conformBinding.ts): a fault within a few ms of one can land on either
// side of it for real.
import type { Trace } from '../../harness/engine/trace.js';

/** Per router: the phase of its current run of adverts (-1: none), and since when it is paused (-1). */
interface Advertiser {
  phaseMs: number;
  pausedMs: number;
}

const ADVERT_EVENT = /^ADVERT from=(\d+) priority=(\d+)/;
const HELD = / heldSinceMs=(\d+)/;

export function advertInstants(trace: Trace, advertIntMs: number): number[] {
  const hosts = trace.meta.hosts;
  const routers = new Map<string, Advertiser>(hosts.map((h) => [h, { phaseMs: -1, pausedMs: -1 }]));
  const out = new Set<number>();
  // The adverts of one run of a router's, before `untilMs`.
  const flush = (r: Advertiser, untilMs: number) => {
    if (r.phaseMs < 0) return;
    for (let t = r.phaseMs; t < untilMs; t += advertIntMs) out.add(t);
  };
  for (const e of trace.entries) {
    if (e.type === 'role') {
      const r = routers.get(e.agent);
      if (r === undefined) continue;
      if (e.role === 'MASTER' && r.phaseMs < 0) r.phaseMs = e.at;
      else if (e.role !== 'MASTER') {
        flush(r, r.pausedMs >= 0 ? r.pausedMs : e.at);
        r.phaseMs = -1;
      }
    } else if (e.type === 'event') {
      const m = ADVERT_EVENT.exec(e.event);
      if (m === null) continue;
      // Sent when it arrived: a paused receiver handles it on resuming (heldSinceMs).
      const sentMs = Number(HELD.exec(e.event)?.[1] ?? e.at);
      out.add(sentMs);
      const r = Number(m[2]) === 0 ? undefined : routers.get(hosts[Number(m[1])]);
      // (A phase only moves forward: an advert handled again after a resume is not a restart.)
      if (r === undefined || r.phaseMs < 0 || sentMs <= r.phaseMs) continue;
      // Its advert timer restarted: the run so far ends here.
      flush(r, r.pausedMs >= 0 ? r.pausedMs : sentMs);
      r.phaseMs = sentMs;
      r.pausedMs = -1;
    } else if (e.type === 'fault' && (e.fault === 'slowdown' || e.fault === 'resume')) {
      const r = routers.get(e.target);
      if (r === undefined) continue;
      if (e.fault === 'slowdown' && r.pausedMs < 0) r.pausedMs = e.at;
      else if (e.fault === 'resume' && r.pausedMs >= 0) {
        // An advert due during the pause goes out on resuming and its timer restarts then; a pause
        // between two adverts changes nothing.
        if (r.phaseMs >= 0) {
          flush(r, r.pausedMs);
          const due = r.phaseMs + Math.max(1, Math.ceil((r.pausedMs - r.phaseMs) / advertIntMs)) * advertIntMs;
          if (due < e.at) r.phaseMs = e.at;
        }
        r.pausedMs = -1;
      }
    }
  }
  for (const r of routers.values()) flush(r, r.pausedMs >= 0 ? r.pausedMs : trace.meta.endMs + 1);
  return [...out].sort((a, b) => a - b);
}
