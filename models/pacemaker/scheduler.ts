// The Pacemaker side of a node: after every membership or quorum change the controller decides.
// Without quorum it fences nobody and applies no-quorum-policy; with quorum the DC (the lowest node
// of the membership: a modelling choice) fences every lost or never-seen node (startup-fencing),
// one at a time, after its device's delays, and recovers the group only once no node is left
// unclean (DOMAIN.md Corosync / Pacemaker: resources recover only after confirmed fencing).
import type { Effect } from '../../harness/engine/effects.js';
import { drawMs } from './race.js';
import { isQuorate, lowest } from './quorum.js';
import { allNodes, bit, has, namesOf, type NodeContext } from './nodeState.js';

/** A membership note's text, in one fixed shape for the trace's readers (conform). */
export function membershipText(c: NodeContext): string {
  // No DC to this node's knowledge until its controller has started.
  const dc = c.controllerUp ? lowest(c.members) : -1;
  const quorum = waitsForQdevice(c) ? 'wait' : c.quorate ? 'yes' : 'no';
  return `membership ring=${c.ringSeq} members=${namesOf(c, c.members)} quorate=${quorum} dc=${dc < 0 ? '-' : c.setup.names[dc]}`;
}

export function membershipNote(c: NodeContext): Effect {
  return { do: 'note', text: membershipText(c) };
}

function startGroup(c: NodeContext, out: Effect[]): NodeContext {
  let bootMs = 0;
  for (const r of c.setup.group) {
    bootMs += r.startMs;
    out.push({ do: 'startService', service: r.service, cause: 'takeover', bootMs });
  }
  return { ...c, active: true, holder: c.setup.self };
}

export function stopGroup(c: NodeContext, out: Effect[], why: string): NodeContext {
  out.push({ do: 'note', text: `stop group: ${why}` });
  for (const r of [...c.setup.group].reverse()) out.push({ do: 'stopService', service: r.service, cause: 'ha' });
  return { ...c, active: false, holder: -1 };
}

/** The fence delay for `victim`: pcmk_delay_base on the first node's device, priority, random max. */
export function fenceDelayMs(c: NodeContext, victim: number): number {
  const s = c.setup;
  const base = victim === 0 ? s.delayBaseMs : 0;
  const priority = victim === c.holder ? s.priorityDelayMs : 0;
  return base + priority + drawMs(s.delayMaxMs, c.ringSeq, s.self, victim);
}

function requestFence(c: NodeContext, out: Effect[]): NodeContext {
  const victim = lowest(c.unclean);
  const delayMs = fenceDelayMs(c, victim);
  out.push({ do: 'note', text: `fence request ${c.setup.names[victim]} delay=${delayMs}` });
  out.push({ do: 'startTimer', name: 'fenceDelay', ms: delayMs });
  return { ...c, fencing: victim };
}

/** The DC's decisions in a quorate partition: fencing first, then the group. */
function decideAsDc(c: NodeContext, out: Effect[]): NodeContext {
  let d = c;
  if (!d.setup.stonith) d = { ...d, unclean: 0 };
  // startup-fencing: a node never seen since start may be running anything.
  else d = { ...d, unclean: d.unclean | (allNodes(d) & ~d.everSeen & ~d.members) };
  if (d.unclean !== 0) return d.fencing < 0 && !d.retrying ? requestFence(d, out) : d;
  // Where the group runs is what the CIB last recorded (a member that holds it), not what the ring
  // carries this instant: a peer that falls silent still runs it until the membership drops it.
  const anyRuns = d.active || (d.holder >= 0 && has(d.members, d.holder));
  return anyRuns ? d : startGroup(d, out);
}

/**
 * qnetd votes for a membership: a vote for an earlier, larger membership that held this node (or
 * for a part of this one, below) is not yet a vote for the new one, nor a refusal. Until qnetd decides, quorum stays as it was and the
 * controller waits (corosync-qdevice.8: the vote is cast per ring id; a modelling reading).
 */
export function awaitingQdevice(c: NodeContext): boolean {
  const votes = c.setup.rules.qdeviceVotes;
  if (votes > 0 && c.qdeviceWait) return true;
  if (votes === 0 || c.qvote === 0 || c.qvote === c.members) return false;
  if ((c.qvote & c.members) === c.members) return true;
  // A vote for a part of this membership: an earlier, smaller one, or qnetd no longer hearing a
  // member corosync still has. The node's qdevice keeps voting for its ring until corosync agrees a
  // new one (votequorum.c sync; the real n3 of a three-node ffsplit cluster stayed quorate until its
  // membership changed), so quorum stays as it was — where counting without the vote would lose it
  // (with two nodes it never does: their traces stay as they were).
  const { rules } = c.setup;
  return (c.qvote & ~c.members) === 0 && !isQuorate(rules, c.members, c.seenAll, false, c.expectedVotes);
}

/**
 * Waiting for qnetd's vote: quorum stays as it was, unless the node counted the vote and even with
 * it the membership has too few votes — then quorum is lost at once (decide, below).
 */
export function waitsForQdevice(c: NodeContext): boolean {
  if (!awaitingQdevice(c)) return false;
  return !c.qcast || isQuorate(c.setup.rules, c.members, c.seenAll, true, c.expectedVotes);
}

/** Where the group runs, as the CIB records it: the lowest member that runs it, else what was known. */
function placement(c: NodeContext): NodeContext {
  const runs = c.runs & c.members;
  if (runs !== 0) return { ...c, holder: lowest(runs) };
  // A member the ring still hears that runs the group no more has stopped it (the CIB records the
  // stop: no-quorum-policy, multiple-active): the group is placed again. Only a silent holder (paused,
  // cut off, not yet dropped from the membership) is still assumed to run it.
  return has(c.members & c.reach, c.holder) ? { ...c, holder: -1 } : c;
}

/** The controller runs its scheduler: quorum, then (as DC) fencing and placement. */
export function decide(c: NodeContext, out: Effect[]): NodeContext {
  const s = c.setup;
  if (!c.running) return c;
  // Waiting for qnetd, quorum stays as it was while the vote as last cast still makes it; without
  // it, quorum is lost at once (the real three-node ffsplit survivor: inquorate at its membership).
  // The controller reads the CIB whatever the quorum: where the group runs is known before qnetd's
  // vote counts (else a cut during the wait leaves a DC that never heard of the group start it).
  const known = c.controllerUp ? placement(c) : c;
  if (waitsForQdevice(known)) return known;
  const qcast = awaitingQdevice(c) ? c.qcast : c.qvote !== 0 && c.qvote === c.members;
  const quorate = isQuorate(s.rules, c.members, c.seenAll, qcast, c.expectedVotes);
  let d: NodeContext = { ...known, quorate, qcast };
  // votequorum reports quorum as soon as corosync has a membership; the controller decides later.
  if (!d.controllerUp) return d;
  if (d.active && (d.runs & d.members) !== 0 && lowest(d.runs & d.members) < s.self)
    d = stopGroup(d, out, 'also active on a lower node (multiple-active: stop_start)');
  if (!quorate && s.noQuorumPolicy !== 'ignore') {
    if (d.fencing >= 0) out.push({ do: 'cancelTimer', name: 'fenceDelay' });
    d = { ...d, fencing: -1 };
    return d.active && s.noQuorumPolicy === 'stop' ? stopGroup(d, out, 'no quorum (no-quorum-policy=stop)') : d;
  }
  if (!d.ready || lowest(d.members) !== s.self) return d;
  return decideAsDc(d, out);
}

/** A fence's outcome: confirmed, the node is clean (its resources may recover); failed, retry later. */
export function fenceDone(c: NodeContext, victim: number, ok: boolean, why: string, out: Effect[]): NodeContext {
  out.push({ do: 'cancelTimer', name: 'stonithTimeout' });
  const name = c.setup.names[victim];
  if (ok) {
    out.push({ do: 'note', text: `fence confirmed ${name}` });
    const holder = c.holder === victim ? -1 : c.holder;
    // Its state is known now (off): startup-fencing does not fence it again.
    const everSeen = c.everSeen | bit(victim);
    const fencedDown = c.fencedDown | bit(victim);
    return decide({ ...c, unclean: c.unclean & ~bit(victim), everSeen, fencedDown, fencing: -1, holder }, out);
  }
  out.push({ do: 'note', text: `fence failed ${name}: ${why}` });
  out.push({ do: 'startTimer', name: 'fenceRetry', ms: c.setup.fenceRetryMs });
  return { ...c, fencing: -1, retrying: true };
}

export { has };
