// The run-state record and its four derived operations: every field (the mutation table below is
// typed over SimState, so a new field does not compile without its entry here) is changed in
// turn, in place where it can be, on a run where every field holds something; snapshot/restore
// must undo the change, reset must forget it, and the explore fingerprint must change exactly when
// the field's hash rule says the future depends on it.
import { describe, expect, it } from 'vitest';
import { StateHasher } from '../../runners/explore/hash.js';
import { compileTopology } from '../compile.js';
import { Fabric } from '../fabric.js';
import { Simulation } from '../simulator.js';
import type { Model } from '../model.js';
import type { Topology } from '../topology.js';
import { loopOf, puppetModel } from '../../../test/models/puppet.js';
import { FIELD_TABLE, resetState, STATE_FIELDS } from './stateFields.js';
import { SERVICE_UP, type SimState } from './state.js';

const topology: Topology = {
  name: 'every-array',
  hosts: [
    {
      id: 'h1',
      capacity: 4,
      powerSupplies: 2,
      nics: [
        { id: 'm0', network: 'management', switch: 'sw' },
        { id: 'v0', network: 'vm', switch: 'sw' },
        { id: 'v1', network: 'vm', switch: 'sw' },
      ],
      bonds: [{ id: 'bond0', network: 'vm', nics: ['v0', 'v1'] }],
    },
    { id: 'h2', capacity: 4, nics: [{ id: 'm0', network: 'management', switch: 'sw' }] },
  ],
  switches: [{ id: 'sw' }],
  storage: { nodes: [{ id: 'san1' }], paths: [{ host: 'h1', node: 'san1' }] },
  services: [{ id: 'app', home: 'h1', priority: 'restart', needs: 1 }],
  fenceDevices: [{ id: 'h2-bmc', host: 'h2', switch: 'sw' }],
};
const topo = compileTopology(topology);
const model = puppetModel();

/**
 * A run at 1 s in which every field holds something: a timer (h1), a replica of app on h2 fed from
 * h1, a lock-step mirror of app booting on h2, and h2 paused with an event waiting for it.
 */
function scene(): { sim: Simulation; st: SimState } {
  const sim = new Simulation(model, topo, {});
  sim.begin();
  const loop = loopOf(sim);
  loop.deliver(0, { type: 'GO', effects: [{ do: 'startTimer', name: 'beat', ms: 5000 }] });
  loop.deliver(1, {
    type: 'GO',
    effects: [
      { do: 'replicate', service: 'app', from: 'h1', over: ['management'], mode: 'async', lagMs: 100 },
      { do: 'startService', service: 'app', cause: 'mirror', bootMs: 3000 },
    ],
  });
  sim.inject({ at: 1000, fault: 'slowdown', target: 'h2' });
  sim.advance(1000);
  loop.deliver(1, { type: 'GO' });
  return { sim, st: loop.st };
}

/** One hasher for every fingerprint, as explore keeps one: it remembers objects by identity. */
const hasher = new StateHasher();

function fingerprint(sim: Simulation): number {
  hasher.reset();
  sim.hashState(hasher);
  return hasher.key;
}

/**
 * The record as plain data, independent of the snapshot code (the objects restored in place read
 * through their own accessors). Without `truthVersion` and `senseCache`: caches, whose values do not
 * matter as long as restore and reset invalidate them (checked on their own below).
 */
function plain(st: SimState): unknown {
  const { truthVersion: _cache, senseCache: _senses, ...rest } = st;
  return structuredClone({ ...rest, fabric: st.fabric.state(), queue: st.queue.save() });
}

type Mutation = readonly [what: string, change: (st: SimState) => void];

/** Changes to each field, in place where the field is changed in place during a run. */
const MUTATIONS: { readonly [K in keyof SimState]: readonly Mutation[] } = {
  fabric: new Fabric(topo).state().map((_, i): Mutation => [`array ${i}`, (st) => void (st.fabric.state()[i][0] ^= 1)]),
  config: [['a drift', (st) => void (st.config = { ...st.config, drifted: true })]],
  states: [
    [
      'a context',
      (st) =>
        void (st.states[0] = { value: st.states[0].value, context: { ...(st.states[0].context as object), probe: 1 } }),
    ],
  ],
  roles: [['a role', (st) => void (st.roles[0] = 'probe')]],
  lastSensed: [['an observation', (st) => void (st.lastSensed[0] = { type: 'PROBE' })]],
  lastCanRun: [['canRun', (st) => void (st.lastCanRun = (st.lastCanRun as number) ^ 4)]],
  lastServing: [['serving', (st) => void (st.lastServing ^= 4)]],
  lastReachable: [['reachable', (st) => void (st.lastReachable = (st.lastReachable as number) ^ 4)]],
  replicas: [
    ['flowing', (st) => void (st.replicas[0].flowing = !st.replicas[0].flowing)],
    ['upToMs', (st) => void (st.replicas[0].upToMs += 1)],
    ['a second replica', (st) => void st.replicas.push({ ...st.replicas[0], host: 0 })],
  ],
  instances: [
    ['host', (st) => void (st.instances[0][1].host = 0)],
    ['running', (st) => void (st.instances[0][1].running = true)],
    ['shadow', (st) => void (st.instances[0][1].shadow = false)],
    ['token of a booting instance', (st) => void (st.instances[0][1].token += 100)],
    ['a stop', (st) => void st.instances[0].pop()],
  ],
  lostWith: [['a lost host', (st) => void (st.lostWith[0] = 1)]],
  deferred: [['a missed event', (st) => void st.deferred[1].push([1, { type: 'PROBE' }, 0])]],
  queue: [
    [
      'an item',
      (st) =>
        void st.queue.push({
          at: 2000,
          seq: 0,
          kind: SERVICE_UP,
          agent: 0,
          fault: null,
          target: '',
          event: null,
          token: -1,
        }),
    ],
  ],
  timers: [['a cancel', (st) => void st.timers[0].clear()]],
  senseDue: [['a due observation', (st) => void (st.senseDue[0] = 1500)]],
  now: [['the clock', (st) => void (st.now += 1)]],
  level: [['the level', (st) => void (st.level = 'full')]],
  entries: [['an entry', (st) => void st.entries.push({ at: 1000, type: 'note', agent: 'h1', text: 'probe' })]],
  tokens: [['the counter', (st) => void (st.tokens += 1)]],
  events: [['the count', (st) => void (st.events += 1)]],
  depth: [['nesting', (st) => void (st.depth = 3)]],
  truthVersion: [],
  senseCache: [],
};

const cases = STATE_FIELDS.flatMap((field) => MUTATIONS[field].map(([what, change]) => [field, what, change] as const));

describe('the run-state record', () => {
  it('holds exactly the fields of the table, and the scene fills every array', () => {
    const { st } = scene();
    expect(Object.keys(st).sort()).toEqual([...STATE_FIELDS].sort());
    expect([st.replicas.length, st.instances[0].length, st.deferred[1].length, st.timers[0].size]).toEqual([
      1, 2, 1, 1,
    ]);
    expect(st.fabric.state().filter((a) => a.length === 0)).toEqual([]);
  });

  it('the fabric saves every array it has', () => {
    const f = new Fabric(topo);
    const arrays = Object.values(f).filter((v) => v instanceof Uint8Array);
    expect(arrays.length).toBe(f.state().length);
    for (const a of arrays) expect(f.state()).toContain(a);
  });

  it.each(cases)(
    '%s (%s): snapshot and restore undo it, the fingerprint follows the hash rule',
    (field, _what, change) => {
      const { sim, st } = scene();
      const before = plain(st);
      const key = fingerprint(sim);
      const saved = sim.snapshot();
      change(st);
      expect(plain(st)).not.toEqual(before);
      if ('leftOut' in FIELD_TABLE[field].hash) expect(fingerprint(sim)).toBe(key);
      else expect(fingerprint(sim)).not.toBe(key);
      sim.restore(saved);
      expect(plain(st)).toEqual(before);
      expect(fingerprint(sim)).toBe(key);
      // Restoring twice from one snapshot: the first restore must not have handed the snapshot's own arrays to the run.
      change(st);
      sim.restore(saved);
      expect(plain(st)).toEqual(before);
    },
  );

  it.each(cases)('%s (%s): reset forgets it', (_field, _what, change) => {
    const fresh = scene();
    resetState(fresh.st, loopOf(fresh.sim).shape);
    const { sim, st } = scene();
    change(st);
    resetState(st, loopOf(sim).shape);
    expect(plain(st)).toEqual(plain(fresh.st));
  });

  it('restore and reset invalidate the ground-truth cache, so ground truth is computed again', () => {
    const { sim, st } = scene();
    const saved = sim.snapshot();
    expect(st.truthVersion).toBe(st.fabric.version);
    sim.restore(saved);
    expect(st.truthVersion).not.toBe(st.fabric.version);
    st.truthVersion = st.fabric.version;
    resetState(st, loopOf(sim).shape);
    expect(st.truthVersion).not.toBe(st.fabric.version);
  });

  it('restore and reset clear the sense cache: nothing kept is fresh afterwards', () => {
    const reading: Model = {
      ...model,
      instantiate: (t, c) => {
        const inst = model.instantiate(t, c);
        return { ...inst, agents: inst.agents.map((a) => ({ ...a, senseReads: { fabric: true, agents: [1] } })) };
      },
    };
    const sim = new Simulation(reading, topo, {});
    sim.begin();
    const st = loopOf(sim).st;
    const saved = sim.snapshot();
    const keep = () => st.senseCache.keep(0, { type: 'PROBE' }, st.fabric.version);
    keep();
    expect(st.senseCache.fresh(0, st.fabric.version)).toBe(true);
    sim.restore(saved);
    expect(st.senseCache.fresh(0, st.fabric.version)).toBe(false);
    keep();
    expect(st.senseCache.fresh(0, st.fabric.version)).toBe(true);
    resetState(st, loopOf(sim).shape);
    expect(st.senseCache.fresh(0, st.fabric.version)).toBe(false);
  });
});
