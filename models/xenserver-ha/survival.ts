// xhad's survival rules as pure functions of what a host knows (DOMAIN.md XenServer). Host sets
// are bit masks in UUID order: bit 0 is the lowest UUID.

/** Number of hosts in a mask. */
export function count(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** Lowest host of a mask (the lowest UUID), or -1. */
export function lowest(mask: number): number {
  return mask === 0 ? -1 : 31 - Math.clz32(mask & -mask);
}

/** Rule 1's best partition: the largest; ties go to the one holding the lowest host. */
export function bestPartition(parts: readonly number[]): number {
  let best = 0;
  for (const p of parts) {
    if (count(p) > count(best) || (count(p) === count(best) && lowest(p) < lowest(best))) best = p;
  }
  return best;
}

/** Rule 1: the host writes the statefile and its partition is the best one. */
export function survivesByRule1(self: number, writers: number, parts: readonly number[]): boolean {
  if (((writers >> self) & 1) === 0) return false;
  const mine = parts.find((p) => (p >> self) & 1) ?? 1 << self;
  return bestPartition(parts) === mine;
}

/** Rule 2: a host without the statefile survives only if every live host is visible and lost it too. */
export function survivesByRule2(self: number, liveset: number, peers: number, writers: number): boolean {
  const others = liveset & ~(1 << self);
  return (others & ~peers) === 0 && (others & writers) === 0;
}

/**
 * The writers split into partitions as their statefile entries show them: each writer's
 * partition is the writers it hears (`hears[h]` includes h itself).
 */
export function partitions(writers: number, hears: readonly number[]): number[] {
  const parts: number[] = [];
  let assigned = 0;
  for (let h = 0; h < hears.length; h++) {
    if (!((writers >> h) & 1) || (assigned >> h) & 1) continue;
    const part = (hears[h] | (1 << h)) & writers;
    assigned |= part;
    parts.push(part);
  }
  return parts;
}

/** The partition (host mask) the host belongs to, as the statefile shows it. */
export function partitionOf(self: number, parts: readonly number[]): number {
  return parts.find((p) => (p >> self) & 1) ?? 1 << self;
}
