// The pure parts of conformance: role sequences, their comparison with a tolerance, nudging faults
// off knife edges, and which drawn schedules are compared.
import { describe, expect, it } from 'vitest';
import { step, target } from '../testing.js';
import { Simulation } from '../../engine/simulator.js';
import type { Trace } from '../../engine/trace.js';
import { findBinding } from '../../../models/registry.js';
import { compareRoles } from './compare.js';
import { daemonStarts, drawable, drawSchedules, planConformance } from './conform.js';
import { nudgeSchedule } from './nudge.js';
import { roleSequences } from './roles.js';

const seq = (...changes: [number, string][]) => changes.map(([at, role]) => ({ at, role }));

describe('roleSequences', () => {
  it('per host, INIT left out, a repeated role once', () => {
    const trace: Trace = {
      meta: { hosts: ['a', 'b'], services: [], endMs: 10 },
      entries: [
        { at: 0, type: 'role', agent: 'a', kind: 'host', role: 'INIT' },
        { at: 0, type: 'role', agent: 'a', kind: 'host', role: 'BACKUP' },
        { at: 3, type: 'role', agent: 'a', kind: 'host', role: 'BACKUP' },
        { at: 4, type: 'fault', fault: 'partition', target: 'a|b', text: '' },
        { at: 5, type: 'role', agent: 'a', kind: 'host', role: 'MASTER' },
      ],
    };
    expect(roleSequences(trace)).toEqual({ a: seq([0, 'BACKUP'], [5, 'MASTER']), b: [] });
  });
});

describe('compareRoles', () => {
  const model = { r1: seq([0, 'BACKUP'], [3414, 'MASTER']), r2: seq([0, 'BACKUP'], [13023, 'MASTER']) };

  it('agrees when every change lines up within the tolerance', () => {
    const real = { r1: seq([0, 'BACKUP'], [3500, 'MASTER']), r2: seq([0, 'BACKUP'], [13300, 'MASTER']) };
    expect(compareRoles(model, real, 300)).toEqual({ agree: true, mismatches: [], worstDeltaMs: 277 });
  });

  it('a change off by more than the tolerance is a disagreement, named with both times', () => {
    const real = { r1: seq([0, 'BACKUP'], [3414, 'MASTER']), r2: seq([0, 'BACKUP'], [13400, 'MASTER']) };
    const v = compareRoles(model, real, 300);
    expect(v.agree).toBe(false);
    expect(v.mismatches).toEqual(['r2: MASTER at 13.023 s in the model, 13.4 s for real (377 ms apart > 300 ms)']);
  });

  it('another role, a missing change or an extra one is a disagreement', () => {
    expect(compareRoles(model, { ...model, r2: seq([0, 'BACKUP'], [13023, 'FAULT']) }, 300).mismatches).toEqual([
      'r2: change 2 is MASTER at 13.023 s in the model but FAULT at 13.023 s for real',
    ]);
    expect(compareRoles(model, { ...model, r2: seq([0, 'BACKUP']) }, 300).mismatches).toEqual([
      'r2: the model went MASTER at 13.023 s; the real daemon did not',
    ]);
    expect(
      compareRoles(model, { ...model, r1: seq([0, 'BACKUP'], [3414, 'MASTER'], [5000, 'BACKUP']) }, 300).mismatches,
    ).toEqual(['r1: the real daemon went BACKUP at 5 s; the model did not']);
  });

  it('a role taken as a daemon (re)starts is compared by name only; later ones are timed', () => {
    const m = { r1: seq([0, 'BACKUP'], [10_000, 'DOWN'], [16_000, 'BACKUP'], [19_414, 'MASTER']) };
    const r = { r1: seq([0, 'BACKUP'], [10_010, 'DOWN'], [16_450, 'BACKUP'], [19_700, 'MASTER']) };
    expect(compareRoles(m, r, 300, { r1: [16_000] })).toMatchObject({ agree: true, worstDeltaMs: 286 });
    expect(compareRoles(m, r, 300).agree).toBe(false);
    expect(compareRoles({ r1: seq([0, 'BACKUP']) }, { r1: seq([0, 'FAULT']) }, 300).agree).toBe(false);
  });
});

describe('nudgeSchedule', () => {
  const sensitive = () => [9414, 10414, 13023];

  it('moves a fault (and every later one with it) until it is a margin away from every sensitive instant', () => {
    const moved = nudgeSchedule([step(10.3, 'partition', 'r1|r2'), step(12, 'heal', 'r1|r2')], sensitive, {
      marginMs: 300,
      stepMs: 100,
      maxSteps: 15,
    });
    expect(moved.map((s) => s.at)).toEqual([10_800, 12_500]);
    // No clear slot within reach: the clearest one.
    expect(
      nudgeSchedule([step(10.3, 'partition', 'r1|r2')], sensitive, { marginMs: 900, stepMs: 100, maxSteps: 3 }).map(
        (s) => s.at,
      ),
    ).toEqual([10_600]);
  });

  it('leaves a fault alone when it is clear', () => {
    const s = [step(10, 'partition', 'r1|r2'), step(12, 'heal', 'r1|r2')];
    expect(nudgeSchedule(s, sensitive)).toEqual(s);
  });

  it("keepalived: a heal 23 ms before r2's advert is moved clear of both masters' adverts", () => {
    const t = target('keepalived', 'two-routers');
    const plan = planConformance(t, findBinding('keepalived')!, [
      step(10, 'partition', 'r1|r2'),
      step(16, 'heal', 'r1|r2'),
    ]);
    // During the split r2 sends at 13.023 + k s and r1 at 3.414 + k s; the first slot 200 ms clear
    // of both, in 100 ms steps, is 16.7 s (286 ms after 16.414, 323 ms before 17.023).
    const heal = plan.schedule[1].at;
    expect(heal).toBe(16_700);
    expect(plan.schedule[0].at).toBe(10_000);
    expect(plan.horizonMs).toBe(heal + 6000);
    // The model run it carries is the full-level run of the moved schedule.
    expect(JSON.stringify(plan.modelRun.entries)).toBe(
      JSON.stringify(
        new Simulation(t.model, t.compiled, t.config).run(plan.schedule, { level: 'full', horizonMs: plan.horizonMs })
          .entries,
      ),
    );
  });
});

describe('which schedules conform draws', () => {
  it('never crashes, boots, stops or starts a paused host (the simulator defers those; SIGKILL does not wait)', () => {
    expect(drawable([step(10, 'slowdown', 'r1'), step(12, 'host-crash', 'r1')])).toBe(false);
    expect(drawable([step(10, 'slowdown', 'r1'), step(11, 'resume', 'r1'), step(12, 'host-crash', 'r1')])).toBe(true);
    expect(drawable([step(10, 'slowdown', 'r1'), step(12, 'agent-stop', 'r2')])).toBe(true);
    const t = target('keepalived', 'two-routers');
    const schedules = drawSchedules(t, findBinding('keepalived')!, 50, 1, 2);
    expect(schedules).toHaveLength(50);
    for (const s of schedules) {
      expect(drawable(s)).toBe(true);
      expect(s[0].at).toBeGreaterThanOrEqual(5000);
    }
    expect(drawSchedules(t, findBinding('keepalived')!, 5, 1, 2)).toEqual(schedules.slice(0, 5));
  });

  it('daemon starts: boots and starts per host', () => {
    expect(
      daemonStarts([step(10, 'host-crash', 'r1'), step(12, 'host-boot', 'r1'), step(13, 'agent-start', 'r2')]),
    ).toEqual({ r1: [12_000], r2: [13_000] });
  });
});
