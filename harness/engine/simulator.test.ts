// The simulator's own contract, on a toy model whose one machine per host logs what it receives
// and asks for whatever effect an event names.
import { describe, expect, it } from 'vitest';
import { compileTopology } from './compile.js';
import type { AgentEvent } from './effects.js';
import { defineMachine, update, type EffectfulContext } from './fsm.js';
import type { Model } from './model.js';
import { loopOf, puppetLog, puppetModel } from '../../test/models/puppet.js';
import { Simulation } from './simulator.js';
import type { Topology } from './topology.js';

const topology: Topology = {
  name: 'toy',
  hosts: [
    { id: 'phys', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
    { id: 'vm1', runsOn: 'phys', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
    { id: 'other', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
  ],
  switches: [{ id: 'sw' }],
  services: [{ id: 'app', home: 'phys', priority: 'restart' }],
};

const toy = puppetModel({ operatorSteps: [{ name: 'press-the-button', describe: 'a step' }], settleMs: 100_000 });

function logs(sim: Simulation): Record<string, readonly string[]> {
  return Object.fromEntries(
    topology.hosts.map((h, i) => [
      h.id,
      puppetLog(sim, i).map((e) => (e.type === 'TIMER' ? `TIMER:${String(e.name)}` : e.type)),
    ]),
  );
}

describe('Simulation', () => {
  it('stops advancing at the first instant a condition holds, and can be driven step by step', () => {
    const sim = new Simulation(toy, compileTopology(topology), {});
    sim.begin();
    sim.inject({ at: 5000, fault: 'host-crash', target: 'other' });
    sim.inject({ at: 9000, fault: 'host-boot', target: 'other' });
    expect(sim.advance(60_000, () => sim.fabric.hostPowered[2] === 0)).toBe(5000);
    expect(sim.unhealthy()).toEqual(['host other is powered off']);
    expect(sim.advance(60_000, () => sim.unhealthy().length === 0)).toBe(9000);
    expect(sim.advance(20_000, () => false)).toBeNull();
    expect(sim.time).toBe(20_000);
    expect(() => sim.inject({ at: 1000, fault: 'host-crash', target: 'other' })).toThrow(/cannot inject/);
  });

  const topo = compileTopology(topology);

  it('a crash of a physical host takes down the VMs on it, and only them', () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([{ at: 1000, fault: 'host-crash', target: 'phys' }]);
    expect(logs(sim)).toEqual({ phys: ['CRASH'], vm1: ['CRASH'], other: [] });
    expect(run.entries).toContainEqual({
      at: 1000,
      type: 'service',
      service: 'app',
      host: 'phys',
      state: 'stopped',
      cause: 'fault',
    });
    expect(sim.fabric.hostPowered[1]).toBe(0);
  });

  it('a VM cannot be booted while its physical host is down', () => {
    const sim = new Simulation(toy, topo, {});
    sim.run([
      { at: 1000, fault: 'host-crash', target: 'phys' },
      { at: 2000, fault: 'host-boot', target: 'vm1' },
    ]);
    expect(logs(sim).vm1).toEqual(['CRASH']);
  });

  it('a paused host receives nothing until it resumes, then everything it missed, in order', () => {
    const sim = new Simulation(toy, topo, {});
    sim.run([
      { at: 1000, fault: 'slowdown', target: 'other' },
      { at: 2000, fault: 'operator-step', target: 'press-the-button' },
      { at: 3000, fault: 'ha-disable', target: 'other' },
      { at: 9000, fault: 'resume', target: 'other' },
    ]);
    expect(logs(sim).other).toEqual(['OPERATOR', 'HA_DISABLE']);
    expect(logs(sim).phys).toEqual(['OPERATOR']);
  });

  it('an application crash kills the process in ground truth and tells the host', () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([{ at: 1000, fault: 'app-crash', target: 'app@phys' }]);
    expect(logs(sim).phys).toEqual(['APP_CRASH']);
    expect(run.entries).toContainEqual({
      at: 1000,
      type: 'service',
      service: 'app',
      host: 'phys',
      state: 'stopped',
      cause: 'fault',
    });
  });

  it("carries out startService and stopService on the agent's own host, at the current instant", () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([]);
    expect(run.entries.filter((e) => e.type === 'service')).toEqual([
      { at: 0, type: 'service', service: 'app', host: 'phys', state: 'running' },
    ]);
    // Drive effects directly through the toy machine's "effects" payload.
    const driven = loopOf(sim);
    driven.deliver(2, { type: 'GO', effects: [{ do: 'startService', service: 'app' }] });
    driven.deliver(0, { type: 'GO', effects: [{ do: 'stopService', service: 'app' }] });
    const now = run.meta.endMs;
    expect(now).toBe(100_000 + 300_000); // the toy's settle time, then the default RTO (Simulation.tailMs)
    expect(driven.st.entries.slice(-2)).toEqual([
      { at: now, type: 'service', service: 'app', host: 'other', state: 'running', cause: 'takeover' },
      { at: now, type: 'service', service: 'app', host: 'phys', state: 'stopped', cause: 'ha' },
    ]);
  });

  it('refuses a topology whose VM runs on a host that does not exist', () => {
    expect(() => compileTopology({ ...topology, hosts: [{ id: 'v', runsOn: 'ghost', nics: [] }] })).toThrow(
      /hosts\[0\]\.runsOn: unknown host `ghost`/,
    );
  });

  it('records a declared replica from ground truth: following while its feed flows, stopped (lagMs behind) while it does not', () => {
    type Ctx = EffectfulContext;
    const replicaOnOther = defineMachine<Ctx, AgentEvent>({
      id: 'replica',
      initial: 'up',
      states: {
        up: {
          on: {
            OPERATOR: {
              actions: update((_c, e) => ({
                out:
                  e.step === 'replicate'
                    ? [
                        {
                          do: 'replicate',
                          service: 'app',
                          from: 'phys',
                          over: ['management'],
                          mode: 'async',
                          lagMs: 500,
                        },
                      ]
                    : e.step === 'stop'
                      ? [{ do: 'replicate', service: 'app', from: null, over: ['management'], mode: 'async' }]
                      : [],
              })),
            },
          },
        },
      },
    });
    const model: Model = {
      ...toy,
      instantiate: (topo) => ({
        ...toy.instantiate(topo, {}),
        agents: [
          {
            id: 'other',
            kind: 'host',
            machine: replicaOnOther,
            initial: 'up',
            context: { out: [] },
            host: 2,
            storage: -1,
          },
        ],
      }),
    };
    const run = new Simulation(model, topo, {}).run([
      { at: 1000, fault: 'operator-step', target: 'replicate' },
      { at: 2000, fault: 'nic-down', target: 'other.n0' },
      { at: 3000, fault: 'nic-up', target: 'other.n0' },
      { at: 4000, fault: 'slowdown', target: 'phys' },
      { at: 5000, fault: 'resume', target: 'phys' },
      { at: 6000, fault: 'operator-step', target: 'replicate' },
      { at: 7000, fault: 'operator-step', target: 'stop' },
    ]);
    const data = run.entries.flatMap((e) => (e.type === 'data' ? [[e.at, e.state, e.source, e.upToMs]] : []));
    expect(data).toEqual([
      [1000, 'following', 'phys', 500],
      [2000, 'stopped', 'phys', 1500],
      [3000, 'following', 'phys', 2500],
      [4000, 'stopped', 'phys', 3500],
      [5000, 'following', 'phys', 4500],
      // The same declaration again changes nothing; ending it keeps what the copy holds.
      [7000, 'stopped', null, 6500],
    ]);
  });
});
