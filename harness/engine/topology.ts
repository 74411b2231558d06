// The cluster as data: what an engineer draws on a whiteboard. Ids are the names the engineer
// uses; every fault targets one of them.

export type NetworkRole = 'management' | 'vm' | 'storage' | 'channel' | 'public';

export interface NicSpec {
  /** Local name, unique on its host (`mgmt0`); its global id is `host.nic` (`h1.mgmt0`). */
  readonly id: string;
  readonly network: NetworkRole;
  /** The switch the NIC is cabled to; omitted for a crossover NIC (see `links`). */
  readonly switch?: string;
  /**
   * A further connection on a network the host already has a NIC (or bond) for, over its own path:
   * hosts reach each other over any of them (a dual channel, a second communication path). Without
   * it, a second unbonded NIC on one network is a mistake (bond them).
   */
  readonly independent?: boolean;
}

export interface BondSpec {
  /** Local name (`bond0`); global id `host.bond`. Active-backup: the first member with carrier carries traffic. */
  readonly id: string;
  readonly network: NetworkRole;
  readonly nics: readonly string[];
}

export interface HostSpec {
  readonly id: string;
  readonly nics: readonly NicSpec[];
  readonly bonds?: readonly BondSpec[];
  /** Resource units available to services (e.g. GiB of RAM). */
  readonly capacity?: number;
  /** For a virtual machine: the id of the physical host it runs on (it dies with that host). */
  readonly runsOn?: string;
  /** Power supply units (default 1). With two or more, one can fail (`psu-fail`) and the host stays up. */
  readonly powerSupplies?: number;
  /** Operating system (a VM's guest OS), for models whose timings differ by OS. Default linux. */
  readonly os?: OperatingSystem;
}

export type OperatingSystem = 'linux' | 'windows';

export interface SwitchSpec {
  readonly id: string;
}

/** A cable that is not a NIC-to-switch cable: switch–switch or NIC–NIC crossover. Ends are ids. */
export interface LinkSpec {
  readonly a: string;
  readonly b: string;
}

export interface StorageNodeSpec {
  readonly id: string;
}

export interface PathSpec {
  readonly host: string;
  readonly node: string;
  /** The host NIC (local name) the path's iSCSI session uses, if it matters. */
  readonly nic?: string;
}

export interface StorageSpec {
  readonly nodes: readonly StorageNodeSpec[];
  /** Two nodes that keep synchronous copies of the same volumes (DataCore-style active-active). */
  readonly mirror?: readonly [string, string];
  readonly paths: readonly PathSpec[];
}

export type RestartPriority = 'restart' | 'best-effort' | 'unprotected';

export interface ServiceSpec {
  readonly id: string;
  /** Host the service runs on at t = 0. */
  readonly home: string;
  readonly priority: RestartPriority;
  /** Restart order within a priority: lower first. */
  readonly order?: number;
  /** Resource units it needs on a host. */
  readonly needs?: number;
  /** Recovery time objective; `serviceRestoredWithin` judges against it. */
  readonly rtoMs?: number;
  /** Guest operating system, for models whose behaviour depends on it (e.g. a migration's pause). */
  readonly os?: OperatingSystem;
  /**
   * Hosts that may take the service over, in priority order after `home` (active/passive products
   * with a fixed failover order). Products that place restarts by capacity ignore it.
   */
  readonly backups?: readonly string[];
}

/**
 * A fence device: a BMC (IPMI, iLO, iDRAC) or a switched PDU outlet that powers one host off or
 * cycles it on request. It is a component of its own, reached over the network, and can fail on its
 * own (`fence-device-down`): a host can fence a peer only through a device that is up and reachable.
 */
export interface FenceDeviceSpec {
  /** Device id (`h1-bmc`); unique among host, switch, storage node and fence device ids. */
  readonly id: string;
  /** The host whose power it controls. */
  readonly host: string;
  /** The switch its network port is cabled to: a fencing host reaches it through the switches. */
  readonly switch: string;
  /** The network a fencing host reaches it on (default management). */
  readonly network?: NetworkRole;
  /** Time one power action takes, from the request to the result (default DEFAULT_FENCE_ACTION_MS). */
  readonly actionMs?: number;
}

export interface Topology {
  readonly name: string;
  readonly description?: string;
  /** Hosts in UUID order: index 0 has the lowest UUID (it wins xha ties). */
  readonly hosts: readonly HostSpec[];
  readonly switches: readonly SwitchSpec[];
  readonly links?: readonly LinkSpec[];
  readonly storage?: StorageSpec;
  readonly services: readonly ServiceSpec[];
  /** Devices other hosts can power a host off or cycle it through (STONITH). */
  readonly fenceDevices?: readonly FenceDeviceSpec[];
}
