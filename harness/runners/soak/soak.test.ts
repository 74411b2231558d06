// The soak's own logic, in a few seconds: how the plan shares runs out, that the answer does not
// depend on the number of threads (nor on anything but the seed), and that a finding on a known-bad
// preset comes back shrunk, marked by the clean list, as a trace file that replays.
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../models/registry.js';
import { replayTrace } from '../replay.js';
import { SEED } from '../testing.js';
import { resolveConfig } from '../../engine/config.js';
import {
  CLEAN_CLAIMS,
  claimedClean,
  explainedBy,
  type CleanClaim,
  type KnownBehaviour,
  type KnownRef,
} from './claims.js';
import { planSoak, shareRuns, type SoakPlan } from './plan.js';
import { SoakRunner } from './runner.js';
import { emptyTargetTally, mergeTargetTally } from './tally.js';
import { runSoak, type SoakResult } from './soak.js';

const mirrored = (runs: number, claims: readonly CleanClaim[] = CLEAN_CLAIMS, seed = SEED): SoakPlan =>
  planSoak({ seed, runs, model: 'xenserver-ha', preset: 'bonded-mirrored-san', claims });

/** What a soak found, without the traces (full runs) it carries. */
const outcome = (r: SoakResult) =>
  r.targets.map((t) => ({
    id: t.target.id,
    runs: t.runs,
    properties: t.properties,
    crashes: t.crashes,
    findings: t.findings.map(({ trace: _t, ...f }) => f),
  }));

describe('soak plan', () => {
  it('covers every built-in preset once per soak setting: XenServer HA at two profiles × two timeouts', () => {
    const plan = planSoak({ seed: SEED, runs: 1_000_000, claims: CLEAN_CLAIMS });
    const presets = (name: string) => MODELS.find((m) => m.name === name)!.presets.length;
    const expected = MODELS.reduce((n, m) => n + m.presets.length, 0) + 3 * presets('xenserver-ha');
    expect(plan.targets).toHaveLength(expected);
    expect(plan.targets.reduce((n, t) => n + t.runs, 0)).toBe(1_000_000);
    const settings = plan.targets
      .filter((t) => t.model === 'xenserver-ha' && t.preset === 'bonded')
      .map((t) => t.setting);
    expect(settings).toEqual([
      'profile=xha timeoutMs=60 s (default)',
      'profile=xha timeoutMs=120 s',
      'profile=seed-2009 timeoutMs=30 s (default)',
      'profile=seed-2009 timeoutMs=120 s',
    ]);
  });

  it('weights runs by fault space, doubled where the README calls the design clean (bonded-mirrored-san at T = 120 s)', () => {
    const [xha, xha120, seed2009, seed120] = mirrored(100_000).targets;
    expect(xha.clean).toEqual([]);
    expect(xha120.clean).toEqual(xha120.properties);
    expect(seed120.clean).toEqual(seed120.properties);
    expect(Math.abs(xha120.runs - 2 * xha.runs)).toBeLessThanOrEqual(2);
    expect(seed2009.runs).toBe(xha.runs);
    const all = planSoak({ seed: SEED, runs: 1_000_000, claims: CLEAN_CLAIMS }).targets;
    const byId = (id: string) => all.find((t) => t.id === id)!;
    // keepalived's two routers have far fewer single faults than LifeKeeper's four-host pair.
    expect(byId('keepalived/two-routers').runs).toBeLessThan(byId('lifekeeper/multi-instance-aa').runs / 4);
  });

  it('shares out exactly the total, largest remainders first, at least one run each', () => {
    expect(shareRuns([1, 1, 2], 10)).toEqual([3, 3, 4]);
    expect(shareRuns([5, 1, 1], 3)).toEqual([1, 1, 1]);
    expect(() => shareRuns([1, 1, 1], 2)).toThrow(/cannot cover/);
  });

  it('a target keeps its sub-seed when the plan is narrowed, and targets differ', () => {
    const full = planSoak({ seed: SEED, runs: 100_000, claims: CLEAN_CLAIMS }).targets;
    const narrow = mirrored(1000).targets;
    for (const t of narrow) expect(full.find((f) => f.id === t.id)!.seed).toBe(t.seed);
    expect(new Set(full.map((t) => t.seed)).size).toBe(full.length);
    expect(mirrored(1000, CLEAN_CLAIMS, SEED + 1).targets[0].seed).not.toBe(narrow[0].seed);
  });
});

describe('soak runs', () => {
  it('one thread and two worker threads give the same counts and the same shrunk findings; another seed does not', async () => {
    const plan = mirrored(1600);
    const inline = await runSoak(plan, { threads: 1 });
    const workers = await runSoak(plan, { threads: 2, coordinateOnly: true });
    expect(outcome(workers)).toEqual(outcome(inline));
    const other = await runSoak(mirrored(1600, CLEAN_CLAIMS, SEED + 1), { threads: 1 });
    expect(outcome(other).map((t) => t.properties)).not.toEqual(outcome(inline).map((t) => t.properties));
  }, 60_000);

  it('a finding starts from the first violating schedule of its target, whichever thread ran it', async () => {
    const plan = mirrored(1600);
    const result = await runSoak(plan, { threads: 3, coordinateOnly: true });
    const runner = new SoakRunner(plan);
    const findings = result.targets.flatMap((t, target) =>
      t.findings.map((f) => ({ target, k: t.target.properties.indexOf(f.property!), first: f.firstIndex })),
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const { target, k, first } of findings) {
      expect(runner.runSlice({ target, from: 0, to: first }).tally.properties[k].violations).toBe(0);
      expect(runner.runSlice({ target, from: first, to: first + 1 }).tally.properties[k].violations).toBe(1);
    }
  }, 60_000);

  it('finds seed 004 on bonded-mirrored-san at T = 60 s, shrunk to one hard power-cycle, as a trace file that replays', async () => {
    const result = await runSoak(mirrored(800), { threads: 1 });
    const xha = result.targets[0];
    expect(xha.target.setting).toBe('profile=xha timeoutMs=60 s (default)');
    const fence = xha.findings.find((f) => f.property === 'noUnnecessaryFence')!;
    expect(fence.count).toBe(xha.properties.find((p) => p.property === 'noUnnecessaryFence')!.violations);
    expect(fence.count).toBeGreaterThan(0);
    expect(fence.schedule).toEqual([{ at: 10_000, fault: 'storage-hard-powercycle', target: 'sanA' }]);
    expect(fence.clean).toBe(false);
    const replay = replayTrace(fence.trace!);
    expect(replay.sameViolations && replay.sameTimeline).toBe(true);
    expect(replay.violations.map((v) => v.property)).toEqual(['noUnnecessaryFence']);
  }, 30_000);

  it('a finding on a property the clean list vouches for is marked and counted (the soak exits 1 on it)', async () => {
    const claims: CleanClaim[] = [
      {
        model: 'xenserver-ha',
        preset: 'bonded-mirrored-san',
        at: { timeoutMs: 60_000 },
        properties: ['noUnnecessaryFence'],
        faults: 1,
        source: 'test',
      },
    ];
    const plan = mirrored(400, claims);
    const result = await runSoak({ ...plan, targets: plan.targets.slice(0, 1) }, { threads: 1 });
    const [xha] = result.targets;
    expect(xha.target.clean).toEqual(['noUnnecessaryFence']);
    const marked = xha.findings.filter((f) => f.clean).map((f) => f.property);
    expect(marked).toEqual(['noUnnecessaryFence']);
    expect(xha.findings.filter((f) => !f.clean).length).toBeGreaterThan(0);
    expect(result.cleanFindings).toBe(1);
  }, 30_000);
});

describe('soak tallies', () => {
  it('merge in any order to the same counts and the earliest first violation (a later slice can finish first)', () => {
    const slice = (first: number, violations: number) => {
      const t = emptyTargetTally(1);
      t.runs = 400;
      t.properties[0].violations = violations;
      t.properties[0].first = first;
      return t;
    };
    const parts = [slice(-1, 0), slice(812, 3), slice(455, 1)];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
    ]) {
      const into = emptyTargetTally(1);
      for (const i of order) mergeTargetTally(into, parts[i]);
      expect(into.runs).toBe(1200);
      expect(into.properties[0]).toMatchObject({ violations: 4, first: 455 });
    }
  });
});

describe('known product behaviours beyond a claim', () => {
  const known: KnownRef[] = [
    {
      property: 'noUnnecessaryFence',
      kinds: ['storage-hard-powercycle', 'host-crash'],
      explanation: 'watchdog',
      because: 'test',
    },
  ];
  const powercycle = { at: 10_000, fault: 'storage-hard-powercycle', target: 'sanA' } as const;
  const crash = { at: 20_000, fault: 'host-crash', target: 'h2' } as const;
  const boot = { at: 30_000, fault: 'host-boot', target: 'h2' } as const;

  it("explain a violation only beyond the claim's fault bound, of their kinds (repairs aside), with a matching explanation", () => {
    const why = 'h1 fenced at 85 s (statefile I/O stalled longer than the watchdog (75 s = T + 15 s))';
    expect(explainedBy(known, 1, 'noUnnecessaryFence', [powercycle], why)).toBe(-1);
    expect(explainedBy(known, 1, 'noUnnecessaryFence', [powercycle, crash, boot], why)).toBe(0);
    expect(explainedBy(known, 0, 'noUnnecessaryFence', [powercycle], why)).toBe(0);
    expect(
      explainedBy(
        known,
        0,
        'noUnnecessaryFence',
        [powercycle, { at: 20_000, fault: 'switch-down', target: 'sw1' }],
        why,
      ),
    ).toBe(-1);
    expect(explainedBy(known, 0, 'noUnnecessaryFence', [powercycle], 'h1 fenced: not in the best partition')).toBe(-1);
    expect(explainedBy(known, 0, 'noPoolWideFence', [powercycle], why)).toBe(-1);
  });

  it('a soak counts explained runs apart, and a finding starts only from a run nothing explains', async () => {
    const claims: CleanClaim[] = [
      {
        model: 'xenserver-ha',
        preset: 'bonded-mirrored-san',
        at: { timeoutMs: 60_000 },
        properties: ['noUnnecessaryFence'],
        faults: 0,
        source: 'test',
      },
    ];
    const behaviours: KnownBehaviour[] = [
      {
        model: 'xenserver-ha',
        property: 'noUnnecessaryFence',
        kinds: ['storage-hard-powercycle'],
        explanation: 'watchdog',
        because: 'seed 004: the statefile watchdog fences while multipath fails over',
      },
    ];
    const base = mirrored(400, claims);
    const [target] = base.targets;
    const withKnown = {
      ...target,
      known: claimedClean(
        claims,
        target.model,
        target.preset,
        resolveConfig(
          MODELS.find((m) => m.name === 'xenserver-ha')!,
          { profile: 'xha' },
        ),
        target.properties,
        behaviours,
      ).known,
    };
    const result = await runSoak({ ...base, targets: [withKnown] }, { threads: 1 });
    const fence = result.targets[0].properties.find((p) => p.property === 'noUnnecessaryFence')!;
    expect(fence.explained).toBeGreaterThan(0);
    expect(fence.known).toEqual([{ because: behaviours[0].because, count: fence.explained }]);
    const finding = result.targets[0].findings.find((f) => f.property === 'noUnnecessaryFence');
    expect(finding?.count ?? 0).toBe(fence.violations - fence.explained);
    if (finding)
      expect(
        finding.schedule.some((s) => s.fault !== 'storage-hard-powercycle' && s.fault !== 'storage-power-restored'),
      ).toBe(true);
  }, 30_000);
});
