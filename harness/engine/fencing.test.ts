// Fencing a peer through a fence device, driven through the public simulator: an operator step tells
// a host's agent to fence another host (`h1 fences h2`), and the agent notes the FENCE_RESULT it
// gets. The device must work and be reachable from the fencer's host, acts after its action time,
// and the trace says who fenced whom through which device; the device's state is part of what a
// snapshot restores and a state hash reads.
import { describe, expect, it } from 'vitest';
import { compileTopology, TopologyError } from './compile.js';
import type { AgentEvent, Effect } from './effects.js';
import { FAULTS, type FaultStep } from './faults/index.js';
import { defineMachine, update, type EffectfulContext } from './fsm.js';
import type { Model } from './model.js';
import { Simulation, type StateSink } from './simulator.js';
import type { Topology } from './topology.js';
import type { TraceEntry } from './trace.js';
import { checkProperty } from '../../properties/index.js';

interface FencerContext extends EffectfulContext {
  readonly id: string;
}

/** `h1 fences h2` (a reboot) or `h1 fences h2 off`: the agent of h1 asks; every result becomes a note. */
function react(c: FencerContext, e: AgentEvent): readonly Effect[] {
  const order = e.type === 'OPERATOR' ? /^(\S+) fences (\S+)( off)?$/.exec(String(e.step)) : null;
  if (order !== null && order[1] === c.id)
    return [{ do: 'fencePeer', host: order[2], action: order[3] ? 'off' : 'reboot', reason: 'told to' }];
  if (e.type === 'FENCE_RESULT')
    return [
      {
        do: 'note',
        text: [`${String(e.host)} ok=${String(e.ok)}`, e.device, e.reason].filter((x) => x !== '').join(' '),
      },
    ];
  return [];
}

const fencer = defineMachine<FencerContext, AgentEvent>({
  id: 'fencer',
  initial: 'up',
  states: {
    up: { on: { CRASH: 'down', '*': { actions: update((c, e) => ({ ...c, out: react(c, e) })) } } },
    down: { on: { POWER_ON: 'up' } },
  },
});

const STEPS = ['h1 fences h2', 'h1 fences h2 off', 'h2 fences h3', 'h3 fences h2'];

const model: Model = {
  name: 'fencer',
  version: '0',
  summary: 'test model: hosts fence each other when told to',
  keys: [],
  presets: [],
  faults: [],
  drifts: [],
  operatorSteps: STEPS.map((name) => ({ name, describe: name })),
  properties: ['noUnnecessaryFence'],
  instantiate: (topo) => ({
    agents: topo.hostIds.map((id, h) => ({
      id,
      kind: 'host',
      machine: fencer,
      initial: 'up',
      context: { out: [], id },
      host: h,
      storage: -1,
    })),
    hostStatus: (role) => (role === 'up' ? 'up' : 'out'),
    servingRole: 'serving',
    serviceBootMs: 0,
    settleMs: 30_000,
    world: { storageRebootMs: 1000 },
  }),
};

/** h1 and h2 share sw1; the BMCs hang off sw2, cabled to sw1; h3 sits alone on sw3. */
const topology: Topology = {
  name: 'bmc',
  hosts: [
    { id: 'h1', nics: [{ id: 'n0', network: 'management', switch: 'sw1' }] },
    { id: 'h2', nics: [{ id: 'n0', network: 'management', switch: 'sw1' }] },
    { id: 'h3', nics: [{ id: 'n0', network: 'management', switch: 'sw3' }] },
  ],
  switches: [{ id: 'sw1' }, { id: 'sw2' }, { id: 'sw3' }],
  links: [{ a: 'sw1', b: 'sw2' }],
  services: [{ id: 'app', home: 'h2', priority: 'restart' }],
  fenceDevices: [
    { id: 'bmc2', host: 'h2', switch: 'sw2', actionMs: 3_000 },
    { id: 'bmc1', host: 'h1', switch: 'sw2' },
  ],
};

const topo = compileTopology(topology);
const order = (at: number, step: string): FaultStep => ({ at, fault: 'operator-step', target: step });
const run = (schedule: FaultStep[]) => new Simulation(model, topo, {}).run(schedule);
const notes = (entries: readonly TraceEntry[]) =>
  entries.flatMap((e) => (e.type === 'note' ? [`${e.at} ${e.agent}: ${e.text}`] : []));
const fences = (entries: readonly TraceEntry[]) => entries.filter((e) => e.type === 'fence');
const truthAt = (entries: readonly TraceEntry[], at: number) =>
  entries.filter((e) => e.type === 'truth' && e.at === at).map((e) => (e.type === 'truth' ? e.canRun : []));

describe('fencePeer through a fence device', () => {
  it('powers the victim off after the action time, records who fenced it through what, and cycles it back on', () => {
    const r = run([order(10_000, 'h1 fences h2')]);
    expect(fences(r.entries)).toEqual([
      {
        at: 13_000,
        type: 'fence',
        host: 'h2',
        reason: 'told to (reboot by h1 through bmc2)',
        by: 'h1',
        device: 'bmc2',
      },
    ]);
    expect(r.entries).toContainEqual({
      at: 13_000,
      type: 'service',
      service: 'app',
      host: 'h2',
      state: 'stopped',
      cause: 'fence',
    });
    expect(truthAt(r.entries, 13_000)).toEqual([['h1', 'h3']]);
    expect(notes(r.entries)).toEqual(['13000 h1: h2 ok=1 bmc2']);
    expect(truthAt(r.entries, 16_000)).toEqual([['h1', 'h2', 'h3']]);
    expect(r.entries).toContainEqual({ at: 16_000, type: 'role', agent: 'h2', kind: 'host', role: 'up', status: 'up' });
  });

  it('`off` leaves the victim off', () => {
    const r = run([order(10_000, 'h1 fences h2 off')]);
    expect(fences(r.entries).map((e) => e.at)).toEqual([13_000]);
    expect(r.entries.filter((e) => e.type === 'truth' && e.at > 13_000)).toEqual([]);
  });

  it('fails through a downed device: no fence, the victim runs on, the fencer hears why', () => {
    const r = run([{ at: 5_000, fault: 'fence-device-down', target: 'bmc2' }, order(10_000, 'h1 fences h2')]);
    expect(fences(r.entries)).toEqual([]);
    expect(notes(r.entries)).toEqual(['13000 h1: h2 ok=0 bmc2 bmc2 is down']);
    expect(r.entries).not.toContainEqual(expect.objectContaining({ type: 'service', host: 'h2', state: 'stopped' }));
  });

  it('works again once the device is repaired', () => {
    const r = run([
      { at: 5_000, fault: 'fence-device-down', target: 'bmc2' },
      { at: 8_000, fault: 'fence-device-up', target: 'bmc2' },
      order(10_000, 'h1 fences h2'),
    ]);
    expect(fences(r.entries).map((e) => e.host)).toEqual(['h2']);
  });

  it('fails when the fencer cannot reach the device over the switches', () => {
    expect(
      notes(run([{ at: 5_000, fault: 'link-cut', target: 'sw1-sw2' }, order(10_000, 'h1 fences h2')]).entries),
    ).toEqual(['13000 h1: h2 ok=0 bmc2 h1 cannot reach bmc2 (on switch sw2, management network)']);
    expect(notes(run([order(10_000, 'h3 fences h2')]).entries)).toEqual([
      '13000 h3: h2 ok=0 bmc2 h3 cannot reach bmc2 (on switch sw2, management network)',
    ]);
    expect(
      fences(run([{ at: 5_000, fault: 'switch-down', target: 'sw2' }, order(10_000, 'h1 fences h2')]).entries),
    ).toEqual([]);
  });

  it('a partition between hosts does not cut the way to a management port', () => {
    expect(
      fences(run([{ at: 5_000, fault: 'partition', target: 'h1|h2,h3' }, order(10_000, 'h1 fences h2')]).entries).map(
        (e) => e.by,
      ),
    ).toEqual(['h1']);
  });

  it('a device that fails during its action does nothing', () => {
    const r = run([order(10_000, 'h1 fences h2'), { at: 11_000, fault: 'fence-device-down', target: 'bmc2' }]);
    expect(fences(r.entries)).toEqual([]);
    expect(notes(r.entries)).toEqual(['13000 h1: h2 ok=0 bmc2 bmc2 failed during the action']);
  });

  it('a host no device controls cannot be fenced: the answer comes at once', () => {
    expect(notes(run([order(10_000, 'h2 fences h3')]).entries)).toEqual([
      '10000 h2: h3 ok=0 no fence device controls h3',
    ]);
  });

  it('noUnnecessaryFence judges a peer fence by the truth before it, and names the fencer', () => {
    expect(checkProperty('noUnnecessaryFence', run([order(10_000, 'h1 fences h2')]))).toMatchObject({
      status: 'violated',
      at: 13_000,
      explanation: expect.stringContaining('h2 fenced by h1 through bmc2'),
    });
    const dead = run([{ at: 5_000, fault: 'nic-down', target: 'h2.n0' }, order(10_000, 'h1 fences h2')]);
    expect(fences(dead.entries)).toHaveLength(1);
    expect(checkProperty('noUnnecessaryFence', dead).status).toBe('holds');
  });
});

describe('fence devices in the world', () => {
  it('compile with their host, switch, network and action time; ids are checked', () => {
    expect(topo.fenceDevices).toEqual([
      { id: 'bmc2', host: 1, switchIndex: 1, network: 'management', actionMs: 3_000 },
      { id: 'bmc1', host: 0, switchIndex: 1, network: 'management', actionMs: 5_000 },
    ]);
    expect(topo.fenceDevicesOfHost).toEqual([[1], [0], []]);
    const bad = {
      ...topology,
      fenceDevices: [
        { id: 'bmc2', host: 'h9', switch: 'sw4', actionMs: 0 },
        { id: 'sw1', host: 'h1', switch: 'sw1' },
      ],
    };
    expect(() => compileTopology(bad)).toThrow(TopologyError);
    try {
      compileTopology(bad);
    } catch (error) {
      expect((error as TopologyError).problems).toEqual([
        'fenceDevices[1].id: duplicate id `sw1` (already used by switches[0].id); host, switch, storage node and fence device ids must be unique',
        'fenceDevices[0].host: unknown host `h9`; did you mean `h1`? (hosts: h1, h2, h3)',
        'fenceDevices[0].switch: unknown switch `sw4`; did you mean `sw1`? (switches: sw1, sw2, sw3)',
        'fenceDevices[0].actionMs: expected whole milliseconds from 1 to 600000, found 0',
      ]);
    }
  });

  it('fence-device-down targets each device and reads as a sentence; its repair undoes it', () => {
    const vocabulary = { drifts: [], operatorSteps: [] };
    expect(FAULTS['fence-device-down'].targets(topo, vocabulary)).toEqual(['bmc2', 'bmc1']);
    expect(FAULTS['fence-device-down'].sentence('bmc2')).toBe('fence device bmc2 fails');
    expect(FAULTS['fence-device-down'].repairedBy).toBe('fence-device-up');
    expect(FAULTS['fence-device-up'].isRepair).toBe(true);
  });

  it("a device's state is snapshotted, restored and hashed", () => {
    const sim = new Simulation(model, topo, {});
    const hash = () => {
      const parts: string[] = [];
      const sink: StateSink = {
        num: (n) => parts.push(String(n)),
        str: (s) => parts.push(s),
        value: (v) => parts.push(JSON.stringify(v)),
      };
      sim.hashState(sink);
      return parts.join('|');
    };
    sim.begin();
    const before = hash();
    const saved = sim.snapshot();
    sim.injectNow(1_000, 'fence-device-down', 'bmc2');
    expect(sim.fabric.fenceDeviceUp[0]).toBe(0);
    expect(hash()).not.toBe(before);
    sim.restore(saved);
    expect(sim.fabric.fenceDeviceUp[0]).toBe(1);
    expect(hash()).toBe(before);
  });

  it('a fence in flight is part of the state: restoring mid-flight replays the same ending', () => {
    const sim = new Simulation(model, topo, {});
    sim.begin('full');
    sim.injectNow(10_000, 'operator-step', 'h1 fences h2');
    const saved = sim.snapshot();
    const finish = () => {
      while (sim.stepInstant() >= 0);
      return JSON.stringify(sim.recorded);
    };
    const first = finish();
    expect(first).toContain('"by":"h1"');
    sim.restore(saved);
    expect(finish()).toBe(first);
  });
});
