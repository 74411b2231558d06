// Ground truth: which components work right now, and therefore which hosts can reach which,
// which storage paths carry I/O, and which hosts could run their workloads. Faults mutate it;
// properties judge with it (through the trace); machines never read it.
import type { CompiledTopology } from './compile.js';
import { ROLES } from './compile.js';
import { EMPTY_HOSTS, hasHost, hostBit, type HostSet, union, WORD_HOSTS } from './hostSet.js';
import type { NetworkRole } from './topology.js';

/** Power state of a storage node as the wire sees it. */
export const STORAGE_ON = 0;
/** Lost power or reset: sessions are not closed, packets vanish. */
export const STORAGE_HARD_OFF = 1;
/** Stopped cleanly: sessions were closed, initiators fail the path at once. */
export const STORAGE_STOPPED = 2;

/** How a multipath initiator sees one path. */
export const PATH_USABLE = 0;
/** I/O sent on it hangs until the initiator times the path out. */
export const PATH_SILENT = 1;
/** I/O on it fails fast (link down, session closed, target refusing). */
export const PATH_FAILED = 2;

export class Fabric {
  readonly nicUp: Uint8Array;
  readonly switchUp: Uint8Array;
  readonly linkUp: Uint8Array;
  readonly bondUp: Uint8Array;
  readonly hostPowered: Uint8Array;
  readonly pathUp: Uint8Array;
  readonly storagePower: Uint8Array;
  /** Set by the storage nodes' machines: the node serves current data. */
  readonly storageServing: Uint8Array;
  /** Hosts stalled by a slowdown: alive, but silent until they resume. */
  readonly hostFrozen: Uint8Array;
  /** Partition group per host: hosts in different groups cannot reach each other. */
  readonly group: Uint8Array;
  /** Failed power supplies per host, as a bit mask (bit i: PSU i + 1). The host is up while one works. */
  readonly psuFailed: Uint8Array;
  /** Fence devices (BMCs, PDUs) that work. */
  readonly fenceDeviceUp: Uint8Array;
  /** Bumped on every change, so derived tables know when to recompute. */
  version = 0;

  private readonly peersCache: Record<string, HostSet[]> = {};
  private readonly peersVersion: Record<string, number> = {};
  private readonly parent: Int32Array;
  private readonly bondOfNic: Int32Array;

  constructor(readonly topo: CompiledTopology) {
    this.nicUp = new Uint8Array(topo.nics.length).fill(1);
    this.switchUp = new Uint8Array(topo.switchIds.length).fill(1);
    this.linkUp = new Uint8Array(topo.links.length).fill(1);
    this.bondUp = new Uint8Array(topo.bonds.length).fill(1);
    this.hostPowered = new Uint8Array(topo.hostIds.length).fill(1);
    this.pathUp = new Uint8Array(topo.paths.length).fill(1);
    this.storagePower = new Uint8Array(topo.storageIds.length).fill(STORAGE_ON);
    this.storageServing = new Uint8Array(topo.storageIds.length).fill(1);
    this.group = new Uint8Array(topo.hostIds.length);
    this.hostFrozen = new Uint8Array(topo.hostIds.length);
    this.psuFailed = new Uint8Array(topo.hostIds.length);
    this.fenceDeviceUp = new Uint8Array(topo.fenceDevices.length).fill(1);
    this.parent = new Int32Array(topo.switchIds.length + topo.hostIds.length);
    this.bondOfNic = new Int32Array(topo.nics.length).fill(-1);
    topo.bonds.forEach((b, i) => b.nics.forEach((n) => (this.bondOfNic[n] = i)));
    for (const role of ROLES) {
      this.peersCache[role] = new Array<HostSet>(topo.hostIds.length).fill(EMPTY_HOSTS);
      this.peersVersion[role] = -1;
    }
  }

  reset(): void {
    this.nicUp.fill(1);
    this.switchUp.fill(1);
    this.linkUp.fill(1);
    this.bondUp.fill(1);
    this.hostPowered.fill(1);
    this.pathUp.fill(1);
    this.storagePower.fill(STORAGE_ON);
    this.storageServing.fill(1);
    this.group.fill(0);
    this.hostFrozen.fill(0);
    this.psuFailed.fill(0);
    this.fenceDeviceUp.fill(1);
    this.changed();
  }

  /**
   * Every state array, in a fixed order: what a snapshot saves and a hash reads. New arrays go last:
   * an empty one (a topology without such components) then leaves every hash as it was.
   */
  state(): readonly Uint8Array[] {
    return [
      this.nicUp,
      this.switchUp,
      this.linkUp,
      this.bondUp,
      this.hostPowered,
      this.pathUp,
      this.storagePower,
      this.storageServing,
      this.hostFrozen,
      this.group,
      this.psuFailed,
      this.fenceDeviceUp,
    ];
  }

  changed(): void {
    this.version++;
  }

  /** The NIC has link: it is up, its bond is up, its host is powered, and its cable and far end are up. */
  carrier(nic: number): boolean {
    const n = this.topo.nics[nic];
    if (this.nicUp[nic] === 0 || this.hostPowered[n.host] === 0) return false;
    const bond = this.bondOfNic[nic];
    if (bond >= 0 && this.bondUp[bond] === 0) return false;
    if (n.link < 0 || this.linkUp[n.link] === 0) return false;
    if (n.switchIndex >= 0) return this.switchUp[n.switchIndex] === 1;
    if (n.peer >= 0) {
      const p = this.topo.nics[n.peer];
      return this.nicUp[n.peer] === 1 && this.hostPowered[p.host] === 1;
    }
    return false;
  }

  /** The NIC that carries a host's traffic for a network: a bond's first member with carrier. */
  activeNic(role: NetworkRole, host: number): number {
    const members = this.topo.endpoints[role][host];
    for (let i = 0; i < members.length; i++) if (this.carrier(members[i])) return members[i];
    return -1;
  }

  private find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /**
   * Per host, the set of hosts it can reach on a network (itself included when it has carrier). The
   * array is the fabric's own, rewritten after a change: read it, never keep or write it.
   */
  peers(role: NetworkRole): readonly HostSet[] {
    const cache = this.peersCache[role];
    if (this.peersVersion[role] === this.version) return cache;
    const topo = this.topo;
    const S = topo.switchIds.length;
    const H = topo.hostIds.length;
    for (let i = 0; i < S + H; i++) this.parent[i] = i;
    for (let l = 0; l < topo.links.length; l++) {
      const link = topo.links[l];
      if (
        link.kind === 'switch-switch' &&
        this.linkUp[l] === 1 &&
        this.switchUp[link.a] === 1 &&
        this.switchUp[link.b] === 1
      ) {
        this.union(link.a, link.b);
      }
    }
    const active = new Int32Array(H);
    for (let h = 0; h < H; h++) {
      const nic = this.activeNic(role, h);
      active[h] = nic;
      if (nic < 0) continue;
      const n = topo.nics[nic];
      if (n.switchIndex >= 0) this.union(S + h, n.switchIndex);
      else if (n.peer >= 0) this.union(S + h, S + topo.nics[n.peer].host);
    }
    if (H < WORD_HOSTS) this.peersInOneWord(active, cache);
    else this.peersByComponent(active, cache);
    if (topo.multiPath.has(role)) this.addIndependentPaths(role, cache);
    this.peersVersion[role] = this.version;
    return cache;
  }

  /** Hosts with carrier in one component and one partition group reach each other (a pool of one word: plain bits). */
  private peersInOneWord(active: Int32Array, cache: HostSet[]): void {
    const S = this.topo.switchIds.length;
    const H = active.length;
    for (let h = 0; h < H; h++) {
      let mask = 0;
      if (active[h] >= 0) {
        const root = this.find(S + h);
        for (let k = 0; k < H; k++) {
          if (active[k] >= 0 && this.group[k] === this.group[h] && this.find(S + k) === root) mask |= 1 << k;
        }
      }
      cache[h] = mask;
    }
  }

  /**
   * The same for a larger pool, whose sets are bigints: one set per (component, group), built once and
   * shared by its hosts (n set operations, not n²).
   */
  private peersByComponent(active: Int32Array, cache: HostSet[]): void {
    const S = this.topo.switchIds.length;
    const H = active.length;
    const keyOf = new Int32Array(H);
    const byKey = new Map<number, HostSet>();
    for (let k = 0; k < H; k++) {
      if (active[k] < 0) continue;
      const key = this.find(S + k) * 256 + this.group[k];
      keyOf[k] = key;
      byKey.set(key, union(byKey.get(key) ?? EMPTY_HOSTS, hostBit(k)));
    }
    for (let h = 0; h < H; h++) cache[h] = active[h] >= 0 ? byKey.get(keyOf[h])! : EMPTY_HOSTS;
  }

  /**
   * Hosts with independent NICs on a network (a dual channel) reach a peer over any of their paths.
   * Each path is keyed by the component it leads to: its switch's component, or its crossover cable.
   * Runs right after the union-find of `peers`, whose switch components it reads.
   */
  private addIndependentPaths(role: NetworkRole, cache: HostSet[]): void {
    const topo = this.topo;
    const S = topo.switchIds.length;
    const H = topo.hostIds.length;
    const keys: number[][] = [];
    for (let h = 0; h < H; h++) {
      const mine: number[] = [];
      if (this.activeNic(role, h) >= 0) mine.push(this.find(S + h));
      for (const x of topo.independent[role][h]) {
        if (!this.carrier(x)) continue;
        const n = topo.nics[x];
        mine.push(n.switchIndex >= 0 ? this.find(n.switchIndex) : S + H + n.link);
      }
      keys.push(mine);
    }
    for (let h = 0; h < H; h++) {
      if (keys[h].length === 0) continue;
      let mask = cache[h];
      for (let k = 0; k < H; k++) {
        if (this.group[k] !== this.group[h] || hasHost(mask, k)) continue;
        if (keys[k].some((key) => keys[h].includes(key))) mask = union(mask, hostBit(k));
      }
      cache[h] = mask;
    }
  }

  /**
   * A host can talk to a fence device: the device works, and one of the host's NICs on the device's
   * network has carrier on a switch from which up switches and inter-switch links lead to the
   * device's switch. A partition (which splits hosts, not their path to a management port) does not
   * cut it.
   */
  reachesFenceDevice(host: number, device: number): boolean {
    const d = this.topo.fenceDevices[device];
    if (this.fenceDeviceUp[device] === 0 || this.switchUp[d.switchIndex] === 0) return false;
    const nics = [...this.topo.endpoints[d.network][host], ...this.topo.independent[d.network][host]];
    const start = nics
      .filter((n) => this.topo.nics[n].switchIndex >= 0 && this.carrier(n))
      .map((n) => this.topo.nics[n].switchIndex);
    const seen = new Set(start);
    for (let i = 0; i < start.length; i++) {
      if (start[i] === d.switchIndex) return true;
      for (let l = 0; l < this.topo.links.length; l++) {
        const link = this.topo.links[l];
        if (link.kind !== 'switch-switch' || this.linkUp[l] === 0) continue;
        const next = link.a === start[i] ? link.b : link.b === start[i] ? link.a : -1;
        if (next < 0 || seen.has(next) || this.switchUp[next] === 0) continue;
        seen.add(next);
        start.push(next);
      }
    }
    return false;
  }

  /** The host's service network has carrier (VM traffic leaves the host). Falls back to management. */
  serviceNetworkUp(host: number): boolean {
    const role: NetworkRole =
      this.topo.endpoints.vm[host].length > 0
        ? 'vm'
        : this.topo.endpoints.public[host].length > 0
          ? 'public'
          : 'management';
    if (this.topo.endpoints[role][host].length === 0) return this.hostPowered[host] === 1;
    return this.activeNic(role, host) >= 0;
  }

  pathState(path: number): number {
    const p = this.topo.paths[path];
    if (this.pathUp[path] === 0 || this.hostPowered[p.host] === 0) return PATH_FAILED;
    if (p.nic >= 0 && !this.carrier(p.nic)) return PATH_FAILED;
    const power = this.storagePower[p.node];
    if (power === STORAGE_HARD_OFF) return PATH_SILENT;
    if (power === STORAGE_STOPPED || this.storageServing[p.node] === 0) return PATH_FAILED;
    return PATH_USABLE;
  }

  /** Some working path reaches a node that serves current data. */
  storageReachable(host: number): boolean {
    const paths = this.topo.pathsOfHost[host];
    if (this.topo.storageIds.length === 0) return true;
    for (let i = 0; i < paths.length; i++) if (this.pathState(paths[i]) === PATH_USABLE) return true;
    return false;
  }

  /** Ground truth of SPEC §5: powered, storage reachable, service network up. */
  canRun(host: number): boolean {
    return this.hostPowered[host] === 1 && this.storageReachable(host) && this.serviceNetworkUp(host);
  }

  /** Hosts whose workloads are on the network: powered and service network up (storage or not). */
  reachableMask(): HostSet {
    let mask: HostSet = EMPTY_HOSTS;
    for (let h = 0; h < this.topo.hostIds.length; h++)
      if (this.hostPowered[h] === 1 && this.serviceNetworkUp(h)) mask = union(mask, hostBit(h));
    return mask;
  }

  canRunMask(): HostSet {
    let mask: HostSet = EMPTY_HOSTS;
    for (let h = 0; h < this.topo.hostIds.length; h++) if (this.canRun(h)) mask = union(mask, hostBit(h));
    return mask;
  }
}
