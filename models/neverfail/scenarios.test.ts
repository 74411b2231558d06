// SCENARIOS.md, Neverfail Heartbeat: every NF row as a test. Violation rows: the named schedule
// violates, and random search from the fixed seed finds a violation and shrinks it to that
// schedule. Holds rows: the named schedule violates nothing, and neither does every schedule of the
// row's small family (every target, several instants and lengths).
import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type FaultStep } from '../../harness/engine/faults/index.js';
import { vocabularyOf } from '../../harness/engine/generators.js';
import {
  brief,
  numberSetting,
  search,
  simulate,
  step,
  target,
  violatedProperties,
  type Outcome,
} from '../../harness/runners/testing.js';
import type { Target } from '../../harness/engine/target.js';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { dataLosses } from '../../properties/dataLoss.js';
import { downtimeWindows } from '../../properties/downtime.js';
import { SWITCHOVER } from './deployment.js';

const CROSSOVER = 'primary.channel-secondary.channel';
const n = numberSetting;
/** Failover: timeout, then apply + join + start (seed 001's steps 4–6). */
const takeoverMs = (t: Target) => n(t, 'dataApplyMs') + n(t, 'networkJoinMs') + n(t, 'appStartMs');
const startedOn = (o: Outcome, host: string) =>
  o.run.entries.find((e) => e.type === 'service' && e.host === host && e.state === 'running' && e.at > 0)?.at;
const rolesOf = (o: Outcome, agent: string) =>
  o.run.entries.flatMap((e) => (e.type === 'role' && e.agent === agent && e.at > 0 ? [e.role] : []));
const everyTarget = (t: Target, kind: FaultName) => FAULTS[kind].targets(t.compiled, vocabularyOf(t.model));

describe('NF-1: the primary crashes', () => {
  const t = target('neverfail', 'physical-crossover');

  it('the secondary is active within the failover timeout plus its takeover steps; nothing is violated', () => {
    const o = simulate(t, [step(10, 'host-crash', 'primary')]);
    expect(violatedProperties(o)).toEqual([]);
    expect(startedOn(o, 'secondary')).toBe(10_000 + n(t, 'failoverTimeoutMs') + takeoverMs(t));
  });

  for (const lag of [2_000, 7_000]) {
    it(`RPO = the unsent queue (${lag / 1000} s of writes), reported as a metric, not a violation`, () => {
      const tl = target('neverfail', 'physical-crossover', { replicationLagMs: lag });
      const o = simulate(tl, [step(10, 'host-crash', 'primary')]);
      const losses = dataLosses(o.run);
      expect(losses).toHaveLength(1);
      expect(losses[0]).toMatchObject({
        host: 'secondary',
        heldUpToMs: 10_000 - lag,
        ackedUpToMs: 10_000,
        mode: 'async',
      });
      expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'holds', metrics: { rpoMs: lag } });
    });
  }

  it('every host crash, repaired or not, holds every property (exhaustive)', () => {
    for (const host of everyTarget(t, 'host-crash')) {
      for (const repair of [undefined, 1, 100, 400]) {
        const schedule = [step(10, 'host-crash', host), ...(repair ? [step(10 + repair, 'host-boot', host)] : [])];
        expect(violatedProperties(simulate(t, schedule)), brief(schedule).join(', ')).toEqual([]);
      }
    }
  });

  it('the crashed primary comes back passive, resynchronises, and then follows the new active', () => {
    const o = simulate(t, [step(10, 'host-crash', 'primary'), step(200, 'host-boot', 'primary')]);
    expect(rolesOf(o, 'primary')).toEqual(['down', 'booting', 'unsynced', 'passive']);
    const sync = o.run.entries.find((e) => e.type === 'role' && e.agent === 'primary' && e.role === 'passive')!.at;
    expect(sync).toBe(200_000 + n(t, 'serverBootMs') + n(t, 'fullSyncMs'));
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ type: 'data', host: 'primary', source: 'secondary', state: 'following', at: sync }),
    );
  });
});

describe('NF-2: the channel is cut while the public network is fine (split-brain avoidance off, as shipped)', () => {
  const t = target('neverfail', 'physical-crossover');

  it('both servers are active with one name and IP once the secondary has taken over', () => {
    const o = simulate(t, [step(10, 'link-cut', CROSSOVER)]);
    expect(o.verdicts.noDualActive).toMatchObject({
      status: 'violated',
      at: 10_000 + n(t, 'failoverTimeoutMs') + takeoverMs(t),
    });
  });

  it('random search finds it and shrinks it to the crossover cut at 10 s', () => {
    const r = search(t, 'noDualActive', { kinds: ['link-cut'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([`10s link-cut ${CROSSOVER}`]);
  });

  it("the same on the virtual secondary: the channel VLAN's one uplink is cut (seed 000: a single NIC for the channel)", () => {
    const v = target('neverfail', 'virtual-secondary');
    expect(violatedProperties(simulate(v, [step(10, 'link-cut', 'secondary.channel-sw1')]))).toContain('noDualActive');
  });

  it("with the channel VLAN on a trunked bond, either member may go; the primary's channel NIC still splits the pair", () => {
    const v = target('neverfail', 'virtual-secondary-bonded');
    for (const id of ['secondary.chan0-sw1', 'secondary.chan1-sw2', 'secondary.pub0-sw1', 'secondary.pub1-sw2'])
      expect(violatedProperties(simulate(v, [step(10, 'link-cut', id)])), id).toEqual([]);
    expect(violatedProperties(simulate(v, [step(10, 'nic-down', 'primary.channel')]))).toContain('noDualActive');
  });
});

describe('NF-3: the same cut with split-brain avoidance on', () => {
  const t = target('neverfail', 'physical-crossover', { splitBrainAvoidance: true });

  it('the secondary pings the active over the public network and vetoes the failover', () => {
    const o = simulate(t, [step(10, 'link-cut', CROSSOVER)]);
    expect(violatedProperties(o)).toEqual([]);
    expect(rolesOf(o, 'secondary')).toEqual([]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        type: 'note',
        agent: 'secondary',
        text: expect.stringMatching(/vetoed \(split-brain avoidance\)/),
      }),
    );
  });

  it('no single NIC, cable or switch fault, repaired or not, leaves two active servers (exhaustive)', () => {
    for (const kind of ['nic-down', 'link-cut', 'switch-down'] as const) {
      for (const id of everyTarget(t, kind)) {
        for (const repair of [undefined, 30, 100]) {
          const schedule = [step(10, kind, id), ...(repair ? [step(10 + repair, FAULTS[kind].repairedBy!, id)] : [])];
          expect(simulate(t, schedule).verdicts.noDualActive.status, brief(schedule).join(', ')).toBe('holds');
        }
      }
    }
  });

  it('a real crash of the primary is still failed over (it does not answer pings either)', () => {
    expect(startedOn(simulate(t, [step(10, 'host-crash', 'primary')]), 'secondary')).toBe(
      10_000 + n(t, 'failoverTimeoutMs') + takeoverMs(t),
    );
  });
});

describe("NF-4: the primary's public NIC fails", () => {
  const t = target('neverfail', 'physical-crossover');

  it('the primary switches over after the ping count (told over the channel) and goes passive', () => {
    const o = simulate(t, [step(10, 'nic-down', 'primary.public')]);
    expect(violatedProperties(o)).toEqual([]);
    const publicLost = (n(t, 'pingFailures') - 1) * n(t, 'pingIntervalMs') + n(t, 'pingTimeoutMs');
    expect(startedOn(o, 'secondary')).toBe(
      10_000 + publicLost + n(t, 'appStopMs') + n(t, 'replicationLagMs') + takeoverMs(t),
    );
    // After an auto-switchover replication does not restart by itself (vCenter Server Heartbeat KB 1008651).
    expect(rolesOf(o, 'primary')).toEqual(['stopping-app', 'sending-data', 'unsynced']);
    expect(rolesOf(o, 'secondary')).toEqual(['applying-data', 'joining-network', 'starting-app', 'active']);
    expect(dataLosses(o.run)).toEqual([]);
  });

  it("either server's public NIC failing holds every property, on every preset (exhaustive)", () => {
    for (const preset of [
      'physical-crossover',
      'virtual-secondary',
      'virtual-secondary-bonded',
      'wan-two-nic',
      'wan-three-nic',
    ]) {
      const p = target('neverfail', preset);
      for (const id of ['primary.public', 'secondary.public'])
        expect(violatedProperties(simulate(p, [step(10, 'nic-down', id)])), `${preset} ${id}`).toEqual([]);
    }
  });
});

describe('NF-5: a temporary bottleneck on the primary (slowdown) against the failover timeout', () => {
  // Two pairs of numbers: the timeout of the row (10 s vs 30 s) and a second one (45 s vs 60 s).
  for (const [short, long] of [
    [10, 30],
    [45, 60],
  ] as const) {
    const stall = short + 10;
    it(`a ${stall} s stall: timeout ${short} s fails over a healthy primary; timeout ${long} s holds`, () => {
      const schedule = [step(10, 'slowdown', 'primary'), step(10 + stall, 'resume', 'primary')];
      const bad = simulate(target('neverfail', 'physical-crossover', { failoverTimeoutMs: `${short}s` }), schedule);
      expect(bad.verdicts.noUnnecessaryFailover).toMatchObject({
        status: 'violated',
        explanation: expect.stringMatching(/primary was healthy \(it had stalled only from 10 s to /),
      });
      const good = simulate(target('neverfail', 'physical-crossover', { failoverTimeoutMs: `${long}s` }), schedule);
      expect(violatedProperties(good)).toEqual([]);
    });

    it(`timeout ${short} s: random search shrinks to a stall exactly as long as the timeout, at 10 s`, () => {
      const r = search(
        target('neverfail', 'physical-crossover', { failoverTimeoutMs: `${short}s` }),
        'noUnnecessaryFailover',
        { kinds: ['slowdown'] },
      );
      expect(r.status).toBe('violated');
      expect(brief(r.counterexample!.schedule)).toEqual(['10s slowdown primary', `${10 + short}s resume primary`]);
    });

    it(`timeout ${long} s: every stall shorter than it holds every property (exhaustive by 5 s)`, () => {
      const t = target('neverfail', 'physical-crossover', { failoverTimeoutMs: `${long}s` });
      for (let s = 5; s < long; s += 5) {
        const schedule = [step(10, 'slowdown', 'primary'), step(10 + s, 'resume', 'primary')];
        expect(violatedProperties(simulate(t, schedule)), `${s} s stall`).toEqual([]);
      }
    });
  }

  it('a stall that never ends is a lost server: failing it over is necessary (though the stalled primary still holds the identity)', () => {
    const o = simulate(target('neverfail', 'physical-crossover'), [step(10, 'slowdown', 'primary')]);
    expect(o.verdicts.noUnnecessaryFailover.status).toBe('holds');
    // A slowed server's network stack still answers for its address: two holders of one identity.
    expect(violatedProperties(o)).toEqual(['noDualActive']);
  });
});

describe('NF-6: a planned switchover', () => {
  const switchover = (at: number): FaultStep => step(at, 'operator-step', SWITCHOVER);

  /** The running instances of the service at every instant of the trace. */
  function activeCounts(entries: readonly TraceEntry[]): { at: number; active: number }[] {
    const running = new Set<string>();
    const out: { at: number; active: number }[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.type === 'service') {
        if (e.state === 'running') running.add(e.host);
        else running.delete(e.host);
      }
      if (i + 1 === entries.length || entries[i + 1].at !== e.at) out.push({ at: e.at, active: running.size });
    }
    return out;
  }

  for (const settings of [{}, { appStopMs: '30s', replicationLagMs: '8s', appStartMs: '90s' }] as Record<
    string,
    string
  >[]) {
    const t = target('neverfail', 'physical-crossover', settings);
    const gap = n(t, 'appStopMs') + n(t, 'replicationLagMs') + takeoverMs(t);

    it(`follows seed 001's order of steps; never two active, never none for longer than the ${gap / 1000} s of its steps (${JSON.stringify(settings)})`, () => {
      const o = simulate(t, [switchover(10)]);
      expect(violatedProperties(o)).toEqual([]);
      expect(rolesOf(o, 'primary')).toEqual(['stopping-app', 'sending-data', 'passive']);
      expect(rolesOf(o, 'secondary')).toEqual(['applying-data', 'joining-network', 'starting-app', 'active']);
      const steps = o.run.entries.flatMap((e) =>
        e.type === 'note' && /step \d/.test(e.text) ? [`${e.agent} ${/step (\d)/.exec(e.text)![1]}`] : [],
      );
      expect(steps).toEqual(['primary 1', 'primary 2', 'primary 3', 'secondary 4', 'secondary 5', 'secondary 6']);
      let noneSince: number | null = null;
      for (const { at, active } of activeCounts(o.run.entries)) {
        expect(active, `at ${at} ms`).toBeLessThanOrEqual(1);
        if (active === 0 && noneSince === null) noneSince = at;
        if (active === 1 && noneSince !== null) {
          expect(at - noneSince, `none active from ${noneSince} ms to ${at} ms`).toBeLessThanOrEqual(gap);
          noneSince = null;
        }
      }
      expect(noneSince).toBeNull();
      expect(startedOn(o, 'secondary')).toBe(10_000 + gap);
    });

    it(`loses no acknowledged write, although replication is asynchronous (${JSON.stringify(settings)})`, () => {
      const o = simulate(t, [switchover(10)]);
      expect(dataLosses(o.run)).toEqual([]);
      expect(o.verdicts.noAckedWriteLost).toMatchObject({ status: 'holds', metrics: { rpoMs: 0 } });
      expect(o.run.entries).toContainEqual(
        expect.objectContaining({ type: 'data', host: 'secondary', source: null, upToMs: 10_000 + n(t, 'appStopMs') }),
      );
    });
  }

  it('a switchover and a switchback, at every instant from 10 s to 300 s by 10 s, hold every property (exhaustive)', () => {
    const t = target('neverfail', 'physical-crossover');
    for (let at = 10; at <= 300; at += 10) {
      const o = simulate(t, [switchover(at), switchover(at + 200)]);
      expect(violatedProperties(o), `switchover at ${at} s`).toEqual([]);
      expect(startedOn(o, 'primary'), `switchback at ${at + 200} s`).toBeGreaterThan((at + 200) * 1000);
    }
  });

  it('refuses to switch over while the channel is down', () => {
    const o = simulate(target('neverfail', 'physical-crossover'), [step(10, 'link-cut', CROSSOVER), switchover(20)]);
    expect(rolesOf(o, 'primary')).toEqual([]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({ type: 'note', agent: 'primary', text: expect.stringMatching(/switchover refused/) }),
    );
  });
});

describe('NF-7: deploying a virtual secondary with the procedure written for physical servers', () => {
  const t = target('neverfail-deployment', 'deploy-virtual-secondary');
  const op = (at: number, name: string) => step(at, 'operator-step', name);
  const primarySide = [op(10, 'installs-neverfail-on-primary'), op(20, 'clones-primary'), op(30, 'reboots-primary')];

  it('restoring the clone into the connected VM puts two servers with one name and IP on the LAN', () => {
    const o = simulate(t, [
      ...primarySide,
      op(200, 'installs-neverfail-on-secondary'),
      op(210, 'restores-clone-on-secondary'),
      op(220, 'reconfigures-secondary-network'),
      op(230, 'reboots-secondary'),
    ]);
    expect(o.verdicts.noDualActive).toMatchObject({ status: 'violated', at: 210_000 });
  });

  it('random search over the procedure finds it and shrinks it to the written steps up to the restore, a second apart', () => {
    const r = search(t, 'noDualActive', { kinds: ['operator-step'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual([
      '10s operator-step installs-neverfail-on-primary',
      '11s operator-step clones-primary',
      '12s operator-step reboots-primary',
      '13s operator-step installs-neverfail-on-secondary',
      '14s operator-step restores-clone-on-secondary',
    ]);
  });

  it('steps taken out of order are refused: a restore before the primary is cloned does nothing', () => {
    const o = simulate(t, [op(10, 'installs-neverfail-on-secondary'), op(20, 'restores-clone-on-secondary')]);
    expect(violatedProperties(o)).toEqual([]);
    expect(o.run.entries).toContainEqual(
      expect.objectContaining({
        type: 'note',
        agent: 'secondary',
        text: expect.stringMatching(/restores-clone-on-secondary is refused/),
      }),
    );
  });
});

describe("NF-8: the seed's workaround, the primary's NICs disconnected during the restore", () => {
  const t = target('neverfail-deployment', 'deploy-virtual-secondary');
  const op = (at: number, name: string) => step(at, 'operator-step', name);
  const boot = (t0: number) => t0 * 1000 + n(t, 'serverBootMs');

  function workaround(restoreAt: number): FaultStep[] {
    return [
      op(10, 'installs-neverfail-on-primary'),
      op(20, 'clones-primary'),
      op(30, 'reboots-primary'),
      step(restoreAt - 10, 'nic-down', 'primary.public'),
      step(restoreAt - 10, 'nic-down', 'primary.channel'),
      op(restoreAt - 5, 'installs-neverfail-on-secondary'),
      op(restoreAt, 'restores-clone-on-secondary'),
      op(restoreAt + 10, 'reconfigures-secondary-network'),
      step(restoreAt + 15, 'nic-up', 'primary.public'),
      step(restoreAt + 15, 'nic-up', 'primary.channel'),
      op(restoreAt + 20, 'reboots-secondary'),
    ];
  }

  it("holds; the primary's downtime window is install + clone + reboot, extended by the secondary's deployment", () => {
    const o = simulate(t, workaround(210));
    expect(violatedProperties(o)).toEqual([]);
    expect(downtimeWindows(o.run, 'exchange', 'primary')).toEqual([
      { fromMs: 10_000, toMs: boot(30) },
      { fromMs: 200_000, toMs: 225_000 },
    ]);
    const notes = o.run.entries.flatMap((e) => (e.type === 'note' && e.agent === 'primary' ? [[e.at, e.text]] : []));
    expect(notes).toContainEqual([10_000, expect.stringMatching(/downtime window opens/)]);
    expect(notes).toContainEqual([boot(30), expect.stringMatching(/downtime window closes/)]);
  });

  it('the pair then synchronises and the secondary becomes a protecting passive', () => {
    const o = simulate(t, workaround(210));
    const passive = o.run.entries.find((e) => e.type === 'role' && e.agent === 'secondary' && e.role === 'passive')!;
    expect(passive.at).toBe(boot(230) + n(t, 'fullSyncMs'));
  });

  it('holds at every restore instant, before or after the primary is back (exhaustive by 20 s)', () => {
    for (let at = 50; at <= 300; at += 20)
      expect(violatedProperties(simulate(t, workaround(at))), `restore at ${at} s`).toEqual([]);
  });

  it("reconnecting the primary before the secondary's network is reconfigured brings the conflict back", () => {
    const early = workaround(210).map((s) => (s.fault === 'nic-up' ? { ...s, at: 212_000 } : s));
    expect(simulate(t, early).verdicts.noDualActive).toMatchObject({ status: 'violated', at: 212_000 });
  });
});

describe('NF-9: a WAN pair loses its WAN link', () => {
  it('two NICs: channel and public cross the one WAN link; the secondary fails over and both are active', () => {
    const t = target('neverfail', 'wan-two-nic');
    const o = simulate(t, [step(10, 'link-cut', 'siteA-siteB')]);
    expect(violatedProperties(o)).toEqual(expect.arrayContaining(['noDualActive', 'noUnnecessaryFailover']));
  });

  it('two NICs: exactly the cables the one channel path crosses (the WAN link among them) split the pair (exhaustive)', () => {
    const t = target('neverfail', 'wan-two-nic');
    const splitting = everyTarget(t, 'link-cut').filter(
      (id) => simulate(t, [step(10, 'link-cut', id)]).verdicts.noDualActive.status === 'violated',
    );
    expect(splitting.sort()).toEqual(['primary.channel-siteA', 'secondary.channel-siteB', 'siteA-siteB']);
  });

  it("two NICs: random search shrinks to the first of them in the topology's cable order, cut at 10 s", () => {
    const r = search(target('neverfail', 'wan-two-nic'), 'noDualActive', { kinds: ['link-cut'] });
    expect(r.status).toBe('violated');
    expect(brief(r.counterexample!.schedule)).toEqual(['10s link-cut primary.channel-siteA']);
  });

  it('a third NIC (a second channel over its own WAN circuit): the WAN cut holds every property', () => {
    const t = target('neverfail', 'wan-three-nic');
    expect(violatedProperties(simulate(t, [step(10, 'link-cut', 'siteA-siteB')]))).toEqual([]);
  });

  it('a third NIC: no single cable cut leaves two active servers or fails over needlessly (exhaustive)', () => {
    const t = target('neverfail', 'wan-three-nic');
    for (const id of everyTarget(t, 'link-cut')) {
      const o = simulate(t, [step(10, 'link-cut', id)]);
      expect(o.verdicts.noDualActive.status, id).toBe('holds');
      expect(o.verdicts.noUnnecessaryFailover.status, id).toBe('holds');
    }
    expect(search(t, 'noDualActive', { kinds: ['link-cut', 'nic-down', 'switch-down'], repairs: false }).status).toBe(
      'holds',
    );
  });
});

describe('application failure', () => {
  const t = target('neverfail', 'physical-crossover');
  const crash = (at: number) => step(at, 'app-crash', 'exchange@primary');

  it('a crash is restarted locally: no failover', () => {
    const o = simulate(t, [crash(10)]);
    expect(violatedProperties(o)).toEqual([]);
    expect(startedOn(o, 'primary')).toBe(10_000 + n(t, 'appStartMs'));
    expect(startedOn(o, 'secondary')).toBeUndefined();
  });

  it(`after appRestarts local restarts, the next failure switches over`, () => {
    const o = simulate(t, [crash(10), crash(100), crash(200)]);
    expect(violatedProperties(o)).toEqual([]);
    expect(startedOn(o, 'secondary')).toBe(200_000 + n(t, 'replicationLagMs') + takeoverMs(t));
    expect(dataLosses(o.run)).toEqual([]);
  });
});

describe('the go-passive rule (passiveWhenIsolated)', () => {
  const schedule = [step(10, 'switch-down', 'sw1'), step(200, 'switch-up', 'sw1')];

  it('virtual secondary: sw1 isolates the primary, which stays active; when sw1 returns both are active', () => {
    expect(simulate(target('neverfail', 'virtual-secondary'), schedule).verdicts.noDualActive).toMatchObject({
      status: 'violated',
      at: 200_000,
    });
  });

  it('with the rule, the isolated primary goes passive before the secondary takes over', () => {
    const t = target('neverfail', 'virtual-secondary', { passiveWhenIsolated: true });
    const o = simulate(t, schedule);
    expect(violatedProperties(o)).toEqual([]);
    expect(rolesOf(o, 'primary')[0]).toBe('unsynced');
  });

  it('with the rule, the active does not go passive while the passive still answers pings (rule 3)', () => {
    const t = target('neverfail', 'physical-crossover', { passiveWhenIsolated: true });
    expect(rolesOf(simulate(t, [step(10, 'switch-down', 'lan')]), 'primary')).toEqual([]);
  });
});

describe("the passive's own public check (passiveChecksPublic)", () => {
  const schedule = [step(10, 'switch-down', 'siteB')];

  it('a passive cut off from every ping target does not fail over: the active keeps serving', () => {
    const o = simulate(target('neverfail', 'wan-two-nic'), schedule);
    expect(violatedProperties(o)).toEqual([]);
    expect(rolesOf(o, 'secondary')).toEqual([]);
  });

  it('without it, the secondary takes over blind (and invisible), a needless failover', () => {
    const o = simulate(target('neverfail', 'wan-two-nic', { passiveChecksPublic: false }), schedule);
    expect(o.verdicts.noUnnecessaryFailover.status).toBe('violated');
  });
});

describe('settings', () => {
  it('unknown ping targets are bad input with one clear line', () => {
    expect(() => simulate(target('neverfail', 'physical-crossover', { pingTargets: 'gateway,router9' }), [])).toThrow(
      /pingTargets: `router9` is not a host/,
    );
  });
});
