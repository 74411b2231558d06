// A toy model for the tests of how a run that never settles is handled: when its host crashes, an
// agent starts reacting forever, either to its own timer (`react=timer`; with `delayMs=0` time stands
// still) or by sending its peer a PING that the peer answers at once with another (`react=send`).
// A NIC failure does nothing, so schedules without a crash run to their end and hold.
import type { AgentEvent, Effect } from '../../harness/engine/effects.js';
import { defineMachine, update, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { ConfigKey, ConfigOf, Model, Preset } from '../../harness/engine/model.js';
import type { Topology } from '../../harness/engine/topology.js';

interface PingPongContext extends EffectfulContext {
  readonly peer: string;
  readonly react: string;
  readonly delayMs: number;
}

function react(c: PingPongContext, e: AgentEvent): readonly Effect[] {
  const again: Effect =
    c.react === 'send'
      ? { do: 'send', to: c.peer, event: { type: 'PING' } }
      : { do: 'startTimer', name: 'ping', ms: c.delayMs };
  if (e.type === 'CRASH' || e.type === 'PING' || (e.type === 'TIMER' && e.name === 'ping')) return [again];
  return [];
}

const pingPong = defineMachine<PingPongContext, AgentEvent>({
  id: 'ping-pong',
  initial: 'up',
  states: { up: { on: { '*': { actions: update((c, e) => ({ ...c, out: react(c, e) })) } } } },
});

const pair: Topology = {
  name: 'pair',
  description: 'Two hosts on one switch, one service',
  hosts: [
    { id: 'h1', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
    { id: 'h2', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
  ],
  switches: [{ id: 'sw' }],
  services: [{ id: 'app', home: 'h1', priority: 'restart' }],
};

const keys = [
  {
    key: 'react',
    type: 'enum',
    values: ['timer', 'send'],
    default: 'timer',
    describe: 'how an agent keeps reacting',
    source: 'test model',
  },
  {
    key: 'delayMs',
    type: 'ms',
    default: 0,
    describe: 'the delay of each timer',
    source: 'test model',
    min: 0,
    max: 60_000,
    rangeSource: 'test model',
  },
] as const satisfies readonly ConfigKey[];
type PingPongSettings = ConfigOf<typeof keys>;

const presets: readonly Preset<PingPongSettings>[] = [
  { name: 'pair', describe: 'two hosts', topology: pair, verdict: 'a crash never settles' },
];

export const pingPongModel: Model<PingPongSettings> = {
  name: 'ping-pong',
  version: '0',
  summary: 'test model: a crash starts agents reacting forever',
  keys,
  presets,
  faults: ['host-crash', 'nic-down'],
  drifts: [],
  properties: ['noDualActive'],
  instantiate: (topo, config) => ({
    agents: topo.hostIds.map((id, h) => ({
      id,
      kind: 'host',
      machine: pingPong,
      initial: 'up',
      context: {
        out: [],
        peer: topo.hostIds[(h + 1) % topo.hostIds.length],
        react: config.react,
        delayMs: config.delayMs,
      },
      host: h,
      storage: -1,
    })),
    hostStatus: () => 'up',
    servingRole: 'serving',
    serviceBootMs: 0,
    settleMs: 10_000,
    world: { storageRebootMs: 1000 },
  }),
};
