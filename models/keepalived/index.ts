// keepalived (VRRP): routers that elect a MASTER by priority through periodic adverts; the MASTER
// holds the virtual IP. Adverts are edge-triggered (router.ts): the timings are the packet-by-packet
// model's (reference/, kept for the differential test), checked against the real daemon by
// `hafault conform` (harness/runners/conform/).
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { keepalivedKeys, MAX_ROUTERS, priorityOf, vrrpTimers, type KeepalivedSettings } from './config.js';
import { keepalivedPresets, VIP_SERVICE } from './presets.js';
import { initialRouterContext, routerMachine, type RouterContext, type RouterSettings } from './router.js';
import { observeLink } from './sense.js';

/** Each router's settings, in host order. */
export function routerSettings(topo: CompiledTopology, config: KeepalivedSettings): RouterSettings[] {
  const ids = topo.hostIds;
  if (ids.length > MAX_ROUTERS)
    throw new Error(
      `keepalived: at most ${MAX_ROUTERS} routers (priority1..priority${MAX_ROUTERS}), found ${ids.length}`,
    );
  const vip = topo.services.find((s) => s.id === VIP_SERVICE)?.id ?? topo.services[0]?.id ?? VIP_SERVICE;
  const priorities = ids.map((_, h) => priorityOf(config, h));
  return ids.map((id, h) => {
    const timers = vrrpTimers(config, priorities[h]);
    return {
      id,
      self: h,
      others: ids.filter((x) => x !== id),
      priority: priorities[h],
      priorities,
      advertIntMs: timers.advertIntMs,
      skewMs: timers.skewMs,
      masterDownMs: timers.masterDownMs,
      preempt: config.preempt,
      preemptDelayMs: config.preemptDelayMs,
      vip,
    };
  });
}

/** Every timer fires twice after the last fault: master-down (+ preempt delay) and one advert. */
export function settleMsOf(settings: readonly RouterSettings[], config: KeepalivedSettings): number {
  const longest = Math.max(0, ...settings.map((s) => s.masterDownMs + config.preemptDelayMs));
  return 2 * (longest + config.advertIntMs);
}

function instantiate(topo: CompiledTopology, config: KeepalivedSettings): ModelInstance {
  const settings = routerSettings(topo, config);
  const agents: AgentSpec[] = settings.map((cfg, h) => ({
    id: topo.hostIds[h],
    kind: 'host',
    machine: routerMachine,
    initial: 'INIT',
    context: initialRouterContext(cfg),
    host: h,
    storage: -1,
    // Reads the fabric, the roles and the MASTERs' phases, and the instant: sensed after every change.
    sense: (view) => observeLink(h, settings.length, view),
    published: (context) => (context as RouterContext).phaseMs,
    clocked: true,
    // A fault at the instant of a wake (a MASTER crashing as its advert falls due) is sensed first:
    // the packet model's advert timer was cancelled by it before it fired.
    observeBeforeTimers: true,
  }));
  return {
    agents,
    hostStatus: (role) => (role === 'DOWN' ? 'out' : 'up'),
    servingRole: '',
    serviceBootMs: 0,
    settleMs: settleMsOf(settings, config),
    world: { storageRebootMs: 0 },
  };
}

export const keepalived: Model<KeepalivedSettings> = {
  name: 'keepalived',
  version: '2.0.0',
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
