// Pool-level availability metrics of one run, read from its trace: how long each protected service was not
// serving, how often it was interrupted, how long every service was down at once (a common-mode
// failure: the mark of a single point of failure), and which starts found no capacity. A service
// serves while an instance runs on a host that is up and could run it in ground truth (the same
// test the properties use).
import type { Trace } from '../harness/engine/trace.js';
import { forEachInstant, WorldState } from './worldState.js';

export interface CapacityRefusal {
  readonly at: number;
  readonly service: string;
  readonly host: string;
  readonly reason: string;
}

export interface Availability {
  /** Per protected service: milliseconds not serving between `fromMs` and the end of the run. */
  readonly downtimeMs: Readonly<Record<string, number>>;
  /** Per protected service: times it went from serving to not serving. */
  readonly interruptions: Readonly<Record<string, number>>;
  /** Milliseconds during which no protected service was serving. */
  readonly totalOutageMs: number;
  /** Starts refused for lack of capacity on the host (or the physical host under a VM). */
  readonly capacityRefusals: readonly CapacityRefusal[];
}

/** @param fromMs count from this instant (e.g. the first fault) */
export function availability(trace: Trace, fromMs = 0): Availability {
  const state = new WorldState(trace);
  const services = trace.meta.services.filter((s) => s.priority !== 'unprotected').map((s) => s.id);
  const downtimeMs: Record<string, number> = Object.fromEntries(services.map((s) => [s, 0]));
  const interruptions: Record<string, number> = Object.fromEntries(services.map((s) => [s, 0]));
  const up = new Map<string, boolean>();
  const capacityRefusals: CapacityRefusal[] = [];
  let totalOutageMs = 0;
  let last = fromMs;
  const account = (until: number) => {
    const from = Math.max(last, fromMs);
    if (until <= from) return;
    let anyUp = false;
    for (const s of services) {
      if (up.get(s)) anyUp = true;
      else downtimeMs[s] += until - from;
    }
    if (!anyUp && services.length > 0) totalOutageMs += until - from;
  };
  forEachInstant(trace, state, (at, batch) => {
    account(at);
    last = at;
    for (const e of batch)
      if (e.type === 'refused') capacityRefusals.push({ at: e.at, service: e.service, host: e.host, reason: e.reason });
    for (const s of services) {
      const now = state.serviceUp(s);
      if (up.get(s) === true && !now && at >= fromMs) interruptions[s]++;
      up.set(s, now);
    }
  });
  account(trace.meta.endMs);
  return { downtimeMs, interruptions, totalOutageMs, capacityRefusals };
}
