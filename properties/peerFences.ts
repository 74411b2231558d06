// A peer fence (trace `fence` with `by`) powers its victim off at the instant it is recorded, so the
// ground truth after that instant no longer shows the victim able to run: the fence's own effect.
// Properties that ask "could it still have run?" judge a peer-fenced host by the truth just before.
import type { TraceEntry } from '../harness/engine/trace.js';

/**
 * The hosts that could run after this instant, had its peer fences not taken their victims down:
 * `after`, plus each peer-fenced victim that could run before. The instant's entries are `batch`
 * (or its entries `from` to `to`). `after` itself when the instant has no peer fence: a trace
 * without one is judged exactly as before peer fences existed.
 */
export function canRunBarringPeerFences(
  batch: readonly TraceEntry[],
  before: ReadonlySet<string>,
  after: ReadonlySet<string>,
  from = 0,
  to = batch.length,
): ReadonlySet<string> {
  let out: Set<string> | null = null;
  for (let i = from; i < to; i++) {
    const e = batch[i];
    if (e.type !== 'fence' || e.by === undefined || !before.has(e.host) || after.has(e.host)) continue;
    out ??= new Set(after);
    out.add(e.host);
  }
  return out ?? after;
}

/** Who fenced the host and through what, for an explanation ("" for a host that fenced itself). */
export function fencedBy(e: Extract<TraceEntry, { type: 'fence' }>): string {
  return e.by === undefined ? '' : ` by ${e.by} through ${e.device}`;
}
