// Turns a topology into flat, index-addressed tables once, so that each of the many runs over it
// touches only typed arrays. Also the one place where a topology's ids are checked for sense.
import { didYouMean } from './didYouMean.js';
import { firstHosts, type HostSet } from './hostSet.js';
import { idProblem } from './ids.js';
import type { HostSpec, NetworkRole, OperatingSystem, RestartPriority, Topology } from './topology.js';

export interface CompiledNic {
  readonly id: string;
  readonly host: number;
  readonly network: NetworkRole;
  /** Switch index, or -1 for a crossover NIC. */
  readonly switchIndex: number;
  /** Index of its cable in `links`. */
  readonly link: number;
  /** For a crossover NIC: the NIC at the other end, or -1. */
  readonly peer: number;
}

export interface CompiledLink {
  readonly id: string;
  readonly kind: 'nic-switch' | 'switch-switch' | 'crossover';
  readonly a: number;
  readonly b: number;
}

export interface CompiledPath {
  readonly id: string;
  readonly host: number;
  readonly node: number;
  readonly nic: number;
}

export interface CompiledService {
  readonly id: string;
  readonly home: number;
  readonly priority: RestartPriority;
  readonly order: number;
  readonly needs: number;
  readonly rtoMs: number;
  /** Failover order after `home` (host indices); empty when the topology names none. */
  readonly backups: readonly number[];
}

export interface CompiledFenceDevice {
  readonly id: string;
  /** The host it powers. */
  readonly host: number;
  /** The switch its port is cabled to. */
  readonly switchIndex: number;
  readonly network: NetworkRole;
  readonly actionMs: number;
}

export interface CompiledTopology {
  readonly source: Topology;
  readonly hostIds: readonly string[];
  readonly hostCapacity: readonly number[];
  /** parentOf[h] = index of the physical host a VM host runs on, or -1. */
  readonly parentOf: readonly number[];
  readonly hostOs: readonly OperatingSystem[];
  readonly nics: readonly CompiledNic[];
  readonly switchIds: readonly string[];
  readonly links: readonly CompiledLink[];
  readonly bonds: readonly {
    readonly id: string;
    readonly host: number;
    readonly network: NetworkRole;
    readonly nics: readonly number[];
  }[];
  /** endpoint[role][host] = NIC indices in failover order (a bond's members, or the one NIC); empty if none. */
  readonly endpoints: Readonly<Record<NetworkRole, readonly (readonly number[])[]>>;
  /** independent[role][host] = further NICs on the network, each its own path (`NicSpec.independent`). */
  readonly independent: Readonly<Record<NetworkRole, readonly (readonly number[])[]>>;
  /** Networks on which some host has an independent NIC. */
  readonly multiPath: ReadonlySet<NetworkRole>;
  readonly storageIds: readonly string[];
  readonly mirror: readonly [number, number] | null;
  readonly paths: readonly CompiledPath[];
  /** pathsOfHost[host] = path indices. */
  readonly pathsOfHost: readonly (readonly number[])[];
  readonly services: readonly CompiledService[];
  readonly allHostsMask: HostSet;
  readonly fenceDevices: readonly CompiledFenceDevice[];
  /** fenceDevicesOfHost[host] = indices of the devices that power it, in the order the topology lists them. */
  readonly fenceDevicesOfHost: readonly (readonly number[])[];
  /** Things that compile but are probably not what the engineer meant (a bond with one NIC). */
  readonly warnings: readonly TopologyIssue[];
}

export const ROLES: readonly NetworkRole[] = ['management', 'vm', 'storage', 'channel', 'public'];
/**
 * The most hosts the engine takes in one design. Host sets (hostSet.ts) have no fixed width; this
 * bounds the cost of a run (sensing grows with the pool) above the largest pool a modelled product
 * documents (vSphere, 96 hosts per cluster). A model is held to its own `maxHosts` (hostLimit.ts).
 */
export const MAX_HOSTS = 128;
export const MAX_POWER_SUPPLIES = 8;
export const DEFAULT_RTO_MS = 300_000;
/**
 * Modelling choice: an IPMI chassis power-off answers within seconds; Pacemaker waits for it up to
 * its stonith-timeout of 60 s (DOMAIN.md, Corosync / Pacemaker).
 */
export const DEFAULT_FENCE_ACTION_MS = 5_000;
/** Modelling choice: the stonith-timeout a device's action must fit in (DOMAIN.md: 60 s), with room. */
export const MAX_FENCE_ACTION_MS = 600_000;

/** One problem with a topology: the field it is about (`hosts[2].nics[0].switch`) and what is wrong. */
export interface TopologyIssue {
  readonly path: string;
  readonly message: string;
}

export class TopologyError extends Error {
  /** `path: message`, one line each. */
  readonly problems: readonly string[];
  constructor(readonly issues: readonly TopologyIssue[]) {
    const problems = issues.map((i) => `${i.path}: ${i.message}`);
    super(problems.join('\n'));
    this.problems = problems;
  }
}

function indexOf(ids: readonly string[], id: string): number {
  return ids.indexOf(id);
}

/** "unknown switch `sw3`; did you mean `sw2`? (switches: sw1, sw2)" */
function unknown(
  what: string,
  id: string,
  options: readonly string[],
  plural = what === 'switch' ? 'switches' : `${what}s`,
  on = '',
): string {
  const where = on === '' ? '' : ` on ${on}`;
  const list =
    options.length === 0
      ? `there are no ${plural}${where}`
      : options.length <= 8
        ? `${plural}${where}: ${options.join(', ')}`
        : `${options.length} ${plural}${where}`;
  return `unknown ${what} \`${id}\`${where}${didYouMean(id, options)} (${list})`;
}

/** Where compiling reports: `problem` makes the topology invalid, `warn` only remarks. */
interface Report {
  readonly problem: (path: string, message: string) => void;
  readonly warn: (path: string, message: string) => void;
}

/** Every id must be usable in a fault target and printable (ids.ts); a file's schema says so too. */
function checkIdsUsable(topology: Topology, { problem }: Report): void {
  const check = (id: string, path: string) => {
    const why = idProblem(id);
    if (why !== null) problem(path, why);
  };
  topology.hosts.forEach((h, i) => {
    check(h.id, `hosts[${i}].id`);
    h.nics.forEach((n, j) => check(n.id, `hosts[${i}].nics[${j}].id`));
    (h.bonds ?? []).forEach((b, j) => check(b.id, `hosts[${i}].bonds[${j}].id`));
  });
  topology.switches.forEach((s, i) => check(s.id, `switches[${i}].id`));
  (topology.storage?.nodes ?? []).forEach((n, i) => check(n.id, `storage.nodes[${i}].id`));
  topology.services.forEach((s, i) => check(s.id, `services[${i}].id`));
  (topology.fenceDevices ?? []).forEach((d, i) => check(d.id, `fenceDevices[${i}].id`));
}

/** Host, switch and storage node ids share one namespace. */
function checkIdsUnique(topology: Topology, { problem }: Report): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const first = seen.get(id);
    if (first !== undefined)
      problem(
        path,
        `duplicate id \`${id}\` (already used by ${first}); host, switch, storage node and fence device ids must be unique`,
      );
    else seen.set(id, path);
  };
  topology.hosts.forEach((h, i) => claim(h.id, `hosts[${i}].id`));
  topology.switches.forEach((s, i) => claim(s.id, `switches[${i}].id`));
  (topology.storage?.nodes ?? []).forEach((n, i) => claim(n.id, `storage.nodes[${i}].id`));
  (topology.fenceDevices ?? []).forEach((d, i) => claim(d.id, `fenceDevices[${i}].id`));
}

/** Every NIC and cable: NIC-to-switch cables from the NICs, switch-switch and crossover cables from `links`. */
function compileNics(topology: Topology, switchIds: readonly string[], { problem, warn }: Report) {
  const nics: CompiledNic[] = [];
  const links: CompiledLink[] = [];
  const nicIndex = new Map<string, number>();
  const nicPath: string[] = [];
  topology.hosts.forEach((host, h) => {
    host.nics.forEach((nic, i) => {
      const id = `${host.id}.${nic.id}`;
      if (nicIndex.has(id)) problem(`hosts[${h}].nics[${i}].id`, `duplicate NIC \`${nic.id}\` on ${host.id}`);
      const switchIndex = nic.switch === undefined ? -1 : indexOf(switchIds, nic.switch);
      if (nic.switch !== undefined && switchIndex < 0)
        problem(`hosts[${h}].nics[${i}].switch`, unknown('switch', nic.switch, switchIds));
      let link = -1;
      if (switchIndex >= 0) {
        link = links.length;
        links.push({ id: `${id}-${nic.switch}`, kind: 'nic-switch', a: nics.length, b: switchIndex });
      }
      nicIndex.set(id, nics.length);
      nicPath.push(`hosts[${h}].nics[${i}]`);
      nics.push({ id, host: h, network: nic.network, switchIndex, link, peer: -1 });
    });
  });
  compileLinks(topology, switchIds, nics, links, nicIndex, problem);
  nics.forEach((n, i) => {
    if (n.link < 0 && n.switchIndex < 0)
      warn(nicPath[i], `NIC \`${n.id}\` is not cabled (no \`switch\` and no crossover link): it never has carrier`);
  });
  return { nics, links, nicIndex };
}

/** The cables in `links`: switch to switch, or NIC to NIC (a crossover, which sets both NICs' link and peer). */
function compileLinks(
  topology: Topology,
  switchIds: readonly string[],
  nics: CompiledNic[],
  links: CompiledLink[],
  nicIndex: ReadonlyMap<string, number>,
  problem: Report['problem'],
): void {
  const mutableNics = nics as { -readonly [K in keyof CompiledNic]: CompiledNic[K] }[];
  const endIds = [...switchIds, ...nicIndex.keys()];
  (topology.links ?? []).forEach((l, i) => {
    const sa = indexOf(switchIds, l.a);
    const sb = indexOf(switchIds, l.b);
    const na = nicIndex.get(l.a) ?? -1;
    const nb = nicIndex.get(l.b) ?? -1;
    if (sa < 0 && na < 0)
      problem(
        `links[${i}].a`,
        `${unknown('switch or NIC', l.a, endIds, 'switches and NICs')}; expected a switch id or \`host.nic\``,
      );
    if (sb < 0 && nb < 0)
      problem(
        `links[${i}].b`,
        `${unknown('switch or NIC', l.b, endIds, 'switches and NICs')}; expected a switch id or \`host.nic\``,
      );
    if ((sa >= 0 || na >= 0) && (sb >= 0 || nb >= 0) && l.a === l.b) {
      problem(`links[${i}]`, `both ends are \`${l.a}\`; expected two different switches or NICs`);
    } else if (sa >= 0 && sb >= 0) {
      links.push({ id: `${l.a}-${l.b}`, kind: 'switch-switch', a: sa, b: sb });
    } else if (na >= 0 && nb >= 0) {
      for (const [end, n] of [
        ['a', na],
        ['b', nb],
      ] as const) {
        if (nics[n].link >= 0)
          problem(
            `links[${i}].${end}`,
            `NIC \`${nics[n].id}\` is already cabled (${nics[n].switchIndex >= 0 ? `to switch ${switchIds[nics[n].switchIndex]}` : 'by another crossover link'}); a NIC has one cable`,
          );
      }
      const idx = links.length;
      links.push({ id: `${l.a}-${l.b}`, kind: 'crossover', a: na, b: nb });
      mutableNics[na].link = idx;
      mutableNics[na].peer = nb;
      mutableNics[nb].link = idx;
      mutableNics[nb].peer = na;
    } else if ((sa >= 0 && nb >= 0) || (na >= 0 && sb >= 0)) {
      problem(
        `links[${i}]`,
        `found a switch and a NIC (\`${l.a}\`, \`${l.b}\`); expected two switches or two NICs (cable a NIC to a switch with its \`switch\` field)`,
      );
    }
  });
}

/** A host's bonds, each its network's endpoint on that host; returns which bond each bonded NIC is in. */
function compileBonds(
  host: HostSpec,
  h: number,
  nics: readonly CompiledNic[],
  nicIndex: ReadonlyMap<string, number>,
  bonds: { id: string; host: number; network: NetworkRole; nics: number[] }[],
  endpoints: Record<NetworkRole, number[][]>,
  { problem, warn }: Report,
): Map<string, string> {
  const bonded = new Map<string, string>();
  const localNics = host.nics.map((n) => n.id);
  (host.bonds ?? []).forEach((bond, b) => {
    const path = `hosts[${h}].bonds[${b}]`;
    const members = bond.nics.map((n, k) => {
      const idx = nicIndex.get(`${host.id}.${n}`);
      if (idx === undefined) problem(`${path}.nics[${k}]`, unknown('NIC', n, localNics, 'NICs', host.id));
      else if (nics[idx].network !== bond.network)
        warn(
          `${path}.nics[${k}]`,
          `NIC \`${n}\` is on the ${nics[idx].network} network but bond \`${bond.id}\` carries ${bond.network}`,
        );
      const other = bonded.get(n);
      if (other !== undefined)
        problem(
          `${path}.nics[${k}]`,
          `NIC \`${n}\` is already a member of bond \`${other}\`; a NIC belongs to one bond`,
        );
      bonded.set(n, bond.id);
      return idx ?? -1;
    });
    if (bond.nics.length === 1)
      warn(
        `${path}.nics`,
        `bond \`${bond.id}\` has one NIC: it gives no redundancy (add a second NIC on another switch)`,
      );
    bonds.push({ id: `${host.id}.${bond.id}`, host: h, network: bond.network, nics: members });
    if (endpoints[bond.network][h].length > 0)
      problem(
        path,
        `a second interface for the ${bond.network} network on ${host.id}; expected one bond or NIC per network`,
      );
    endpoints[bond.network][h] = members.filter((m) => m >= 0);
  });
  return bonded;
}

/** Each host's interface per network: a bond's members or the one NIC, plus its independent NICs. */
function compileEndpoints(
  topology: Topology,
  hostIds: readonly string[],
  nics: readonly CompiledNic[],
  nicIndex: ReadonlyMap<string, number>,
  { problem, warn }: Report,
) {
  const bonds: { id: string; host: number; network: NetworkRole; nics: number[] }[] = [];
  const endpoints = Object.fromEntries(ROLES.map((r) => [r, hostIds.map(() => [] as number[])])) as Record<
    NetworkRole,
    number[][]
  >;
  const independent = Object.fromEntries(ROLES.map((r) => [r, hostIds.map(() => [] as number[])])) as Record<
    NetworkRole,
    number[][]
  >;
  const multiPath = new Set<NetworkRole>();
  topology.hosts.forEach((host, h) => {
    const bonded = compileBonds(host, h, nics, nicIndex, bonds, endpoints, { problem, warn });
    host.nics.forEach((nic, i) => {
      if (bonded.has(nic.id)) return;
      const idx = nicIndex.get(`${host.id}.${nic.id}`)!;
      if (nic.independent === true) {
        independent[nic.network][h].push(idx);
        multiPath.add(nic.network);
        return;
      }
      if (endpoints[nic.network][h].length > 0) {
        if (nic.network !== 'storage')
          problem(
            `hosts[${h}].nics[${i}]`,
            `a second unbonded NIC for the ${nic.network} network on ${host.id}; expected one per network (bond them, or mark it \`independent\` for a separate path)`,
          );
        return;
      }
      endpoints[nic.network][h] = [idx];
    });
    host.nics.forEach((nic, i) => {
      if (nic.independent === true && endpoints[nic.network][h].length === 0) {
        problem(
          `hosts[${h}].nics[${i}]`,
          `an independent ${nic.network} NIC needs a first, ordinary ${nic.network} NIC (or bond) on ${host.id}`,
        );
      }
    });
  });
  return { bonds, endpoints, independent, multiPath };
}

/** The storage mirror and the paths from hosts to storage nodes. */
function compileStorage(
  topology: Topology,
  hostIds: readonly string[],
  storageIds: readonly string[],
  nicIndex: ReadonlyMap<string, number>,
  { problem, warn }: Report,
) {
  const storage = topology.storage;
  let mirror: [number, number] | null = null;
  if (storage?.mirror) {
    const a = indexOf(storageIds, storage.mirror[0]);
    const b = indexOf(storageIds, storage.mirror[1]);
    if (a < 0) problem('storage.mirror[0]', unknown('storage node', storage.mirror[0], storageIds));
    if (b < 0) problem('storage.mirror[1]', unknown('storage node', storage.mirror[1], storageIds));
    if (a >= 0 && b >= 0 && a === b)
      problem('storage.mirror', `both sides are \`${storage.mirror[0]}\`; expected two different storage nodes`);
    else if (a >= 0 && b >= 0) mirror = [a, b];
  }
  const paths: CompiledPath[] = [];
  (storage?.paths ?? []).forEach((p, i) => {
    const host = indexOf(hostIds, p.host);
    const node = indexOf(storageIds, p.node);
    if (host < 0) problem(`storage.paths[${i}].host`, unknown('host', p.host, hostIds));
    if (node < 0) problem(`storage.paths[${i}].node`, unknown('storage node', p.node, storageIds));
    const local = host < 0 ? [] : topology.hosts[host].nics.map((n) => n.id);
    const nic = p.nic === undefined || host < 0 ? -1 : (nicIndex.get(`${p.host}.${p.nic}`) ?? -2);
    if (nic === -2) problem(`storage.paths[${i}].nic`, unknown('NIC', p.nic!, local, 'NICs', p.host));
    const suffix = paths.filter((q) => q.host === host && q.node === node).length;
    paths.push({ id: `${p.host}-${p.node}${suffix > 0 ? `#${suffix + 1}` : ''}`, host, node, nic: Math.max(nic, -1) });
  });
  if (storageIds.length > 0) {
    hostIds.forEach((id, h) => {
      const host = topology.hosts[h];
      const hypervisor = topology.hosts.some((x) => x.runsOn === id);
      if (host.runsOn === undefined && !hypervisor && host.capacity !== 0 && !paths.some((p) => p.host === h))
        warn(
          `hosts[${h}]`,
          `host \`${id}\` has no storage path: it can never reach storage, so it can never run services`,
        );
    });
  }
  const pathsOfHost = hostIds.map((_, h) => paths.flatMap((p, i) => (p.host === h ? [i] : [])));
  return { mirror, paths, pathsOfHost };
}

/** Services: home, size against host capacities, failover order. */
function compileServices(topology: Topology, hostIds: readonly string[], { problem, warn }: Report) {
  const capacities = topology.hosts.map((h) => h.capacity ?? Number.MAX_SAFE_INTEGER);
  const largest = capacities.length === 0 ? 0 : Math.max(...capacities);
  const serviceIds = new Set<string>();
  const services: CompiledService[] = topology.services.map((s, i) => {
    if (serviceIds.has(s.id)) problem(`services[${i}].id`, `duplicate service \`${s.id}\``);
    serviceIds.add(s.id);
    const home = indexOf(hostIds, s.home);
    if (home < 0) problem(`services[${i}].home`, unknown('host', s.home, hostIds));
    const needs = s.needs ?? 1;
    if (hostIds.length > 0 && needs > largest) {
      problem(
        `services[${i}].needs`,
        `service \`${s.id}\` needs ${needs} but the largest host has capacity ${largest}: no host is eligible to run it`,
      );
    } else if (home >= 0 && needs > capacities[home]) {
      warn(
        `services[${i}].needs`,
        `service \`${s.id}\` needs ${needs} but its home ${s.home} has capacity ${capacities[home]}`,
      );
    }
    const backups = (s.backups ?? []).map((b, k) => {
      const h = indexOf(hostIds, b);
      if (h < 0) problem(`services[${i}].backups[${k}]`, unknown('host', b, hostIds));
      else if (h === home || (s.backups ?? []).indexOf(b) !== k)
        problem(`services[${i}].backups[${k}]`, `\`${b}\` is already in the failover order`);
      return h;
    });
    return {
      id: s.id,
      home,
      priority: s.priority,
      order: s.order ?? i,
      needs,
      rtoMs: s.rtoMs ?? DEFAULT_RTO_MS,
      backups,
    };
  });
  return { capacities, services };
}

/** Per host: operating system, power supplies, and which host a VM runs on (no cycles); returns parentOf. */
function compileHosts(topology: Topology, hostIds: readonly string[], { problem }: Report): number[] {
  topology.hosts.forEach((h, i) => {
    if (h.os !== undefined && h.os !== 'linux' && h.os !== 'windows')
      problem(`hosts[${i}].os`, `expected linux or windows, found \`${String(h.os)}\``);
  });

  const parentOf = topology.hosts.map((h, i) => {
    if (h.runsOn === undefined) return -1;
    const p = indexOf(hostIds, h.runsOn);
    if (p < 0)
      problem(
        `hosts[${i}].runsOn`,
        unknown(
          'host',
          h.runsOn,
          hostIds.filter((x) => x !== h.id),
        ),
      );
    else if (p === i)
      problem(`hosts[${i}].runsOn`, `host \`${h.id}\` cannot run on itself; expected the id of a physical host`);
    return p;
  });
  topology.hosts.forEach((h, i) => {
    const n = h.powerSupplies;
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_POWER_SUPPLIES)) {
      problem(
        `hosts[${i}].powerSupplies`,
        `expected a whole number from 1 to ${MAX_POWER_SUPPLIES}, found ${JSON.stringify(n)}`,
      );
    }
  });
  parentOf.forEach((p, i) => {
    if (p === i) return undefined;
    for (let seen = 0, q = p; q >= 0; q = parentOf[q])
      if (++seen > hostIds.length)
        return problem(
          `hosts[${i}].runsOn`,
          'a cycle of hosts running on each other; expected a VM to run on a physical host',
        );
    return undefined;
  });
  return parentOf;
}

export function compileTopology(topology: Topology): CompiledTopology {
  const issues: TopologyIssue[] = [];
  const warnings: TopologyIssue[] = [];
  const report: Report = {
    problem: (path, message) => issues.push({ path, message }),
    warn: (path, message) => warnings.push({ path, message }),
  };
  const { problem } = report;
  const hostIds = topology.hosts.map((h) => h.id);
  const switchIds = topology.switches.map((s) => s.id);
  const storageIds = (topology.storage?.nodes ?? []).map((n) => n.id);
  if (hostIds.length === 0) problem('hosts', 'expected at least one host, found none');
  if (hostIds.length > MAX_HOSTS) problem('hosts', `found ${hostIds.length} hosts; at most ${MAX_HOSTS} are supported`);
  checkIdsUsable(topology, report);
  checkIdsUnique(topology, report);
  const { nics, links, nicIndex } = compileNics(topology, switchIds, report);
  const { bonds, endpoints, independent, multiPath } = compileEndpoints(topology, hostIds, nics, nicIndex, report);
  const { mirror, paths, pathsOfHost } = compileStorage(topology, hostIds, storageIds, nicIndex, report);
  const { capacities, services } = compileServices(topology, hostIds, report);
  const parentOf = compileHosts(topology, hostIds, report);

  const fenceDevices = compileFenceDevices(topology, hostIds, switchIds, problem);

  if (issues.length > 0) throw new TopologyError(issues);
  return {
    parentOf,
    hostOs: topology.hosts.map((h) => h.os ?? 'linux'),
    source: topology,
    hostIds,
    hostCapacity: capacities,
    nics,
    switchIds,
    links,
    bonds,
    endpoints,
    independent,
    multiPath,
    storageIds,
    mirror,
    paths,
    pathsOfHost,
    services,
    allHostsMask: firstHosts(hostIds.length),
    fenceDevices,
    fenceDevicesOfHost: hostIds.map((_, h) => fenceDevices.flatMap((d, i) => (d.host === h ? [i] : []))),
    warnings,
  };
}

function compileFenceDevices(
  topology: Topology,
  hostIds: readonly string[],
  switchIds: readonly string[],
  problem: (path: string, message: string) => void,
): CompiledFenceDevice[] {
  return (topology.fenceDevices ?? []).map((d, i) => {
    const host = indexOf(hostIds, d.host);
    if (host < 0) problem(`fenceDevices[${i}].host`, unknown('host', d.host, hostIds));
    const switchIndex = indexOf(switchIds, d.switch);
    if (switchIndex < 0) problem(`fenceDevices[${i}].switch`, unknown('switch', d.switch, switchIds));
    const network = d.network ?? 'management';
    if (!ROLES.includes(network))
      problem(`fenceDevices[${i}].network`, `expected one of ${ROLES.join(', ')}, found \`${String(network)}\``);
    const actionMs = d.actionMs ?? DEFAULT_FENCE_ACTION_MS;
    if (!Number.isSafeInteger(actionMs) || actionMs < 1 || actionMs > MAX_FENCE_ACTION_MS) {
      problem(
        `fenceDevices[${i}].actionMs`,
        `expected whole milliseconds from 1 to ${MAX_FENCE_ACTION_MS}, found ${JSON.stringify(d.actionMs)}`,
      );
    }
    return { id: d.id, host, switchIndex, network, actionMs };
  });
}
