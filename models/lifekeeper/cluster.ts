// What a topology means to LifeKeeper: which hosts run it (the hosts named in a service's failover
// order, plus witness-only nodes: hosts on a comm path network that protect nothing; hypervisors
// and bystanders without a comm path do not), which nodes form one cluster (nodes linked by the
// resources they protect for each other), the comm paths between them, and whether a resource's
// data sits on shared storage (guarded by SCSI reservations) or is replicated.
import { TopologyError, type CompiledTopology, type TopologyIssue } from '../../harness/engine/compile.js';
import type { NetworkRole } from '../../harness/engine/topology.js';

/** Comm path networks in priority order: a dedicated heartbeat network first, then management. */
export const COMM_PATHS: readonly NetworkRole[] = ['channel', 'management'];

export interface LkResource {
  readonly id: string;
  /** Nodes in failover priority order: home first. */
  readonly order: readonly number[];
  /** Data on shared storage (SCSI reservations), else replicated between the nodes. */
  readonly shared: boolean;
}

export interface LkLayout {
  /** Mask of the hosts that run LifeKeeper (resource nodes and witness-only nodes). */
  readonly nodes: number;
  /** Per host: the mask of its cluster (0 for a host without LifeKeeper). */
  readonly clusterOf: readonly number[];
  readonly resources: readonly LkResource[];
  /** Per node: bit i set when it has an endpoint on COMM_PATHS[i]. */
  readonly commPaths: readonly number[];
}

export function lifekeeperLayout(topo: CompiledTopology): LkLayout {
  const problems: TopologyIssue[] = [];
  const n = topo.hostIds.length;
  if (topo.services.length > 30)
    problems.push({ path: 'services', message: `${topo.services.length} resources; LifeKeeper models at most 30` });
  const root = topo.hostIds.map((_, h) => h);
  const find = (x: number): number => (root[x] === x ? x : (root[x] = find(root[x])));
  let nodes = 0;
  const resources = topo.services.map((s) => {
    const order = [s.home, ...s.backups];
    for (const h of order) nodes |= 1 << h;
    for (const h of order.slice(1)) root[find(h)] = find(s.home);
    const shared = topo.storageIds.length > 0 && order.every((h) => topo.pathsOfHost[h].length > 0);
    return { id: s.id, order, shared };
  });
  topo.services.forEach((s, i) => {
    if (s.backups.length === 0)
      problems.push({ path: `services[${i}].backups`, message: `${s.id}: LifeKeeper needs a backup node` });
  });
  const commPaths = topo.hostIds.map((_, h) =>
    COMM_PATHS.reduce((m, role, i) => (topo.endpoints[role][h].length > 0 ? m | (1 << i) : m), 0),
  );
  const clusterOf = topo.hostIds.map((_, h) => {
    if (((nodes >> h) & 1) === 0) return 0;
    let mask = 0;
    for (let k = 0; k < n; k++) if ((nodes >> k) & 1 && find(k) === find(h)) mask |= 1 << k;
    return mask;
  });
  // Witness nodes: LifeKeeper on a host that protects nothing (not a hypervisor, on a comm path
  // network) joins every cluster of its operating system.
  const hypervisors = topo.parentOf.reduce((m, p) => (p >= 0 ? m | (1 << p) : m), 0);
  let witnesses = 0;
  topo.hostIds.forEach((_, w) => {
    if ((nodes >> w) & 1 || (hypervisors >> w) & 1 || commPaths[w] === 0) return;
    witnesses |= 1 << w;
    for (let h = 0; h < n; h++) if ((nodes >> h) & 1 && topo.hostOs[h] === topo.hostOs[w]) clusterOf[h] |= 1 << w;
  });
  topo.hostIds.forEach((_, w) => {
    if (((witnesses >> w) & 1) === 0) return;
    for (let h = 0; h < n; h++) if ((nodes >> h) & 1 && (clusterOf[h] >> w) & 1) clusterOf[w] |= clusterOf[h];
  });
  nodes |= witnesses;
  topo.hostIds.forEach((id, h) => {
    if (((nodes >> h) & 1) === 0) return;
    if (commPaths[h] === 0)
      problems.push({
        path: 'hosts',
        message: `LifeKeeper node ${id} has no comm path (a NIC on the channel or management network)`,
      });
    for (let k = 0; k < n; k++) {
      if (k > h && (clusterOf[h] >> k) & 1 && topo.hostOs[k] !== topo.hostOs[h]) {
        problems.push({
          path: 'hosts',
          message: `${id} (${topo.hostOs[h]}) and ${topo.hostIds[k]} (${topo.hostOs[k]}) protect each other's resources, but a LifeKeeper cluster runs one operating system`,
        });
        break;
      }
    }
  });
  if (problems.length > 0) throw new TopologyError(problems);
  return { nodes, clusterOf, resources, commPaths };
}
