// conform --model pacemaker without a real cluster: the fault and settings mapping to the lab, the
// facts read off a model run and off a recorded real run (PM-6, fixtures/pm6-observation.json:
// `realTry.ts --delay-base n1=5s --schedule "at 1s: fence-fail n2; at 3s: cut-link n1|n2"`), the
// comparison's tolerances, and the race search that finds the instant giving a real outcome.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, step, target } from '../../harness/runners/testing.js';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import type { Trace } from '../../harness/engine/trace.js';
import type { LabSequences } from '../../harness/lab/product.js';
import type { PacemakerSettings } from './config.js';
import { baseline, modelFacts, realFacts, sequences } from './conformFacts.js';
import { compareFacts, fenceOutcome, PLACEMENT_EXTRA_MS, withoutBlips } from './conformCompare.js';
import { labSettings, labStep } from './conformMap.js';
import { modelSide } from './conformBinding.js';
import type { RealObservation } from './realObservation.js';

const NODES = ['n1', 'n2'];
const GROUP = ['vip', 'fs', 'app'];
const START = baseline(NODES, 'n1');
const same = (h: string) => (NODES.includes(h) ? h : null);
const modelSeqs = (trace: Trace) => sequences(NODES, START, modelFacts(trace, same, GROUP));

describe('the model faults in the lab', () => {
  const t = target('pacemaker', 'two-node-delay');
  const cfg = t.config as PacemakerSettings;
  const map = (s: FaultStep) => labStep(t.compiled, cfg, s);

  it('maps the cluster-link partition, power, pause and fence-device faults to the lab faults', () => {
    expect(map(step(3, 'partition', 'n1|n2'))).toEqual({ atMs: 3000, fault: 'cut-link', target: 'n1|n2' });
    expect(map(step(3, 'host-crash', 'n2'))).toEqual({ atMs: 3000, fault: 'power-off', target: 'n2' });
    expect(map(step(3, 'slowdown', 'n1'))).toEqual({ atMs: 3000, fault: 'hang', target: 'n1' });
    expect(map(step(1, 'fence-device-down', 'bmc-n2'))).toEqual({ atMs: 1000, fault: 'fence-fail', target: 'n2' });
    // The lab starts the daemons at once; the model bootMs after power-on.
    expect(map(step(3, 'host-boot', 'n2'))).toEqual({ atMs: 3000 + cfg.bootMs, fault: 'boot', target: 'n2' });
  });

  it("refuses a node's own cable cut (it would cut the node from its BMC, which the lab cannot)", () => {
    expect(map(step(3, 'link-cut', 'n1.eth0-lan'))).toEqual({
      problem: expect.stringMatching(/^link-cut n1.eth0-lan: the lab cannot cut a node's own cable/),
    });
  });

  it('with a quorum device: the ring cable maps to the cluster-link cut, a partition (which moves qnetd) is refused', () => {
    const q = target('pacemaker', 'two-node-qdevice');
    const qcfg = q.config as PacemakerSettings;
    expect(labStep(q.compiled, qcfg, step(3, 'link-cut', 'n1.ring0-n2.ring0'))).toEqual({
      atMs: 3000,
      fault: 'cut-link',
      target: 'n1|n2',
    });
    expect(labStep(q.compiled, qcfg, step(3, 'partition', 'n1|n2'))).toHaveProperty('problem');
    expect(labSettings(q.compiled, qcfg, 20_000)).toMatchObject({ qdevice: 'ffsplit', twoNode: false });
  });

  it('settings: the first node favoured by pcmk_delay_base, the group preferring its home, a reboot after bootMs', () => {
    expect(labSettings(t.compiled, cfg, 20_000)).toMatchObject({
      fenceDelayBaseMs: [5000, 0],
      groupPrefers: 'n1',
      rebootAfterFenceMs: 500 + cfg.bootMs,
      bmcDelayMs: 500,
      tailMs: 20_000,
    });
    // A reboot after the run's end is not waited for.
    expect(labSettings(t.compiled, cfg, 20_000, 30_000).rebootAfterFenceMs).toBeNull();
  });
});

describe('the last-man-standing presets in the lab', () => {
  it('four-node-lms: four lab nodes, last_man_standing with its window, wait_for_all, no two_node; power faults on n3', () => {
    const t4 = target('pacemaker', 'four-node-lms');
    const c4 = t4.config as PacemakerSettings;
    expect(labSettings(t4.compiled, c4, 20_000)).toMatchObject({
      nodes: 4,
      twoNode: false,
      waitForAll: true,
      lastManStanding: true,
      lastManStandingWindowMs: 10_000,
      qdevice: null,
      fenceDelayBaseMs: [0, 0, 0, 0],
    });
    expect(labStep(t4.compiled, c4, step(3, 'host-crash', 'n3'))).toEqual({
      atMs: 3000,
      fault: 'power-off',
      target: 'n3',
    });
    // The lab cuts only the link of a two-node cluster.
    expect(labStep(t4.compiled, c4, step(3, 'partition', 'n1,n2|n3,n4'))).toHaveProperty('problem');
  });

  it('three-node-qdevice-lms: three lab nodes and qnetd with algorithm lms', () => {
    const t3 = target('pacemaker', 'three-node-qdevice-lms');
    const c3 = t3.config as PacemakerSettings;
    expect(labSettings(t3.compiled, c3, 20_000)).toMatchObject({ nodes: 3, qdevice: 'lms', lastManStanding: false });
    expect(labStep(t3.compiled, c3, step(3, 'host-crash', 'qnetd'))).toHaveProperty('problem');
  });
});

describe('PM-6 against the recorded real run', () => {
  const obs = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'pm6-observation.json'), 'utf8'),
  ) as RealObservation;
  const real = sequences(NODES, START, realFacts(obs.events));
  const t = target('pacemaker', 'two-node-delay');

  it('reads the real run: n1 alone, its fences of n2 failing, n2 fencing n1 and taking the group', () => {
    expect(real['n1 membership'].map((c) => c.role)).toEqual(['n1']);
    expect(real['n1 fence fails'].map((c) => c.role)).toEqual(['n2']);
    expect(real['n2 fences'].map((c) => c.role)).toEqual(['n1']);
    expect(real['n2 group'].map((c) => c.role)).toEqual(['runs it']);
    expect(real['n1 power'].map((c) => c.role)).toEqual(['off']);
  });

  it('the model of the same schedule agrees within 1.5 s', () => {
    const o = simulate(t, [step(1, 'fence-device-down', 'bmc-n2'), step(3, 'partition', 'n1|n2')], 31_000);
    const v = compareFacts(modelSeqs(o.run), real, 1500);
    expect(v.mismatches).toEqual([]);
    expect(v.worstDeltaMs).toBeGreaterThan(0);
  });

  it('the model without the failed device disagrees: there n1 fences n2', () => {
    const o = simulate(t, [step(3, 'partition', 'n1|n2')], 31_000);
    const v = compareFacts(modelSeqs(o.run), real, 1500);
    expect(v.agree).toBe(false);
    expect(v.mismatches.join('\n')).toMatch(
      /^n1 fences: change 1 is n2 at [\d.]+ s in the model but nothing more for real$/m,
    );
  });

  it('a paused node fenced is off when the fence lands, not when the engine delivers its power loss at the resume', () => {
    const o = simulate(t, [step(11, 'slowdown', 'n2'), step(20, 'resume', 'n2')], 40_000);
    const seqs = modelSeqs(o.run);
    expect(seqs['n1 fences'].map((c) => c.role)).toEqual(['n2']);
    expect(seqs['n2 power'][0]).toEqual({ at: seqs['n1 fences'][0].at, role: 'off' });
    expect(seqs['n2 power'][0].at).toBeLessThan(20_000);
  });

  it('a change later than the tolerance disagrees; the group is given one second more', () => {
    const seq = (at: number) => ({ 'n2 fences': [{ at, role: 'n1' }], 'n2 group': [{ at, role: 'runs it' }] });
    expect(compareFacts(seq(10_000), seq(11_400), 1500).agree).toBe(true);
    const late = compareFacts(seq(10_000), seq(11_600), 1500);
    expect(late.mismatches).toEqual(['n2 fences: n1 at 10 s in the model, 11.6 s for real (1600 ms apart > 1500 ms)']);
    expect(
      compareFacts(
        { 'n2 group': seq(0)['n2 group'] },
        { 'n2 group': [{ at: 1500 + PLACEMENT_EXTRA_MS, role: 'runs it' }] },
        1500,
      ).agree,
    ).toBe(true);
  });
});

it('a stretch of the group shorter than a poll is dropped (the lab cannot see it); a longer one is kept', () => {
  const seqs = (offMs: number) => ({
    'n2 group': [
      { at: 10_800, role: 'runs it' },
      { at: 10_800 + offMs, role: 'runs none' },
    ],
    'n2 fences': [{ at: 10_800, role: 'n1' }],
  });
  expect(withoutBlips(seqs(200), 250)).toEqual({ 'n2 group': [], 'n2 fences': [{ at: 10_800, role: 'n1' }] });
  expect(withoutBlips(seqs(300), 250)).toEqual(seqs(300));
});

describe('a race (PM-1): the instant the model needs for the real outcome', () => {
  const t = target('pacemaker', 'two-node');
  const cut = (ms: number): FaultStep[] => [{ at: ms, fault: 'partition', target: 'n1|n2' }];
  const outcomes = new Map<string, number>();
  for (let ms = 3000; ms < 3000 + 7700; ms += 100) {
    const o = modelSeqs(simulate(t, cut(ms), ms + 25_000).run);
    outcomes.set(fenceOutcome(o), ms);
  }

  it('the model gives a survivor or mutual fencing by the instant of the cut', () => {
    expect([...outcomes.keys()].sort()).toEqual(expect.arrayContaining(['n1>n2', 'n2>n1']));
    expect([...outcomes.keys()].some((o) => o.split(' ').length === 2)).toBe(true);
  });

  it('given each outcome as the real one, the search finds an instant that gives it', () => {
    const asIs = simulate(t, cut(3000), 28_000).run;
    for (const [outcome, ms] of outcomes) {
      const real = modelSeqs(simulate(t, cut(ms), ms + 25_000).run);
      // The "real" run as if its cut came at 3 s.
      const shifted = Object.fromEntries(
        Object.entries(real).map(([k, v]) => [k, v.map((c) => ({ ...c, at: c.at - (ms - 3000) }))]),
      );
      const side = modelSide(
        {
          compiled: t.compiled,
          config: t.config as PacemakerSettings,
          schedule: cut(3000),
          horizonMs: 28_000,
          modelRun: asIs,
          simulate: (s, h) => simulate(t, s, h).run,
          toleranceMs: 1500,
        },
        shifted,
        modelSeqs,
      );
      expect(fenceOutcome(side.seqs), outcome).toBe(outcome);
      expect(side.verdict.mismatches, outcome).toEqual([]);
    }
  });
});

describe('PM-1 on the real cluster: six recorded runs (fixtures/pm1-real-runs.json), each an outcome the model allows', () => {
  const t = target('pacemaker', 'two-node');
  const cut: FaultStep[] = [{ at: 3000, fault: 'partition', target: 'n1|n2' }];
  const seqsOf = (trace: Trace) => withoutBlips(modelSeqs(trace), 250);
  const runs = (
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pm1-real-runs.json'), 'utf8')) as {
      runs: { realOutcome: string; realRoles: LabSequences }[];
    }
  ).runs;

  it('the real race went every way: mutual fencing 3 times, n2 surviving twice, n1 once', () => {
    expect(runs.map((r) => fenceOutcome(r.realRoles)).sort()).toEqual([
      'n1>n2',
      'n1>n2 n2>n1',
      'n1>n2 n2>n1',
      'n2>n1',
      'n2>n1',
      'n2>n1 n1>n2',
    ]);
  });

  it('for each, some instant of the cut gives the model the same fences, membership and placement within 1.5 s', () => {
    for (const r of runs) {
      const real = withoutBlips(r.realRoles, 250);
      const side = modelSide(
        {
          compiled: t.compiled,
          config: t.config as PacemakerSettings,
          schedule: cut,
          horizonMs: 28_400,
          modelRun: simulate(t, cut, 28_400).run,
          simulate: (s, h) => simulate(t, s, h).run,
          toleranceMs: 1500,
        },
        real,
        seqsOf,
      );
      expect(side.verdict.mismatches, r.realOutcome).toEqual([]);
      expect(fenceOutcome(side.seqs), r.realOutcome).toBe(fenceOutcome(real));
    }
  });
});
