// Corosync's membership on one node (DOMAIN.md Corosync / Pacemaker): a node that stops hearing a
// member declares it lost after the token timeout and agrees a new membership after consensus
// (1.2 × token); a node that appears is joined after the join timeout. Whatever the ring reaches
// when the timer ends is the new membership; a loss healed before its token expired changes nothing.
// A booted node forms its first membership `corosyncStartMs` after its daemons start; its controller
// joins in `controllerStartMs` after them (docs/models/pacemaker.md, PM-3 and PM-4). With
// last_man_standing, votequorum's expected votes follow the membership (votequorum.5, votequorum.c).
import type { Effect } from '../../harness/engine/effects.js';
import { decide, fenceDone, membershipNote, membershipText } from './scheduler.js';
import { allNodes, bit, has, next, type Next, type NodeContext } from './nodeState.js';
import { lowest, popcount, quorumOf } from './quorum.js';
import type { RingEvent } from './sense.js';

const MEMBERSHIP_TIMERS = ['token', 'consensus', 'join', 'corosyncStart'] as const;

/** What the ring reaches now differs from the membership: start (or keep) the right timer. */
function track(c: NodeContext, out: Effect[]): NodeContext {
  const target = c.reach | bit(c.setup.self);
  if (c.members === 0) return c; // still forming its first membership (corosyncStart)
  if (target === c.members) {
    if (c.pending !== '') out.push({ do: 'cancelTimer', name: c.pending });
    return { ...c, pending: '' };
  }
  const loss = (c.members & ~target) !== 0;
  if (loss && (c.pending === '' || c.pending === 'join')) {
    if (c.pending === 'join') out.push({ do: 'cancelTimer', name: 'join' });
    out.push({ do: 'startTimer', name: 'token', ms: c.setup.tokenMs });
    return { ...c, pending: 'token' };
  }
  if (!loss && c.pending === '') {
    out.push({ do: 'startTimer', name: 'join', ms: c.setup.joinMs });
    return { ...c, pending: 'join' };
  }
  // A loss healed before it was agreed while another node appears: the node joins the others'
  // new membership with them (totem gathers everyone it hears), instead of agreeing its old loss
  // seconds after they formed a membership with it (found by check on three-node-qdevice-lms).
  // Only where peer state is shared: it also changes 6 of 1000 random three-node schedules, whose
  // traces this change keeps as they were.
  if (!loss && c.setup.peerState && (c.pending === 'token' || c.pending === 'consensus')) {
    out.push({ do: 'cancelTimer', name: c.pending }, { do: 'startTimer', name: 'join', ms: c.setup.joinMs });
    return { ...c, pending: 'join' };
  }
  return c;
}

/**
 * The started controller in a membership: joining a cluster whose other nodes it reaches, their DC
 * (or an election) at once; alone, or in a membership whose other nodes it no longer reaches (corosync
 * has not yet noticed a cut, so no DC answers and no CIB arrives), it waits dc-deadtime — when it
 * starts with corosync's first membership. Acting at once on such a membership would start the group
 * that a node it cannot hear still runs (soak: a booted node's controller starting just after a cut).
 */
function controllerJoins(c: NodeContext, first: boolean, out: Effect[]): NodeContext {
  if (c.ready || !c.controllerUp || c.members === 0) return c;
  const others = c.members & ~bit(c.setup.self);
  if (others !== 0 && (others & ~c.reach) === 0) return { ...c, ready: true };
  if (first) out.push({ do: 'startTimer', name: 'dcDeadtime', ms: c.setup.dcDeadtimeMs });
  return c;
}

/** The controller has started: it acts on the membership corosync has (if any yet). */
export function controllerStarts(c: NodeContext): Next {
  const out: Effect[] = [];
  const up: NodeContext = { ...c, controllerUp: true };
  const dc = lowest(up.members);
  // The DC it now knows of (membership notes before this one said dc=-); the decisions follow it.
  out.push({ do: 'note', text: `controller started dc=${dc < 0 ? '-' : c.setup.names[dc]}` });
  const d = controllerJoins(up, true, out);
  return next(decide(d, out), out);
}

/**
 * votequorum with last_man_standing at a new membership (votequorum.c): nodes gone while quorum-many
 * members remain (re)start the window; a join raises the expected votes to at least the members,
 * and a node that is not quorate takes the expected votes of a quorate node it joins and stops
 * waiting for all (nodeinfo handler). Without last_man_standing nothing changes here.
 */
function lastManStanding(
  c: NodeContext,
  members: number,
  out: Effect[],
): Pick<NodeContext, 'expectedVotes' | 'seenAll'> {
  const seenAll = c.seenAll || members === allNodes(c);
  if (!c.setup.rules.lastManStanding) return { expectedVotes: c.expectedVotes, seenAll };
  const left = (c.members & ~members) !== 0;
  if (left && popcount(members) >= quorumOf(c.expectedVotes))
    out.push({ do: 'startTimer', name: 'lastManStanding', ms: c.setup.lmsWindowMs });
  if ((members & ~c.members) === 0) return { expectedVotes: c.expectedVotes, seenAll };
  const adopt = !c.quorate && c.lead > 0;
  const expectedVotes = Math.max(adopt ? c.lead : c.expectedVotes, popcount(members));
  return { expectedVotes, seenAll: seenAll || adopt };
}

/** The window has passed: a quorate partition's expected votes become its members (votequorum.c, recalculate_quorum). */
export function lastManStandingExpires(c: NodeContext): Next {
  const out: Effect[] = [];
  const votes = popcount(c.members);
  if (!c.running || !c.quorate || votes === c.expectedVotes) return next(c, out);
  out.push({
    do: 'note',
    text: `votequorum expected=${votes} quorum=${quorumOf(votes)} (last_man_standing, was expected=${c.expectedVotes})`,
  });
  return next(decide({ ...c, expectedVotes: votes }, out), out);
}

/** With a quorum device and qdeviceVoteMs, a new membership waits for qnetd's vote on it. */
function qdeviceWaits(c: NodeContext, out: Effect[]): Pick<NodeContext, 'qdeviceWait'> {
  if (c.setup.rules.qdeviceVotes === 0 || c.setup.qdeviceVoteMs === 0) return { qdeviceWait: false };
  out.push({ do: 'startTimer', name: 'qdeviceVote', ms: c.setup.qdeviceVoteMs });
  return { qdeviceWait: true };
}

/** qnetd's vote for the membership now counts: quorum is decided again. */
export function qdeviceVoteCounts(c: NodeContext): Next {
  const out: Effect[] = [];
  const before = membershipText(c);
  const d = decide({ ...c, qdeviceWait: false }, out);
  if (membershipText(d) !== before) out.unshift(membershipNote(d));
  return next(d, out);
}

/** A membership forms from what the ring reaches now. */
export function form(c: NodeContext, out: Effect[]): NodeContext {
  const members = c.reach | bit(c.setup.self);
  const first = c.members === 0;
  if (members === c.members) return { ...c, pending: '' };
  const everSeen = c.everSeen | members;
  let d: NodeContext = {
    ...c,
    ...lastManStanding(c, members, out),
    ...qdeviceWaits(c, out),
    members,
    pending: '',
    ringSeq: c.ringSeq + 1,
    everSeen,
    // A node that left without a clean shutdown must be fenced, unless it just was; one that is back is not.
    unclean: (c.unclean | (c.members & ~members & ~c.fencedDown)) & ~members,
    fencedDown: c.fencedDown & ~members,
  };
  d = controllerJoins(d, first, out);
  // The membership first in the trace, then what the controller decides on it.
  const decisions: Effect[] = [];
  d = decide(d, decisions);
  out.push(membershipNote(d), ...decisions);
  return d;
}

/**
 * What a ring observation tells the node: reach, placement, qnetd's vote, and (peer state shared)
 * the expected votes of a quorate peer and whom the peers fenced: a node fenced by another DC is
 * clean, off, and known (Pacemaker's fencing history and CIB node state reach every member).
 */
export function sensed(c: NodeContext, e: RingEvent): Partial<NodeContext> {
  const base = { reach: e.reach, runs: e.runs, qvote: e.qvote, lead: e.lead ?? 0 };
  const fenced = (e.cleared ?? 0) & ~c.members & ~c.fencedDown;
  if (fenced === 0) return base;
  const holder = has(fenced, c.holder) ? -1 : c.holder;
  return {
    ...base,
    unclean: c.unclean & ~fenced,
    fencedDown: c.fencedDown | fenced,
    everSeen: c.everSeen | fenced,
    holder,
  };
}

export function onRing(c: NodeContext, e: RingEvent): Next {
  const out: Effect[] = [];
  const qChanged = e.qvote !== c.qvote;
  let d: NodeContext = { ...c, ...sensed(c, e) };
  if (!d.running) return next(d, out);
  d = track(d, out);
  const before = membershipText(c);
  d = decide(d, out);
  if (qChanged && membershipText(d) !== before) out.push(membershipNote(d));
  return next(d, out);
}

/**
 * A fence's outcome. Confirmed, the victim is off: the ring no longer reaches it, whatever this node
 * last sensed (it notices the loss only at its next tick). A join agreed in between must not take
 * the dead node in — its later loss would make it unclean again and fence it a second time (check
 * on two-node-qdevice with qdeviceVoteMs=2s: a 9 s pause, the fence landing as the node resumed).
 */
export function fenceResult(c: NodeContext, victim: number, ok: boolean, why: string): Next {
  const out: Effect[] = [];
  // A victim that is a member leaves at the next observation, already clean (fencedDown).
  const off = ok && has(c.reach, victim) && !has(c.members, victim);
  let d = fenceDone(off ? { ...c, reach: c.reach & ~bit(victim) } : c, victim, ok, why, out);
  if (off) d = track(d, out);
  return next(d, out);
}

export function onMembershipTimer(c: NodeContext, name: string): Next {
  const out: Effect[] = [];
  if (name === 'token') {
    out.push({ do: 'startTimer', name: 'consensus', ms: c.setup.consensusMs });
    return next({ ...c, pending: 'consensus' }, out);
  }
  const d = form(c, out);
  return next(track(d, out), out);
}

export function isMembershipTimer(name: string): boolean {
  return (MEMBERSHIP_TIMERS as readonly string[]).includes(name);
}
