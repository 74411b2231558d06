// XenServer / XCP-ng HA (xhad + xapi): a pool of hosts that watch each other over the management
// network and through a statefile on a shared heartbeat SR, and fence themselves when the survival
// rules say so. Storage comes from the sanmelody layer.
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { SERVING_ROLE, storageAgents } from '../sanmelody/agents.js';
import { winnersWaitFor, xenserverKeys, xhaTimers, type XenserverSettings } from './config.js';
import { initialHostContext, xenserverHostMachine, type HostContext } from './hostAgent.js';
import { xenserverPresets } from './presets.js';
import { hostObserver, nextTick } from './sense.js';

const OUT_ROLES = new Set(['fenced', 'down', 'booting']);

function instantiate(topo: CompiledTopology, config: XenserverSettings): ModelInstance {
  const timers = xhaTimers(config);
  const timeoutMs = timers.timeoutMs;
  const n = topo.hostIds.length;
  const all = topo.allHostsMask;
  const hostAgents: AgentSpec[] = [];
  const layout = { hostAgent: topo.hostIds.map((_, h) => h) };
  const settings = {
    profile: config.profile,
    timers,
    rebootMs: config.hostBootMs,
    failuresToTolerate: config.hostFailuresToTolerate,
  };
  const tick = nextTick(timers.heartbeatMs);
  for (let h = 0; h < n; h++) {
    hostAgents.push({
      id: topo.hostIds[h],
      kind: 'host',
      machine: xenserverHostMachine,
      initial: 'live',
      context: initialHostContext(h, topo.hostIds, all, settings),
      host: h,
      storage: -1,
      sense: hostObserver(h, layout),
      // Every host's role and statefile entry (its published context), its own included.
      senseReads: { fabric: true, agents: layout.hostAgent },
      noticeAt: tick,
      published: (c: HostContext) => c.entry,
    });
  }
  const agents = [...hostAgents, ...storageAgents(topo, config, (h) => topo.hostIds[h])];
  const longest = Math.max(
    timers.joinTimeoutMs,
    timers.watchdogMs,
    config.hardFailoverMs,
    config.hostBootMs + timeoutMs,
    config.storageRebootMs + config.resyncMs + config.pathPollingMs,
    timers.winnersWaitMs + config.vmBootMs + 2 * timeoutMs,
  );
  return {
    agents,
    hostStatus: (role) => (OUT_ROLES.has(role) ? 'out' : 'up'),
    unsettled: (roles) =>
      agents.flatMap((a, i) => {
        if (a.kind === 'host' && roles[i] !== 'live') return [`${a.id} is ${roles[i]}, not live in the HA pool`];
        if (a.kind === 'multipath' && roles[i] !== 'ok') return [`${a.id} is ${roles[i]}`];
        return [];
      }),
    servingRole: SERVING_ROLE,
    serviceBootMs: config.vmBootMs,
    settleMs: 2 * longest,
    world: { storageRebootMs: config.storageRebootMs },
  };
}

/** The GUI enables HA without ha-config:timeout: T is the persistent default; a derived winners' wait follows it. */
function reenableFromGui(config: XenserverSettings): XenserverSettings {
  const timeoutMs = config.defaultHaTimeoutMs;
  const derivedWait = config.winnersWaitMs === winnersWaitFor(config.timeoutMs);
  return { ...config, timeoutMs, ...(derivedWait ? { winnersWaitMs: winnersWaitFor(timeoutMs) } : {}) };
}

export const xenserverHa: Model<XenserverSettings> = {
  name: 'xenserver-ha',
  version: '2.0.0',
  summary:
    'XenServer / XCP-ng pool HA: management-network heartbeats, statefile on a heartbeat SR, self-fencing, VM restart by priority',
  keys: xenserverKeys,
  presets: xenserverPresets,
  faults: [
    'nic-down',
    'bond-down',
    'switch-down',
    'link-cut',
    'partition',
    'host-crash',
    'storage-hard-powercycle',
    'storage-clean-stop',
    'path-down',
    'config-drift',
  ],
  drifts: [
    {
      name: 'ha-reenable-gui',
      describe:
        'HA disabled and re-enabled from the GUI: the timeout set with pool-ha-enable ha-config:timeout is lost; T becomes other-config:default_ha_timeout if set, else the built-in default',
      // seed 004: "If it's done from the GUI, it will revert to the 30-second default"; DOMAIN.md XenServer:
      // other-config:default_ha_timeout survives disable/enable (xapi xapi_ha.ml Timeouts.get_base_t).
      apply: reenableFromGui,
    },
  ],
  properties: [
    'noDualActive',
    'noUnnecessaryFence',
    'noPoolWideFence',
    'noFenceLoop',
    'serviceRestoredWithin',
    'servicesSurvive',
  ],
  // Not in DOMAIN.md or the seeds: Citrix Hypervisor 8.2 / XenServer 8 "Configuration limits", hosts per resource pool.
  maxHosts: {
    hosts: 64,
    source: 'Citrix Hypervisor 8.2 and XenServer 8 configuration limits: 64 hosts per resource pool',
    unverified: true,
  },
  instantiate,
};
