// One node of the STONITH pair: it watches its peer over the cluster network, and when the peer has
// been silent for the dead time it fences it through the peer's fence device; only a confirmed fence
// lets it take the service over (Pacemaker's rule, DOMAIN.md Corosync / Pacemaker). A failed fence
// is retried after another dead time, and the service stays down meanwhile: safe, not available.
// Like `wait_for_all`, a node only ever fences a peer it has seen: one that boots alone waits.
import type { AgentEvent, Effect } from '../../../harness/engine/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../../harness/engine/fsm.js';
import type { WorldView } from '../../../harness/engine/model.js';
import type { PairSettings } from './config.js';
import { hasHost } from '../../../harness/engine/hostSet.js';

export interface NodeContext extends EffectfulContext {
  readonly self: number;
  readonly peer: string;
  readonly service: string;
  readonly cfg: PairSettings;
  /** The node runs the service. */
  readonly active: boolean;
  readonly peerUp: boolean;
  /** A fence of the peer is under way. */
  readonly fencing: boolean;
}

export type NodeEvent =
  | { type: 'PEER'; up: number; powered: number }
  | { type: 'TIMER'; name: string }
  | { type: 'FENCE_RESULT'; host: string; ok: number; device: string; reason: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' };

export const ROLES = ['active', 'standby', 'down'] as const;
type Role = (typeof ROLES)[number];

const roleOf = (c: NodeContext): Role => (c.active ? 'active' : 'standby');

/** What the node hears of its peer: whether the cluster network connects them. */
export function sensePeer(self: number, peer: number, view: WorldView): AgentEvent {
  const fabric = view.fabric;
  // While off, nothing; the first observation after power-on always differs from this one.
  if (fabric.hostPowered[self] === 0) return { type: 'PEER', up: 0, powered: 0 };
  return { type: 'PEER', up: hasHost(fabric.peers('management')[self], peer) ? 1 : 0, powered: 1 };
}

function deadTimer(c: NodeContext): Effect {
  return { do: 'startTimer', name: 'dead', ms: c.cfg.deadTimeMs + (c.active ? 0 : c.cfg.priorityFenceDelayMs) };
}

function takeOver(c: NodeContext, why: string): { value: Role; context: NodeContext } {
  const out: Effect[] = [{ do: 'note', text: why }];
  if (!c.active) out.push({ do: 'startService', service: c.service, cause: 'takeover' });
  return { value: 'active', context: { ...c, active: true, fencing: false, out } };
}

/** The peer went silent for the dead time: fence it (or, with STONITH disabled, take over at once). */
function peerDead(c: NodeContext): { value: Role; context: NodeContext } {
  if (c.peerUp || c.fencing) return { value: roleOf(c), context: { ...c, out: [] } };
  if (!c.cfg.stonithEnabled) return takeOver(c, `${c.peer} is silent; STONITH is disabled, so no fence`);
  return {
    value: roleOf(c),
    context: {
      ...c,
      fencing: true,
      out: [
        {
          do: 'fencePeer',
          host: c.peer,
          action: c.cfg.fenceAction,
          reason: `${c.peer} silent for ${c.cfg.deadTimeMs} ms`,
        },
      ],
    },
  };
}

function fenced(
  c: NodeContext,
  e: Extract<NodeEvent, { type: 'FENCE_RESULT' }>,
): { value: Role; context: NodeContext } {
  if (e.ok === 1) return takeOver(c, `${e.host} fenced through ${e.device}`);
  // Never recover without a confirmed fence: try again after another dead time.
  const retry: Effect[] = c.peerUp ? [] : [{ do: 'startTimer', name: 'dead', ms: c.cfg.deadTimeMs }];
  return {
    value: roleOf(c),
    context: { ...c, fencing: false, out: [{ do: 'note', text: `fencing ${e.host} failed: ${e.reason}` }, ...retry] },
  };
}

export function reduce(c: NodeContext, e: NodeEvent, role: Role): { value: Role; context: NodeContext } {
  if (e.type === 'CRASH')
    return {
      value: 'down',
      context: { ...c, active: false, fencing: false, peerUp: false, out: [{ do: 'cancelTimer', name: 'dead' }] },
    };
  if (role === 'down')
    return e.type === 'POWER_ON'
      ? { value: 'standby', context: { ...c, out: [] } }
      : { value: 'down', context: { ...c, out: [] } };
  switch (e.type) {
    case 'PEER':
      if (e.up === 1)
        return { value: roleOf(c), context: { ...c, peerUp: true, out: [{ do: 'cancelTimer', name: 'dead' }] } };
      return { value: roleOf(c), context: { ...c, peerUp: false, out: c.peerUp && !c.fencing ? [deadTimer(c)] : [] } };
    case 'TIMER':
      return e.name === 'dead' ? peerDead(c) : { value: roleOf(c), context: { ...c, out: [] } };
    case 'FENCE_RESULT':
      return fenced(c, e);
    default:
      return { value: roleOf(c), context: { ...c, out: [] } };
  }
}

const EVENTS = ['PEER', 'TIMER', 'FENCE_RESULT', 'CRASH', 'POWER_ON'] as const;

function stateNode(role: Role) {
  return {
    on: Object.fromEntries(
      EVENTS.map((e) => [e, routed<NodeContext, NodeEvent>(ROLES, (c, ev) => reduce(c, ev, role))]),
    ),
  };
}

export const nodeMachine = defineMachine<NodeContext, NodeEvent>({
  id: 'stonith-pair-node',
  initial: 'standby',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode(r)])),
});
