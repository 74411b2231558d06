// What an ESX host's HA agent learns each heartbeat: which agents it hears on the management
// network (and which of them are masters), whose datastore heartbeats it sees (only with its own
// storage), whether its isolation address answers, and, through the datastore, whether a master
// elsewhere owns the datastores (FDM's check before an isolation response). Built from ground
// truth; delivered at the next 1 s heartbeat.
import type { AgentEvent } from '../../harness/engine/effects.js';
import { EMPTY_HOSTS, hasHost, withHost, type HostSet } from '../../harness/engine/hostSet.js';

export const OUT_ROLES = new Set(['down', 'booting']);

/**
 * The part of the engine's WorldView an agent senses through: ground truth of the hosts and the
 * agents' roles. Declared here with host sets as `HostSet`s, so that a WorldView fits it while the
 * engine's peer sets are one-word numbers and after they hold more, and so that tests can sense a
 * 96-host cluster before the engine can simulate one.
 */
export interface ClusterView {
  readonly fabric: {
    peers(role: 'management'): ArrayLike<HostSet>;
    readonly hostPowered: ArrayLike<number>;
    readonly hostFrozen: ArrayLike<number>;
    storageReachable(host: number): boolean;
  };
  readonly roles: readonly string[];
}

export interface VmwareLayout {
  /** Agent index of each ESX host's HA agent (-1: not an ESX host). */
  readonly agent: readonly number[];
  /** Host index of the isolation address (-1: none in the topology: it never answers). */
  readonly isolationAddress: number;
}

function running(view: ClusterView, layout: VmwareLayout, h: number): boolean {
  const a = layout.agent[h];
  return a >= 0 && !OUT_ROLES.has(view.roles[a]) && view.fabric.hostFrozen[h] === 0;
}

export function observeHost(self: number, layout: VmwareLayout, view: ClusterView): AgentEvent {
  const fabric = view.fabric;
  const hears: HostSet = fabric.peers('management')[self];
  const storage = fabric.hostPowered[self] === 1 && fabric.storageReachable(self);
  let net = EMPTY_HOSTS;
  let ds = EMPTY_HOSTS;
  let masters = EMPTY_HOSTS;
  let masterElsewhere = 0;
  for (let j = 0; j < layout.agent.length; j++) {
    if (j === self || !running(view, layout, j)) continue;
    const heard = hasHost(hears, j);
    const isMaster = view.roles[layout.agent[j]] === 'master';
    const jStorage = fabric.storageReachable(j);
    if (heard) net = withHost(net, j);
    if (heard && isMaster) masters = withHost(masters, j);
    if (storage && jStorage) ds = withHost(ds, j);
    if (!heard && isMaster && jStorage) masterElsewhere = 1;
  }
  const gw = layout.isolationAddress;
  const iso = gw >= 0 && fabric.hostPowered[gw] === 1 && hasHost(hears, gw) ? 1 : 0;
  return { type: 'OBSERVE', net, ds, storage: storage ? 1 : 0, iso, masters, masterElsewhere };
}

/** HA heartbeats every second: a change is noticed at the next whole second. */
export function nextSecond(now: number): number {
  return (Math.floor(now / 1000) + 1) * 1000;
}
