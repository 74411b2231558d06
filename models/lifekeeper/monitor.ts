// What a node checks on itself, on its own clock rather than at heartbeats: lkscsid inquires its
// shared disks every FAILFASTTIMER, lkcheck's IP quickCheck looks at the NIC that carries the
// virtual IPs. This agent senses both at once and tells the node's LifeKeeper core (LOCAL); the
// core's timers decide when a check finds what.
import { defineMachine, update, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { AgentSpec } from '../../harness/engine/model.js';

interface RelayContext extends EffectfulContext {
  readonly core: string;
}

type RelayEvent = { type: 'CHECK'; disk: number; link: number };

const relay = defineMachine<RelayContext, RelayEvent>({
  id: 'lifekeeper-monitor',
  initial: 'watching',
  states: {
    watching: {
      on: {
        CHECK: {
          actions: update((c, e) => ({
            ...c,
            out: [{ do: 'send', to: c.core, event: { type: 'LOCAL', disk: e.disk, link: e.link } }],
          })),
        },
      },
    },
  },
});

export function monitorAgent(host: number, hostId: string): AgentSpec {
  return {
    id: `${hostId}/monitor`,
    kind: 'monitor',
    machine: relay,
    initial: 'watching',
    context: { out: [], core: hostId } as RelayContext,
    host,
    storage: -1,
    sense: (view) => {
      const powered = view.fabric.hostPowered[host] === 1;
      return {
        type: 'CHECK',
        disk: powered && view.fabric.storageReachable(host) ? 1 : 0,
        link: powered && view.fabric.serviceNetworkUp(host) ? 1 : 0,
      };
    },
    senseReads: { fabric: true, agents: [] },
    noticeAt: (now) => now,
  };
}
