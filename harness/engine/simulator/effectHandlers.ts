// How the world carries out each effect a machine returns: one handler per effect kind, in a table
// typed over the `Effect` union, so a new kind of effect does not compile until it has a handler
// here. Handlers run at the current instant, inside the delivery that produced the effect.
import type { Effect } from '../effects.js';
import { serviceIndex, type SimCore } from './core.js';
import { replicate } from './replicas.js';
import { migrate, promoteService, restartServices, startService, stopInstance, stopInstancesOn } from './services.js';
import { DELIVER, ORDER, TIMER } from './state.js';

type Handlers = {
  readonly [K in Effect['do']]: (core: SimCore, a: number, effect: Extract<Effect, { do: K }>) => void;
};

const HANDLERS: Handlers = {
  startTimer(core, a, effect) {
    const st = core.st;
    const token = ++st.tokens;
    st.timers[a].set(effect.name, token);
    const order = effect.order === undefined ? null : { type: ORDER, order: effect.order };
    core.push(st.now + effect.ms, TIMER, a, null, effect.name, order, token);
  },
  cancelTimer(core, a, effect) {
    core.st.timers[a].delete(effect.name);
  },
  /** Self-fence: the host's instances vanish, its other agents are reset, the agent gets REBOOTED later. */
  fence(core, a, effect) {
    const { st, shape } = core;
    const host = shape.agents[a].host;
    core.record({ at: st.now, type: 'fence', host: shape.topo.hostIds[host], reason: effect.reason });
    stopInstancesOn(core, host, 'fence');
    st.timers[a].clear();
    for (const other of shape.agentsOfHost[host]) if (other !== a) core.deliver(other, { type: 'HOST_RESET' });
    core.push(st.now + effect.rebootMs, DELIVER, a, null, '', { type: 'REBOOTED' }, 0);
  },
  /** Fence a peer through a fence device (fencing.ts): the fencer hears FENCE_RESULT later. */
  fencePeer(core, a, effect) {
    core.fencing.request(a, effect);
  },
  send(core, a, effect) {
    const to = core.shape.agentIndex.get(effect.to) ?? -1;
    if (to < 0) throw new Error(`agent ${core.shape.agents[a].id} sent to unknown agent ${effect.to}`);
    core.deliver(to, effect.event);
  },
  restartServices(core, _a, effect) {
    restartServices(core, effect.hostMask, effect.ownerMask ?? 0, effect.priorities);
  },
  startService,
  migrateService(core, a, effect) {
    migrate(core, a, serviceIndex(core, effect.service, core.shape.agents[a].id), effect.to);
  },
  stopService(core, a, effect) {
    const spec = core.shape.agents[a];
    stopInstance(core, serviceIndex(core, effect.service, spec.id), spec.host, effect.cause ?? 'ha');
  },
  replicate,
  promoteService,
  note(core, a, effect) {
    core.record({ at: core.st.now, type: 'note', agent: core.shape.agents[a].id, text: effect.text });
  },
};

/** Carries out one effect of agent `a`'s latest step. */
export function applyEffect(core: SimCore, a: number, effect: Effect): void {
  // The table pairs each kind with its handler; TypeScript cannot follow that pairing through an
  // index by `effect.do`, hence the one cast.
  const handler = HANDLERS[effect.do] as ((core: SimCore, a: number, effect: Effect) => void) | undefined;
  if (handler === undefined) throw new Error(`unknown effect ${JSON.stringify(effect)}`);
  handler(core, a, effect);
}
