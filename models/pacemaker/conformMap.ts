// The model's faults and settings in the real lab's terms, for `conform --model pacemaker`. The lab
// (real.ts) has the design's nodes n1, n2 (up to n4; and q for qnetd); its link cut drops only the traffic between the
// two nodes, while both keep their paths to the fence devices and to qnetd. So a model fault maps to
// a lab fault only where it does the same: `partition n1|n2` of a two-node design without a quorum
// device, or `link-cut` of a node-to-node ring cable; cutting a node's only NIC (which also cuts it
// from its BMCs and the clients) has no counterpart here and is refused, one line per step.
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { FaultName, FaultStep } from '../../harness/engine/faults/index.js';
import type { PacemakerSettings } from './config.js';
import { DEFAULT_REAL_SETTINGS, labNodes, MAX_LAB_NODES, type RealClusterSettings } from './realConfig.js';
import type { RealPacemakerFault, RealStep } from './realSchedule.js';

/** Model fault ↔ lab fault. The targets are mapped by `labStep`. */
export const FAULT_MAP: Readonly<Partial<Record<FaultName, RealPacemakerFault>>> = {
  partition: 'cut-link',
  heal: 'repair-link',
  'link-cut': 'cut-link',
  'link-restore': 'repair-link',
  'host-crash': 'power-off',
  'host-boot': 'boot',
  slowdown: 'hang',
  resume: 'resume',
  'fence-device-down': 'fence-fail',
  'fence-device-up': 'fence-repair',
};

/** The design's cluster nodes (every host but the qnetd host), in order: node i is the lab's n<i+1>. */
export function clusterNodes(topo: CompiledTopology, cfg: PacemakerSettings): string[] {
  return topo.hostIds.filter((h) => h !== cfg.qnetdHost);
}

/** The lab's name of a model node (n1, n2 by position), or null for a host that is not one. */
export function labName(topo: CompiledTopology, cfg: PacemakerSettings, host: string): string | null {
  const i = clusterNodes(topo, cfg).indexOf(host);
  return i >= 0 && i < MAX_LAB_NODES ? labNodes(MAX_LAB_NODES)[i] : null;
}

/** The lab's nodes for this design (n1 … nN). */
export function labNodesOf(topo: CompiledTopology, cfg: PacemakerSettings): string[] {
  return labNodes(Math.min(MAX_LAB_NODES, clusterNodes(topo, cfg).length));
}

/** The lab target of a link fault (`a|b` of the two lab nodes), or why there is none. */
function linkTarget(topo: CompiledTopology, cfg: PacemakerSettings, s: FaultStep): string | { problem: string } {
  const both = 'n1|n2';
  if (clusterNodes(topo, cfg).length !== 2)
    return {
      problem: 'the lab cuts the cluster link of a two-node design only (larger designs: power, hang, fence faults)',
    };
  if (s.fault === 'partition' || s.fault === 'heal') {
    const groups = s.target.split('|');
    const nodes = groups.map((g) => g.split(',').map((h) => labName(topo, cfg, h)));
    if (cfg.qnetdHost === '' && groups.length === 2 && nodes.every((g) => g.length === 1 && g[0] !== null)) return both;
    return {
      problem: `the lab cuts only the link between the two nodes (qnetd stays reachable from both); for a design with a quorum device cut the ring cable (link-cut n1.ring0-n2.ring0)`,
    };
  }
  const link = topo.links.find((l) => l.id === s.target);
  const ends = link?.kind === 'crossover' ? s.target.split('-').map((e) => labName(topo, cfg, e.split('.')[0])) : [];
  if (ends.length === 2 && ends.every((e) => e !== null) && ends[0] !== ends[1]) return both;
  return {
    problem: `the lab cannot cut a node's own cable (it would also cut the node from its fence device and clients); cut the cluster link instead (partition ${clusterNodes(topo, cfg).join('|')}, or a ring cable between the nodes)`,
  };
}

/** One model step as a lab step, or why the lab cannot make it. `bootMs`: a boot's daemons start that much later. */
export function labStep(topo: CompiledTopology, cfg: PacemakerSettings, s: FaultStep): RealStep | { problem: string } {
  const fault = FAULT_MAP[s.fault];
  const where = `${s.fault} ${s.target}`;
  if (fault === undefined)
    return { problem: `${where}: the lab has no such fault (it has ${Object.keys(FAULT_MAP).join(', ')})` };
  if (fault === 'cut-link' || fault === 'repair-link') {
    const t = linkTarget(topo, cfg, s);
    return typeof t === 'string' ? { atMs: s.at, fault, target: t } : { problem: `${where}: ${t.problem}` };
  }
  if (fault === 'fence-fail' || fault === 'fence-repair') {
    const device = topo.fenceDevices.find((d) => d.id === s.target);
    const node = device === undefined ? null : labName(topo, cfg, topo.hostIds[device.host]);
    return node === null
      ? { problem: `${where}: not the fence device of a cluster node` }
      : { atMs: s.at, fault, target: node };
  }
  const node = labName(topo, cfg, s.target);
  if (node === null)
    return { problem: `${where}: not a cluster node (the lab runs faults on ${labNodesOf(topo, cfg).join(', ')})` };
  // The model's boot powers the host on and starts the daemons bootMs later; the lab starts them at once.
  return { atMs: fault === 'boot' ? s.at + cfg.bootMs : s.at, fault, target: node };
}

/** Settings the lab has no counterpart for, one line each. */
export function settingProblems(topo: CompiledTopology, cfg: PacemakerSettings): string[] {
  const out: string[] = [];
  const n = clusterNodes(topo, cfg).length;
  if (n > MAX_LAB_NODES) out.push(`the lab has 2 to ${MAX_LAB_NODES} cluster nodes; this design has ${n}`);
  if (cfg.priorityFencingDelayMs !== 0)
    out.push('priorityFencingDelayMs: the lab sets no priority-fencing-delay (give 0)');
  if (cfg.noQuorumPolicy !== 'stop') out.push('noQuorumPolicy: the lab runs no-quorum-policy=stop');
  if (!cfg.stonithEnabled)
    out.push('stonithEnabled: the lab always fences (a real cluster without fencing is unsafe to run)');
  return out;
}

/**
 * The lab's settings for a model configuration, watching `tailMs` after the last lab fault, the
 * whole run ending at `horizonMs`.
 */
export function labSettings(
  topo: CompiledTopology,
  cfg: PacemakerSettings,
  tailMs: number,
  horizonMs = Infinity,
): RealClusterSettings {
  const home = topo.services[0] === undefined ? null : labName(topo, cfg, topo.hostIds[topo.services[0].home]);
  const actionMs = Math.max(0, ...topo.fenceDevices.map((d) => d.actionMs));
  const nodes = labNodesOf(topo, cfg);
  return {
    ...DEFAULT_REAL_SETTINGS,
    nodes: nodes.length,
    tokenMs: cfg.tokenMs,
    // votequorum.c: two_node is for exactly two nodes (the model's rule too).
    twoNode: cfg.twoNode && cfg.qnetdHost === '' && nodes.length === 2,
    waitForAll: cfg.waitForAll,
    lastManStanding: cfg.lastManStanding,
    lastManStandingWindowMs: cfg.lastManStandingWindowMs,
    qdevice: cfg.qnetdHost === '' ? null : cfg.qdeviceAlgorithm,
    // The device that fences the first node carries pcmk_delay_base (it favours that node).
    fenceDelayBaseMs: nodes.map((_, i) => (i === 0 ? cfg.pcmkDelayBaseMs : 0)),
    fenceDelayMaxMs: nodes.map(() => cfg.pcmkDelayMaxMs),
    stonithTimeoutMs: cfg.stonithTimeoutMs,
    groupPrefers: home,
    // The model powers a rebooted node on one action later and starts its daemons bootMs after that.
    // A reboot due after the end is not watched (the lab would wait for it before it ends).
    rebootAfterFenceMs:
      cfg.fenceAction === 'reboot' && actionMs + cfg.bootMs < horizonMs ? actionMs + cfg.bootMs : null,
    bmcDelayMs: actionMs,
    tailMs,
  };
}
