// The machine of one cluster node: corosync, votequorum and the Pacemaker controller as one agent.
// Roles: `down` (powered off), `booting` (powered, daemons not yet up), `inquorate`, `online`
// (quorate, not running the group) and `active` (runs the group). Power, the ring, timers and fence
// results drive it; membership.ts and scheduler.ts hold the decisions.
import type { Effect } from '../../harness/engine/effects.js';
import { defineMachine, routed } from '../../harness/engine/fsm.js';
import {
  controllerStarts,
  fenceResult,
  form,
  isMembershipTimer,
  lastManStandingExpires,
  onMembershipTimer,
  qdeviceVoteCounts,
  onRing,
} from './membership.js';
import { configuredVotes } from './quorum.js';
import { decide, fenceDone } from './scheduler.js';
import { next, ROLES, type Next, type NodeContext, type Role } from './nodeState.js';
import type { RingEvent } from './sense.js';

export type NodeEvent =
  | RingEvent
  | { type: 'TIMER'; name: string }
  | { type: 'FENCE_RESULT'; host: string; ok: number; device: string; reason: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' };

const ALL_TIMERS = [
  'boot',
  'corosyncStart',
  'controllerStart',
  'token',
  'consensus',
  'join',
  'dcDeadtime',
  'fenceDelay',
  'stonithTimeout',
  'fenceRetry',
  'lastManStanding',
  'qdeviceVote',
];

/** Power lost (a crash or a fence): everything the daemons knew is gone. */
function poweredOff(c: NodeContext): Next {
  // The engine stops a host's services when it loses power; a start this node made from events held
  // while it was paused (delivered only at its resume, after the power cycle) must not outlive it.
  const stops: Effect[] = c.active
    ? c.setup.group.map((r) => ({ do: 'stopService', service: r.service, cause: 'ha' }))
    : [];
  const context: NodeContext = {
    ...c,
    out: [...ALL_TIMERS.map((name): Effect => ({ do: 'cancelTimer', name })), ...stops],
    running: false,
    reach: 0,
    runs: 0,
    qvote: 0,
    lead: 0,
    qdeviceWait: false,
    qcast: false,
    // votequorum starts again from the configuration's expected votes.
    expectedVotes: configuredVotes(c.setup.rules),
    members: 0,
    pending: '',
    everSeen: 0,
    seenAll: false,
    quorate: false,
    controllerUp: false,
    ready: false,
    unclean: 0,
    fencedDown: 0,
    fencing: -1,
    retrying: false,
    holder: -1,
    active: false,
  };
  return { value: 'down', context };
}

function onTimer(c: NodeContext, name: string): Next {
  const out: Effect[] = [];
  if (name === 'boot') {
    // The daemons start: corosync forms its first membership soon (the ring hears it at once), the
    // Pacemaker controller takes longer to start (docs/models/pacemaker.md, PM-3 and PM-4).
    out.push({ do: 'startTimer', name: 'corosyncStart', ms: c.setup.corosyncStartMs });
    out.push({ do: 'startTimer', name: 'controllerStart', ms: c.setup.controllerStartMs });
    return next({ ...c, running: true, members: 0, pending: '' }, out);
  }
  if (name === 'controllerStart') return controllerStarts(c);
  if (name === 'lastManStanding') return lastManStandingExpires(c);
  if (name === 'qdeviceVote') return qdeviceVoteCounts(c);
  if (isMembershipTimer(name)) return onMembershipTimer(c, name);
  if (name === 'dcDeadtime') return next(decide({ ...c, ready: true }, out), out);
  if (name === 'fenceRetry') return next(decide({ ...c, retrying: false }, out), out);
  if (name === 'stonithTimeout' && c.fencing >= 0)
    return next(fenceDone(c, c.fencing, false, `not confirmed within ${c.setup.stonithTimeoutMs} ms`, out), out);
  if (name === 'fenceDelay' && c.fencing >= 0) {
    const s = c.setup;
    out.push({
      do: 'fencePeer',
      host: s.names[c.fencing],
      action: s.fenceAction,
      reason: `${s.names[c.fencing]} lost`,
    });
    out.push({ do: 'startTimer', name: 'stonithTimeout', ms: s.stonithTimeoutMs });
  }
  return next(c, out);
}

function reduce(c: NodeContext, e: NodeEvent, role: Role): Next {
  if (e.type === 'CRASH') return poweredOff(c);
  if (role === 'down') {
    // What the ring carries is still noted while off: the first observation after boot may equal it.
    if (e.type === 'RING')
      return {
        value: 'down',
        context: { ...c, out: [], reach: e.reach, runs: e.runs, qvote: e.qvote, lead: e.lead ?? 0 },
      };
    if (e.type !== 'POWER_ON') return { value: 'down', context: { ...c, out: [] } };
    return { value: 'booting', context: { ...c, out: [{ do: 'startTimer', name: 'boot', ms: c.setup.bootMs }] } };
  }
  switch (e.type) {
    case 'RING':
      return onRing(c, e);
    case 'TIMER':
      return onTimer(c, e.name);
    case 'FENCE_RESULT':
      return fenceResult(c, c.setup.names.indexOf(e.host), e.ok === 1, e.reason);
    default:
      return next(c, []);
  }
}

const EVENTS = ['RING', 'TIMER', 'FENCE_RESULT', 'CRASH', 'POWER_ON'] as const;

function stateNode(role: Role) {
  return {
    on: Object.fromEntries(
      EVENTS.map((e) => [e, routed<NodeContext, NodeEvent>(ROLES, (c, ev) => reduce(c, ev, role))]),
    ),
  };
}

export const nodeMachine = defineMachine<NodeContext, NodeEvent>({
  id: 'pacemaker-node',
  initial: 'online',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode(r)])),
});

export { form };
