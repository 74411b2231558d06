// A real two-node (up to four-node) Corosync 3 + Pacemaker 2.1 cluster (and a corosync-qnetd host for the quorum
// device variant) in namespaces on this machine, running a fault schedule and reporting what
// happened (realObservation.ts). The recipe is DOMAIN.md "Real Corosync/Pacemaker here"; the network
// and the clean-up are the keepalived lab's (harness/lab): tagged names, a teardown on SIGINT/SIGTERM,
// and whatever a killed run left removed by the next one (or `hafault conform --cleanup`).
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTeardown } from '../../harness/lab/cleanup.js';
import { LabNetwork, SUBNET_PREFIX } from '../../harness/lab/network.js';
import { newLabPrefix } from '../../harness/lab/owner.js';
import { RunResources } from '../../harness/lab/resources.js';
import { removeRun, scanLabs } from '../../harness/lab/stale.js';
import { outputSync } from '../../harness/lab/shell.js';
import {
  cibXml,
  corosyncConf,
  GROUP_ADDRESS_SUFFIX,
  labNodes,
  QNETD_HOST,
  settingsProblems,
  type LabAddresses,
  type RealClusterSettings,
} from './realConfig.js';
import { fenceAgentScript } from './realFenceAgent.js';
import { LabNode } from './realNode.js';
import type { RealEvent, RealObservation } from './realObservation.js';
import { scheduleProblems, type RealSchedule } from './realSchedule.js';
import { ClusterRun } from './realRun.js';

export class RealLabError extends Error {}

export interface RealLabOptions {
  readonly settings: RealClusterSettings;
  readonly schedule: RealSchedule;
  /** Progress lines for a person (start-up, leftovers removed). */
  readonly say?: (line: string) => void;
  /** Test hooks: told what the run creates; called once the daemons run. */
  readonly onResources?: (res: RunResources) => void;
  readonly onStarted?: () => void;
  /** Longest wait for the cluster to settle before the schedule starts. */
  readonly settleLimitMs?: number;
}

export interface RealLabResult {
  readonly observation: RealObservation;
  readonly prefix: string;
  /** Per host: corosync and pacemaker logs, daemon output. */
  readonly logs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Lines of the fence agents' own log (`epoch_ms action by target [result]`). */
  readonly fenceLog: string;
}

/** Removes what killed lab runs left behind (their owner process is gone), saying what went. */
export function removeStaleLabs(say: (line: string) => void): void {
  for (const run of scanLabs().stale) {
    say(`removing what lab run ${run.prefix} left behind (its process, pid ${run.owner.pid}, is gone)`);
    removeRun(run, (r) =>
      say(`  ${r.failure ? `could not remove ${r.kind} ${r.name}: ${r.failure}` : `removed ${r.kind} ${r.name}`}`),
    );
  }
}

export async function runPacemakerLab(opts: RealLabOptions): Promise<RealLabResult> {
  const nodes = labNodes(opts.settings.nodes);
  const hosts = opts.settings.qdevice === null ? nodes : [...nodes, QNETD_HOST];
  const problems = [...settingsProblems(opts.settings), ...scheduleProblems(opts.schedule, nodes, hosts)];
  if (problems.length > 0) throw new RealLabError(problems.join('\n'));
  removeStaleLabs(opts.say ?? (() => undefined));
  const res = new RunResources(newLabPrefix());
  opts.onResources?.(res);
  // Whatever entered a node's namespaces (daemons, their children, commands under way) is killed
  // with the run, not only the processes it started itself.
  res.closers.push(() => {
    for (const ns of res.namespaces)
      for (const line of outputSync('ip', ['netns', 'pids', ns]).split('\n'))
        if (/^\d+$/.test(line.trim())) res.pids.add(Number(line.trim()));
  });
  const unregister = registerTeardown(() => res.teardown());
  try {
    return await runIn(res, hosts, opts);
  } finally {
    await res.teardownAsync();
    unregister();
  }
}

async function runIn(res: RunResources, hosts: readonly string[], opts: RealLabOptions): Promise<RealLabResult> {
  const s = opts.settings;
  const dir = mkdtempSync(join(tmpdir(), `${res.prefix}-`));
  res.dir = dir;
  mkdirSync(join(dir, 'fence'));
  writeFileSync(join(dir, 'fence.log'), '');
  const agentPath = join(dir, 'fence_lab');
  const names = labNodes(s.nodes);
  writeFileSync(agentPath, fenceAgentScript(dir, Math.ceil(s.stonithTimeoutMs / 1000) + 5, names), { mode: 0o755 });
  const net = await LabNetwork.create(res, hosts);
  const addressOf = new Map(net.hosts.map((h) => [h.id, h.address]));
  const addr: LabAddresses = {
    nodes: names.map((n) => addressOf.get(n)!),
    qnetd: addressOf.get(QNETD_HOST) ?? null,
    group: `${SUBNET_PREFIX}.${GROUP_ADDRESS_SUFFIX}`,
  };
  const conf = corosyncConf(s, addr);
  const cib = cibXml(s, addr);
  const nodes = net.hosts.map((h) => {
    const role = h.id === QNETD_HOST ? 'qnetd' : 'node';
    const node = new LabNode(h.id, h.ns, role, join(dir, h.id), res, agentPath, s.qdevice !== null);
    node.prepare(role === 'node' ? { corosyncConf: conf, cib } : {}, (p, t) => writeFileSync(p, t));
    return node;
  });
  const run = new ClusterRun(dir, nodes, net, addr, s, opts.say ?? (() => undefined));
  const done = await run.execute(opts);
  return { ...done, prefix: res.prefix };
}

export type { RealEvent };

const PROGRAMS: readonly [string, string][] = [
  ['corosync', 'corosync'],
  ['pacemakerd', 'pacemaker'],
  ['crm_mon', 'pacemaker-cli-utils'],
  ['corosync-quorumtool', 'corosync'],
  ['corosync-qnetd', 'corosync-qnetd'],
  ['corosync-qdevice', 'corosync-qdevice'],
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
];

/** Why the lab cannot run here (a missing program or fence_dummy to stand in for), or null. */
export function pacemakerLabUnavailable(): string | null {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  const missing = PROGRAMS.filter(([p]) => !dirs.some((d) => existsSync(join(d, p))));
  if (missing.length > 0)
    return `corosync/pacemaker lab: ${missing.map(([p]) => p).join(', ')} not installed (Debian: apt-get install ${[...new Set(missing.map(([, pkg]) => pkg))].join(' ')})`;
  // The lab agent is bind-mounted over fence_dummy inside each node (fence-agents ships it).
  if (!existsSync('/usr/sbin/fence_dummy'))
    return 'corosync/pacemaker lab: /usr/sbin/fence_dummy missing (Debian: apt-get install fence-agents)';
  return null;
}
