// votequorum and corosync-qnetd as pure functions of a membership (DOMAIN.md Corosync / Pacemaker):
// two_node keeps quorum with one vote, wait_for_all holds quorum back after a start until every node
// has been seen at once, and a quorum device adds votes to the one partition qnetd chooses. With
// last_man_standing a node's expected votes change (membership.ts); quorum is a majority of them.

export interface QuorumRules {
  /** Cluster nodes (votes of one each). */
  readonly nodes: number;
  /** two_node in force: exactly two nodes and no quorum device. */
  readonly twoNode: boolean;
  readonly waitForAll: boolean;
  /** Votes of the quorum device (0: none). */
  readonly qdeviceVotes: number;
  /** votequorum last_man_standing: expected votes follow the nodes still present (membership.ts). */
  readonly lastManStanding: boolean;
}

/** The expected votes of the configuration: every node and the quorum device. */
export const configuredVotes = (rules: QuorumRules): number => rules.nodes + rules.qdeviceVotes;

/** votequorum.c calculate_quorum: (expected + 2) / 2, a majority of the expected votes. */
export const quorumOf = (expectedVotes: number): number => Math.floor(expectedVotes / 2) + 1;

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

/** Whether a partition of `members` (a node mask) is quorate, with `expectedVotes` (last_man_standing may lower them). */
export function isQuorate(
  rules: QuorumRules,
  members: number,
  seenAll: boolean,
  qvote: boolean,
  expectedVotes = configuredVotes(rules),
): boolean {
  if (members === 0 || (rules.waitForAll && !seenAll)) return false;
  const votes = popcount(members) + (qvote ? rules.qdeviceVotes : 0);
  // votequorum.5: two_node ⇒ quorum 1 (DOMAIN.md).
  if (rules.twoNode) return votes >= 1;
  return votes >= quorumOf(expectedVotes);
}
