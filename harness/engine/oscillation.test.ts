// A run that never settles is stopped with a typed outcome that says where, and every runner
// reports it as a finding: provoked by a toy model whose agents react forever once a host crashes
// (test/models/pingPong.ts), not by a setting outside its range.
import { describe, expect, it } from 'vitest';
import { compileTopology } from './compile.js';
import { explore } from '../runners/explore/explore.js';
import { executePlan } from '../runners/plan/execute.js';
import { planFromSteps } from '../runners/plan/load.js';
import { OscillationError } from './oscillation.js';
import { pingPongModel } from '../../test/models/pingPong.js';
import { searchProperty } from '../runners/search.js';
import { Simulation } from './simulator.js';
import { presetTarget } from './target.js';
import { SEED } from '../runners/testing.js';

const [pair] = pingPongModel.presets;
const toy = (settings: Record<string, string> = {}) => presetTarget(pingPongModel, pair, settings);
const crash = [{ at: 10_000, fault: 'host-crash' as const, target: 'h1' }];

function stopped(settings: Record<string, string>, schedule = crash): OscillationError {
  const t = toy(settings);
  try {
    new Simulation(t.model, t.compiled, t.config).run(schedule);
  } catch (error) {
    if (error instanceof OscillationError) return error;
    throw error;
  }
  throw new Error('the run settled');
}

describe('the simulator stops a run that never settles', () => {
  it('agents reacting at one instant forever: stopped at that instant, with the model, time and event count', () => {
    const e = stopped({ react: 'timer', delayMs: '0' });
    expect(e.model).toBe('ping-pong');
    expect(e.oscillation.atMs).toBe(10_000);
    expect(e.oscillation.events).toBeGreaterThan(100_000);
    expect(e.oscillation.events).toBeLessThan(100_010);
    expect(e.oscillation.reason).toMatch(/^100001 events at this instant without time moving on$/);
    expect(e.message).toBe(
      `ping-pong: the run never settles: ${e.oscillation.reason}; stopped at t = 10 s after ${e.oscillation.events} events`,
    );
  });

  it('agents answering each other at once: stopped by the delivery depth, not by a stack overflow', () => {
    const e = stopped({ react: 'send' });
    expect(e.oscillation.atMs).toBe(10_000);
    expect(e.oscillation.reason).toMatch(
      /^agents keep reacting to each other at once \(200 deliveries inside one another, the last PING to h[12]\)$/,
    );
  });

  it('the same reactions with time moving on end with the run', () => {
    const t = toy({ delayMs: '1s' });
    const sim = new Simulation(t.model, t.compiled, t.config);
    const run = sim.run(crash);
    const seconds = sim.tailMs / 1000;
    expect(run.meta.endMs).toBe(10_000 + sim.tailMs);
    expect(run.events).toBeGreaterThan(seconds);
    expect(run.events).toBeLessThan(2 * seconds);
  });

  it('a simulation stopped once runs the next schedule as a fresh one would', () => {
    const t = toy({ react: 'send' });
    const sim = new Simulation(t.model, t.compiled, t.config);
    expect(() => sim.run(crash, { level: 'full' })).toThrow(OscillationError);
    const calm = [{ at: 10_000, fault: 'nic-down' as const, target: 'h2.n0' }];
    expect(sim.run(calm, { level: 'full' })).toEqual(
      new Simulation(t.model, t.compiled, t.config).run(calm, { level: 'full' }),
    );
  });

  it('stepwise control (explore) stops the same way', () => {
    const t = toy();
    const sim = new Simulation(t.model, compileTopology(pair.topology), t.config);
    sim.begin();
    expect(() => sim.injectNow(10_000, 'host-crash', 'h2')).toThrow(/100001 events at this instant/);
  });
});

describe('runners report it as an outcome', () => {
  it("check's search: status oscillating, shrunk to the one crash that starts it", () => {
    const r = searchProperty(toy(), 'noDualActive', { runs: 50, seed: SEED, maxFaults: 3 });
    expect(r.status).toBe('oscillating');
    expect(r.counterexample).toBeUndefined();
    expect(r.oscillation).toMatchObject({
      schedule: [{ at: 10_000, fault: 'host-crash', target: 'h1' }],
      atMs: 10_000,
      reason: expect.stringMatching(/events at this instant/),
    });
  });

  it("check's search: a design without the crash holds", () => {
    expect(
      searchProperty(toy(), 'noDualActive', { runs: 30, seed: SEED, maxFaults: 2, kinds: ['nic-down'] }).status,
    ).toBe('holds');
  });

  it('a plan: the run up to the instant it was stopped, and where', () => {
    const r = executePlan(
      toy(),
      planFromSteps(['at 5s: nic-down h2.n0', 'at 12s: host-crash h2', 'at 20s: nic-up h2.n0']),
    );
    expect(r.oscillation).toMatchObject({ atMs: 12_000 });
    expect(r.run.meta.endMs).toBe(12_000);
    expect(r.run.entries.filter((e) => e.type === 'fault').map((e) => e.at)).toEqual([5_000, 12_000]);
    expect(r.run.entries.filter((e) => e.at === 12_000).length).toBeLessThanOrEqual(50);
  });

  it('explore: stops with the schedule under way, not complete', () => {
    const r = explore(toy(), { depth: 2 });
    expect(r.complete).toBe(false);
    expect(r.oscillation?.schedule).toEqual([
      { at: expect.any(Number), fault: 'host-crash', target: expect.stringMatching(/^h[12]$/) },
    ]);
    expect(r.oscillation?.atMs).toBe(r.oscillation?.schedule[0].at);
  });
});
