// VMware vSphere HA: a cluster of ESX hosts on a shared datastore. The HA agent on each host (legacy
// AAM, or FDM with an elected master and datastore heartbeating) restarts the VMs of a failed host
// on the survivors; an isolated host applies its isolation response; VMFS locks keep a VM from
// starting twice while its files are held. The shared storage itself is not protected: losing it
// stops every VM (seed 003: VMware HA requires a SAN).
import type { CompiledTopology } from '../../harness/engine/compile.js';
import { ConfigError } from '../../harness/engine/config.js';
import { EMPTY_HOSTS, hasHost, withHost, type HostSet } from '../../harness/engine/hostSet.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { diskLockAgent } from '../disk-locks/diskLock.js';
import { isLegacy, LEGACY_ISOLATION_LEAD_MS, MAX_RESTART_ATTEMPTS, vmwareKeys, type VmwareSettings } from './config.js';
import { initialHostContext, isUp, vmwareHostMachine, type VhContext, type VhRole } from './hostAgent.js';
import { vmwarePresets } from './presets.js';
import { nextSecond, observeHost } from './sense.js';

const LOCK_AGENT = 'vmfs-locks';
const RANK: Record<string, number> = { restart: 0, 'best-effort': 1, unprotected: 2 };

/** The cluster's ESX hosts: the hosts that see the shared datastore (VMware HA needs one), each VM's home among them. */
function esxHosts(topo: CompiledTopology): number[] {
  const esxList = topo.hostIds.map((_, h) => h).filter((h) => topo.pathsOfHost[h].length > 0);
  const esx = esxList.reduce((set, h) => withHost(set, h), EMPTY_HOSTS);
  const problems = topo.services.flatMap((s, i) =>
    !hasHost(esx, s.home)
      ? [
          `services[${i}].home: ${s.id} runs on ${topo.hostIds[s.home]}, which has no path to the shared storage (not an ESX host of the cluster)`,
        ]
      : [],
  );
  if (esxList.length === 0)
    problems.push('storage.paths: no host reaches shared storage; VMware HA needs a shared datastore');
  if (problems.length > 0) throw new ConfigError(problems);
  return esxList;
}

/** A host agent's settings: who it is, the cluster's ESX hosts and VMs, and the timing and isolation choices in force. */
function hostContext(
  topo: CompiledTopology,
  config: VmwareSettings,
  h: number,
  esx: HostSet,
  agentIds: readonly string[],
  homes: readonly number[],
  initial: VhRole,
): VhContext {
  const failureMs = config.failureDetectionMs;
  const legacy = isLegacy(config.version);
  const address = config.isolationAddress;
  return initialHostContext(
    {
      self: h,
      ids: topo.hostIds,
      agentIds,
      esx,
      legacy,
      failureMs,
      legacyIsolationMs: failureMs - LEGACY_ISOLATION_LEAD_MS,
      electionWaitMs: config.electionWaitMs,
      electionMs: config.electionMs,
      isolationPingMs: config.isolationPingMs,
      policyDelayMs: config.isolationPolicyDelayMs,
      response: config.isolationResponse,
      isolationAddress: address,
      newMasterCheckMs: config.newMasterCheckMs,
      guestShutdownMs: config.guestShutdownMs,
      restartRetryMs: config.restartRetryMs,
      maxRestarts: MAX_RESTART_ATTEMPTS,
      bootMs: config.hostBootMs,
      vms: topo.services.map((s) => ({
        id: s.id,
        needs: s.needs,
        rank: RANK[s.priority] * 1_000_000 + s.order,
        isProtected: s.priority !== 'unprotected',
      })),
      capacity: topo.hostCapacity.map((c, k) => (hasHost(esx, k) ? c : 0)),
      lockAgent: LOCK_AGENT,
    },
    homes,
    initial,
  );
}

function instantiate(topo: CompiledTopology, config: VmwareSettings): ModelInstance {
  const address = config.isolationAddress;
  const isolationAddress = address === 'none' ? -1 : topo.hostIds.indexOf(address);
  if (isolationAddress < 0 && address !== 'none') {
    throw new ConfigError([
      `isolationAddress: no host \`${address}\` in topology ${topo.source.name} (hosts: ${topo.hostIds.join(', ')}; or \`none\`)`,
    ]);
  }
  const esxList = esxHosts(topo);
  const esx = esxList.reduce((set, h) => withHost(set, h), EMPTY_HOSTS);

  const legacy = isLegacy(config.version);
  const failureMs = config.failureDetectionMs;
  const agentIds = topo.hostIds.map((id, h) => (hasHost(esx, h) ? id : ''));
  const agentIndex = topo.hostIds.map((_, h) => esxList.indexOf(h));
  const layout = { agent: agentIndex, isolationAddress };
  const homes = topo.services.map((s) => s.home);
  const firstMaster = esxList[0];
  const agents: AgentSpec[] = esxList.map((h) => {
    const initial = legacy ? 'primary' : h === firstMaster ? 'master' : 'slave';
    const context = hostContext(topo, config, h, esx, agentIds, homes, initial);
    return {
      id: topo.hostIds[h],
      kind: 'host',
      machine: vmwareHostMachine,
      initial,
      context,
      host: h,
      storage: -1,
      sense: (view) => observeHost(h, layout, view),
      senseReads: { fabric: true, agents: agentIndex.filter((a) => a >= 0) },
      noticeAt: nextSecond,
      observeBeforeTimers: true,
    };
  });
  agents.push(
    diskLockAgent(
      topo,
      {
        id: LOCK_AGENT,
        what: 'VMFS lock',
        hostIds: topo.hostIds,
        serviceIds: topo.services.map((s) => s.id),
        notify: agentIds,
        breakLive: false,
      },
      homes,
    ),
  );
  const longest =
    failureMs +
    config.electionWaitMs +
    config.electionMs +
    config.newMasterCheckMs +
    config.isolationPingMs +
    config.isolationPolicyDelayMs +
    config.guestShutdownMs +
    config.restartRetryMs +
    config.vmBootMs +
    config.hostBootMs;
  return {
    agents,
    hostStatus: (role) => (isUp(role) ? 'up' : 'out'),
    servingRole: 'serving',
    serviceBootMs: config.vmBootMs,
    settleMs: 2 * longest,
    world: { storageRebootMs: config.storageRebootMs },
  };
}

export const vmwareHa: Model<VmwareSettings> = {
  name: 'vmware-ha',
  version: '1.0.0',
  summary:
    'VMware vSphere HA: master election (FDM) or legacy primaries (AAM), network and datastore heartbeats, isolation address and response, VM restart on the survivors by free capacity',
  keys: vmwareKeys,
  presets: vmwarePresets,
  faults: [
    'nic-down',
    'switch-down',
    'link-cut',
    'partition',
    'host-crash',
    'path-down',
    'storage-clean-stop',
    'storage-hard-powercycle',
    'live-migrate',
  ],
  drifts: [],
  properties: ['noDualActive', 'serviceRestoredWithin', 'noUnnecessaryFailover', 'servicesSurvive'],
  // Not in DOMAIN.md or the seeds: VMware configuration maximums (vSphere 7.0 U1 and later), hosts per cluster.
  maxHosts: {
    hosts: 96,
    source: 'VMware configuration maximums, vSphere 7.0 U1 and later: 96 hosts per cluster',
    unverified: true,
  },
  instantiate,
};
