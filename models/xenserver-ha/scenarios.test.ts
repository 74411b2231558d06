// SCENARIOS.md, XenServer HA pool: every XS row as a test. Violation rows: the named schedule
// violates, and random search from a fixed seed finds a violation and shrinks it to that schedule.
// Holds rows: the named schedules (and, for XS-5, every single fault) violate nothing.
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultStep } from '../../harness/engine/faults/index.js';
import { vocabularyOf } from '../../harness/engine/generators.js';
import { planRestart } from '../../harness/engine/placement.js';
import { brief, search, simulate, step, target, violatedProperties } from '../../harness/runners/testing.js';
import { difference } from '../../harness/engine/hostSet.js';

const SEED_2009 = { profile: 'seed-2009' };
const XHA = { profile: 'xha' };
const MGMT_FAULTS = ['nic-down', 'switch-down', 'link-cut'] as const;

describe('XS-1: two hosts, one crashes (seed-2009)', () => {
  const t = target('xenserver-ha', 'two-host', SEED_2009);

  it('the survivor fences itself: the whole pool is down although h1 was healthy', () => {
    const o = simulate(t, [step(10, 'host-crash', 'h2')]);
    expect(o.fences[0]).toEqual({ at: 42_000, host: 'h1' }); // next 4 s heartbeat tick (12 s) + T = 30 s
    expect(violatedProperties(o)).toContain('noPoolWideFence');
  });

  it('random search finds it and shrinks it to one host crash at 10 s', () => {
    const r = search(t, 'noPoolWideFence', { kinds: ['host-crash'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([expect.stringMatching(/^10s host-crash h[12]$/)]);
  });
});

describe('XS-1x: two hosts, one crashes (xha)', () => {
  const t = target('xenserver-ha', 'two-host', XHA);

  it("h1 survives and restarts h2's VM", () => {
    const o = simulate(t, [step(10, 'host-crash', 'h2')]);
    expect(o.fences).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ type: 'service', service: 'vm-h2', host: 'h1', state: 'running' }),
    );
  });

  it('no host crash violates any property (random search)', () => {
    for (const p of t.model.properties) expect(search(t, p, { kinds: ['host-crash'] }).status, p).toBe('holds');
  });
});

describe('XS-2: the management link between two healthy hosts fails (seed-2009)', () => {
  const t = target('xenserver-ha', 'two-host', SEED_2009);

  for (const fault of [
    step(10, 'nic-down', 'h1.mgmt0'),
    step(10, 'switch-down', 'sw1'),
    step(10, 'link-cut', 'h2.mgmt0-sw1'),
  ]) {
    it(`${FAULTS[fault.fault].sentence(fault.target)}: both fence, and fence again while it stays down`, () => {
      const o = simulate(t, [fault]);
      expect(new Set(o.fences.slice(0, 2).map((f) => f.host))).toEqual(new Set(['h1', 'h2']));
      expect(violatedProperties(o)).toEqual(
        expect.arrayContaining(['noUnnecessaryFence', 'noPoolWideFence', 'noFenceLoop']),
      );
    });
  }

  it('a repaired link ends the loop', () => {
    const o = simulate(t, [step(10, 'nic-down', 'h1.mgmt0'), step(60, 'nic-up', 'h1.mgmt0')]);
    expect(o.verdicts.noFenceLoop.status).toBe('holds');
  });

  it('random search shrinks a pool-wide fence to one management fault at 10 s', () => {
    const r = search(t, 'noPoolWideFence', { kinds: MGMT_FAULTS });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([
      expect.stringMatching(/^10s (nic-down h[12]\.mgmt0|switch-down sw1|link-cut h[12]\.mgmt0-sw1)$/),
    ]);
  });
});

describe('XS-2x: the same link failure (xha)', () => {
  const t = target('xenserver-ha', 'two-host', XHA);

  it('only the higher-UUID host fences; no pool-wide fence, no loop', () => {
    const o = simulate(t, [step(10, 'link-cut', 'h1.mgmt0-sw1')]);
    expect(o.fences.map((f) => f.host)).toEqual(['h2']);
    expect(violatedProperties(o)).toEqual(['noUnnecessaryFence']);
  });

  it('random search finds the unnecessary fence and shrinks it to one fault at 10 s', () => {
    const r = search(t, 'noUnnecessaryFence', { kinds: MGMT_FAULTS });
    expect(r.status).toBe('violated');
    expect(r.counterexample!.schedule).toHaveLength(1);
    expect(r.counterexample!.schedule[0].at).toBe(10_000);
  });

  it('no management fault makes the whole pool fence', () => {
    expect(search(t, 'noPoolWideFence', { kinds: MGMT_FAULTS }).status).toBe('holds');
  });
});

describe('XS-3: three hosts on one switch; one management NIC fails', () => {
  for (const settings of [SEED_2009, XHA]) {
    const t = target('xenserver-ha', 'single-switch', settings);
    it(`${settings.profile}: h1 (and only h1) fences although its VMs were serving`, () => {
      const o = simulate(t, [step(10, 'nic-down', 'h1.mgmt0')]);
      expect([...new Set(o.fences.map((f) => f.host))]).toEqual(['h1']);
      expect(violatedProperties(o)).toContain('noUnnecessaryFence');
      expect(o.verdicts.noPoolWideFence.status).toBe('holds');
    });
    it(`${settings.profile}: random search shrinks it to nic-down h1.mgmt0 at 10 s`, () => {
      const r = search(t, 'noUnnecessaryFence', { kinds: ['nic-down'] });
      expect(brief(r.counterexample!.schedule)).toEqual(['10s nic-down h1.mgmt0']);
    });
  }
});

describe('XS-4: the one management switch fails', () => {
  it('seed-2009: every host fences, and search shrinks to exactly that', () => {
    const t = target('xenserver-ha', 'single-switch', SEED_2009);
    const o = simulate(t, [step(10, 'switch-down', 'sw1')]);
    expect(o.fences.slice(0, 3).map((f) => [f.at, f.host])).toEqual([
      [42_000, 'h1'],
      [42_000, 'h2'],
      [42_000, 'h3'],
    ]);
    expect(violatedProperties(o)).toContain('noPoolWideFence');
    const r = search(t, 'noPoolWideFence');
    expect(brief(r.counterexample!.schedule)).toEqual(['10s switch-down sw1']);
  });

  it('xha: only the lowest-UUID host survives', () => {
    const t = target('xenserver-ha', 'single-switch', XHA);
    const o = simulate(t, [step(10, 'switch-down', 'sw1')]);
    expect(o.fences.map((f) => f.host).sort()).toEqual(['h2', 'h3']);
    expect(violatedProperties(o)).toContain('noUnnecessaryFence');
    expect(o.verdicts.noPoolWideFence.status).toBe('holds');
  });
});

/** Every single fault of the kinds, on every target, at instants on and off the heartbeat grid. */
function everySingleFault(
  t: ReturnType<typeof target>,
  kinds: readonly (keyof typeof FAULTS)[],
  seconds: readonly number[],
): FaultStep[][] {
  const drifts = vocabularyOf(t.model);
  return kinds.flatMap((k) =>
    FAULTS[k].targets(t.compiled, drifts).flatMap((id) => seconds.map((s) => [step(s, k, id)])),
  );
}

describe('XS-5: bonded management across two switches, two storage paths per host', () => {
  for (const settings of [SEED_2009, XHA]) {
    it(`${settings.profile}: every single NIC, switch, link or storage path fault holds every property (exhaustive)`, () => {
      const t = target('xenserver-ha', 'bonded', settings);
      const schedules = everySingleFault(t, ['nic-down', 'switch-down', 'link-cut', 'path-down'], [10, 10.5, 13.999]);
      expect(schedules.length).toBeGreaterThan(60);
      for (const s of schedules) expect(violatedProperties(simulate(t, s)), brief(s).join()).toEqual([]);
    });
  }
});

describe('XS-6 / XS-7: hard power-cycle of one mirrored storage node', () => {
  const cases: [string, number, number, boolean][] = [
    // profile, T (s), D (s), fences?
    ['seed-2009', 30, 100, true],
    ['seed-2009', 60, 100, true],
    ['seed-2009', 90, 100, true],
    ['seed-2009', 120, 100, false],
    ['xha', 60, 120, true],
    ['xha', 90, 120, true],
    ['xha', 120, 120, false],
    // Another hard-failover time: the verdicts follow D, not the numbers above.
    ['seed-2009', 60, 80, true],
    ['seed-2009', 90, 80, false],
    ['xha', 30, 80, true],
    ['xha', 60, 80, true],
    ['xha', 90, 80, false],
  ];
  for (const [profile, T, D, fences] of cases) {
    for (const node of ['sanA', 'sanB']) {
      it(`${profile}, T = ${T} s, D = ${D} s, ${node}: ${fences ? 'hosts fence although sanB/sanA still served' : 'holds'}`, () => {
        const t = target('xenserver-ha', 'bonded-mirrored-san', {
          profile,
          timeoutMs: T * 1000,
          hardFailoverMs: D * 1000,
        });
        const o = simulate(t, [step(10, 'storage-hard-powercycle', node)]);
        if (fences) {
          expect(o.fences.length).toBeGreaterThan(0);
          expect(violatedProperties(o)).toContain('noUnnecessaryFence');
        } else {
          expect(violatedProperties(o)).toEqual([]);
        }
      });
    }
  }

  it('the defaults reproduce the seed: random search over storage faults finds the hard power-cycle (xha, T = 60 s)', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san');
    const r = search(t, 'noUnnecessaryFence', { kinds: ['storage-clean-stop', 'storage-hard-powercycle'] });
    expect(brief(r.counterexample!.schedule)).toEqual(['10s storage-hard-powercycle sanA']);
  });

  it('T = 120 s: no single storage fault violates anything (random search, both profiles)', () => {
    for (const profile of ['seed-2009', 'xha']) {
      const t = target('xenserver-ha', 'bonded-mirrored-san', { profile, timeoutMs: 120_000 });
      for (const p of t.model.properties) {
        expect(
          search(t, p, { kinds: ['storage-clean-stop', 'storage-hard-powercycle'] }).status,
          `${profile} ${p}`,
        ).toBe('holds');
      }
    }
  });
});

describe('XS-8: a clean stop moves the paths in seconds', () => {
  for (const profile of ['seed-2009', 'xha']) {
    it(`${profile}, T = 30 s: stopping either node cleanly fences nobody`, () => {
      const t = target('xenserver-ha', 'bonded-mirrored-san', { profile, timeoutMs: 30_000 });
      for (const node of ['sanA', 'sanB']) {
        const o = simulate(t, [step(10, 'storage-clean-stop', node)]);
        expect(o.fences).toEqual([]);
        expect(violatedProperties(o)).toEqual([]);
      }
    });
  }
});

describe('XS-9: a host really fails with T = 120 s', () => {
  const restartAt = (timeoutMs: number) => {
    const t = target('xenserver-ha', 'bonded', { timeoutMs });
    const o = simulate(t, [step(10, 'host-crash', 'h2')]);
    expect(violatedProperties(o)).toEqual([]);
    const started = o.run.entries.find(
      (e) => e.type === 'service' && e.service === 'vm-h2' && e.state === 'starting' && e.host !== 'h2',
    );
    expect(started).toBeDefined();
    return started!.at - 10_000;
  };

  it("holds; h2's VM restarts on a survivor, detection takes about T, so restore time grows with T", () => {
    const at120 = restartAt(120_000);
    const at60 = restartAt(60_000);
    expect(at120).toBeGreaterThanOrEqual(120_000);
    // At most a heartbeat (13 s) + T + the winners' wait at T = 120 s (15 s + 13 s).
    expect(at120).toBeLessThan(120_000 + 13_000 + 28_000 + 1);
    expect(at120 - at60).toBeGreaterThanOrEqual(55_000);
  });
});

describe('XS-10: HA re-enabled from the GUI silently resets T', () => {
  for (const profile of ['seed-2009', 'xha']) {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { profile, timeoutMs: 120_000 });
    it(`${profile}: T = 120 s is safe until the drift; after it a hard power-cycle fences, with T back at its built-in default`, () => {
      expect(violatedProperties(simulate(t, [step(20, 'storage-hard-powercycle', 'sanA')]))).toEqual([]);
      const o = simulate(t, [step(10, 'config-drift', 'ha-reenable-gui'), step(20, 'storage-hard-powercycle', 'sanA')]);
      expect(violatedProperties(o)).toContain('noUnnecessaryFence');
      // seed-2009: the statefile is lost for T = 30 s; xha: the watchdog T + 15 s = 75 s fires.
      const reason = profile === 'seed-2009' ? 'statefile unreachable for T = 30 s' : 'watchdog (75 s = T + 15 s)';
      expect(
        o.run.entries.filter((e) => e.type === 'fence').every((e) => e.type === 'fence' && e.reason.includes(reason)),
      ).toBe(true);
    });
    it(`${profile}: random search needs both faults and shrinks them to the same instant, 10 s`, () => {
      const r = search(t, 'noUnnecessaryFence', { kinds: ['config-drift', 'storage-hard-powercycle'], maxFaults: 2 });
      expect(r.status).toBe('violated');
      const s = r.counterexample!.schedule;
      expect(s.map((x) => x.fault).sort()).toEqual(['config-drift', 'storage-hard-powercycle']);
      expect(s.map((x) => x.at)).toEqual([10_000, 10_000]);
    });
  }
});

describe('XS-14: the timeout also set persistently (other-config:default_ha_timeout)', () => {
  for (const profile of ['seed-2009', 'xha']) {
    const t = target('xenserver-ha', 'bonded-mirrored-san', {
      profile,
      timeoutMs: 120_000,
      defaultHaTimeoutMs: 120_000,
    });
    it(`${profile}: the GUI re-enable keeps T = 120 s: the hard power-cycle after it fences nobody`, () => {
      const o = simulate(t, [step(10, 'config-drift', 'ha-reenable-gui'), step(20, 'storage-hard-powercycle', 'sanA')]);
      expect(o.fences).toEqual([]);
      expect(violatedProperties(o)).toEqual([]);
    });
    it(`${profile}: random search over both faults finds no needless fence`, () => {
      const r = search(t, 'noUnnecessaryFence', { kinds: ['config-drift', 'storage-hard-powercycle'], maxFaults: 2 });
      expect(r.status).toBe('holds');
    });
  }

  it('the persistent default alone sets T when no ha-config:timeout is given', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { defaultHaTimeoutMs: 120_000 });
    expect(t.config.timeoutMs).toBe(120_000);
    expect(
      violatedProperties(
        simulate(t, [step(10, 'config-drift', 'ha-reenable-gui'), step(20, 'storage-hard-powercycle', 'sanA')]),
      ),
    ).toEqual([]);
  });
});

const startsAfter = (o: ReturnType<typeof simulate>, fromMs: number): [number, string, string][] =>
  o.run.entries.flatMap((e) =>
    e.type === 'service' && e.state === 'starting' && e.at > fromMs
      ? [[e.at, e.service, e.host] as [number, string, string]]
      : [],
  );

describe('XS-13: ha-host-failures-to-tolerate = 1, VMs sized for one host loss but not two', () => {
  const t = target('xenserver-ha', 'bonded-capacity', XHA);

  it('the preset is sized so: after any one host loss every VM fits on the others, after two it does not', () => {
    const { services, hostCapacity, hostIds } = t.compiled;
    const plan = (lost: number) => {
      const running = services.map((s) => ((lost >> s.home) & 1 ? [] : [s.home]));
      return planRestart(services, running, difference(t.compiled.allHostsMask, lost), hostCapacity);
    };
    expect(t.config.hostFailuresToTolerate).toBe(1);
    for (let h = 0; h < hostIds.length; h++) expect(plan(1 << h).unplaced).toEqual([]);
    for (const lost of [0b011, 0b101, 0b110]) expect(plan(lost).unplaced.length).toBeGreaterThan(0);
  });

  it("first crash (h1, the master): the new master restarts both of h1's VMs, the protected one before the best-effort one", () => {
    const o = simulate(t, [step(10, 'host-crash', 'h1')]);
    // Detection 14 s + T = 74 s, winners' wait 22 s: h2 takes the master lock at 96 s.
    expect(startsAfter(o, 0)).toEqual([
      [96_000, 'vm-h1', 'h2'],
      [96_000, 'be-h1', 'h2'],
    ]);
    expect(o.run.entries.filter((e) => e.type === 'refused')).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('second crash (h2): protected VMs restart in order while room lasts; best-effort ones are refused, reported and stay down', () => {
    const o = simulate(t, [step(10, 'host-crash', 'h1'), step(200, 'host-crash', 'h2')]);
    // vm-h2 has the lower order; h3 takes both protected VMs (9 of 10 units), no best-effort one.
    expect(startsAfter(o, 200_000)).toEqual([
      [285_000, 'vm-h2', 'h3'],
      [285_000, 'vm-h1', 'h3'],
    ]);
    const refused = o.run.entries.filter((e) => e.type === 'refused');
    expect(refused.map((e) => e.type === 'refused' && [e.at, e.service, e.host])).toEqual([
      [285_000, 'be-h1', 'h3'],
      [285_000, 'be-h2', 'h3'],
    ]);
    expect(refused[0]).toMatchObject({ reason: 'needs 3 units; h3 has 1 of 10 free' });
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        type: 'note',
        agent: 'h3',
        text: expect.stringContaining('more than ha-host-failures-to-tolerate = 1'),
      }),
    );
    // A best-effort VM carries no RTO promise (it is tried once): reported as refused, not a violation.
    // Every protected VM is back, so the RTO properties hold.
    expect(o.verdicts.serviceRestoredWithin.status).toBe('holds');
    expect(o.verdicts.servicesSurvive.status).toBe('holds');
    expect(o.verdicts.noDualActive.status).toBe('holds');
  });
});

describe('XS-11: emergency HA disable ends the fence loop', () => {
  it('after the operator disables HA on both hosts, nobody fences again', () => {
    const t = target('xenserver-ha', 'two-host', SEED_2009);
    const loop = simulate(t, [step(10, 'link-cut', 'h1.mgmt0-sw1')]);
    expect(loop.verdicts.noFenceLoop.status).toBe('violated');
    const o = simulate(t, [
      step(10, 'link-cut', 'h1.mgmt0-sw1'),
      step(170, 'ha-disable', 'h1'),
      step(170, 'ha-disable', 'h2'),
    ]);
    expect(o.fences.length).toBeGreaterThan(0);
    expect(o.fences.filter((f) => f.at > 170_000)).toEqual([]);
    expect(o.run.entries).toContainEqual(expect.objectContaining({ type: 'role', agent: 'h1', role: 'disabled' }));
  });
});

describe('safety under several faults', () => {
  for (const preset of ['two-host', 'single-switch', 'bonded', 'bonded-mirrored-san']) {
    for (const profile of ['seed-2009', 'xha']) {
      it(`${preset}, ${profile}: no schedule of up to 4 faults runs a VM on two hosts at once`, () => {
        const t = target('xenserver-ha', preset, { profile });
        const r = search(t, 'noDualActive', { kinds: t.model.faults, maxFaults: 4 });
        expect(r.status, r.counterexample ? brief(r.counterexample.schedule).join('; ') : '').toBe('holds');
      });
    }
  }
});
