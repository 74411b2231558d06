// SCENARIOS.md, SteelEye LifeKeeper: every LK row but LK-7 (replicated data, another branch) as a
// test. Violation rows: the named schedule violates, and random search from the fixed seed finds a
// violation and shrinks it to that schedule. Holds rows: the named schedules, and random search
// over the faults the row is about, violate nothing. Timings are checked against the settings.
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/faults/index.js';
import { vocabularyOf } from '../../harness/generators.js';
import type { Preset } from '../../harness/model.js';
import { findModel } from '../../harness/registry.js';
import { presetTarget, type Target } from '../../harness/target.js';
import { brief, search, simulate, step, target, violatedProperties, type Outcome } from '../../harness/testing.js';
import type { TraceEntry } from '../../harness/trace.js';
import { availability } from '../../properties/poolAvailability.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;
const services = (o: Outcome, service: string) => o.run.entries.filter((e): e is ServiceEntry => e.type === 'service' && e.service === service);
const starts = (o: Outcome, service: string) => services(o, service).filter((e) => e.state === 'starting');
const SEED_CONFIGS = ['p2v-many-to-1', 'v2p-1-to-many', 'v2v', 'multi-instance-aa', 'single-system', 'mixed-os-aa'];
const COMM_FAULTS: FaultName[] = ['nic-down', 'link-cut', 'switch-down'];

/** A preset with some hosts' capacity changed. */
function withCapacity(presetName: string, capacity: Record<string, number>): Target {
  const model = findModel('lifekeeper')!;
  const preset = model.presets.find((p) => p.name === presetName)!;
  const topology = { ...preset.topology, hosts: preset.topology.hosts.map((h) => (h.id in capacity ? { ...h, capacity: capacity[h.id] } : h)) };
  return presetTarget(model, { ...preset, topology } as Preset);
}

describe('LK-1: the primary\'s application crashes once', () => {
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
      for (const property of p.model.properties) expect(search(p, property, { kinds: ['app-crash'] }).status, property).toBe('holds');
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
    const three = simulate(t2, [step(10, 'app-crash', 'app1@va'), step(170, 'app-crash', 'app1@va'), step(330, 'app-crash', 'app1@va')]);
    expect(starts(three, 'app1').map((e) => [e.at, e.host])).toEqual([[130_000, 'va'], [290_000, 'va'], [450_000, 'vb']]);
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

describe('LK-3: every comm path cut, shared storage with SCSI reservations', () => {
  for (const mode of ['reset', 'none']) {
    it(`reservationBreak=${mode}: never two writers of the disk`, () => {
      const o = simulate(target('lifekeeper', 'shared-single-path', { reservationBreak: mode }), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
      expect(o.verdicts.noDualActive.status).toBe('holds');
    });
  }

  it('reset (the documented default): the backup breaks the reservation, the primary\'s I/O stops at once and lkscsid reboots it', () => {
    const o = simulate(target('lifekeeper', 'shared-single-path'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(services(o, 'db').slice(1).map((e) => [e.at, e.host, e.state])).toEqual([
      [30_000, 'n1', 'stopped'],
      [30_000, 'n2', 'starting'],
      [60_000, 'n2', 'running'],
    ]);
    expect(o.fences).toEqual([{ at: 35_000, host: 'n1' }]); // FAILFASTTIMER 5 s later
    expect(violatedProperties(o).sort()).toEqual(['noUnnecessaryFailover', 'noUnnecessaryFence']);
  });

  it('none: the backup cannot take the disk; the primary keeps serving and nothing is violated', () => {
    const o = simulate(target('lifekeeper', 'shared-single-path', { reservationBreak: 'none' }), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(starts(o, 'db')).toEqual([]);
    expect(o.fences).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('v2v with two comm paths: cutting both leaves one writer', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'nic-down', 'va.ch0'), step(10, 'nic-down', 'va.mgmt0')]);
    expect(starts(o, 'app1').map((e) => e.host)).toEqual(['vb']);
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });

  for (const preset of ['shared-single-path', 'v2v', 'p2v-many-to-1', 'multi-instance-aa']) {
    for (const mode of ['reset', 'none']) {
      it(`${preset}, ${mode}: no two network faults make two writers (random search)`, () => {
        const p = target('lifekeeper', preset, { reservationBreak: mode });
        expect(search(p, 'noDualActive', { kinds: [...COMM_FAULTS, 'partition'], maxFaults: 2 }).status).toBe('holds');
      });
    }
  }
});

/** Every single fault of the kinds, on every target, at instants on and off the heartbeat grid. */
function everySingleFault(t: Target, kinds: readonly FaultName[], seconds: readonly number[]): FaultStep[][] {
  const vocabulary = vocabularyOf(t.model);
  return kinds.flatMap((k) => FAULTS[k].targets(t.compiled, vocabulary).flatMap((id) => seconds.map((s) => [step(s, k, id)])));
}

describe('LK-4: replicated data, no reservation', () => {
  it('one comm path: cutting it makes both nodes active (split brain)', () => {
    const o = simulate(target('lifekeeper', 'replicated-single-path'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: 30_000 });
  });

  it('random search finds it and shrinks it to the comm path failing at 10 s (a NIC at either end, or the cable)', () => {
    const r = search(target('lifekeeper', 'replicated-single-path'), 'noDualActive', { kinds: COMM_FAULTS });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([expect.stringMatching(/^10s (nic-down n[12]\.ch0|link-cut n1\.ch0-n2\.ch0)$/)]);
  });

  it('two comm paths on separate networks: every single NIC, link or switch fault holds (exhaustive)', () => {
    const t = target('lifekeeper', 'replicated-two-paths');
    const schedules = everySingleFault(t, COMM_FAULTS, [10, 12.5, 14.999]);
    expect(schedules.length).toBeGreaterThan(25);
    for (const s of schedules) expect(simulate(t, s).verdicts.noDualActive.status, brief(s).join()).toBe('holds');
  });

  it('two comm paths: losing the crossover moves the heartbeats to the management network', () => {
    const o = simulate(target('lifekeeper', 'replicated-two-paths'), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
    expect(o.run.entries).toContainEqual(expect.objectContaining({ type: 'note', agent: 'n1', text: expect.stringMatching(/comm path channel to n2 is down; heartbeats use management/) }));
    expect(violatedProperties(o)).toEqual([]);
  });

  it('with the Quorum/Witness package on two nodes (majority), the cut makes both nodes lose quorum instead: no split brain, but no service', () => {
    const o = simulate(target('lifekeeper', 'replicated-single-path', { qwk: true }), [step(10, 'link-cut', 'n1.ch0-n2.ch0')]);
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
    expect([...starts(o, 'exch1'), ...starts(o, 'exch2')].map((e) => [e.at, e.host])).toEqual([[30_000, 'v1'], [30_000, 'v2']]);
    expect(violatedProperties(o)).toEqual([]);
    expect(availability(o.run).capacityRefusals).toEqual([]);
  });

  it('vmhost has room for one: the second is refused and stays down past its RTO', () => {
    const o = simulate(withCapacity('p2v-many-to-1', { vmhost: 8 }), bothCrash);
    expect(availability(o.run).capacityRefusals).toEqual([{ at: 30_000, service: 'exch2', host: 'v2', reason: 'needs 6 units; vmhost (which v2 runs on) has 2 of 8 free' }]);
    expect(o.verdicts.serviceRestoredWithin).toMatchObject({ status: 'violated', at: 310_000 });
  });

  it('random search finds it and shrinks it to both primaries crashing at 10 s', () => {
    const r = search(withCapacity('p2v-many-to-1', { vmhost: 8 }), 'serviceRestoredWithin', { kinds: ['host-crash'], maxFaults: 2 });
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
  const takeoverAt = (t: Target, crash: string, service: string) => starts(simulate(t, [step(10, 'host-crash', crash)]), service)[0].at;

  it('Linux defaults: noticed at the next 5 s heartbeat, dead 15 s later', () => {
    expect(takeoverAt(target('lifekeeper', 'v2v'), 'hA', 'app1')).toBe(15_000 + 15_000);
  });

  it('changed settings: 2 s × 4', () => {
    expect(takeoverAt(target('lifekeeper', 'v2v', { linuxHeartbeatMs: '2s', linuxHeartbeatMisses: 4 }), 'hA', 'app1')).toBe(12_000 + 8_000);
  });

  it('mixed OS: the Windows cluster uses its own 6 s × 5, the Linux one 5 s × 3', () => {
    const t = target('lifekeeper', 'mixed-os-aa');
    expect(takeoverAt(t, 'hB', 'wapp')).toBe(12_000 + 30_000);
    expect(takeoverAt(t, 'hA', 'lapp')).toBe(15_000 + 15_000);
    expect(takeoverAt(target('lifekeeper', 'mixed-os-aa', { windowsHeartbeatMs: '4s', windowsHeartbeatMisses: 3 }), 'hB', 'wapp')).toBe(12_000 + 12_000);
  });
});

describe('resources and their checks', () => {
  it('the virtual IP\'s NIC loses link: the next lkcheck fails the resource over (restarting in place cannot help)', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'link-cut', 'va.pub0-hA-vs-pub')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host])).toEqual([[130_000, 'vb']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('a link back before the check is no failure', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'link-cut', 'va.pub0-hA-vs-pub'), step(100, 'link-restore', 'va.pub0-hA-vs-pub')]);
    expect(starts(o, 'app1')).toEqual([]);
  });

  it('the primary loses its storage path: lkscsid fails the resource over within FAILFASTTIMER', () => {
    const o = simulate(target('lifekeeper', 'v2v'), [step(10, 'path-down', 'va-san1')]);
    expect(starts(o, 'app1').map((e) => [e.at, e.host])).toEqual([[15_000, 'vb']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('a cut comm path that heals does not fail anything over, and the nodes learn who runs what', () => {
    const o = simulate(target('lifekeeper', 'shared-single-path'), [step(10, 'link-cut', 'n1.ch0-n2.ch0'), step(20, 'link-restore', 'n1.ch0-n2.ch0')]);
    expect(starts(o, 'db')).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('the seed configurations survive every single host crash, NIC, link, switch or path fault (random search)', () => {
    for (const preset of SEED_CONFIGS.filter((p) => p !== 'single-system')) {
      const t = target('lifekeeper', preset);
      for (const property of t.model.properties) {
        expect(search(t, property, { kinds: ['host-crash', 'nic-down', 'link-cut', 'switch-down', 'path-down'] }).status, `${preset} ${property}`).toBe('holds');
      }
    }
  });
});

describe('topology checks', () => {
  const model = findModel('lifekeeper')!;
  const preset = model.presets.find((p) => p.name === 'replicated-single-path')!;

  it('a resource without a backup node is refused with the field named', () => {
    const topology = { ...preset.topology, services: [{ ...preset.topology.services[0], backups: [] }] };
    expect(() => simulate(presetTarget(model, { ...preset, topology }), [])).toThrow(/services\[0\]\.backups: db: LifeKeeper needs a backup node/);
  });

  it('a cluster mixing operating systems is refused', () => {
    const topology = { ...preset.topology, hosts: preset.topology.hosts.map((h) => (h.id === 'n2' ? { ...h, os: 'windows' as const } : h)) };
    expect(() => simulate(presetTarget(model, { ...preset, topology }), [])).toThrow(/n1 \(linux\) and n2 \(windows\) protect each other's resources/);
  });
});
