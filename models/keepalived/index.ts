// keepalived (VRRP): routers that elect a MASTER by priority through periodic adverts; the MASTER
// holds the virtual IP. Per-packet model (adverts are events), checked against the real daemon by
// `hafault conform` (harness/runners/conform/).
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { keepalivedKeys, MAX_ROUTERS, priorityOf, vrrpTimers, type KeepalivedSettings } from './config.js';
import { keepalivedPresets, VIP_SERVICE } from './presets.js';
import { initialRouterContext, routerMachine } from './router.js';
import { observeLink } from './sense.js';

function instantiate(topo: CompiledTopology, config: KeepalivedSettings): ModelInstance {
  const ids = topo.hostIds;
  if (ids.length > MAX_ROUTERS)
    throw new Error(
      `keepalived: at most ${MAX_ROUTERS} routers (priority1..priority${MAX_ROUTERS}), found ${ids.length}`,
    );
  const vip = topo.services.find((s) => s.id === VIP_SERVICE)?.id ?? topo.services[0]?.id ?? VIP_SERVICE;
  let longest = 0;
  const agents: AgentSpec[] = ids.map((id, h) => {
    const priority = priorityOf(config, h);
    const timers = vrrpTimers(config, priority);
    longest = Math.max(longest, timers.masterDownMs + config.preemptDelayMs);
    return {
      id,
      kind: 'host',
      machine: routerMachine,
      initial: 'INIT',
      context: initialRouterContext({
        self: h,
        others: ids.filter((x) => x !== id),
        priority,
        advertIntMs: timers.advertIntMs,
        skewMs: timers.skewMs,
        masterDownMs: timers.masterDownMs,
        preempt: config.preempt,
        preemptDelayMs: config.preemptDelayMs,
        vip,
      }),
      host: h,
      storage: -1,
      sense: (view) => observeLink(h, view),
      senseReads: { fabric: true, agents: [] },
    };
  });
  return {
    agents,
    hostStatus: (role) => (role === 'DOWN' ? 'out' : 'up'),
    servingRole: '',
    serviceBootMs: 0,
    // Every timer fires twice after the last fault: master-down (+ preempt delay) and one advert.
    settleMs: 2 * (longest + config.advertIntMs),
    world: { storageRebootMs: 0 },
  };
}

export const keepalived: Model<KeepalivedSettings> = {
  name: 'keepalived',
  version: '1.0.0',
  summary:
    'keepalived VRRP: INIT/BACKUP/MASTER/FAULT routers, priorities, advert interval, master-down interval with skew, preemption, priority-0 advert on a clean stop',
  keys: keepalivedKeys,
  presets: keepalivedPresets,
  faults: ['host-crash', 'agent-stop', 'slowdown', 'partition', 'link-cut', 'nic-down'],
  drifts: [],
  properties: ['noDualActive', 'serviceRestoredWithin', 'servicesSurvive'],
  maxHosts: {
    hosts: MAX_ROUTERS,
    source: `modelling choice: one priority setting per router (priority1..priority${MAX_ROUTERS})`,
    unverified: true,
  },
  instantiate,
};
