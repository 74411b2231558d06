// What a run cost, beside whether it broke a rule: how long the HA software took to react, how long
// each protected service was out after a real failure, and how many fences (and needless ones) and
// failovers it took. Pure functions of a trace, like the properties; `sweep` aggregates them.
import { FAULTS } from '../harness/engine/faults/index.js';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { canRunBarringPeerFences } from './peerFences.js';
import { WorldState } from './worldState.js';

export interface RunMetrics {
  /**
   * Injected fault (not a repair) → the first reaction after it: a fence, a decision an agent notes
   * (xhad "survives with …", multipath failing a path), or a service starting again. Measured from
   * the latest fault before the reaction; faults nobody reacts to give no sample.
   */
  readonly detectMs: readonly number[];
  /** Per outage caused by a real failure (the service's host could no longer run it): time until it runs again. */
  readonly restoreMs: readonly number[];
  /** Outages after a real failure still open when the run ends (no restore sample). */
  readonly unrestored: number;
  /** Protected-service time lost, summed over services, whatever the cause (until the run ends). */
  readonly downtimeMs: number;
  readonly fences: number;
  /** Fences of a host that, in ground truth, could still run its workloads (noUnnecessaryFence's test). */
  readonly unnecessaryFences: number;
  /** Services started on a host other than the one they last ran on. */
  readonly failovers: number;
}

interface Outage {
  readonly since: number;
  readonly real: boolean;
}

function isReaction(e: TraceEntry): boolean {
  return e.type === 'fence' || e.type === 'note' || (e.type === 'service' && e.state !== 'stopped' && e.at > 0);
}

export function runMetrics(trace: Trace): RunMetrics {
  const state = new WorldState(trace);
  const services = trace.meta.services.filter((s) => s.priority !== 'unprotected').map((s) => s.id);
  const detectMs: number[] = [];
  const restoreMs: number[] = [];
  const outages = new Map<string, Outage>();
  const lastHost = new Map<string, string>();
  const up = new Map<string, boolean>(services.map((s) => [s, false]));
  let downtimeMs = 0;
  let fences = 0;
  let unnecessaryFences = 0;
  let failovers = 0;
  let faultAt = -1;
  let canRunBefore: ReadonlySet<string> = state.canRun;
  const entries = trace.entries;
  let i = 0;
  while (i < entries.length) {
    const at = entries[i].at;
    const start = i;
    while (i < entries.length && entries[i].at === at) {
      const e = entries[i++];
      if (e.type === 'service' && e.state !== 'stopped' && e.at > 0 && !state.instances.get(e.service)?.has(e.host)) {
        const previous = lastHost.get(e.service);
        if (previous !== undefined && previous !== e.host) failovers++;
      }
      state.apply(e);
    }
    const canRunAfter = canRunBarringPeerFences(entries, canRunBefore, state.canRun, start, i);
    for (let k = start; k < i; k++) {
      const e = entries[k];
      if (e.type === 'fault' && !FAULTS[e.fault].isRepair) faultAt = at;
      else if (faultAt >= 0 && isReaction(e)) {
        detectMs.push(at - faultAt);
        faultAt = -1;
      }
      if (e.type === 'fence') {
        fences++;
        if (canRunBefore.has(e.host) && canRunAfter.has(e.host)) unnecessaryFences++;
      }
    }
    for (const s of services) {
      const host = runningHost(state, s);
      const wasUp = up.get(s)!;
      if (host !== null) {
        lastHost.set(s, host);
        if (!wasUp) {
          const o = outages.get(s);
          if (o) {
            downtimeMs += at - o.since;
            if (o.real) restoreMs.push(at - o.since);
            outages.delete(s);
          }
          up.set(s, true);
        }
      } else if (wasUp) {
        const previous = lastHost.get(s);
        outages.set(s, { since: at, real: previous === undefined || !state.canRun.has(previous) });
        up.set(s, false);
      }
    }
    canRunBefore = state.canRun;
  }
  let unrestored = 0;
  for (const o of outages.values()) {
    downtimeMs += Math.max(0, trace.meta.endMs - o.since);
    if (o.real) unrestored++;
  }
  return { detectMs, restoreMs, unrestored, downtimeMs, fences, unnecessaryFences, failovers };
}

/** The host a service serves from (running, host up, host able to run it), or null. */
function runningHost(state: WorldState, service: string): string | null {
  for (const [host, s] of state.instances.get(service)!) {
    if (s === 'running' && state.hostUp.get(host) && state.canRun.has(host)) return host;
  }
  return null;
}
