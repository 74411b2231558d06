// Availability metrics of one run (SPEC §5 "each run also yields metrics"): how long each service
// went unserved, whether its clients' sessions survived each disruption, and when it stayed down
// because no healthy host had room for it. Pure functions of a trace; they report, they do not
// judge (a lock-step pair's 0 ms and a restart's boot time are both facts, not violations).
import type { Trace } from '../harness/engine/trace.js';
import { downtimeWindows } from './downtime.js';
import { forEachInstant, WorldState } from './worldState.js';

/**
 * How long a client waits for a silent server before it gives up its session. A client-side
 * assumption, not a product fact: TCP retransmits for longer, application protocols often less.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

export interface Downtime {
  /** Total time not served: no running instance on a host that is up and could run it. */
  readonly downtimeMs: number;
  /** Separate periods of not being served. */
  readonly interruptions: number;
  readonly longestInterruptionMs: number;
}

export interface Sessions {
  /**
   * Disruptions the clients rode through with their sessions: an instance they used stopped or
   * went silent, the service's running state survived (a lock-step half, a live migration), and the
   * service was back within the session timeout.
   */
  readonly kept: number;
  /**
   * Times the clients lost their sessions: the running state was lost (a crash, a restart from
   * boot), or the service stayed away longer than the session timeout.
   */
  readonly dropped: number;
}

export interface CapacityExhausted {
  /** Time the service was down with no instance on its way while healthy hosts had no room for it. */
  readonly ms: number;
  /** First instant of that, or null. */
  readonly at: number | null;
}

export interface ServiceAvailability extends Downtime {
  readonly service: string;
  readonly sessions: Sessions;
  readonly capacityExhausted: CapacityExhausted;
}

/** Downtime per service, over the whole run: the sum, count and longest of its downtime windows. */
export function downtime(trace: Trace): Map<string, Downtime> {
  const out = new Map<string, Downtime>();
  for (const s of trace.meta.services) {
    const windows = downtimeWindows(trace, s.id);
    let downtimeMs = 0;
    let longestInterruptionMs = 0;
    for (const w of windows) {
      downtimeMs += w.toMs - w.fromMs;
      longestInterruptionMs = Math.max(longestInterruptionMs, w.toMs - w.fromMs);
    }
    out.set(s.id, { downtimeMs, interruptions: windows.length, longestInterruptionMs });
  }
  return out;
}

/**
 * Whether an instance that starts or runs carries the service's running state at that instant: a
 * live migration in flight does, a shadow in lock-step does, a promoted shadow keeps what it had;
 * a cold start (boot, takeover, restart) begins a new state.
 */
function carries(state: 'starting' | 'running', cause: string | undefined, carried: boolean): boolean {
  if (cause === 'migrate') return true;
  if (cause === 'takeover' || cause === 'restart') return carried && state === 'running';
  return state === 'running';
}

/**
 * Client sessions kept or dropped per service. An instance carries the service's running state
 * while it runs (a lock-step shadow included) and while it is a live migration in flight; a cold
 * start (boot) does not. When no instance carries the state, the sessions are gone.
 */
export function sessions(trace: Trace, sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS): Map<string, Sessions> {
  const state = new WorldState(trace);
  const carriers = new Map(trace.meta.services.map((s) => [s.id, new Map<string, boolean>()]));
  const acc = new Map(trace.meta.services.map((s) => [s.id, { kept: 0, dropped: 0, open: true, downSince: -1 }]));
  forEachInstant(trace, state, (at, batch) => {
    const disrupted = new Set<string>();
    for (const e of batch) {
      if (e.type !== 'service') continue;
      const c = carriers.get(e.service)!;
      if (e.state === 'stopped') {
        if (c.get(e.host) === true) disrupted.add(e.service);
        c.delete(e.host);
      } else c.set(e.host, carries(e.state, e.cause, c.get(e.host) === true));
    }
    for (const [service, a] of acc) {
      let carried = false;
      for (const v of carriers.get(service)!.values()) carried ||= v;
      if (!carried && a.open) {
        a.dropped++;
        a.open = false;
      }
      if (!state.serviceUp(service)) {
        if (a.downSince < 0) a.downSince = at;
        continue;
      }
      if (a.open && a.downSince >= 0) {
        if (at - a.downSince > sessionTimeoutMs) a.dropped++;
        else a.kept++;
      } else if (a.open && disrupted.has(service)) a.kept++;
      a.downSince = -1;
      a.open = true; // clients (re)connect to a service that serves
    }
    // From the next instant on, every running instance holds the (possibly new) state.
    for (const [service, c] of carriers)
      for (const [host, s] of state.instances.get(service)!) if (s === 'running') c.set(host, true);
  });
  const out = new Map<string, Sessions>();
  for (const [service, a] of acc) {
    const timedOut = a.open && a.downSince >= 0 && trace.meta.endMs - a.downSince > sessionTimeoutMs;
    out.set(service, { kept: a.kept, dropped: a.dropped + (timedOut ? 1 : 0) });
  }
  return out;
}

/**
 * When a service was down, had no instance starting anywhere, and every host that was up and
 * could run workloads lacked room for it (its `needs` on top of what runs there, shadows included,
 * exceed the host's capacity). Needs `meta.capacity` and `meta.services[].needs`.
 */
export function capacityExhausted(trace: Trace): Map<string, CapacityExhausted> {
  const state = new WorldState(trace);
  const { hosts, services, capacity } = trace.meta;
  const needs = new Map(services.map((s) => [s.id, s.needs ?? 1]));
  const acc = new Map(services.map((s) => [s.id, { ms: 0, at: null as number | null, since: -1 }]));
  const exhausted = (service: string): boolean => {
    if (capacity === undefined || state.serviceUp(service) || state.instances.get(service)!.size > 0) return false;
    let healthy = 0;
    for (let h = 0; h < hosts.length; h++) {
      const host = hosts[h];
      if (!state.hostUp.get(host) || !state.canRun.has(host)) continue;
      healthy++;
      const limit = capacity[h];
      if (limit === null) return false;
      let used = 0;
      for (const [s, on] of state.instances) if (on.has(host)) used += needs.get(s)!;
      if (used + needs.get(service)! <= limit) return false;
    }
    return healthy > 0;
  };
  forEachInstant(trace, state, (at) => {
    for (const [service, a] of acc) {
      const now = exhausted(service);
      if (now && a.since < 0) {
        a.since = at;
        a.at ??= at;
      } else if (!now && a.since >= 0) {
        a.ms += at - a.since;
        a.since = -1;
      }
    }
  });
  const out = new Map<string, CapacityExhausted>();
  for (const [service, a] of acc)
    out.set(service, { ms: a.ms + (a.since >= 0 ? trace.meta.endMs - a.since : 0), at: a.at });
  return out;
}

/** Every metric above, one row per service (in the topology's order). */
export function availability(trace: Trace, sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS): ServiceAvailability[] {
  const down = downtime(trace);
  const kept = sessions(trace, sessionTimeoutMs);
  const room = capacityExhausted(trace);
  return trace.meta.services.map((s) => ({
    service: s.id,
    ...down.get(s.id)!,
    sessions: kept.get(s.id)!,
    capacityExhausted: room.get(s.id)!,
  }));
}
