// Which cause an episode's downtime is charged to (issue 15: "its split by cause"). An episode is one
// history of failures and repairs; its design downtime is charged whole to the most serious thing
// that happened in it, so that the causes add up to the downtime and a reader can tell what to fix:
//   1. split-brain    noDualActive or noAckedWriteLost failed (two actives, or the writes they took)
//   2. fence-loop     noFenceLoop failed (a host fenced again and again)
//   3. needless-fence noUnnecessaryFence, noPoolWideFence or noUnnecessaryFailover failed (the HA
//                     software took a healthy server down, or moved a service off one)
//   4. failure        otherwise: the real failure and the time the design took to restore it
// Then the share spent refused for lack of room (properties/availability.ts `capacityExhausted`,
// bounded by the design downtime) is taken out of that cause into `capacity`. Pure; docs/commands/
// availability.md states the same rule.
import { DOWNTIME_CAUSES, type DowntimeCause } from './types.js';

/** Properties whose failure makes an episode's downtime a split brain's (in every model that judges them). */
export const SPLIT_BRAIN_PROPERTIES: readonly string[] = ['noDualActive', 'noAckedWriteLost'];
export const FENCE_LOOP_PROPERTIES: readonly string[] = ['noFenceLoop'];
export const NEEDLESS_FENCE_PROPERTIES: readonly string[] = [
  'noUnnecessaryFence',
  'noPoolWideFence',
  'noUnnecessaryFailover',
];

/** The most serious cause among the violated properties (`failure` when none of them is a cause). */
export function causeOf(violated: readonly string[]): Exclude<DowntimeCause, 'capacity'> {
  const any = (names: readonly string[]) => names.some((n) => violated.includes(n));
  if (any(SPLIT_BRAIN_PROPERTIES)) return 'split-brain';
  if (any(FENCE_LOOP_PROPERTIES)) return 'fence-loop';
  if (any(NEEDLESS_FENCE_PROPERTIES)) return 'needless-fence';
  return 'failure';
}

/**
 * The design downtime split by cause: all of it to `causeOf(violated)`, less the capacity-refusal
 * share (at most the downtime), which goes to `capacity`. The parts sum to `designDownMs`.
 */
export function chargeDowntime(
  designDownMs: number,
  violated: readonly string[],
  capacityMs: number,
): Record<DowntimeCause, number> {
  const out = Object.fromEntries(DOWNTIME_CAUSES.map((c) => [c, 0])) as Record<DowntimeCause, number>;
  const capacity = Math.max(0, Math.min(designDownMs, capacityMs));
  out.capacity = capacity;
  out[causeOf(violated)] += designDownMs - capacity;
  return out;
}
