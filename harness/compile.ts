// Turns a topology into flat, index-addressed tables once, so that each of the many runs over it
// touches only typed arrays. Also the one place where a topology's ids are checked for sense.
import type { NetworkRole, RestartPriority, Topology } from './topology.js';

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
}

export interface CompiledTopology {
  readonly source: Topology;
  readonly hostIds: readonly string[];
  readonly hostCapacity: readonly number[];
  /** parentOf[h] = index of the physical host a VM host runs on, or -1. */
  readonly parentOf: readonly number[];
  readonly nics: readonly CompiledNic[];
  readonly switchIds: readonly string[];
  readonly links: readonly CompiledLink[];
  readonly bonds: readonly { readonly id: string; readonly host: number; readonly network: NetworkRole; readonly nics: readonly number[] }[];
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
  readonly allHostsMask: number;
}

export const ROLES: readonly NetworkRole[] = ['management', 'vm', 'storage', 'channel', 'public'];
export const MAX_HOSTS = 30;
export const DEFAULT_RTO_MS = 300_000;

export class TopologyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

function indexOf(ids: readonly string[], id: string): number {
  return ids.indexOf(id);
}

export function compileTopology(topology: Topology): CompiledTopology {
  const problems: string[] = [];
  const hostIds = topology.hosts.map((h) => h.id);
  const switchIds = topology.switches.map((s) => s.id);
  const storageIds = (topology.storage?.nodes ?? []).map((n) => n.id);
  if (hostIds.length === 0) problems.push('hosts: expected at least one host');
  if (hostIds.length > MAX_HOSTS) problems.push(`hosts: ${hostIds.length} hosts; at most ${MAX_HOSTS} are supported`);
  const seen = new Set<string>();
  for (const id of [...hostIds, ...switchIds, ...storageIds]) {
    if (seen.has(id)) problems.push(`duplicate id \`${id}\``);
    seen.add(id);
  }

  const nics: CompiledNic[] = [];
  const links: CompiledLink[] = [];
  const nicIndex = new Map<string, number>();
  topology.hosts.forEach((host, h) => {
    host.nics.forEach((nic, i) => {
      const id = `${host.id}.${nic.id}`;
      if (nicIndex.has(id)) problems.push(`hosts[${h}].nics[${i}].id: duplicate NIC \`${nic.id}\``);
      const switchIndex = nic.switch === undefined ? -1 : indexOf(switchIds, nic.switch);
      if (nic.switch !== undefined && switchIndex < 0) {
        problems.push(`hosts[${h}].nics[${i}].switch: unknown switch \`${nic.switch}\``);
      }
      let link = -1;
      if (switchIndex >= 0) {
        link = links.length;
        links.push({ id: `${id}-${nic.switch}`, kind: 'nic-switch', a: nics.length, b: switchIndex });
      }
      nicIndex.set(id, nics.length);
      nics.push({ id, host: h, network: nic.network, switchIndex, link, peer: -1 });
    });
  });
  const mutableNics = nics as { -readonly [K in keyof CompiledNic]: CompiledNic[K] }[];
  (topology.links ?? []).forEach((l, i) => {
    const sa = indexOf(switchIds, l.a);
    const sb = indexOf(switchIds, l.b);
    const na = nicIndex.get(l.a) ?? -1;
    const nb = nicIndex.get(l.b) ?? -1;
    if (sa >= 0 && sb >= 0) {
      links.push({ id: `${l.a}-${l.b}`, kind: 'switch-switch', a: sa, b: sb });
    } else if (na >= 0 && nb >= 0) {
      const idx = links.length;
      links.push({ id: `${l.a}-${l.b}`, kind: 'crossover', a: na, b: nb });
      mutableNics[na].link = idx;
      mutableNics[na].peer = nb;
      mutableNics[nb].link = idx;
      mutableNics[nb].peer = na;
    } else {
      problems.push(`links[${i}]: expected two switches or two NICs (\`host.nic\`), found \`${l.a}\` and \`${l.b}\``);
    }
  });

  const bonds: { id: string; host: number; network: NetworkRole; nics: number[] }[] = [];
  const endpoints = Object.fromEntries(ROLES.map((r) => [r, hostIds.map(() => [] as number[])])) as Record<NetworkRole, number[][]>;
  const independent = Object.fromEntries(ROLES.map((r) => [r, hostIds.map(() => [] as number[])])) as Record<NetworkRole, number[][]>;
  const multiPath = new Set<NetworkRole>();
  topology.hosts.forEach((host, h) => {
    const bonded = new Set<string>();
    (host.bonds ?? []).forEach((bond, b) => {
      const members = bond.nics.map((n, k) => {
        const idx = nicIndex.get(`${host.id}.${n}`);
        if (idx === undefined) problems.push(`hosts[${h}].bonds[${b}].nics[${k}]: unknown NIC \`${n}\` on ${host.id}`);
        bonded.add(n);
        return idx ?? -1;
      });
      bonds.push({ id: `${host.id}.${bond.id}`, host: h, network: bond.network, nics: members });
      if (endpoints[bond.network][h].length > 0) problems.push(`hosts[${h}].bonds[${b}]: a second interface for the ${bond.network} network`);
      endpoints[bond.network][h] = members.filter((m) => m >= 0);
    });
    host.nics.forEach((nic, i) => {
      if (bonded.has(nic.id)) return;
      const idx = nicIndex.get(`${host.id}.${nic.id}`)!;
      if (nic.independent === true) {
        independent[nic.network][h].push(idx);
        multiPath.add(nic.network);
        return;
      }
      if (endpoints[nic.network][h].length > 0) {
        if (nic.network !== 'storage') problems.push(`hosts[${h}].nics[${i}]: a second unbonded NIC for the ${nic.network} network (bond them, or mark it \`independent\` for a separate path)`);
        return;
      }
      endpoints[nic.network][h] = [idx];
    });
    host.nics.forEach((nic, i) => {
      if (nic.independent === true && endpoints[nic.network][h].length === 0) {
        problems.push(`hosts[${h}].nics[${i}]: an independent ${nic.network} NIC needs a first, ordinary ${nic.network} NIC (or bond) on ${host.id}`);
      }
    });
  });

  const storage = topology.storage;
  let mirror: [number, number] | null = null;
  if (storage?.mirror) {
    const a = indexOf(storageIds, storage.mirror[0]);
    const b = indexOf(storageIds, storage.mirror[1]);
    if (a < 0 || b < 0) problems.push('storage.mirror: expected two storage node ids');
    else mirror = [a, b];
  }
  const paths: CompiledPath[] = [];
  (storage?.paths ?? []).forEach((p, i) => {
    const host = indexOf(hostIds, p.host);
    const node = indexOf(storageIds, p.node);
    if (host < 0) problems.push(`storage.paths[${i}].host: unknown host \`${p.host}\``);
    if (node < 0) problems.push(`storage.paths[${i}].node: unknown storage node \`${p.node}\``);
    const nic = p.nic === undefined ? -1 : (nicIndex.get(`${p.host}.${p.nic}`) ?? -2);
    if (nic === -2) problems.push(`storage.paths[${i}].nic: unknown NIC \`${p.nic}\` on ${p.host}`);
    const suffix = paths.filter((q) => q.host === host && q.node === node).length;
    paths.push({ id: `${p.host}-${p.node}${suffix > 0 ? `#${suffix + 1}` : ''}`, host, node, nic: Math.max(nic, -1) });
  });
  const pathsOfHost = hostIds.map((_, h) => paths.flatMap((p, i) => (p.host === h ? [i] : [])));

  const services: CompiledService[] = topology.services.map((s, i) => {
    const home = indexOf(hostIds, s.home);
    if (home < 0) problems.push(`services[${i}].home: unknown host \`${s.home}\``);
    return { id: s.id, home, priority: s.priority, order: s.order ?? i, needs: s.needs ?? 1, rtoMs: s.rtoMs ?? DEFAULT_RTO_MS };
  });

  const parentOf = topology.hosts.map((h, i) => {
    if (h.runsOn === undefined) return -1;
    const p = indexOf(hostIds, h.runsOn);
    if (p < 0) problems.push(`hosts[${i}].runsOn: unknown host \`${h.runsOn}\``);
    else if (p === i) problems.push(`hosts[${i}].runsOn: a host cannot run on itself`);
    return p;
  });
  parentOf.forEach((p, i) => {
    for (let seen = 0, q = p; q >= 0; q = parentOf[q]) if (++seen > hostIds.length) return problems.push(`hosts[${i}].runsOn: a cycle of hosts running on each other`);
    return undefined;
  });

  if (problems.length > 0) throw new TopologyError(problems);
  return {
    parentOf,
    source: topology,
    hostIds,
    hostCapacity: topology.hosts.map((h) => h.capacity ?? Number.MAX_SAFE_INTEGER),
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
    allHostsMask: hostIds.length >= 31 ? -1 : (1 << hostIds.length) - 1,
  };
}
