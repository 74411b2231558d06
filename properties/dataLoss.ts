// Acknowledged writes lost at a failover, measured from ground truth. A service's writes are
// acknowledged by every host that runs it and that clients can reach; a host's copy of the data is
// what the `data` trace entries say (a replica following its source, or cut off) or, for a host
// that was the writer, everything up to the moment it stopped writing. When a host starts
// acknowledging writes, its copy must hold every write acknowledged before: what it lacks is lost.
// Synchronous replication promises no loss; for asynchronous replication the loss is the RPO.
import type { ReplicationMode } from '../harness/engine/effects.js';
import { formatMs } from '../harness/engine/time.js';
import type { Trace } from '../harness/engine/trace.js';
import { forEachInstant, WorldState } from './worldState.js';

export interface DataLoss {
  readonly service: string;
  /** The host that started acknowledging writes without holding every earlier one. */
  readonly host: string;
  readonly at: number;
  /** Its copy held every write acknowledged up to here … */
  readonly heldUpToMs: number;
  /** … but writes had been acknowledged up to here. */
  readonly ackedUpToMs: number;
  /** The replication its copy came from. */
  readonly mode: ReplicationMode;
}

type Copy = { readonly kind: 'following'; readonly lagMs: number } | { readonly kind: 'held'; readonly upToMs: number };

export function lossMs(loss: DataLoss): number {
  return loss.ackedUpToMs - loss.heldUpToMs;
}

export function describeLoss(loss: DataLoss): string {
  const from = Number.isFinite(loss.heldUpToMs) ? `after ${formatMs(loss.heldUpToMs)}` : 'ever';
  return `${loss.host} started serving ${loss.service} at ${formatMs(loss.at)} without the writes acknowledged ${from} (up to ${formatMs(loss.ackedUpToMs)}; ${loss.mode} replication)`;
}

/** Every loss in a trace, in time order. Services without `data` entries are not replicated: none. */
export function dataLosses(trace: Trace): DataLoss[] {
  const replicated = new Map<string, ReplicationMode>();
  for (const e of trace.entries) if (e.type === 'data' && !replicated.has(e.service)) replicated.set(e.service, e.mode);
  if (replicated.size === 0) return [];
  const state = new WorldState(trace);
  const losses: DataLoss[] = [];
  const per = new Map(
    [...replicated].map(([service, mode]) => [
      service,
      {
        mode,
        writers: new Set<string>(),
        lastAckMs: -Infinity,
        copies: new Map<string, Copy>(),
        wroteUpTo: new Map<string, number>(),
        modes: new Map<string, ReplicationMode>(),
      },
    ]),
  );
  forEachInstant(trace, state, (at, batch) => {
    for (const e of batch) {
      if (e.type !== 'data') continue;
      const s = per.get(e.service)!;
      s.copies.set(
        e.host,
        e.state === 'following' ? { kind: 'following', lagMs: e.lagMs } : { kind: 'held', upToMs: e.upToMs },
      );
      s.modes.set(e.host, e.mode);
    }
    for (const [service, s] of per) {
      // Writers of the interval that ends now acknowledged writes until now.
      if (s.writers.size > 0) s.lastAckMs = at;
      const now = new Set<string>();
      for (const [host, st] of state.instances.get(service) ?? [])
        if (st === 'running' && state.hostUp.get(host) && state.visible(host)) now.add(host);
      for (const host of now) {
        if (s.writers.has(host)) continue;
        const copy = s.copies.get(host);
        const replica = copy === undefined ? -Infinity : copy.kind === 'following' ? at - copy.lagMs : copy.upToMs;
        const held = Math.max(replica, s.wroteUpTo.get(host) ?? -Infinity);
        if (s.lastAckMs > held)
          losses.push({
            service,
            host,
            at,
            heldUpToMs: held,
            ackedUpToMs: s.lastAckMs,
            mode: s.modes.get(host) ?? s.mode,
          });
      }
      for (const host of s.writers) if (!now.has(host)) s.wroteUpTo.set(host, at);
      for (const host of now) s.wroteUpTo.set(host, at);
      s.writers = now;
    }
    return false;
  });
  return losses;
}

/** The largest asynchronous loss (recovery point actually reached), 0 when nothing was lost. */
export function rpoMs(trace: Trace): number {
  let worst = 0;
  for (const loss of dataLosses(trace)) if (loss.mode === 'async') worst = Math.max(worst, lossMs(loss));
  return worst;
}
