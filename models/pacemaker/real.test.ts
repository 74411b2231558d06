// PM-7 on real daemons: a two-node Corosync 3 + Pacemaker 2.1 cluster in namespaces (realNode.ts),
// the group placed on n2, n1's fence device delayed 5 s (PM-2), the cluster link cut. Corosync must
// form new one-node memberships after token + consensus, n1 must fence n2 (never the reverse), n2
// must really die, the group must move to n1, never running on both; and nothing of the run may be
// left on the machine. Serialised with every other real lab (the conform test lock): the run removes
// stale labs first, and a 2-core machine cannot time two clusters at once.
import { describe, expect, it } from 'vitest';
import { labHostProblem } from '../../harness/runners/conform/environment.js';
import { leftovers } from '../../harness/runners/conform/leftovers.js';
import { withConformLock } from '../../harness/runners/conform/testLock.js';
import type { RunResources } from '../../harness/lab/resources.js';
import { DEFAULT_REAL_SETTINGS } from './realConfig.js';
import { pacemakerLabUnavailable, runPacemakerLab, type RealLabResult } from './real.js';
import type { RealEvent } from './realObservation.js';
import { describeEvent } from './realOutcome.js';

const problem =
  process.env.HAFAULT_REAL === 'off' ? 'disabled by HAFAULT_REAL=off' : (labHostProblem() ?? pacemakerLabUnavailable());

it('a real Pacemaker cluster can run here (required in CI)', () => {
  if (process.env.CI) expect(problem, 'CI must run the real Pacemaker lab').toBeNull();
  else if (problem !== null) process.stderr.write(`\n!!!! NOT RUN: the real Pacemaker lab: ${problem}\n\n`);
  expect(problem ?? 'ok').toMatch(
    /^(ok|disabled by HAFAULT_REAL=off|not root|network namespaces need|iproute2|corosync\/pacemaker lab:)/,
  );
});

const CUT_AT_MS = 1_000;

describe.runIf(problem === null)('PM-2 on the real cluster: link cut, n1 favoured by a 5 s fence delay', () => {
  it('n1 fences n2, n2 dies, the group moves to n1, nothing is left behind', async () => {
    let res: RunResources | null = null;
    const result: RealLabResult = await withConformLock(() =>
      runPacemakerLab({
        settings: { ...DEFAULT_REAL_SETTINGS, fenceDelayBaseMs: [5_000, 0], groupPrefers: 'n2', tailMs: 13_000 },
        schedule: [{ atMs: CUT_AT_MS, fault: 'cut-link', target: 'n1|n2' }],
        onResources: (r) => (res = r),
      }),
    );
    const { events, outcome, warnings } = result.observation;
    const timeline = events.map(describeEvent).join('\n');
    const at = (p: (e: RealEvent) => boolean) => events.find((e) => e.atMs > 0 && p(e))?.atMs ?? -1;

    expect(warnings, timeline).toEqual([]);
    // Settled with the group on n2, as configured.
    expect(
      events.filter((e) => e.atMs === 0 && e.type === 'placement' && e.holds).map((e) => (e as { node: string }).node),
      timeline,
    ).toEqual(['n2']);
    // Corosync: each node alone after token (3 s) + consensus (3.6 s) from the last token it saw.
    const alone = at((e) => e.type === 'membership' && e.node === 'n1' && e.sees.join() === 'n1') - CUT_AT_MS;
    expect(alone, timeline).toBeGreaterThan(3_000);
    expect(alone, timeline).toBeLessThan(10_000);
    // Fencing: n1 fences n2; n2's request (5 s delayed) never completes.
    expect(
      outcome.fenced.map((f) => `${f.by}>${f.target}`),
      timeline,
    ).toEqual(['n1>n2']);
    expect(outcome.mutualFencing).toBe(false);
    const fenced = at((e) => e.type === 'fence' && e.result === 'ok');
    expect(
      at((e) => e.type === 'death' && e.node === 'n2' && e.cause === 'fence'),
      timeline,
    ).toBe(fenced);
    // After the token ran out (membership is polled, so its event may trail the fence request a little).
    expect(fenced, timeline).toBeGreaterThan(CUT_AT_MS + 3_000);
    expect(result.fenceLog, 'the agent logged the request').toMatch(/^\d{13} reboot n1 n2$/m);
    // The group: on n1 after the fence, never on both nodes.
    expect(
      at((e) => e.type === 'placement' && e.node === 'n1' && e.holds),
      timeline,
    ).toBeGreaterThan(fenced);
    expect(outcome.groupOn, timeline).toEqual(['n1']);
    expect(outcome.alive).toEqual(['n1']);
    expect(outcome.dualActiveMs).toBe(0);

    expect(res).not.toBeNull();
    const r = res as unknown as RunResources;
    expect(leftovers({ prefix: r.prefix, pids: r.pids, dir: r.dir })).toEqual([]);
  }, 150_000);
});
