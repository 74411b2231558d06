// xhad's survival rules as pure functions of what a host knows (DOMAIN.md XenServer). Host sets
// (hostSet.ts) hold hosts in UUID order: host 0 is the lowest UUID.
import {
  difference,
  EMPTY_HOSTS,
  hasHost,
  hostBit,
  hostCount,
  type HostSet,
  intersection,
  intersects,
  isEmptyHosts,
  lowestHost,
  union,
  withHost,
  withoutHost,
} from '../../harness/engine/hostSet.js';

/** Number of hosts in a set. */
export const count = hostCount;

/** Lowest host of a set (the lowest UUID), or -1. */
export const lowest = lowestHost;

/** Rule 1's best partition: the largest; ties go to the one holding the lowest host. */
export function bestPartition(parts: readonly HostSet[]): HostSet {
  let best: HostSet = EMPTY_HOSTS;
  for (const p of parts) {
    if (count(p) > count(best) || (count(p) === count(best) && lowest(p) < lowest(best))) best = p;
  }
  return best;
}

/** Rule 1: the host writes the statefile and its partition is the best one. */
export function survivesByRule1(self: number, writers: HostSet, parts: readonly HostSet[]): boolean {
  if (!hasHost(writers, self)) return false;
  return bestPartition(parts) === partitionOf(self, parts);
}

/** Rule 2: a host without the statefile survives only if every live host is visible and lost it too. */
export function survivesByRule2(self: number, liveset: HostSet, peers: HostSet, writers: HostSet): boolean {
  const others = withoutHost(liveset, self);
  return isEmptyHosts(difference(others, peers)) && !intersects(others, writers);
}

/**
 * The writers split into partitions as their statefile entries show them: each writer's
 * partition is the writers it hears (`hears[h]` includes h itself).
 */
export function partitions(writers: HostSet, hears: readonly HostSet[]): HostSet[] {
  const parts: HostSet[] = [];
  let assigned: HostSet = EMPTY_HOSTS;
  for (let h = 0; h < hears.length; h++) {
    if (!hasHost(writers, h) || hasHost(assigned, h)) continue;
    const part = intersection(withHost(hears[h], h), writers);
    assigned = union(assigned, part);
    parts.push(part);
  }
  return parts;
}

/** The partition (host set) the host belongs to, as the statefile shows it. */
export function partitionOf(self: number, parts: readonly HostSet[]): HostSet {
  return parts.find((p) => hasHost(p, self)) ?? hostBit(self);
}
