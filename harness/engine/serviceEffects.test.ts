// The engine's service vocabulary beyond a plain takeover: start causes, capacity (a VM's services
// use room on its physical host too; a start without room is refused and the asking agent told),
// live migration, the live-migrate fault, failover orders and host OS in topologies, free-text
// settings, observations before timers at the same instant. A toy model whose machine logs its
// events and asks for whatever effects they carry.
import { describe, expect, it } from 'vitest';
import { compileTopology } from './compile.js';
import { resolveConfig } from './config.js';
import type { AgentEvent, Effect } from './effects.js';
import { FAULTS } from './faults/index.js';
import { defineMachine, update, type EffectfulContext } from './fsm.js';
import type { Model } from './model.js';
import { loopOf, puppetLog, puppetModel } from '../../test/models/puppet.js';
import { planRestart } from './placement.js';
import { Simulation } from './simulator.js';
import type { Topology } from './topology.js';

const topology: Topology = {
  name: 'capacity',
  hosts: [
    { id: 'hyp', capacity: 10, nics: [] },
    { id: 'vm1', runsOn: 'hyp', capacity: 8, nics: [] },
    { id: 'vm2', runsOn: 'hyp', capacity: 8, nics: [] },
    { id: 'phys', capacity: 8, nics: [] },
  ],
  switches: [],
  services: [
    { id: 'a', home: 'vm1', priority: 'restart', needs: 6, backups: ['phys'] },
    { id: 'b', home: 'phys', priority: 'restart', needs: 6, backups: ['vm2'] },
  ],
};

const toy = puppetModel({
  keys: [{ key: 'address', type: 'string', default: 'gw', describe: 'a component id', source: 'test' }],
});

function sim() {
  const s = new Simulation(toy, compileTopology(topology), {});
  s.begin();
  const inner = loopOf(s);
  const drive = (agent: number, ...effects: Effect[]) => inner.deliver(agent, { type: 'GO', effects });
  const log = (agent: number) => puppetLog(s, agent).filter((e) => e.type !== 'GO');
  const entries = () => inner.st.entries.filter((e) => e.type === 'service' || e.type === 'refused');
  return { drive, log, entries };
}

describe('service effects', () => {
  it('a start records its cause (takeover by default, local recovery when asked)', () => {
    const { drive, entries } = sim();
    drive(3, { do: 'stopService', service: 'b' });
    drive(3, { do: 'startService', service: 'b', cause: 'local-recovery' });
    drive(2, { do: 'startService', service: 'a' });
    expect(entries().slice(-3)).toEqual([
      { at: 0, type: 'service', service: 'b', host: 'phys', state: 'stopped', cause: 'ha' },
      { at: 0, type: 'service', service: 'b', host: 'phys', state: 'running', cause: 'local-recovery' },
      {
        at: 0,
        type: 'refused',
        service: 'a',
        host: 'vm2',
        reason: 'needs 6 units; hyp (which vm2 runs on) has 4 of 10 free',
      },
    ]);
  });

  it('a refused start tells the agent that asked, with the reason', () => {
    const { drive, log } = sim();
    drive(2, { do: 'startService', service: 'b' });
    expect(log(2)).toEqual([
      { type: 'START_FAILED', service: 'b', reason: 'needs 6 units; hyp (which vm2 runs on) has 4 of 10 free' },
    ]);
  });

  it("a VM's own capacity bounds it too", () => {
    const { drive, log } = sim();
    drive(1, { do: 'startService', service: 'b' });
    expect(log(1)).toEqual([{ type: 'START_FAILED', service: 'b', reason: 'needs 6 units; vm1 has 2 of 8 free' }]);
  });

  it('live migration moves the running instance without a pause and reports the result', () => {
    const { drive, log, entries } = sim();
    drive(3, { do: 'migrateService', service: 'b', to: 'vm1' });
    expect(log(3)).toEqual([
      { type: 'MIGRATED', service: 'b', to: 'vm1', ok: 0, reason: 'needs 6 units; vm1 has 2 of 8 free' },
    ]);
    drive(1, { do: 'migrateService', service: 'a', to: 'vm2' });
    expect(log(1)).toEqual([{ type: 'MIGRATED', service: 'a', to: 'vm2', ok: 1, reason: '' }]);
    expect(entries().slice(-2)).toEqual([
      { at: 0, type: 'service', service: 'a', host: 'vm1', state: 'stopped', cause: 'migrate' },
      { at: 0, type: 'service', service: 'a', host: 'vm2', state: 'running', cause: 'migrate' },
    ]);
    drive(1, { do: 'migrateService', service: 'a', to: 'phys' });
    expect(log(1)[1]).toEqual({
      type: 'MIGRATED',
      service: 'a',
      to: 'phys',
      ok: 0,
      reason: 'no running instance on vm1',
    });
  });

  it("restart placement counts a VM's services against its physical host", () => {
    const topo = compileTopology(topology);
    // b is down; vm2 has room of its own but hyp has only 4 units left once a runs on vm1.
    expect(planRestart(topo.services, [[1], []], 0b0110, topo.hostCapacity, 0, topo.parentOf).placements).toEqual([]);
    expect(planRestart(topo.services, [[1], []], 0b0110, topo.hostCapacity).placements).toEqual([
      { service: 1, host: 2 },
    ]);
  });
});

describe('restart passes (restartServices)', () => {
  const pool: Topology = {
    name: 'pool',
    hosts: ['h1', 'h2', 'h3'].map((id) => ({ id, capacity: 4, nics: [] })),
    switches: [],
    services: [
      { id: 'be', home: 'h3', priority: 'best-effort', order: 0, needs: 2 },
      { id: 'p', home: 'h3', priority: 'restart', order: 1, needs: 2 },
      { id: 'q', home: 'h2', priority: 'restart', order: 0, needs: 4 },
    ],
  };
  const topo = compileTopology(pool);

  function run() {
    const s = new Simulation(toy, topo, {});
    s.begin();
    const inner = loopOf(s);
    const drive = (agent: number, ...effects: Effect[]) => inner.deliver(agent, { type: 'GO', effects });
    const at = (ms: number) => s.advance(ms);
    const starts = () =>
      inner.st.entries.flatMap((e) => (e.type === 'service' && e.state !== 'stopped' && e.at > 0 ? [e.service] : []));
    const refused = () => inner.st.entries.filter((e) => e.type === 'refused');
    return { s, drive, at, starts, refused };
  }

  it('a service lost with a host the decider still counts alive is believed to run there; it restarts once that host is out of both masks', () => {
    const { s, drive, at, starts } = run();
    s.inject({ at: 1000, fault: 'host-crash', target: 'h3' });
    at(1000);
    drive(0, { do: 'restartServices', hostMask: 0b011, ownerMask: 0b100 });
    expect(starts()).toEqual([]);
    drive(0, { do: 'restartServices', hostMask: 0b011 });
    expect(starts()).toEqual(['p', 'be']);
  });

  it('a host that boots again is known to run nothing: its lost services restart even while it still counts as an owner', () => {
    const { s, drive, at, starts } = run();
    s.inject({ at: 1000, fault: 'host-crash', target: 'h3' });
    s.inject({ at: 2000, fault: 'host-boot', target: 'h3' });
    at(2000);
    drive(0, { do: 'restartServices', hostMask: 0b011, ownerMask: 0b100 });
    expect(starts()).toEqual(['p', 'be']);
  });

  it('priorities limit a pass; what no host has room for is recorded as refused, against the host with the most room', () => {
    const { s, drive, at, starts, refused } = run();
    s.inject({ at: 1000, fault: 'host-crash', target: 'h2' });
    s.inject({ at: 1000, fault: 'host-crash', target: 'h3' });
    at(1000);
    drive(0, { do: 'restartServices', hostMask: 0b001, priorities: ['restart'] });
    // q (order 0) needs all of h1; p finds no room; be is not part of this pass.
    expect(starts()).toEqual(['q']);
    expect(refused()).toEqual([
      { at: 1000, type: 'refused', service: 'p', host: 'h1', reason: 'needs 2 units; h1 has 0 of 4 free' },
    ]);
  });
});

describe('the live-migrate fault', () => {
  const topo = compileTopology(topology);

  it('targets every service on every host but its home, and reads as a sentence', () => {
    const targets = FAULTS['live-migrate'].targets(topo, { drifts: [], operatorSteps: [] });
    expect(targets).toEqual(['a@hyp', 'a@vm2', 'a@phys', 'b@hyp', 'b@vm1', 'b@vm2']);
    expect(FAULTS['live-migrate'].sentence('a@vm2')).toBe('the operator live-migrates a to vm2');
  });

  it('tells every agent', () => {
    const s = new Simulation(toy, topo, {});
    s.run([{ at: 1000, fault: 'live-migrate', target: 'a@vm2' }]);
    for (let a = 0; a < topo.hostIds.length; a++)
      expect(puppetLog(s, a)).toEqual([{ type: 'MIGRATE', service: 'a', to: 'vm2' }]);
  });
});

describe('topology and settings', () => {
  it('compiles failover orders and operating systems', () => {
    const topo = compileTopology({
      ...topology,
      hosts: topology.hosts.map((h) => (h.id === 'phys' ? { ...h, os: 'windows' as const } : h)),
    });
    expect(topo.services.map((s) => s.backups)).toEqual([[3], [2]]);
    expect(topo.hostOs).toEqual(['linux', 'linux', 'linux', 'windows']);
  });

  it('refuses a failover order naming an unknown host, the home, or a host twice; and an unknown OS', () => {
    const bad: Topology = {
      ...topology,
      hosts: topology.hosts.map((h) => (h.id === 'phys' ? { ...h, os: 'beos' as never } : h)),
      services: [{ id: 'a', home: 'vm1', priority: 'restart', backups: ['ghost', 'vm1', 'phys', 'phys'] }],
    };
    expect(() => compileTopology(bad)).toThrow(
      /services\[0\]\.backups\[0\]: unknown host `ghost`[^\n]*\nservices\[0\]\.backups\[1\]: `vm1` is already in the failover order\nservices\[0\]\.backups\[3\]: `phys` is already in the failover order\nhosts\[3\]\.os: expected linux or windows, found `beos`/,
    );
  });

  it('a free-text setting keeps the text it is given', () => {
    expect(resolveConfig(toy, {}).address).toBe('gw');
    expect(resolveConfig(toy, { address: 'router1' }).address).toBe('router1');
  });
});

interface WatchContext extends EffectfulContext {
  readonly log: readonly string[];
}

/** Starts a 5 s timer on its first observation, then logs what arrives. */
const watcher = defineMachine<WatchContext, AgentEvent>({
  id: 'watcher',
  initial: 'up',
  states: {
    up: {
      on: {
        '*': {
          actions: update((c, e) => ({
            log: [...c.log, e.type === 'LINK' ? `LINK ${String(e.up)}` : e.type],
            out: c.log.length === 0 ? [{ do: 'startTimer', name: 'tick', ms: 5000 }] : [],
          })),
        },
      },
    },
  },
});

function watchModel(observeBeforeTimers: boolean): Model {
  return {
    ...toy,
    name: 'watch',
    instantiate: () => ({
      agents: [
        {
          id: 'h',
          kind: 'host',
          machine: watcher,
          initial: 'up',
          context: { out: [], log: [] } as WatchContext,
          host: 0,
          storage: -1,
          sense: (view) => ({ type: 'LINK', up: view.fabric.nicUp[0] }),
          noticeAt: (now) => Math.ceil(now / 1000) * 1000,
          observeBeforeTimers,
        },
      ],
      hostStatus: () => 'up',
      servingRole: 'serving',
      serviceBootMs: 0,
      settleMs: 10_000,
      world: { storageRebootMs: 1000 },
    }),
  };
}

describe('observations and timers at the same instant', () => {
  const one: Topology = {
    name: 'one',
    hosts: [{ id: 'h', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] }],
    switches: [{ id: 'sw' }],
    services: [],
  };
  const logOf = (flag: boolean) => {
    const s = new Simulation(watchModel(flag), compileTopology(one), {});
    s.run([{ at: 4500, fault: 'nic-down', target: 'h.n0' }]);
    return (loopOf(s).st.states[0].context as WatchContext).log;
  };

  it('by default the timer set earlier comes first', () => {
    expect(logOf(false)).toEqual(['LINK 1', 'TIMER', 'LINK 0']);
  });

  it('with observeBeforeTimers the change noticed at 5 s is seen before the 5 s timeout, once', () => {
    expect(logOf(true)).toEqual(['LINK 1', 'LINK 0', 'TIMER']);
  });
});
