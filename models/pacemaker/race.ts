// Where the model's fence races come from. A run is a pure function of its schedule, so the model
// draws nothing at random; yet a real two-node split is a race whose winner depends on timer phases
// the schedule does not name (DOMAIN.md Real Corosync/Pacemaker here: fence agent called at
// +6.5–7.6 s; either node survived, or both were fenced). The engine's way to give a model timer
// phases is `noticeAt`: each node notices a change on a grid of its own period, a different
// fraction of the measured spread per node (node 0 the whole 1.1 s, node 1 7/11 of it, …). How far
// the next tick of each grid is from the instant of a fault then decides who acts first, so the
// instant the search draws chooses the outcome, `explore` and `spof` try every phase class of the
// grids, a replay repeats the outcome, and shrinking keeps an instant that gives it.

/** Each node's grid as a fraction (of 11) of the spread: different periods make the phases drift. */
const PERIOD_ELEVENTHS = [11, 7, 9, 5, 10, 6, 8] as const;

/** The period of node `node`'s grid (0: it notices at once). */
export function noticePeriodMs(node: number, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  return Math.max(1, Math.round((spreadMs * PERIOD_ELEVENTHS[node % PERIOD_ELEVENTHS.length]) / 11));
}

/** When node `node` notices a change that happened at `now`: the next tick of its grid. */
export function raceNotice(node: number, spreadMs: number): (now: number) => number {
  const p = noticePeriodMs(node, spreadMs);
  return p === 0 ? (now) => now : (now) => (Math.floor(now / p) + 1) * p;
}

/** A 32-bit integer hash (splitmix-style finaliser): neighbouring inputs give unrelated outputs. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * pcmk_delay_max's random delay: a draw in [0, spanMs] from a few integers (the membership's
 * sequence number, the fencer, the victim), repeatable; it varies between episodes, not between
 * instants of one fault.
 */
export function drawMs(spanMs: number, ...keys: readonly number[]): number {
  if (spanMs <= 0) return 0;
  let h = 0x9e3779b9;
  for (const k of keys) h = mix32(h ^ mix32(k));
  return h % (spanMs + 1);
}
