// votequorum and corosync-qnetd as pure functions of a membership (DOMAIN.md Corosync / Pacemaker):
// two_node keeps quorum with one vote, wait_for_all holds quorum back after a start until every node
// has been seen at once, and a quorum device adds votes to the one partition qnetd chooses.

export interface QuorumRules {
  /** Cluster nodes (votes of one each). */
  readonly nodes: number;
  /** two_node in force: exactly two nodes and no quorum device. */
  readonly twoNode: boolean;
  readonly waitForAll: boolean;
  /** Votes of the quorum device (0: none). */
  readonly qdeviceVotes: number;
}

export function popcount(mask: number): number {
  let m = mask >>> 0;
  let n = 0;
  while (m !== 0) {
    m &= m - 1;
    n++;
  }
  return n;
}

/** The lowest node of a mask (-1 for none): the DC of a membership, qnetd's tie-breaker. */
export function lowest(mask: number): number {
  return mask === 0 ? -1 : 31 - Math.clz32(mask & -mask);
}

/** Whether a partition of `members` (a node mask) is quorate. */
export function isQuorate(rules: QuorumRules, members: number, seenAll: boolean, qvote: boolean): boolean {
  if (members === 0 || (rules.waitForAll && !seenAll)) return false;
  const votes = popcount(members) + (qvote ? rules.qdeviceVotes : 0);
  // votequorum.5: two_node ⇒ quorum 1 (DOMAIN.md).
  if (rules.twoNode) return votes >= 1;
  const expected = rules.nodes + rules.qdeviceVotes;
  return votes >= Math.floor(expected / 2) + 1;
}
