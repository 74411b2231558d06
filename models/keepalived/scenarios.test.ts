// SCENARIOS.md "keepalived VRRP", KA-1 to KA-5, on the model; the timings of DOMAIN.md keepalived
// are recomputed here from its formulas (master-down = 3 × advert + skew, skew = (256 − p)/256 s in
// v2) and checked at the default settings and at changed ones. KA-6 (the real daemons) is in
// harness/runners/conform/real.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import {
  brief,
  numberSetting,
  RUNS,
  search,
  SEED,
  simulate,
  step,
  target,
  type Outcome,
} from '../../harness/runners/testing.js';
import { dualActiveOverlaps } from '../../properties/dualActiveOverlaps.js';
import { propertyKind } from '../../properties/index.js';

/** DOMAIN.md keepalived: skew = (256 − priority)/256 s (v2), × advert_int in v3; in whole ms. */
const skew = (priority: number, advertMs = 1000, version = 2) =>
  Math.floor(((256 - priority) * (version === 3 ? advertMs : 1000)) / 256);
const masterDown = (priority: number, advertMs = 1000, version = 2) => 3 * advertMs + skew(priority, advertMs, version);

/** Role changes of one router after the start (INIT, which a (re)starting daemon leaves at once, excluded). */
function roles(o: Outcome, router: string): string[] {
  return o.run.entries.flatMap((e) =>
    e.type === 'role' && e.agent === router && e.at > 0 && e.role !== 'INIT' ? [`${e.at} ${e.role}`] : [],
  );
}

/** Hosts holding the VIP when the run ends. */
function holdersAtEnd(o: Outcome): string[] {
  const held = new Set<string>();
  for (const e of o.run.entries) {
    if (e.type !== 'service') continue;
    if (e.state === 'stopped') held.delete(e.host);
    else held.add(e.host);
  }
  return [...held].sort();
}

/** The last advert r1 sent before `at`: r1 is elected at master-down(150) and sends every advert interval. */
function lastAdvertBefore(at: number, elected: number, advertMs: number): number {
  return elected + Math.floor((at - 1 - elected) / advertMs) * advertMs;
}

describe('election at start', () => {
  it('r1 (150) becomes MASTER after its master-down interval, 3 × 1 s + 106/256 s = 3.414 s; r2 stays BACKUP', () => {
    const o = simulate(target('keepalived', 'two-routers'), [], 20_000);
    expect(roles(o, 'r1')).toEqual([`${masterDown(150)} MASTER`]);
    expect(masterDown(150)).toBe(3414); // DOMAIN.md: election measured 3.4 s
    expect(roles(o, 'r2')).toEqual([]);
  });
});

describe('KA-1: the master crashes', () => {
  type Settings = Record<string, string | number>;
  const cases: { settings: Settings; advert: number; version: number; p1?: number; p2?: number }[] = [
    { settings: {}, advert: 1000, version: 2 },
    { settings: { advertIntMs: '2s' }, advert: 2000, version: 2 },
    { settings: { advertIntMs: '2s', vrrpVersion: '3' }, advert: 2000, version: 3 },
    { settings: { priority2: 200, priority1: 210 }, advert: 1000, version: 2, p1: 210, p2: 200 },
  ];
  for (const c of cases) {
    const p1 = c.p1 ?? 150;
    const p2 = c.p2 ?? 100;
    it(`r2 becomes MASTER one master-down interval after r1's last advert (${JSON.stringify(c.settings)})`, () => {
      const o = simulate(target('keepalived', 'two-routers', c.settings), [step(10, 'host-crash', 'r1')]);
      const elected = masterDown(p1, c.advert, c.version);
      const takeover = lastAdvertBefore(10_000, elected, c.advert) + masterDown(p2, c.advert, c.version);
      expect(roles(o, 'r2')).toEqual([`${takeover} MASTER`]);
      expect(roles(o, 'r1')).toEqual([`${elected} MASTER`, '10000 DOWN']);
      expect(o.verdicts.noDualActive.status).toBe('holds');
      expect(o.verdicts.serviceRestoredWithin.status).toBe('holds');
    });
  }

  it('at the defaults, the takeover comes 3.609 s after the last advert (DOMAIN.md: ≈ 3.6 s at priority 100)', () => {
    expect(masterDown(100)).toBe(3609);
    const o = simulate(target('keepalived', 'two-routers'), [step(10, 'host-crash', 'r1')]);
    expect(roles(o, 'r2')).toEqual(['13023 MASTER']); // last advert 9.414 s + 3.609 s
  });

  it('random search: no crash, with or without a reboot, ever leaves two MASTERs or a live router without the VIP', () => {
    const t = target('keepalived', 'two-routers');
    for (const p of t.model.properties.filter((q) => propertyKind(q) !== 'design'))
      expect(search(t, p, { kinds: ['host-crash'], maxFaults: 2 }).status, p).toBe('holds');
  });

  it('servicesSurvive: one crash never leaves the VIP down; both routers crashing does (the design, not keepalived)', () => {
    const t = target('keepalived', 'two-routers');
    expect(search(t, 'servicesSurvive', { kinds: ['host-crash'], maxFaults: 1 }).status).toBe('holds');
    const both = search(t, 'servicesSurvive', { kinds: ['host-crash'], maxFaults: 2 });
    expect(both.status).toBe('violated');
    expect(
      both
        .counterexample!.schedule.filter((s) => s.fault === 'host-crash')
        .map((s) => s.target)
        .sort(),
    ).toEqual(['r1', 'r2']);
  });
});

describe('KA-2: partition between the two routers, carrier up', () => {
  const t = target('keepalived', 'two-routers');

  it("noDualActive is violated after r2's master-down interval, and the split lasts while the partition does", () => {
    const o = simulate(t, [step(10, 'partition', 'r1|r2')], 30_000);
    const takeover = lastAdvertBefore(10_000, masterDown(150), 1000) + masterDown(100);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: takeover });
    expect(dualActiveOverlaps(o.run)).toEqual([
      { service: 'vip', hosts: ['r1', 'r2'], fromMs: takeover, toMs: 30_000, lengthMs: 30_000 - takeover, open: true },
    ]);
  });

  it('at a 2 s advert interval the split comes one (longer) master-down interval after the last advert', () => {
    const o = simulate(target('keepalived', 'two-routers', { advertIntMs: '2s' }), [step(10, 'partition', 'r1|r2')]);
    const takeover = lastAdvertBefore(10_000, masterDown(150, 2000), 2000) + masterDown(100, 2000);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: takeover });
  });

  it('random search finds it and shrinks it to one partition at 10 s', () => {
    const r = search(t, 'noDualActive', { kinds: ['partition', 'host-crash', 'agent-stop'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual(['10s partition r1|r2']);
  });

  it('a cut cable is not a split brain: the router without carrier goes to FAULT and drops the VIP', () => {
    const o = simulate(t, [step(10, 'link-cut', 'r1.eth0-lan')]);
    expect(roles(o, 'r1')).toEqual(['3414 MASTER', '10000 FAULT']);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });
});

describe('KA-3: the master stops cleanly', () => {
  for (const p2 of [100, 50]) {
    it(`r2 (priority ${p2}) takes over after the skew only, ${skew(p2)} ms (priority-0 advert)`, () => {
      const o = simulate(target('keepalived', 'two-routers', { priority2: p2 }), [step(10, 'agent-stop', 'r1')]);
      expect(roles(o, 'r1')).toEqual(['3414 MASTER', '10000 STOPPED']);
      expect(roles(o, 'r2')).toEqual([`${10_000 + skew(p2)} MASTER`]);
      expect(o.verdicts.noDualActive.status).toBe('holds');
    });
  }

  it('DOMAIN.md: ≈ 0.6 s at priority 100', () => expect(skew(100)).toBe(609));

  it('random search: clean stops and restarts never give two MASTERs', () => {
    const t = target('keepalived', 'two-routers');
    expect(search(t, 'noDualActive', { kinds: ['agent-stop'], maxFaults: 2 }).status).toBe('holds');
  });
});

describe('KA-4: the master pauses longer than master-down, then resumes', () => {
  const t = target('keepalived', 'two-routers');

  it('both are MASTER until r1 resumes and adverts; then r2 steps down, and the overlap is reported with its length', () => {
    const o = simulate(t, [step(10, 'slowdown', 'r1'), step(16, 'resume', 'r1')]);
    const takeover = lastAdvertBefore(10_000, masterDown(150), 1000) + masterDown(100);
    expect(roles(o, 'r2')).toEqual([`${takeover} MASTER`, '16000 BACKUP']);
    expect(roles(o, 'r1')).toEqual(['3414 MASTER']); // r1 never knew it was gone
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: takeover });
    expect(dualActiveOverlaps(o.run)).toEqual([
      { service: 'vip', hosts: ['r1', 'r2'], fromMs: takeover, toMs: 16_000, lengthMs: 16_000 - takeover, open: false },
    ]);
  });

  it("at a 2 s advert interval and priority 200 for r2, the overlap starts one (longer, less skewed) master-down interval after r1's last advert", () => {
    const o = simulate(target('keepalived', 'two-routers', { advertIntMs: '2s', priority2: 200, priority1: 250 }), [
      step(10, 'slowdown', 'r1'),
      step(20, 'resume', 'r1'),
    ]);
    const takeover = lastAdvertBefore(10_000, masterDown(250, 2000), 2000) + masterDown(200, 2000);
    expect(takeover).toBe(8023 + 6218); // r1 elected at 6.023 s, adverts every 2 s; skew(200) = 218 ms
    expect(dualActiveOverlaps(o.run)).toEqual([
      { service: 'vip', hosts: ['r1', 'r2'], fromMs: takeover, toMs: 20_000, lengthMs: 20_000 - takeover, open: false },
    ]);
  });

  it('a pause shorter than master-down leaves no trace', () => {
    const o = simulate(t, [step(10, 'slowdown', 'r1'), step(12, 'resume', 'r1')]);
    expect(roles(o, 'r2')).toEqual([]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  it('a paused BACKUP that resumes to a backlog of adverts stays BACKUP: the adverts restart its master-down timer before the stale expiry counts', () => {
    const o = simulate(t, [step(10, 'slowdown', 'r2'), step(16, 'resume', 'r2')]);
    expect(roles(o, 'r2')).toEqual([]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  it('a paused BACKUP whose master died meanwhile takes over a master-down interval after it resumes (the backlog advert counts from then)', () => {
    const o = simulate(t, [step(10, 'slowdown', 'r2'), step(11, 'host-crash', 'r1'), step(16, 'resume', 'r2')]);
    expect(roles(o, 'r2')).toEqual([`${16_000 + masterDown(100)} MASTER`]);
  });

  it('random search finds it and shrinks it to one slowdown of the master at 10 s', () => {
    const r = search(t, 'noDualActive', { kinds: ['slowdown'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual(['10s slowdown r1']);
  });
});

describe('KA-5: the partition heals', () => {
  it("r2 steps down at the first advert after the heal (r2's own, at 16.023 s), the overlap closes, r1 keeps the VIP", () => {
    const o = simulate(target('keepalived', 'two-routers'), [
      step(10, 'partition', 'r1|r2'),
      step(16, 'heal', 'r1|r2'),
    ]);
    expect(roles(o, 'r2')).toEqual(['13023 MASTER', '16023 BACKUP']);
    expect(dualActiveOverlaps(o.run)).toMatchObject([{ fromMs: 13_023, toMs: 16_023, open: false }]);
  });

  const variants: Record<string, string | number>[] = [
    {},
    { advertIntMs: '2s' },
    { advertIntMs: '500ms', priority2: 120 },
  ];
  for (const settings of variants) {
    it(`for any partition and heal, the lower priority steps down within one advert of the heal (${JSON.stringify(settings)})`, () => {
      const t = target('keepalived', 'two-routers', settings);
      const advert = numberSetting(t, 'advertIntMs');
      fc.assert(
        fc.property(fc.integer({ min: 5_000, max: 20_000 }), fc.integer({ min: 1, max: 30_000 }), (at, lasting) => {
          const schedule: FaultStep[] = [
            { at, fault: 'partition', target: 'r1|r2' },
            { at: at + lasting, fault: 'heal', target: 'r1|r2' },
          ];
          const o = simulate(t, schedule);
          for (const overlap of dualActiveOverlaps(o.run)) {
            expect(overlap.open).toBe(false);
            expect(overlap.toMs).toBeGreaterThanOrEqual(at + lasting);
            expect(overlap.toMs).toBeLessThanOrEqual(at + lasting + advert);
          }
          expect(holdersAtEnd(o)).toEqual(['r1']);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe('preemption', () => {
  const reboot = [step(10, 'host-crash', 'r1'), step(16, 'host-boot', 'r1')];

  it('preempt (default): a rebooted r1 takes the VIP back one master-down interval after it starts', () => {
    const o = simulate(target('keepalived', 'two-routers'), reboot);
    expect(roles(o, 'r1')).toEqual(['3414 MASTER', '10000 DOWN', '16000 BACKUP', `${16_000 + masterDown(150)} MASTER`]);
    expect(roles(o, 'r2')).toEqual(['13023 MASTER', `${16_000 + masterDown(150)} BACKUP`]);
  });

  it('a router that boots after its cable was mended while it was off goes straight to BACKUP', () => {
    const o = simulate(target('keepalived', 'two-routers'), [
      step(8, 'link-cut', 'r1.eth0-lan'),
      step(13, 'host-crash', 'r1'),
      step(15, 'link-restore', 'r1.eth0-lan'),
      step(18, 'host-boot', 'r1'),
    ]);
    expect(roles(o, 'r1')).toEqual([
      '3414 MASTER',
      '8000 FAULT',
      '13000 DOWN',
      '18000 BACKUP',
      `${18_000 + masterDown(150)} MASTER`,
    ]);
  });

  it('nopreempt: r2 keeps the VIP', () => {
    const o = simulate(target('keepalived', 'two-routers', { preempt: false }), reboot);
    expect(roles(o, 'r1')).toEqual(['3414 MASTER', '10000 DOWN', '16000 BACKUP']);
    expect(roles(o, 'r2')).toEqual(['13023 MASTER']);
  });

  it("preempt_delay 4.5 s: r1 accepts r2's adverts until 4.5 s after the first, then takes over a master-down interval after the last accepted", () => {
    const o = simulate(target('keepalived', 'two-routers', { preemptDelayMs: '4.5s' }), reboot);
    // r2's adverts: 16.023, 17.023, … The first at 16.023 starts the delay (ends 20.523); the last accepted is 20.023.
    expect(roles(o, 'r1')).toEqual(['3414 MASTER', '10000 DOWN', '16000 BACKUP', `${20_023 + masterDown(150)} MASTER`]);
  });
});
