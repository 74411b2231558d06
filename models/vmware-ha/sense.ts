// What an ESX host's HA agent learns each heartbeat: which agents it hears on the management
// network (and which of them are masters), whose datastore heartbeats it sees (only with its own
// storage), whether its isolation address answers, and, through the datastore, whether a master
// elsewhere owns the datastores (FDM's check before an isolation response). Built from ground
// truth; delivered at the next 1 s heartbeat.
import type { AgentEvent } from '../../harness/engine/effects.js';
import {
  EMPTY_HOSTS,
  hasHost,
  hostSetOfWords,
  hostWords,
  withHost,
  WORD_HOSTS,
  type HostSet,
} from '../../harness/engine/hostSet.js';

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

/** What an agent makes of the others: whom it hears, whose datastore heartbeats it sees, the masters it hears. */
interface Seen {
  readonly net: HostSet;
  readonly ds: HostSet;
  readonly masters: HostSet;
  /** A master it does not hear still heartbeats on the datastore. */
  readonly masterElsewhere: number;
}

/** A cluster within one word: the sets built host by host (numbers: no allocation). */
function seenHostByHost(self: number, layout: VmwareLayout, view: ClusterView, hears: HostSet, storage: boolean): Seen {
  const fabric = view.fabric;
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
  return { net, ds, masters, masterElsewhere };
}

/**
 * The same for a wider cluster, whose sets are bigints: built in 32-bit words and converted once per
 * set, instead of a bigint per host heard (n per observation, n² observations per run).
 */
function seenByWords(self: number, layout: VmwareLayout, view: ClusterView, hears: HostSet, storage: boolean): Seen {
  const fabric = view.fabric;
  const count = (layout.agent.length + 31) >>> 5;
  const heardWords = hostWords(hears);
  const net = new Int32Array(count);
  const ds = new Int32Array(count);
  const masters = new Int32Array(count);
  let masterElsewhere = 0;
  for (let j = 0; j < layout.agent.length; j++) {
    if (j === self || !running(view, layout, j)) continue;
    const w = j >>> 5;
    const bit = 1 << (j & 31);
    const heard = ((heardWords[w] ?? 0) & bit) !== 0;
    const isMaster = view.roles[layout.agent[j]] === 'master';
    const jStorage = fabric.storageReachable(j);
    if (heard) net[w] |= bit;
    if (heard && isMaster) masters[w] |= bit;
    if (storage && jStorage) ds[w] |= bit;
    if (!heard && isMaster && jStorage) masterElsewhere = 1;
  }
  return { net: hostSetOfWords(net), ds: hostSetOfWords(ds), masters: hostSetOfWords(masters), masterElsewhere };
}

export function observeHost(self: number, layout: VmwareLayout, view: ClusterView): AgentEvent {
  const fabric = view.fabric;
  const hears: HostSet = fabric.peers('management')[self];
  const storage = fabric.hostPowered[self] === 1 && fabric.storageReachable(self);
  const seen = layout.agent.length <= WORD_HOSTS ? seenHostByHost : seenByWords;
  const { net, ds, masters, masterElsewhere } = seen(self, layout, view, hears, storage);
  const gw = layout.isolationAddress;
  const iso = gw >= 0 && fabric.hostPowered[gw] === 1 && hasHost(hears, gw) ? 1 : 0;
  return { type: 'OBSERVE', net, ds, storage: storage ? 1 : 0, iso, masters, masterElsewhere };
}

/** HA heartbeats every second: a change is noticed at the next whole second. */
export function nextSecond(now: number): number {
  return (Math.floor(now / 1000) + 1) * 1000;
}
