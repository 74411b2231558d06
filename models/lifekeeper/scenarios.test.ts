// SCENARIOS.md, SteelEye LifeKeeper: every LK row as a test. Violation rows: the named schedule violates, and random search from the fixed seed finds a
// violation and shrinks it to that schedule. Holds rows: the named schedules, and random search
// over the faults the row is about, violate nothing. Timings are checked against the settings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../../harness/engine/generators.js';
import { findModel } from '../registry.js';
import { presetTarget, type Target } from '../../harness/engine/target.js';
import { Simulation } from '../../harness/engine/simulator.js';
import {
  brief,
  numberSetting,
  RUNS,
  SEED,
  search,
  simulate,
  step,
  target,
  violatedProperties,
  type Outcome,
} from '../../harness/runners/testing.js';
import type { DataEntry, TraceEntry } from '../../harness/engine/trace.js';
import { dataLosses } from '../../properties/dataLoss.js';
import { checkProperty } from '../../properties/index.js';
import { availability } from '../../properties/poolAvailability.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;
const services = (o: Outcome, service: string) =>
  o.run.entries.filter((e): e is ServiceEntry => e.type === 'service' && e.service === service);
const starts = (o: Outcome, service: string) => services(o, service).filter((e) => e.state === 'starting');
const SEED_CONFIGS = ['p2v-many-to-1', 'v2p-1-to-many', 'v2v', 'multi-instance-aa', 'single-system', 'mixed-os-aa'];
const COMM_FAULTS: FaultName[] = ['nic-down', 'link-cut', 'switch-down'];

/** A preset with some hosts' capacity changed. */
function withCapacity(presetName: string, capacity: Record<string, number>): Target {
  const model = findModel('lifekeeper')!;
  const preset = model.presets.find((p) => p.name === presetName)!;
  const topology = {
    ...preset.topology,
    hosts: preset.topology.hosts.map((h) => (h.id in capacity ? { ...h, capacity: capacity[h.id] } : h)),
  };
  return presetTarget(model, { ...preset, topology });
}

describe("LK-1: the primary's application crashes once", () => {
  const t = target('lifekeeper', 'v2v');

  it('lkcheck finds it one quickCheck later and restarts it in place: no failover', () => {
    const o = simulate(t, [step(10, 'app-crash', 'app1@va')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host, e.cause])).toEqual([[130_000, 'va', 'local-recovery']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('the detection follows quickCheckMs', () => {
    const o = simulate(target('lifekeeper', 'v2v', { quickCheckMs: '60s' }), [step(10, 'app-crash', 'app1@va')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host])).toEqual([[70_000, 'va']]);
  });

  for (const preset of SEED_CONFIGS) {
    it(`${preset}: no single application crash violates any property (random search)`, () => {
      const p = target('lifekeeper', preset);
      for (const property of p.model.properties)
        expect(search(p, property, { kinds: ['app-crash'] }).status, property).toBe('holds');
    });
  }
});

describe('LK-2: the application keeps crashing', () => {
  const t = target('lifekeeper', 'v2v');

  it('after N = 1 local recovery it fails over to the backup; nothing is violated', () => {
    const o = simulate(t, [step(10, 'app-crash', 'app1@va'), step(170, 'app-crash', 'app1@va')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host, e.cause])).toEqual([
      [130_000, 'va', 'local-recovery'],
      [290_000, 'vb', 'takeover'],
    ]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('with localRecoveryTries = 2 the second crash is restarted in place too, the third fails over', () => {
    const t2 = target('lifekeeper', 'v2v', { localRecoveryTries: 2 });
    const two = simulate(t2, [step(10, 'app-crash', 'app1@va'), step(170, 'app-crash', 'app1@va')]);
    expect(starts(two, 'app1').map((e) => e.host)).toEqual(['va', 'va']);
    const three = simulate(t2, [
      step(10, 'app-crash', 'app1@va'),
      step(170, 'app-crash', 'app1@va'),
      step(330, 'app-crash', 'app1@va'),
    ]);
    expect(starts(three, 'app1').map((e) => [e.at, e.host])).toEqual([
      [130_000, 'va'],
      [290_000, 'va'],
      [450_000, 'vb'],
    ]);
    expect(violatedProperties(three)).toEqual([]);
  });

  it('a crash after the restart passed a clean check starts the count again', () => {
    const o = simulate(t, [step(10, 'app-crash', 'app1@va'), step(400, 'app-crash', 'app1@va')]);
    expect(starts(o, 'app1').map((e) => e.host)).toEqual(['va', 'va']);
  });

  it('up to three crashes never make two nodes active nor fail over from a healthy node (random search)', () => {
    for (const property of ['noDualActive', 'noUnnecessaryFailover', 'noUnnecessaryFence'] as const) {
      expect(search(t, property, { kinds: ['app-crash'], maxFaults: 3 }).status, property).toBe('holds');
    }
  });
});

// SCENARIOS.md LK-3: "all comm paths cut, shared storage with reservations ⇒ backup cannot take the
// disk: holds noDualActive". That is `reservationBreak=none`. The default is `reset`, what
// LifeKeeper for Linux documents (lkscsid(8): a node whose reservation was stolen halts): the
// backup does take the disk, noDualActive still holds, and the healthy primary pays with a reboot.
describe('LK-3: every comm path cut, shared storage with SCSI reservations', () => {
  const cut = [step(10, 'link-cut', 'n1.ch0-n2.ch0')];

  it('the default is reservationBreak=reset', () => {
    expect(target('lifekeeper', 'shared-single-path').config.reservationBreak).toBe('reset');
  });

  for (const mode of ['reset', 'none']) {
    it(`reservationBreak=${mode}: never two writers of the disk (noDualActive holds)`, () => {
      const o = simulate(target('lifekeeper', 'shared-single-path', { reservationBreak: mode }), cut);
      expect(o.verdicts.noDualActive.status).toBe('holds');
    });
  }

  it('reservationBreak=none, the row as SCENARIOS.md writes it: the backup cannot take the disk; the primary keeps serving and nothing is violated', () => {
    const o = simulate(target('lifekeeper', 'shared-single-path', { reservationBreak: 'none' }), cut);
    expect(starts(o, 'db')).toEqual([]);
    expect(o.fences).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it("reservationBreak=reset (the default): the backup breaks the reservation, the primary's I/O stops at once and lkscsid reboots it", () => {
    const o = simulate(target('lifekeeper', 'shared-single-path'), cut);
    expect(
      services(o, 'db')
        .slice(1)
        .map((e) => [e.at, e.host, e.state]),
    ).toEqual([
      [30_000, 'n1', 'stopped'],
      [30_000, 'n2', 'starting'],
      [60_000, 'n2', 'running'],
    ]);
    expect(o.fences).toEqual([{ at: 35_000, host: 'n1' }]); // FAILFASTTIMER 5 s later
    expect(violatedProperties(o).sort()).toEqual(['noUnnecessaryFailover', 'noUnnecessaryFence']);
  });

  it('v2v with two comm paths: cutting both leaves one writer', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'nic-down', 'va.ch0'), step(10, 'nic-down', 'va.mgmt0')]);
    expect(starts(o, 'app1').map((e) => e.host)).toEqual(['vb']);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  for (const preset of ['shared-single-path', 'v2v', 'p2v-many-to-1', 'multi-instance-aa']) {
    for (const mode of ['reset', 'none']) {
      it(`${preset}, reservationBreak=${mode}: no two network faults make two writers (random search)`, () => {
        const p = target('lifekeeper', preset, { reservationBreak: mode });
        expect(search(p, 'noDualActive', { kinds: [...COMM_FAULTS, 'partition'], maxFaults: 2 }).status).toBe('holds');
      });
    }
  }
});

/** Every single fault of the kinds, on every target, at instants on and off the heartbeat grid. */
function everySingleFault(t: Target, kinds: readonly FaultName[], seconds: readonly number[]): FaultStep[][] {
  const vocabulary = vocabularyOf(t.model);
  return kinds.flatMap((k) =>
    FAULTS[k].targets(t.compiled, vocabulary).flatMap((id) => seconds.map((s) => [step(s, k, id)])),
  );
}

describe('LK-4: replicated data, no reservation', () => {
  it('one comm path: cutting it makes both nodes active (split brain)', () => {
    const o = simulate(target('lifekeeper', 'replicated-single-path'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: 30_000 });
  });

  it('random search finds it and shrinks it to the comm path failing at 10 s (a NIC at either end, or the cable)', () => {
    const r = search(target('lifekeeper', 'replicated-single-path'), 'noDualActive', { kinds: COMM_FAULTS });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([
      expect.stringMatching(/^10s (nic-down n[12]\.ch0|link-cut n1\.ch0-n2\.ch0)$/),
    ]);
  });

  it('two comm paths on separate networks: every single NIC, link or switch fault holds (exhaustive)', () => {
    const t = target('lifekeeper', 'replicated-two-paths');
    const schedules = everySingleFault(t, COMM_FAULTS, [10, 12.5, 14.999]);
    expect(schedules.length).toBeGreaterThan(25);
    for (const s of schedules) expect(simulate(t, s).verdicts.noDualActive.status, brief(s).join()).toBe('holds');
  });

  it('two comm paths: losing the crossover moves the heartbeats to the management network', () => {
    const o = simulate(target('lifekeeper', 'replicated-two-paths'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        type: 'note',
        agent: 'n1',
        text: expect.stringMatching(/comm path channel to n2 is down; heartbeats use management/),
      }),
    );
    expect(violatedProperties(o)).toEqual([]);
  });

  it('with the Quorum/Witness package on two nodes (majority), the cut makes both nodes lose quorum instead: no split brain, but no service', () => {
    const o = simulate(target('lifekeeper', 'replicated-single-path', { qwk: true }), [
      step(10, 'link-cut', 'n1.ch0-n2.ch0'),
    ]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
    expect(o.fences.map((f) => f.host).sort()).toEqual(['n1', 'n2']);
    expect(violatedProperties(o)).toContain('noPoolWideFence');
  });

  it('a witness node: the isolated primary loses quorum and halts, the backup (2 of 3) takes over', () => {
    const o = simulate(target('lifekeeper', 'replicated-witness'), [step(10, 'nic-down', 'n1.ch0')]);
    expect(o.fences).toEqual([{ at: 30_000, host: 'n1' }]);
    expect(starts(o, 'db').map((e) => [e.at, e.host])).toEqual([[30_000, 'n2']]);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  it('remote_verify: a node that another node still hears is not failed over from', () => {
    // The backup n2 loses its own comm NIC: it loses quorum (1 of 3), while the witness still hears n1.
    const o = simulate(target('lifekeeper', 'replicated-witness'), [step(10, 'nic-down', 'n2.ch0')]);
    expect(starts(o, 'db')).toEqual([]);
    expect(o.fences.map((f) => f.host)).toEqual(['n2']);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });
});

describe('LK-5: many-to-1, both primaries crash together', () => {
  const bothCrash = [step(10, 'host-crash', 'p1'), step(10, 'host-crash', 'p2')];

  it('vmhost has room for both applications: both backup VMs take over', () => {
    const o = simulate(target('lifekeeper', 'p2v-many-to-1'), bothCrash);
    expect([...starts(o, 'exch1'), ...starts(o, 'exch2')].map((e) => [e.at, e.host])).toEqual([
      [30_000, 'v1'],
      [30_000, 'v2'],
    ]);
    expect(violatedProperties(o)).toEqual([]);
    expect(availability(o.run).capacityRefusals).toEqual([]);
  });

  it('vmhost has room for one: the second is refused and stays down past its RTO', () => {
    const o = simulate(withCapacity('p2v-many-to-1', { vmhost: 8 }), bothCrash);
    expect(availability(o.run).capacityRefusals).toEqual([
      { at: 30_000, service: 'exch2', host: 'v2', reason: 'needs 6 units; vmhost (which v2 runs on) has 2 of 8 free' },
    ]);
    expect(o.verdicts.serviceRestoredWithin).toMatchObject({ status: 'violated', at: 310_000 });
  });

  it('random search finds it and shrinks it to both primaries crashing at 10 s', () => {
    const r = search(withCapacity('p2v-many-to-1', { vmhost: 8 }), 'serviceRestoredWithin', {
      kinds: ['host-crash'],
      maxFaults: 2,
    });
    expect(brief(r.counterexample!.schedule)).toEqual(['10s host-crash p1', '10s host-crash p2']);
  });

  it('one primary crashing is survived either way', () => {
    for (const t of [target('lifekeeper', 'p2v-many-to-1'), withCapacity('p2v-many-to-1', { vmhost: 8 })]) {
      expect(violatedProperties(simulate(t, [step(10, 'host-crash', 'p2')]))).toEqual([]);
    }
  });
});

describe('LK-6: single-system, the physical host crashes', () => {
  const t = target('lifekeeper', 'single-system');

  it('both VMs die with box: the application stays down although h2 could have run it', () => {
    const o = simulate(t, [step(10, 'host-crash', 'box')]);
    expect(o.verdicts.serviceRestoredWithin).toMatchObject({ status: 'violated', at: 310_000 });
  });

  it('random search finds it and shrinks it to host-crash box at 10 s', () => {
    const r = search(t, 'serviceRestoredWithin', { kinds: ['host-crash'] });
    expect(brief(r.counterexample!.schedule)).toEqual(['10s host-crash box']);
  });

  it('a crash of the primary VM alone fails over to the VM beside it', () => {
    const o = simulate(t, [step(10, 'host-crash', 'v1')]);
    expect(starts(o, 'app1').map((e) => e.host)).toEqual(['v2']);
    expect(violatedProperties(o)).toEqual([]);
  });
});

describe('failure detection: every comm path silent for LCMHBEATTIME × LCMNUMHBEATS', () => {
  const takeoverAt = (t: Target, crash: string, service: string) =>
    starts(simulate(t, [step(10, 'host-crash', crash)]), service)[0].at;

  it('Linux defaults: noticed at the next 5 s heartbeat, dead 15 s later', () => {
    expect(takeoverAt(target('lifekeeper', 'v2v'), 'hA', 'app1')).toBe(15_000 + 15_000);
  });

  it('changed settings: 2 s × 4', () => {
    expect(
      takeoverAt(target('lifekeeper', 'v2v', { linuxHeartbeatMs: '2s', linuxHeartbeatMisses: 4 }), 'hA', 'app1'),
    ).toBe(12_000 + 8_000);
  });

  it('mixed OS: the Windows cluster uses its own 6 s × 5, the Linux one 5 s × 3', () => {
    const t = target('lifekeeper', 'mixed-os-aa');
    expect(takeoverAt(t, 'hB', 'wapp')).toBe(12_000 + 30_000);
    expect(takeoverAt(t, 'hA', 'lapp')).toBe(15_000 + 15_000);
    expect(
      takeoverAt(
        target('lifekeeper', 'mixed-os-aa', { windowsHeartbeatMs: '4s', windowsHeartbeatMisses: 3 }),
        'hB',
        'wapp',
      ),
    ).toBe(12_000 + 12_000);
  });
});

describe('resources and their checks', () => {
  it("the virtual IP's NIC loses link: the next lkcheck fails the resource over (restarting in place cannot help)", () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'link-cut', 'va.pub0-hA-vs-pub')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host])).toEqual([[130_000, 'vb']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('a link back before the check is no failure', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [
      step(10, 'link-cut', 'va.pub0-hA-vs-pub'),
      step(100, 'link-restore', 'va.pub0-hA-vs-pub'),
    ]);
    expect(starts(o, 'app1')).toEqual([]);
  });

  it('the primary loses its storage path: lkscsid fails the resource over within FAILFASTTIMER', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'path-down', 'va-san1')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host])).toEqual([[15_000, 'vb']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('a cut comm path that heals does not fail anything over, and the nodes learn who runs what', () => {
    const o = simulate(target('lifekeeper', 'shared-single-path'), [
      step(10, 'link-cut', 'n1.ch0-n2.ch0'),
      step(20, 'link-restore', 'n1.ch0-n2.ch0'),
    ]);
    expect(starts(o, 'db')).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('the seed configurations survive every single host crash, NIC, link, switch or path fault (random search)', () => {
    for (const preset of SEED_CONFIGS.filter((p) => p !== 'single-system')) {
      const t = target('lifekeeper', preset);
      for (const property of t.model.properties) {
        expect(
          search(t, property, { kinds: ['host-crash', 'nic-down', 'link-cut', 'switch-down', 'path-down'] }).status,
          `${preset} ${property}`,
        ).toBe('holds');
      }
    }
  });
});

describe('topology checks', () => {
  const model = findModel('lifekeeper')!;
  const preset = model.presets.find((p) => p.name === 'replicated-single-path')!;

  it('a resource without a backup node is refused with the field named', () => {
    const topology = { ...preset.topology, services: [{ ...preset.topology.services[0], backups: [] }] };
    expect(() => simulate(presetTarget(model, { ...preset, topology }), [])).toThrow(
      /services\[0\]\.backups: db: LifeKeeper needs a backup node/,
    );
  });

  it('a cluster mixing operating systems is refused', () => {
    const topology = {
      ...preset.topology,
      hosts: preset.topology.hosts.map((h) => (h.id === 'n2' ? { ...h, os: 'windows' as const } : h)),
    };
    expect(() => simulate(presetTarget(model, { ...preset, topology }), [])).toThrow(
      /n1 \(linux\) and n2 \(windows\) protect each other's resources/,
    );
  });
});

describe('LK-7: replicated data (DataKeeper mirrors), synchronous or asynchronous', () => {
  const sync = target('lifekeeper', 'replicated-two-paths');
  const dataOf = (o: Outcome, host: string) =>
    o.run.entries.filter((e): e is DataEntry => e.type === 'data' && e.host === host);
  const notesOf = (o: Outcome, agent: string) =>
    o.run.entries.flatMap((e) => (e.type === 'note' && e.agent === agent ? [e.text] : []));
  const ms = numberSetting;
  /** A node notices a change at its next heartbeat and declares the silent peer dead heartbeat × misses later. */
  const takeoverAt = (t: typeof sync, faultMs: number) => {
    const beat = ms(t, 'linuxHeartbeatMs');
    return (Math.floor(faultMs / beat) + 1) * beat + beat * ms(t, 'linuxHeartbeatMisses');
  };

  it('the backup keeps a synchronous replica of db, fed by the primary over the dedicated crossover (the first comm path)', () => {
    expect(sync.config.replication).toBe('sync');
    expect(dataOf(simulate(sync, []), 'n2')).toEqual([
      {
        at: 0,
        type: 'data',
        service: 'db',
        host: 'n2',
        source: 'n1',
        state: 'following',
        mode: 'sync',
        lagMs: 0,
        upToMs: 0,
      },
    ]);
    const o = simulate(sync, [step(10, 'nic-down', 'n1.mgmt0')]);
    expect(dataOf(o, 'n2')).toHaveLength(1); // the management path carries heartbeats, not the mirror
  });

  it('sync, the primary crashes: the new primary holds every acknowledged write; noAckedWriteLost holds, RPO 0', () => {
    for (const t of [sync, target('lifekeeper', 'replicated-single-path')]) {
      const o = simulate(t, [step(10, 'host-crash', 'n1')]);
      expect(violatedProperties(o)).toEqual([]);
      expect(o.verdicts.noAckedWriteLost).toEqual({
        property: 'noAckedWriteLost',
        status: 'holds',
        metrics: { rpoMs: 0 },
      });
      expect(starts(o, 'db').map((e) => [e.at, e.host])).toEqual([[takeoverAt(t, 10_000), 'n2']]);
      // n1 acknowledged its last write when it lost power; n2's copy stopped at that very instant.
      const lastWrite = services(o, 'db').find((e) => e.host === 'n1' && e.state === 'stopped')!.at;
      expect(
        dataOf(o, 'n2')
          .filter((e) => e.state === 'stopped')
          .map((e) => e.upToMs),
      ).toEqual([lastWrite, lastWrite]);
      expect(dataLosses(o.run)).toEqual([]);
    }
  });

  it('sync: every single fault of the mix, at instants on and off the heartbeat grid, holds noAckedWriteLost (exhaustive)', () => {
    const schedules = everySingleFault(sync, sync.faults, [10, 12.5, 14.999, 47]);
    expect(schedules.length).toBeGreaterThan(40);
    for (const s of schedules)
      expect(simulate(sync, s).verdicts.noAckedWriteLost.status, brief(s).join()).toBe('holds');
  });

  for (const lagMs of [1_000, 4_000]) {
    it(`async (a ${lagMs / 1000} s queue): the primary crashes, the verdict holds and the RPO is the queue the model says was unsent`, () => {
      const t = target('lifekeeper', 'replicated-two-paths', { replication: 'async', asyncLagMs: lagMs });
      const o = simulate(t, [step(10, 'host-crash', 'n1')]);
      expect(o.verdicts.noAckedWriteLost).toEqual({
        property: 'noAckedWriteLost',
        status: 'holds',
        metrics: { rpoMs: lagMs },
      });
      expect(dataLosses(o.run)).toEqual([
        {
          service: 'db',
          host: 'n2',
          at: takeoverAt(t, 10_000) + ms(t, 'appStartMs'),
          heldUpToMs: 10_000 - lagMs,
          ackedUpToMs: 10_000,
          mode: 'async',
        },
      ]);
      expect(notesOf(o, 'n2')).toContain(
        `asynchronous mirror: the writes still queued on n1 when it was lost (up to ${lagMs / 1000} s) are lost`,
      );
    });
  }

  it('async, a clean failover from a live primary (its application keeps failing): the queue drains first, RPO 0', () => {
    const t = target('lifekeeper', 'replicated-two-paths', { replication: 'async', asyncLagMs: 4_000 });
    const o = simulate(t, [step(10, 'app-crash', 'db@n1'), step(170, 'app-crash', 'db@n1')]);
    expect(starts(o, 'db').map((e) => e.host)).toEqual(['n1', 'n2']);
    expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'holds', metrics: { rpoMs: 0 } });
    // and n1, no longer the source, resynchronises and then follows n2
    expect(dataOf(o, 'n1').at(-1)).toMatchObject({ source: 'n2', state: 'following', mode: 'async' });
  });

  describe('sync with a broken mirror: the primary goes on acknowledging alone', () => {
    const cutThenCrash = [step(10, 'link-cut', 'n1.ch0-n2.ch0'), step(20, 'host-crash', 'n1')];

    it('the crossover (the replication path) is cut, the primary runs on, then dies: the backup takes over without the writes of 10–20 s', () => {
      const o = simulate(sync, cutThenCrash);
      const at = takeoverAt(sync, 20_000) + ms(sync, 'appStartMs');
      expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'violated', at });
      expect(dataLosses(o.run)).toEqual([
        { service: 'db', host: 'n2', at, heldUpToMs: 10_000, ackedUpToMs: 20_000, mode: 'sync' },
      ]);
      expect(o.verdicts.noDualActive.status).toBe('holds'); // not a split brain: n1 was the only writer
      expect(notesOf(o, 'n2')).toContainEqual(expect.stringMatching(/the mirror of db is broken/));
      expect(notesOf(o, 'n2')).toContainEqual(expect.stringMatching(/its copy of db is behind/));
    });

    it('with asynchronous replication the same loss is only reported: holds, RPO = the time the mirror was broken plus the queue', () => {
      const t = target('lifekeeper', 'replicated-two-paths', { replication: 'async' });
      const o = simulate(t, cutThenCrash);
      expect(o.verdicts.noAckedWriteLost).toMatchObject({
        status: 'holds',
        metrics: { rpoMs: 10_000 + ms(t, 'asyncLagMs') },
      });
    });

    it('random search (lost writes without two active nodes) finds it and shrinks it to the cut crossover, then n1 gone a second later', () => {
      const sim = new Simulation(sync.model, sync.compiled, sync.config);
      const schedules = scheduleArbitrary(sync.compiled, vocabularyOf(sync.model), {
        kinds: ['link-cut', 'host-crash'],
        maxFaults: 2,
      });
      const lostAlone = (s: readonly FaultStep[]) => {
        const run = sim.run(s);
        return (
          checkProperty('noAckedWriteLost', run).status === 'violated' &&
          checkProperty('noDualActive', run).status === 'holds'
        );
      };
      const r = fc.check(
        fc.property(schedules, (s) => !lostAlone(s)),
        { seed: SEED, numRuns: RUNS },
      );
      expect(r.failed).toBe(true);
      const shrunk = brief(r.counterexample![0]);
      // n1 leaves service a second after the cut: it crashes, or its public link goes and LifeKeeper fails db over.
      expect(shrunk).toEqual([
        '10s link-cut n1.ch0-n2.ch0',
        expect.stringMatching(/^11s (host-crash n1|link-cut n1\.pub0-pubsw)$/),
      ]);
      expect(lostAlone(r.counterexample![0])).toBe(true);
    });
  });

  describe('DataKeeper: a target still resynchronising cannot take over (documented)', () => {
    // The crossover is back at 20 s; n2 notices at 25 s and resynchronises for mirrorResyncMs (60 s): until 85 s.
    const resync = [step(10, 'link-cut', 'n1.ch0-n2.ch0'), step(20, 'link-restore', 'n1.ch0-n2.ch0')];

    it('the primary dies during the resync: the backup refuses, nothing acknowledged is lost, db waits for n1', () => {
      const o = simulate(sync, [...resync, step(40, 'host-crash', 'n1')]);
      expect(starts(o, 'db')).toEqual([]);
      expect(notesOf(o, 'n2')).toContainEqual(
        expect.stringMatching(/refused — its mirror of db is still resynchronising from n1/),
      );
      expect(o.verdicts.noAckedWriteLost.status).toBe('holds');
      expect(o.verdicts.serviceRestoredWithin.status).toBe('violated'); // the documented price
    });

    it('when n1 returns, db comes back in service there (its copy is the current one) and n2 resynchronises from it', () => {
      const o = simulate(sync, [...resync, step(40, 'host-crash', 'n1'), step(100, 'host-boot', 'n1')]);
      const back = 100_000 + ms(sync, 'hostBootMs');
      expect(starts(o, 'db').map((e) => [e.at, e.host])).toEqual([[back, 'n1']]);
      expect(violatedProperties(o)).toEqual([]);
      expect(dataOf(o, 'n2').at(-1)).toMatchObject({ source: 'n1', state: 'following', at: expect.any(Number) });
    });

    it('the primary dies after the resync: the backup takes over with every acknowledged write', () => {
      const o = simulate(sync, [...resync, step(100, 'host-crash', 'n1')]);
      expect(starts(o, 'db').map((e) => e.host)).toEqual(['n2']);
      expect(violatedProperties(o)).toEqual([]);
      expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'holds', metrics: { rpoMs: 0 } });
    });

    it('the resync takes mirrorResyncMs', () => {
      const t = target('lifekeeper', 'replicated-two-paths', { mirrorResyncMs: '200s' });
      expect(starts(simulate(t, [...resync, step(100, 'host-crash', 'n1')]), 'db')).toEqual([]);
      expect(starts(simulate(t, [...resync, step(230, 'host-crash', 'n1')]), 'db').map((e) => e.host)).toEqual(['n2']);
    });
  });

  it('a split brain (LK-4) loses acknowledged writes too: the backup serves from a copy cut off at 10 s', () => {
    const o = simulate(target('lifekeeper', 'replicated-single-path'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'violated', at: 60_000 });
    expect(dataLosses(o.run)[0]).toMatchObject({ host: 'n2', heldUpToMs: 10_000, mode: 'sync' });
  });

  it('Quorum/Witness: the isolated primary acknowledges writes until its quorum check halts it; one fault loses them (random search)', () => {
    const t = target('lifekeeper', 'replicated-witness');
    const o = simulate(t, [step(10, 'nic-down', 'n1.ch0')]);
    expect(o.fences).toEqual([{ at: 30_000, host: 'n1' }]);
    expect(dataLosses(o.run)).toEqual([
      { service: 'db', host: 'n2', at: 60_000, heldUpToMs: 10_000, ackedUpToMs: 30_000, mode: 'sync' },
    ]);
    const r = search(t, 'noAckedWriteLost');
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([
      expect.stringMatching(/^10s (nic-down n1\.ch0|link-cut n1\.ch0-chsw)$/),
    ]);
  });

  it('shared-storage presets have no replica: nothing to judge, the property holds', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'host-crash', 'hA')]);
    expect(o.run.entries.filter((e) => e.type === 'data')).toEqual([]);
    expect(o.verdicts.noAckedWriteLost.status).toBe('holds');
  });
});
