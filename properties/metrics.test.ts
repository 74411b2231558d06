// The run metrics against hand-written traces (each number can be checked by hand), against the
// simulator on named scenarios, and against the properties on random schedules: the needless fences
// they count are exactly the ones noUnnecessaryFence judges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import { RUNS, SEED, simulate, step, target } from '../harness/runners/testing.js';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { Simulation } from '../harness/engine/simulator.js';
import { checkProperty } from './index.js';
import { runMetrics } from './metrics.js';

const meta = { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority: 'restart', rtoMs: 100_000 }], endMs: 1_000 };
const trace = (entries: TraceEntry[], endMs = 1_000): Trace => ({ meta: { ...meta, endMs }, entries });
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: ['san1'] });
const role = (at: number, agent: string, status: 'up' | 'out'): TraceEntry => ({
  at,
  type: 'role',
  agent,
  kind: 'host',
  role: status === 'up' ? 'live' : 'fenced',
  status,
});
const fence = (at: number, host: string): TraceEntry => ({ at, type: 'fence', host, reason: 'test' });
const svc = (at: number, host: string, state: 'starting' | 'running' | 'stopped'): TraceEntry => ({
  at,
  type: 'service',
  service: 'vm',
  host,
  state,
});
const crash = (at: number, host: string): TraceEntry => ({
  at,
  type: 'fault',
  fault: 'host-crash',
  target: host,
  text: '',
});
const boot = (at: number, host: string): TraceEntry => ({
  at,
  type: 'fault',
  fault: 'host-boot',
  target: host,
  text: '',
});
const note = (at: number): TraceEntry => ({ at, type: 'note', agent: 'h2', text: 'survives' });
const start = [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running')];

describe('runMetrics on hand-written traces', () => {
  it("a host crash: detection at the survivor's decision, restore when the VM runs on the survivor, one failover", () => {
    const m = runMetrics(
      trace([
        ...start,
        crash(10, 'h1'),
        truth(10, 'h2'),
        role(10, 'h1', 'out'),
        svc(10, 'h1', 'stopped'),
        note(75),
        svc(97, 'h2', 'starting'),
        svc(127, 'h2', 'running'),
      ]),
    );
    expect(m).toEqual({
      detectMs: [65],
      restoreMs: [117],
      unrestored: 0,
      downtimeMs: 117,
      fences: 0,
      unnecessaryFences: 0,
      failovers: 1,
    });
  });

  it('an unnecessary fence costs downtime but is no restore sample (no real failure)', () => {
    const m = runMetrics(
      trace([
        ...start,
        fence(40, 'h1'),
        role(40, 'h1', 'out'),
        svc(40, 'h1', 'stopped'),
        role(130, 'h1', 'up'),
        svc(130, 'h1', 'running'),
      ]),
    );
    expect(m).toMatchObject({ restoreMs: [], downtimeMs: 90, fences: 1, unnecessaryFences: 1, failovers: 0 });
  });

  it('a necessary fence (the host could not run) is not an unnecessary one', () => {
    const m = runMetrics(
      trace([...start, truth(20, 'h2'), fence(40, 'h1'), role(40, 'h1', 'out'), svc(40, 'h1', 'stopped')]),
    );
    expect(m).toMatchObject({ fences: 1, unnecessaryFences: 0 });
  });

  it('an outage still open at the end: downtime to the end, counted unrestored, no restore sample', () => {
    const m = runMetrics(trace([...start, crash(10, 'h1'), truth(10, 'h2'), svc(10, 'h1', 'stopped')], 500));
    expect(m).toMatchObject({ restoreMs: [], unrestored: 1, downtimeMs: 490 });
  });

  it('a repair is not a fault: the reaction after it gives no detection sample; faults nobody reacts to give none either', () => {
    expect(runMetrics(trace([...start, boot(10, 'h2'), note(20)])).detectMs).toEqual([]);
    expect(runMetrics(trace([...start, crash(10, 'h2')])).detectMs).toEqual([]);
  });

  it('detection is measured from the latest fault before the reaction', () => {
    expect(runMetrics(trace([...start, crash(10, 'h2'), crash(30, 'h2'), fence(50, 'h1')])).detectMs).toEqual([20]);
  });
});

describe('runMetrics on simulated runs', () => {
  it('bonded pool, h2 crashes, T = 60 s: detect ≈ T + heartbeat phase; restore = detection + winners wait + VM boot', () => {
    const o = simulate(target('xenserver-ha', 'bonded', { timeoutMs: 60_000 }), [step(10, 'host-crash', 'h2')]);
    const m = runMetrics(o.run);
    expect(m.detectMs).toHaveLength(1);
    expect(m.detectMs[0]).toBeGreaterThanOrEqual(60_000);
    expect(m.detectMs[0]).toBeLessThanOrEqual(60_000 + 7_000);
    expect(m.restoreMs).toEqual([m.detectMs[0] + 22_000 + 30_000]);
    expect(m).toMatchObject({ fences: 0, unnecessaryFences: 0, failovers: 1, unrestored: 0 });
  });

  it('mirrored SAN, seed-2009, T = 30 s: a hard power-cycle fences all three hosts needlessly; no real failure, no restore sample', () => {
    const o = simulate(target('xenserver-ha', 'bonded-mirrored-san', { profile: 'seed-2009' }), [
      step(10, 'storage-hard-powercycle', 'sanA'),
    ]);
    const m = runMetrics(o.run);
    expect(m).toMatchObject({ fences: 3, unnecessaryFences: 3, restoreMs: [] });
    expect(m.downtimeMs).toBeGreaterThan(0);
  });

  for (const preset of ['two-host', 'single-switch', 'bonded-mirrored-san']) {
    it(`${preset}: unnecessary fences counted ⇔ noUnnecessaryFence violated; fences = fence entries (random schedules)`, () => {
      const t = target('xenserver-ha', preset, { profile: 'seed-2009' });
      const sim = new Simulation(t.model, t.compiled, t.config);
      const arb = scheduleArbitrary(t.compiled, vocabularyOf(t.model), { kinds: t.faults, maxFaults: 3 });
      let needless = 0;
      fc.assert(
        fc.property(arb, (schedule) => {
          const run = sim.run(schedule);
          const m = runMetrics(run);
          expect(m.unnecessaryFences > 0).toBe(checkProperty('noUnnecessaryFence', run).status === 'violated');
          expect(m.fences).toBe(run.entries.filter((e) => e.type === 'fence').length);
          expect(m.unnecessaryFences).toBeLessThanOrEqual(m.fences);
          if (m.unnecessaryFences > 0) needless++;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect(needless).toBeGreaterThan(0);
    });
  }
});
