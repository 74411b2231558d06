// Exhaustive search on the seed's pools: the redundant pool survives every single fault, the
// two-host pool's one-fault counterexample is found, two faults break the redundant pool (and
// which two), the time abstraction misses nothing a fine grid of instants finds, and symmetric
// hosts are explored once.
import { describe, expect, it } from 'vitest';
import { checkProperty, propertyKind } from '../../../properties/index.js';
import { FAULTS, type FaultName } from '../../engine/faults/index.js';
import { drawableKinds, vocabularyOf } from '../../engine/generators.js';
import { Simulation } from '../../engine/simulator.js';
import { target } from '../testing.js';
import { presetTarget } from '../../engine/target.js';
import { grownPool } from '../../../bench/poolSize.js';
import { explore } from './explore.js';
import { candidateInstants, timingOf } from './instants.js';

const brief = (s: readonly { at: number; fault: string; target: string }[]) =>
  s.map((x) => `${x.at / 1000}s ${x.fault} ${x.target}`);
/** The properties that judge the HA software (not servicesSurvive, which judges the design). */
const product = target('xenserver-ha', 'bonded').model.properties.filter((p) => propertyKind(p) !== 'design');

describe('explore', () => {
  it('--depth 1 on the bonded pool finishes clean', () => {
    const r = explore(target('xenserver-ha', 'bonded'), { depth: 1 });
    expect(r.violations).toEqual([]);
    expect(r.complete).toBe(true);
    // Every single fault at every phase class of the 7 s heartbeat (6 classes) and at once.
    expect(r.stats.schedules).toBe(r.choices * 7);
  });

  it('--depth 1 on the two-host pool finds the one-fault counterexample', () => {
    const r = explore(target('xenserver-ha', 'two-host'), { depth: 1 });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0];
    expect(v.property).toBe('noUnnecessaryFence');
    expect(v.schedule).toHaveLength(1);
    expect(v.explanation).toMatch(/h2 fenced/);
  });

  it('--depth 1 on a pool of 33 hosts (host sets beyond one word): every host crash, clean', () => {
    // Fingerprints of such states: hash.test.ts (StateHasher, host sets beyond one word).
    const bonded = target('xenserver-ha', 'bonded');
    const t = presetTarget(bonded.model, { ...bonded.preset!, topology: grownPool(bonded.topology, 33) });
    const r = explore(t, { depth: 1, kinds: ['host-crash'] });
    expect(r.violations).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.choices).toBe(33);
    expect(r.stats.schedules).toBe(r.choices * 7);
  });

  it('--depth 2 on the bonded pool finds a two-fault violation, and the shortest one is two faults', () => {
    const r = explore(target('xenserver-ha', 'bonded'), { depth: 2 });
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations[0].schedule).toHaveLength(2);
    // Both of h1's management NICs: h1 is cut off from the pool's heartbeats but could still serve.
    expect(brief(r.violations[0].schedule)).toEqual(['10s nic-down h1.mgmt0', '10s nic-down h1.mgmt1']);
  });

  it('both switches down breaks no product property: no host could run anything, so no fence is unnecessary; the design loses every VM', () => {
    const r = explore(target('xenserver-ha', 'bonded'), { depth: 2, kinds: ['switch-down'], properties: product });
    expect(r.complete).toBe(true);
    expect(r.violations).toEqual([]);
    const design = explore(target('xenserver-ha', 'bonded'), {
      depth: 2,
      kinds: ['switch-down'],
      properties: ['servicesSurvive'],
    });
    expect(design.violations.map((v) => v.schedule.map((s) => s.target).sort())).toEqual([['sw1', 'sw2']]);
  });

  it('switch faults break the bonded pool only in pairs that span both switches (a switch and a cable to the other)', () => {
    const kinds: FaultName[] = ['switch-down', 'link-cut'];
    expect(explore(target('xenserver-ha', 'bonded'), { depth: 1, kinds }).violations).toEqual([]);
    const r = explore(target('xenserver-ha', 'bonded'), { depth: 2, kinds, properties: product });
    expect(r.violations).toHaveLength(1);
    const [a, b] = r.violations[0].schedule;
    expect(a).toMatchObject({ fault: 'switch-down', target: 'sw1' });
    expect(b.fault).toBe('link-cut');
    expect(b.target).toMatch(/-sw2$/);
  });

  it('finds what a fine grid of instants finds (single faults on the mirrored SAN, every property)', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san');
    const r = explore(t, { depth: 1, keepGoing: true });
    const sim = new Simulation(t.model, t.compiled, t.config);
    const vocabulary = vocabularyOf(t.model);
    const grid = new Set<string>();
    for (const kind of drawableKinds(t.compiled, t.faults, vocabulary)) {
      for (const id of FAULTS[kind].targets(t.compiled, vocabulary)) {
        for (let at = 10_000; at < 17_000; at += 250) {
          const run = sim.run([{ at, fault: kind, target: id }]);
          for (const p of t.model.properties) if (checkProperty(p, run).status === 'violated') grid.add(p);
        }
      }
    }
    expect(new Set(r.violations.map((v) => v.property))).toEqual(grid);
    expect(grid.size).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const a = explore(target('xenserver-ha', 'bonded'), {
      depth: 2,
      kinds: ['nic-down', 'switch-down'],
      keepGoing: true,
    });
    const b = explore(target('xenserver-ha', 'bonded'), {
      depth: 2,
      kinds: ['nic-down', 'switch-down'],
      keepGoing: true,
    });
    expect(b.violations).toEqual(a.violations);
    expect(b.stats.schedules).toBe(a.stats.schedules);
    expect(b.stats.distinctStates).toBe(a.stats.distinctStates);
  });

  it('merges runs that reach the same state: fewer runs simulated than schedules enumerated at depth 2', () => {
    const r = explore(target('xenserver-ha', 'bonded'), {
      depth: 2,
      kinds: ['nic-down', 'switch-down'],
      keepGoing: true,
    });
    expect(r.stats.runs).toBeLessThan(r.stats.schedules);
  });

  it('explores one schedule per class of symmetric ones when the model declares its hosts interchangeable', () => {
    const t = target('xenserver-ha', 'bonded');
    const symmetric = { ...t, model: { ...t.model, interchangeableHosts: true } };
    const r = explore(symmetric, { depth: 1 });
    expect(r.symmetries).toBe(6);
    // 48 faults fall into 18 classes under the 6 permutations of h1, h2, h3:
    // 6 NICs, 2 switches, 6 NIC cables + the inter-switch link, 2 paths, 1 host.
    expect(r.stats.schedules).toBe(18 * 7);
    // The real model breaks UUID ties by host order, so it declares nothing and gets no reduction.
    expect(explore(t, { depth: 1 }).symmetries).toBe(1);
  });
});

describe('time abstraction', () => {
  const t = target('xenserver-ha', 'bonded-mirrored-san');
  const timing = timingOf(new Simulation(t.model, t.compiled, t.config).instance, t.config);

  it('finds the xhad heartbeat grid (t = 7 s at T = 60 s) and where timers started by a fault land on it', () => {
    expect(timing.periodMs).toBe(7000);
    // 120 s multipath failover lands 1 s into a period: a fault in the last second of a period
    // is noticed one heartbeat later than the failover's end.
    expect(timing.phaseThresholds).toContain(6000);
    expect(timing.phaseThresholds[0]).toBe(0);
  });

  it('a quiet system gets one instant per phase class; a gap gets now, its middle and just before its end', () => {
    expect(candidateInstants(10_000, -1, timing, 'coarse')).toHaveLength(timing.phaseThresholds.length + 1);
    expect(candidateInstants(10_000, 20_000, timing, 'coarse')).toEqual([10_000, 15_000, 19_999]);
    expect(candidateInstants(10_000, 40_000, timing, 'fine').length).toBeGreaterThan(3);
  });
});

describe('merging runs is sound', () => {
  // The same search with and without merging must find the same properties violated, each with a
  // schedule of the same length: the state fingerprint and the property summaries (history.ts)
  // lose nothing the verdicts depend on.
  const cases: [string, FaultName[], Record<string, string>][] = [
    ['two-host', ['host-crash', 'nic-down'], { profile: 'seed-2009' }],
    ['bonded-mirrored-san', ['storage-hard-powercycle', 'host-crash'], {}],
  ];
  for (const [preset, kinds, settings] of cases) {
    it(`${preset} (${kinds.join(', ')}${settings.profile ? `, ${settings.profile}` : ''}), depth 2`, () => {
      const t = target('xenserver-ha', preset, settings);
      const merged = explore(t, { depth: 2, kinds, keepGoing: true });
      const full = explore(t, { depth: 2, kinds, keepGoing: true, merge: false });
      const summary = (r: typeof merged) =>
        Object.fromEntries(r.violations.map((v) => [v.property, v.schedule.length]));
      expect(summary(merged)).toEqual(summary(full));
      expect(merged.violations.length).toBeGreaterThan(0);
      expect(merged.stats.runs).toBeLessThan(full.stats.runs);
    });
  }

  it('servicesSurvive alone (its past summarised by the outage of each down service): bonded, switch-down and nic-down, depth 2', () => {
    const t = target('xenserver-ha', 'bonded');
    const options = {
      depth: 2,
      kinds: ['switch-down', 'nic-down'] as FaultName[],
      keepGoing: true,
      properties: ['servicesSurvive'] as const,
    };
    const merged = explore(t, options);
    const full = explore(t, { ...options, merge: false });
    expect(merged.violations.map((v) => brief(v.schedule))).toEqual(full.violations.map((v) => brief(v.schedule)));
    expect(merged.violations.length).toBeGreaterThan(0);
    expect(merged.unsummarised).toEqual([]);
    expect(merged.stats.runs).toBeLessThan(full.stats.runs);
  });

  it('--repairs: repairs are choices too, and count toward the depth', () => {
    const r = explore(target('xenserver-ha', 'bonded'), {
      depth: 2,
      kinds: ['switch-down'],
      repairs: true,
      properties: product,
    });
    expect(r.choices).toBe(4);
    expect(r.complete).toBe(true);
  });
});
