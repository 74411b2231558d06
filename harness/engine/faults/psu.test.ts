// The power-supply and instance faults: a host with redundant supplies survives one failure and
// loses power with the last; replacing a supply of a dark host powers it on; an instance fault
// tells the host and kills nothing.
import { describe, expect, it } from 'vitest';
import { compileTopology, TopologyError } from '../compile.js';
import { puppetLog, puppetModel } from '../../../test/models/puppet.js';
import { Simulation } from '../simulator.js';
import type { Topology } from '../topology.js';
import { FAULTS } from './index.js';

const topology: Topology = {
  name: 'psu',
  hosts: [
    { id: 'h1', powerSupplies: 2, nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
    { id: 'h2', nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
  ],
  switches: [{ id: 'sw' }],
  services: [{ id: 'app', home: 'h1', priority: 'restart' }],
};

const toy = puppetModel();

const topo = compileTopology(topology);
const vocabulary = { drifts: [], operatorSteps: [] };
const logOf = (sim: Simulation, host: number) =>
  puppetLog(sim, host).map((e) => (e.type === 'INSTANCE_FAULT' ? `INSTANCE_FAULT:${String(e.service)}` : e.type));

describe('psu-fail / psu-replace', () => {
  it('target each supply of hosts with two or more', () => {
    expect(FAULTS['psu-fail'].targets(topo, vocabulary)).toEqual(['h1.psu1', 'h1.psu2']);
    expect(FAULTS['psu-fail'].sentence('h1.psu2')).toBe('power supply h1.psu2 fails');
  });

  it('one failed supply leaves the host up and its services running; it is marked in the fabric', () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([{ at: 1000, fault: 'psu-fail', target: 'h1.psu2' }]);
    expect(sim.fabric.hostPowered[0]).toBe(1);
    expect(sim.fabric.psuFailed[0]).toBe(0b10);
    expect(run.entries.filter((e) => e.type === 'service' && e.at > 0)).toEqual([]);
  });

  it('the last supply failing is a power loss; replacing one powers the host on again', () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([
      { at: 1000, fault: 'psu-fail', target: 'h1.psu1' },
      { at: 2000, fault: 'psu-fail', target: 'h1.psu2' },
      { at: 3000, fault: 'psu-replace', target: 'h1.psu1' },
    ]);
    expect(run.entries).toContainEqual({
      at: 2000,
      type: 'service',
      service: 'app',
      host: 'h1',
      state: 'stopped',
      cause: 'fault',
    });
    expect(logOf(sim, 0)).toEqual(['CRASH', 'POWER_ON']);
    expect(sim.fabric.hostPowered[0]).toBe(1);
    expect(sim.fabric.psuFailed[0]).toBe(0b10);
  });

  it('a second failure of the same supply, or a bad target, changes nothing', () => {
    const sim = new Simulation(toy, topo, {});
    sim.run([
      { at: 1000, fault: 'psu-fail', target: 'h1.psu1' },
      { at: 2000, fault: 'psu-fail', target: 'h1.psu1' },
      { at: 2000, fault: 'psu-fail', target: 'h1.psu3' },
      { at: 2000, fault: 'psu-fail', target: 'h2.psu1' },
    ]);
    expect(logOf(sim, 0)).toEqual([]);
    expect(sim.fabric.hostPowered[0]).toBe(1);
  });

  it('a topology with a nonsensical supply count is refused with the field', () => {
    expect(() => compileTopology({ ...topology, hosts: [{ ...topology.hosts[0], powerSupplies: 0 }] })).toThrow(
      TopologyError,
    );
    expect(() => compileTopology({ ...topology, hosts: [{ ...topology.hosts[0], powerSupplies: 0 }] })).toThrow(
      /hosts\[0\]\.powerSupplies: expected a whole number from 1 to 8, found 0/,
    );
  });
});

describe('instance-fault', () => {
  it("tells the host's agents which instance faulted, and kills nothing", () => {
    const sim = new Simulation(toy, topo, {});
    const run = sim.run([{ at: 1000, fault: 'instance-fault', target: 'app@h1' }]);
    expect(logOf(sim, 0)).toEqual(['INSTANCE_FAULT:app']);
    expect(logOf(sim, 1)).toEqual([]);
    expect(run.entries.filter((e) => e.type === 'service' && e.at > 0)).toEqual([]);
    expect(FAULTS['instance-fault'].sentence('app@h1')).toBe('instance app on h1 reports a non-fatal fault');
  });
});
