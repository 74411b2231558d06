// Downtime windows, from ground truth: the stretches during which clients could not reach a
// service (no running instance on a host that is up and reachable), or could not reach it on one
// given host (e.g. the primary's downtime window during a deployment). A metric, not a verdict.
import type { Trace } from '../harness/engine/trace.js';
import { forEachInstant, WorldState } from './worldState.js';

export interface Window {
  readonly fromMs: number;
  /** End of the window; the end of the run when it was still open. */
  readonly toMs: number;
}

export function downtimeWindows(trace: Trace, service: string, host?: string): Window[] {
  const state = new WorldState(trace);
  const out: Window[] = [];
  let since: number | null = null;
  forEachInstant(trace, state, (at) => {
    let served = host === undefined && state.serviceUp(service);
    if (host !== undefined) {
      for (const [h, st] of state.instances.get(service) ?? [])
        if (h === host && st === 'running' && state.hostUp.get(h) && state.visible(h)) served = true;
    }
    if (!served && since === null) since = at;
    if (served && since !== null) {
      out.push({ fromMs: since, toMs: at });
      since = null;
    }
  });
  if (since !== null) out.push({ fromMs: since, toMs: trace.meta.endMs });
  return out;
}
