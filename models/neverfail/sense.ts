// What a Neverfail server learns: whether its channel carries the peer's heartbeats (and, over it,
// the peer's role and public-network status), whether its ping targets answer on the public
// network, and whether the peer answers pings there. Built from ground truth; delivered at once
// (the failover timeout and the ping count are timed by the server itself).
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { WorldView } from '../../harness/engine/model.js';
import { hasHost, intersects } from '../../harness/engine/hostSet.js';

/** Roles in which Neverfail runs and heartbeats over the channel. */
export const HEARTBEATING: ReadonlySet<string> = new Set([
  'active',
  'passive',
  'unsynced',
  'restarting-app',
  'stopping-app',
  'sending-data',
  'applying-data',
  'joining-network',
  'starting-app',
]);

/** Roles in which a server is the active one (holds the identity, or is about to give it up). */
export const ACTIVE: ReadonlySet<string> = new Set(['active', 'restarting-app', 'stopping-app', 'sending-data']);

export interface ServerObservation extends AgentEvent {
  readonly type: 'OBSERVE';
  /** The peer's heartbeats arrive over some channel connection. */
  readonly channel: number;
  /** The peer's role, as the channel tells it ('' when the channel is silent). */
  readonly peerRole: string;
  /** Some ping target answers on the public network. */
  readonly public: number;
  /** The peer answers pings on the public network. */
  readonly peerPublic: number;
  /** The peer's own ping targets answer (told over the channel; 0 when it is silent). */
  readonly peerPublicOk: number;
}

export interface PairLayout {
  readonly self: number;
  readonly peer: number;
  readonly peerAgent: number;
  /** Host mask of the ping targets. */
  readonly targets: number;
}

function alive(f: WorldView['fabric'], h: number): boolean {
  return f.hostPowered[h] === 1 && f.hostFrozen[h] === 0;
}

export function observeServer(p: PairLayout, view: WorldView): ServerObservation {
  const f = view.fabric;
  let answering = 0;
  for (let h = 0, m = p.targets; m !== 0; h++, m >>>= 1) if (m & 1 && alive(f, h)) answering |= 1 << h;
  const pub = f.peers('public');
  const role = view.roles[p.peerAgent];
  const peerAlive = alive(f, p.peer);
  const channel = peerAlive && HEARTBEATING.has(role) && hasHost(f.peers('channel')[p.self], p.peer) ? 1 : 0;
  return {
    type: 'OBSERVE',
    channel,
    peerRole: channel ? role : '',
    public: intersects(pub[p.self], answering) ? 1 : 0,
    peerPublic: peerAlive && hasHost(pub[p.self], p.peer) ? 1 : 0,
    peerPublicOk: channel && intersects(pub[p.peer], answering) ? 1 : 0,
  };
}

export const immediately = (now: number): number => now;
