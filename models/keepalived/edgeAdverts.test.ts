// Differential test: the edge-triggered adverts (router.ts) against the packet-by-packet model they
// replace (reference/, adverts as events). Fast-check draws fault schedules, some of them moved onto
// an advert or a role change of the packet run (± 1 ms), at settings where the packet model's order
// of same-instant events decides (preempt_delay a multiple of advert_int, VRRPv3, 100 ms adverts,
// nopreempt, three routers); every trace entry a verdict-level run records (role changes, VIP
// starts and stops, ground truth, faults) and every property verdict must be the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../harness/engine/compile.js';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/engine/faults/index.js';
import { vocabularyOf } from '../../harness/engine/generators.js';
import type { Model, Preset } from '../../harness/engine/model.js';
import { Simulation } from '../../harness/engine/simulator.js';
import { presetTarget, type Target } from '../../harness/engine/target.js';
import type { Topology } from '../../harness/engine/topology.js';
import { RUNS, SEED } from '../../harness/runners/testing.js';
import { checkProperty } from '../../properties/index.js';
import type { KeepalivedSettings } from './config.js';
import { keepalived } from './index.js';
import { keepalivedPresets, VIP_SERVICE } from './presets.js';
import { keepalivedPackets } from './reference/packetModel.js';
import { keepalivedBinding } from './conformBinding.js';

const threeRouters: Topology = {
  name: 'three-routers',
  description: 'Three routers (150, 100, 50) on one switch',
  hosts: ['r1', 'r2', 'r3'].map((id) => ({ id, nics: [{ id: 'eth0', network: 'public', switch: 'lan' }] })),
  switches: [{ id: 'lan' }],
  services: [{ id: VIP_SERVICE, home: 'r1', priority: 'restart', rtoMs: 10_000 }],
};

const presets: readonly Preset<KeepalivedSettings>[] = [
  ...keepalivedPresets,
  { name: 'three-routers', describe: threeRouters.description!, topology: threeRouters, verdict: '' },
];

/** Settings where timings or the order of same-instant events differ. */
const SETTINGS: readonly Record<string, string | number | boolean>[] = [
  {},
  { advertIntMs: '2s' },
  { advertIntMs: '2s', vrrpVersion: '3' },
  { advertIntMs: '100ms', vrrpVersion: '3' },
  { preemptDelayMs: '4.5s' },
  { preemptDelayMs: '2s' },
  { preemptDelayMs: '1s' },
  { preempt: false },
  { priority1: 210, priority2: 200 },
  { priority1: 100, priority2: 100 },
];

/** Everything a verdict-level run records, and every verdict. */
function outcome(model: Model, t: Target, schedule: readonly FaultStep[]): string[] {
  const run = new Simulation(model, t.compiled, t.config).run(schedule);
  const verdicts = model.properties.map((p) => {
    const v = checkProperty(p, run, model);
    return `${p}: ${v.status} ${JSON.stringify(v)}`;
  });
  return [...run.entries.map((e) => JSON.stringify(e)), ...verdicts];
}

/** Instants of the packet run where a fault may race an advert: every advert sent, every role change. */
function raceInstants(t: Target, schedule: readonly FaultStep[]): number[] {
  const run = new Simulation(keepalivedPackets, t.compiled, t.config).run(schedule, { level: 'full' });
  const at = run.entries.flatMap((e) =>
    (e.type === 'event' && e.event.startsWith('ADVERT')) || (e.type === 'role' && e.at > 0) ? [e.at] : [],
  );
  return [...new Set(at)].filter((x) => x >= 4_000 && x <= 40_000);
}

interface Drawn {
  readonly kind: number;
  readonly target: number;
  readonly atS: number;
  readonly repairAfterS: number | undefined;
  readonly snap: number | undefined;
  readonly deltaMs: number;
}

function scheduleOf(t: Target, drawn: readonly Drawn[]): FaultStep[] {
  const vocabulary = vocabularyOf(t.model);
  const kinds = t.faults.filter((k) => FAULTS[k].targets(t.compiled, vocabulary).length > 0);
  const steps: FaultStep[] = [];
  for (const d of drawn) {
    const fault = kinds[d.kind % kinds.length];
    const targets = FAULTS[fault].targets(t.compiled, vocabulary);
    const target = targets[d.target % targets.length];
    let at = 5_000 + d.atS * 1000;
    if (d.snap !== undefined) {
      // Onto an advert or a role change of the packet run of the steps so far (± 1 ms).
      const instants = raceInstants(t, steps);
      if (instants.length > 0) at = instants[d.snap % instants.length] + d.deltaMs;
    }
    steps.push({ at, fault, target });
    const repair: FaultName | undefined = FAULTS[fault].repairedBy;
    if (repair && d.repairAfterS !== undefined)
      steps.push({ at: at + d.repairAfterS * 1000 + d.deltaMs, fault: repair, target });
  }
  return steps.sort((a, b) => a.at - b.at);
}

const drawnArb = fc.record({
  kind: fc.nat({ max: 11 }),
  target: fc.nat({ max: 5 }),
  atS: fc.nat({ max: 20 }),
  // Now and then a repair minutes later: a pause that long leaves a backlog of hundreds of adverts.
  repairAfterS: fc.option(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 8 }), weight: 9 }, fc.constant(210)), {
    nil: undefined,
    freq: 3,
  }),
  snap: fc.option(fc.nat({ max: 400 }), { nil: undefined, freq: 2 }),
  deltaMs: fc.integer({ min: -1, max: 1 }),
});

/** The property: both models give the same run; `edge` may be a deliberately wrong variant. */
function sameRuns(preset: Preset<KeepalivedSettings>, edge: Model) {
  return fc.property(
    fc.constantFrom(...SETTINGS),
    fc.array(drawnArb, { minLength: 1, maxLength: 3 }),
    (settings, drawn) => {
      const t = presetTarget(keepalived, preset, settings);
      const schedule = scheduleOf(t, drawn);
      const expected = outcome(keepalivedPackets, t, schedule);
      const got = outcome(edge, { ...t, model: edge }, schedule);
      expect(got, `schedule ${JSON.stringify(schedule)} at ${JSON.stringify(settings)}`).toEqual(expected);
    },
  );
}

describe('edge-triggered adverts give the packet model’s runs', () => {
  for (const preset of presets) {
    it(`${preset.name}: same role changes, VIP holders, ground truth and verdicts`, () => {
      fc.assert(sameRuns(preset, keepalived), { seed: SEED, numRuns: RUNS });
    }, 120_000);
  }

  it('conformance finds the same knife edges: every advert the packet model sent, every role change', () => {
    // The packet model's own definition: an advert event delivered, a role change.
    const packetEdges = (t: Target, schedule: readonly FaultStep[]) => {
      const run = new Simulation(keepalivedPackets, t.compiled, t.config).run(schedule, { level: 'full' });
      const at = run.entries.flatMap((e) =>
        (e.type === 'event' && e.event.startsWith('ADVERT')) || (e.type === 'role' && e.at > 0) ? [e.at] : [],
      );
      return [...new Set(at)].sort((a, b) => a - b);
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...SETTINGS),
        fc.array(drawnArb, { minLength: 1, maxLength: 3 }),
        (settings, drawn) => {
          const t = presetTarget(keepalived, keepalivedPresets[0], settings);
          const schedule = scheduleOf(t, drawn);
          const run = new Simulation(keepalived, t.compiled, t.config).run(schedule, { level: 'full' });
          const edges = [...new Set(keepalivedBinding.sensitiveInstants(run, t.config as KeepalivedSettings))].sort(
            (a, b) => a - b,
          );
          const expected = packetEdges(t, schedule);
          const label = `schedule ${JSON.stringify(schedule)} at ${JSON.stringify(settings)}`;
          if (!schedule.some((s) => s.fault === 'slowdown')) expect(edges, label).toEqual(expected);
          // A paused router gets its adverts on resuming: the packet model delivered them then, as
          // events at the resume (a fault instant); they were on the wire when sent.
          else
            expect(
              expected.filter((x) => !edges.includes(x) && !schedule.some((s) => s.at === x)),
              label,
            ).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a master paused for minutes answers its backlog of adverts as the packet model did (found by check)', () => {
    const t = presetTarget(keepalived, keepalivedPresets[0], {});
    const schedule: FaultStep[] = [
      { at: 10_000, fault: 'slowdown', target: 'r1' },
      { at: 214_000, fault: 'resume', target: 'r1' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('two master-down timers due in one millisecond fire in the order the packet model queued them (found at seed 99)', () => {
    // r3's timer was restarted by r2's worked-out advert at 16.045 s, r1's by its start at 16.826 s;
    // both fall due at 23.654 s, and r1's wake was queued first: it yields to r3's.
    const t = presetTarget(keepalived, presets[presets.length - 1], { advertIntMs: '2s', vrrpVersion: '3' });
    const schedule: FaultStep[] = [
      { at: 8827, fault: 'agent-stop', target: 'r1' },
      { at: 16_826, fault: 'agent-start', target: 'r1' },
      { at: 17_000, fault: 'host-crash', target: 'r2' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('equal priorities booted in the same millisecond: the router sensed first takes over first', () => {
    // Both master-down timers were set by the sensing at 15.607 s (same cause): the packet model
    // fired them in the order the routers sensed their boot (r2 first), not in router order.
    const t = presetTarget(keepalived, presets[0], { priority1: 100, priority2: 100 });
    const schedule: FaultStep[] = [
      { at: 10_608, fault: 'host-crash', target: 'r1' },
      { at: 10_608, fault: 'host-crash', target: 'r2' },
      { at: 15_607, fault: 'host-boot', target: 'r2' },
      { at: 15_607, fault: 'host-boot', target: 'r1' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('a preempt_delay started by an advert ends before the advert of a router that answered that advert (found at seed 99)', () => {
    // At 25.804 s r3's advert reaches r1 (starting its 1 s preempt_delay) before r2, which answers
    // it: r1's preempt_delay was queued first, so at 26.804 s it ends before r2's next advert, which
    // r1 then discards; its master-down timer fires at 29.218 s, not one advert later.
    const t = presetTarget(keepalived, presets[presets.length - 1], { preemptDelayMs: '1s' });
    const schedule: FaultStep[] = [
      { at: 11_000, fault: 'host-crash', target: 'r1' },
      { at: 15_000, fault: 'host-boot', target: 'r1' },
      { at: 19_023, fault: 'partition', target: 'r2|r1,r3' },
      { at: 21_000, fault: 'agent-stop', target: 'r1' },
      { at: 25_000, fault: 'agent-start', target: 'r1' },
      { at: 25_023, fault: 'heal', target: 'r2|r1,r3' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('a MASTER resuming from a pause: its advert comes before the preempt_delay it starts', () => {
    // r2's advert timer fell due in the pause and fires on resuming (18.414 s); r1 takes that advert
    // and starts its 1 s preempt_delay. r2's next advert (queued by r2 before its send) comes before
    // the end of that delay at 19.414 s and restarts r1's master-down timer.
    const t = presetTarget(keepalived, presets[0], { preemptDelayMs: '1s' });
    const schedule: FaultStep[] = [
      { at: 5000, fault: 'host-crash', target: 'r1' },
      { at: 10_000, fault: 'host-crash', target: 'r1' },
      { at: 17_414, fault: 'slowdown', target: 'r2' },
      { at: 18_000, fault: 'host-boot', target: 'r1' },
      { at: 18_414, fault: 'resume', target: 'r2' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('a MASTER resumed and paused again in one millisecond sends one advert, then nothing (found at seed 7)', () => {
    // r1's advert that fell due in the pause goes out at 14 s; nothing r2 senses changes (r1 is paused
    // again), so r2 must not take that advert for a stream: it takes over at 21.218 s (dual MASTER).
    const t = presetTarget(keepalived, presets[0], { advertIntMs: '2s', vrrpVersion: '3' });
    const schedule: FaultStep[] = [
      { at: 10_000, fault: 'slowdown', target: 'r1' },
      { at: 14_000, fault: 'resume', target: 'r1' },
      { at: 14_000, fault: 'slowdown', target: 'r1' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('a MASTER paused again in the instant it resumed sends the advert due in the second pause on resuming', () => {
    // Nothing r2 senses changes at 16 s (paused, resumed, paused): it learns of the second pause from
    // its backlog (the engine's PAUSED), and at 22 s its advert restarts r3's master-down timer.
    const t = presetTarget(keepalived, presets[presets.length - 1], { advertIntMs: '2s', vrrpVersion: '3' });
    const schedule: FaultStep[] = [
      { at: 5000, fault: 'host-crash', target: 'r1' },
      { at: 13_000, fault: 'slowdown', target: 'r2' },
      { at: 16_000, fault: 'resume', target: 'r2' },
      { at: 16_000, fault: 'slowdown', target: 'r2' },
      { at: 22_000, fault: 'resume', target: 'r2' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('preempt_delay 1 s, r1 stopped twice, r2 paused at an advert instant and resumed: the packet model’s run', () => {
    const t = presetTarget(keepalived, presets[0], { preemptDelayMs: '1s' });
    const schedule: FaultStep[] = [
      { at: 5000, fault: 'agent-stop', target: 'r1' },
      { at: 5000, fault: 'agent-start', target: 'r1' },
      { at: 9000, fault: 'agent-stop', target: 'r1' },
      { at: 11_414, fault: 'slowdown', target: 'r2' },
      { at: 12_414, fault: 'resume', target: 'r2' },
      { at: 13_000, fault: 'agent-start', target: 'r1' },
    ];
    expect(outcome(keepalived, t, schedule)).toEqual(outcome(keepalivedPackets, t, schedule));
  });

  it('would see a takeover one millisecond late', () => {
    // The same edge model with a master-down interval 1 ms longer than the packet model's.
    const late: Model = {
      ...keepalived,
      instantiate: (topo, config) => {
        const instance = keepalived.instantiate(topo, config as KeepalivedSettings);
        return {
          ...instance,
          agents: instance.agents.map((a) => {
            const c = a.context as unknown as { cfg: { masterDownMs: number } };
            return { ...a, context: { ...a.context, cfg: { ...c.cfg, masterDownMs: c.cfg.masterDownMs + 1 } } };
          }),
        };
      },
    };
    const result = fc.check(sameRuns(keepalivedPresets[0], late), { seed: SEED, numRuns: RUNS });
    expect(result.failed).toBe(true);
  });
});

// The three-router design above is this test's own: check it compiles as the presets do.
compileTopology(threeRouters);
