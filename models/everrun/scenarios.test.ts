// SCENARIOS.md, Marathon everRun VM: every EV row as a test. Violation rows: the named schedule
// violates, and random search from the fixed seed finds a violation and shrinks it to that
// schedule. Holds rows: the named schedules, every single fault of the preset, and random search
// violate nothing. Timings are checked against the setting and again with a changed setting.
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/engine/faults/index.js';
import { vocabularyOf } from '../../harness/engine/generators.js';
import { presetTarget } from '../../harness/engine/target.js';
import {
  brief,
  search,
  simulate,
  step,
  target,
  violatedProperties,
  type Outcome,
} from '../../harness/runners/testing.js';
import type { Trace, TraceEntry } from '../../harness/engine/trace.js';
import { downtime, sessions, capacityExhausted } from '../../properties/availability.js';
import { propertyKind } from '../../properties/index.js';
import { forEachInstant, WorldState } from '../../properties/worldState.js';
import { everrun } from './index.js';

function roles(entries: readonly TraceEntry[], agent: string): [number, string][] {
  return entries.flatMap((e) => (e.type === 'role' && e.agent === agent ? [[e.at, e.role] as [number, string]] : []));
}

const lastRole = (entries: readonly TraceEntry[], agent: string) => roles(entries, agent).at(-1)![1];

/** Time during which no host could run workloads (then no design can serve). */
function darkMs(trace: Trace): number {
  let dark = 0;
  let since = -1;
  for (const e of trace.entries) {
    if (e.type !== 'truth') continue;
    if (e.canRun.length === 0 && since < 0) since = e.at;
    if (e.canRun.length > 0 && since >= 0) {
      dark += e.at - since;
      since = -1;
    }
  }
  return dark + (since >= 0 ? trace.meta.endMs - since : 0);
}

/** At the end of the run: per service, [independent hosts, hosts with a running shadow]. */
function pairsAtEnd(trace: Trace): Record<string, [string[], string[]]> {
  const state = new WorldState(trace);
  forEachInstant(trace, state, () => false);
  const out: Record<string, [string[], string[]]> = {};
  for (const [service, hosts] of state.instances) {
    const shadows = [...state.shadows.get(service)!].filter((h) => hosts.get(h) === 'running');
    out[service] = [state.independentHosts(service), shadows];
  }
  return out;
}

function allSingleFaults(
  t: ReturnType<typeof target>,
  seconds: readonly number[],
  repairAfterS?: number,
): FaultStep[][] {
  const vocabulary = vocabularyOf(t.model);
  return t.faults.flatMap((k) =>
    FAULTS[k].targets(t.compiled, vocabulary).flatMap((id) =>
      seconds.map((s) => {
        const repair = FAULTS[k].repairedBy;
        return repairAfterS !== undefined && repair
          ? [step(s, k, id), step(s + repairAfterS, repair, id)]
          : [step(s, k, id)];
      }),
    ),
  );
}

const zeroDowntime = (o: Outcome) => [...downtime(o.run).values()].map((d) => d.downtimeMs);

describe('EV-1: a host, its storage or its NIC fails — no client-visible interruption', () => {
  const t = target('everrun', 'crossover');
  const named: [FaultName, string][] = [
    ['host-crash', 'h1'],
    ['host-crash', 'h2'],
    ['nic-down', 'h1.prod0'],
    ['link-cut', 'h2.prod0-prodsw'],
    ['path-down', 'h1-das1'],
    ['storage-hard-powercycle', 'das2'],
  ];
  for (const [fault, id] of named) {
    it(`${FAULTS[fault].sentence(id)}: holds, downtime 0 for every instance, no session dropped`, () => {
      const o = simulate(t, [step(10, fault, id)]);
      expect(violatedProperties(o)).toEqual([]);
      expect(zeroDowntime(o)).toEqual([0, 0]);
      expect([...sessions(o.run).values()].map((s) => s.dropped)).toEqual([0, 0]);
    });
  }

  it('a host crash: the survivor promotes its lock-step halves after the detection time, with no gap in service', () => {
    for (const detectS of [1, 5]) {
      const o = simulate(target('everrun', 'crossover', { peerTimeoutMs: detectS * 1000 }), [
        step(10, 'host-crash', 'h1'),
      ]);
      expect(o.run.entries).toContainEqual({
        at: 10_000,
        type: 'service',
        service: 'vm-a',
        host: 'h1',
        state: 'stopped',
        cause: 'fault',
      });
      expect(o.run.entries).toContainEqual({
        at: (10 + detectS) * 1000,
        type: 'service',
        service: 'vm-a',
        host: 'h2',
        state: 'running',
        cause: 'takeover',
      });
      expect(roles(o.run.entries, 'h2').slice(-1)).toEqual([[(10 + detectS) * 1000, 'simplex']]);
      expect(downtime(o.run).get('vm-a')).toEqual({ downtimeMs: 0, interruptions: 0, longestInterruptionMs: 0 });
      expect(sessions(o.run).get('vm-a')).toEqual({ kept: 1, dropped: 0 });
    }
  });

  it('every single fault of the pair, on every target, at three instants: the product properties hold; the pair serves whenever any host can', () => {
    const schedules = allSingleFaults(t, [10, 10.5, 37]);
    expect(schedules.length).toBeGreaterThan(40);
    const designLosses = new Set<string>();
    for (const s of schedules) {
      const o = simulate(t, s);
      const broken = violatedProperties(o);
      expect(
        broken.filter((p) => propertyKind(p) !== 'design'),
        brief(s).join(),
      ).toEqual([]);
      if (broken.includes('servicesSurvive')) designLosses.add(`${s[0].fault} ${s[0].target}`);
      expect(zeroDowntime(o), brief(s).join()).toEqual([darkMs(o.run), darkMs(o.run)]);
    }
    // The one production switch: no host can serve clients, so the design loses both instances.
    expect([...designLosses]).toEqual(['switch-down prodsw']);
  });

  it('random search finds no single fault that violates any product property', () => {
    for (const p of t.model.properties.filter((q) => propertyKind(q) !== 'design'))
      expect(search(t, p).status, p).toBe('holds');
  });
});

describe('EV-2: one heartbeat link is cut', () => {
  const t = target('everrun', 'crossover');
  const heartbeatFaults: [FaultName, string][] = [
    ['link-cut', 'h1.hb0-h2.hb0'],
    ['link-cut', 'h1.hb1-h2.hb1'],
    ['nic-down', 'h1.hb0'],
    ['nic-down', 'h2.hb1'],
  ];
  for (const [fault, id] of heartbeatFaults) {
    it(`${FAULTS[fault].sentence(id)}: holds, and nothing fails over — no role change, no instance moves`, () => {
      const o = simulate(t, [step(10, fault, id)]);
      expect(violatedProperties(o)).toEqual([]);
      expect(o.run.entries.filter((e) => (e.type === 'role' || e.type === 'service') && e.at > 0)).toEqual([]);
    });
  }

  it('the other link carries the pair: cutting both is what splits it', () => {
    const o = simulate(t, [step(10, 'link-cut', 'h1.hb0-h2.hb0'), step(10, 'link-cut', 'h1.hb1-h2.hb1')]);
    expect(violatedProperties(o)).toContain('noDualActive');
  });

  it('random search over link and NIC faults finds no failover', () => {
    expect(search(t, 'noUnnecessaryFailover', { kinds: ['link-cut', 'nic-down'] }).status).toBe('holds');
  });
});

describe('EV-3: both heartbeat links run through one switch, and it fails', () => {
  const t = target('everrun', 'switched-heartbeat');

  it('split brain: both halves run on alone with one identity after the detection time', () => {
    for (const detectS of [1, 4]) {
      const o = simulate(target('everrun', 'switched-heartbeat', { peerTimeoutMs: detectS * 1000 }), [
        step(10, 'switch-down', 'hbsw'),
      ]);
      expect(o.verdicts.noDualActive).toMatchObject({
        status: 'violated',
        at: (10 + detectS) * 1000,
        explanation: expect.stringMatching(/vm-[ab] is active on h[12] and h[12] at once/),
      });
      expect(lastRole(o.run.entries, 'h1')).toBe('simplex');
      expect(lastRole(o.run.entries, 'h2')).toBe('simplex');
    }
  });

  it('random search finds it and shrinks it to the switch failing at 10 s', () => {
    for (const p of ['noDualActive', 'noUnnecessaryFailover'] as const) {
      const r = search(t, p);
      expect(r.status, p).toBe('violated');
      expect(brief(r.counterexample!.schedule), p).toEqual(['10s switch-down hbsw']);
    }
  });

  it('with crossover cables the same pair has no such single point of failure', () => {
    expect(search(target('everrun', 'crossover'), 'noDualActive').status).toBe('holds');
  });

  it('when the switch is back, one side discards its diverged copies and the pair resynchronises by itself', () => {
    const o = simulate(t, [step(10, 'switch-down', 'hbsw'), step(100, 'switch-up', 'hbsw')]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        at: 100_000,
        type: 'service',
        service: 'vm-a',
        host: 'h2',
        state: 'stopped',
        cause: 'ha',
      }),
    );
    expect(pairsAtEnd(o.run)).toEqual({ 'vm-a': [['h1'], ['h2']], 'vm-b': [['h1'], ['h2']] });
  });
});

describe('EV-4: instances protected on both hosts; one host fails and the survivor lacks capacity', () => {
  const t = target('everrun', 'overcommitted');

  it('at t = 0 everRun protects only what fits: vm-b; vm-a and vm-c run unprotected, and the trace says why', () => {
    const o = simulate(t, []);
    expect(pairsAtEnd(o.run)).toEqual({ 'vm-a': [['h1'], []], 'vm-b': [['h2'], ['h1']], 'vm-c': [['h2'], []] });
    expect(o.run.entries).toContainEqual({
      at: 0,
      type: 'note',
      agent: 'h1',
      text: 'vm-a runs unprotected: its lock-step copy needs 4 units on h2, which has 2 free',
    });
  });

  for (const [host, lost, kept] of [
    ['h1', 'vm-a', 'vm-b'],
    ['h2', 'vm-c', 'vm-b'],
  ] as const) {
    it(`${host} crashes: ${lost} is down for good (no room on the survivor), ${kept} carries on with no interruption`, () => {
      const o = simulate(t, [step(10, 'host-crash', host)]);
      expect(o.verdicts.serviceRestoredWithin).toMatchObject({
        status: 'violated',
        at: 310_000,
        explanation: expect.stringContaining(lost),
      });
      expect(capacityExhausted(o.run).get(lost)!.at).toBe(10_000);
      expect(downtime(o.run).get(kept)!.downtimeMs).toBe(0);
    });
  }

  it('random search finds it and shrinks it to one host crash at 10 s', () => {
    const r = search(t, 'serviceRestoredWithin', { kinds: ['host-crash'] });
    expect(brief(r.counterexample!.schedule)).toEqual(['10s host-crash h1']);
  });

  it('with room for every lock-step copy, the same instances are all protected and a host crash costs nothing', () => {
    const preset = everrun.presets.find((p) => p.name === 'overcommitted')!;
    const roomy = presetTarget(everrun, {
      ...preset,
      topology: { ...preset.topology, hosts: preset.topology.hosts.map((h) => ({ ...h, capacity: 10 })) },
    });
    for (const host of ['h1', 'h2']) {
      const o = simulate(roomy, [step(10, 'host-crash', host)]);
      expect(violatedProperties(o)).toEqual([]);
      expect(zeroDowntime(o)).toEqual([0, 0, 0]);
    }
    expect(search(roomy, 'serviceRestoredWithin', { kinds: ['host-crash'] }).status).toBe('holds');
  });
});

describe('EV-5: a failed host is repaired — resync without an operator, back to protected', () => {
  it('the repaired host boots, resynchronises its halves, and the pair is duplex again', () => {
    for (const resyncS of [300, 100]) {
      const t = target('everrun', 'crossover', { resyncMs: resyncS * 1000, hostBootMs: 120_000 });
      const o = simulate(t, [step(10, 'host-crash', 'h1'), step(60, 'host-boot', 'h1')]);
      expect(roles(o.run.entries, 'h1').filter(([at]) => at > 0)).toEqual([
        [10_000, 'down'],
        [60_000, 'booting'],
        [180_000, 'syncing'],
        [180_000 + resyncS * 1000, 'duplex'],
      ]);
      expect(roles(o.run.entries, 'h2').filter(([at]) => at > 0)).toEqual([
        [11_000, 'simplex'],
        [180_000 + resyncS * 1000, 'duplex'],
      ]);
      expect(pairsAtEnd(o.run)).toEqual({ 'vm-a': [['h2'], ['h1']], 'vm-b': [['h2'], ['h1']] });
      expect(o.run.entries.filter((e) => e.type === 'fault').map((e) => (e as { fault: string }).fault)).toEqual([
        'host-crash',
        'host-boot',
      ]);
      expect(violatedProperties(o)).toEqual([]);
    }
  });

  it('after every single fault of the pair and its repair, both hosts end in lock-step with every instance protected', () => {
    const t = target('everrun', 'crossover');
    const schedules = allSingleFaults(t, [10, 23.5], 60);
    expect(schedules.length).toBeGreaterThan(30);
    for (const s of schedules) {
      const o = simulate(t, s);
      expect([lastRole(o.run.entries, 'h1'), lastRole(o.run.entries, 'h2')], brief(s).join()).toEqual([
        'duplex',
        'duplex',
      ]);
      const pairs = pairsAtEnd(o.run);
      for (const service of ['vm-a', 'vm-b']) {
        expect(pairs[service][0], `${brief(s).join()} ${service}`).toHaveLength(1);
        expect(pairs[service][1], `${brief(s).join()} ${service}`).toHaveLength(1);
      }
    }
  });
});
