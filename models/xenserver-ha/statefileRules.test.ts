// SCENARIOS.md "Statefile rules" at a survival decision: a host counts as without the statefile only
// once its I/O has failed or hung for T; one whose I/O resumed (multipath failed over) is a writer
// again from that instant, not from its next heartbeat (issue 11, found by independent checking).
import { describe, expect, it } from 'vitest';
import { simulate, step, target, violatedProperties } from '../../harness/runners/testing.js';

const fenced = (o: ReturnType<typeof simulate>) => [...new Set(o.fences.map((f) => f.host))];

describe('statefile I/O stalled for less than T still counts as access', () => {
  for (const profile of ['xha', 'seed-2009']) {
    it(`${profile}, T = 90 s, D = 90 s: h1 cut off at 1 s, sanA hard power-cycled at 29 s: only h1 fences`, () => {
      // At the decision (100 s) every host's I/O has hung for 71 s < T: h2 and h3 are the best partition.
      const t = target('xenserver-ha', 'bonded-mirrored-san', { profile, timeoutMs: 90_000, hardFailoverMs: 90_000 });
      const o = simulate(t, [step(1, 'bond-down', 'h1.bond0'), step(29, 'storage-hard-powercycle', 'sanA')]);
      expect(o.fences[0]).toEqual({ at: 100_000, host: 'h1' });
      expect(fenced(o)).toEqual(['h1']);
      expect(violatedProperties(o)).not.toContain('noPoolWideFence');
    });
  }
});

describe('a host whose I/O resumed is a writer again at once', () => {
  it('xha, T = 60 s, D = 68 s: the failover at 78 s lands between the tick (77 s) and the decision (81 s): only h1 fences', () => {
    // Every host's I/O hangs from 10 s and lacks the statefile from 70 s (T); multipath fails over
    // at 78 s. h1 is cut off at 15 s, so the decision falls at 21 s + T = 81 s.
    const t = target('xenserver-ha', 'bonded-mirrored-san', { profile: 'xha', hardFailoverMs: 68_000 });
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA'), step(15, 'bond-down', 'h1.bond0')]);
    expect(o.fences).toEqual([{ at: 81_000, host: 'h1' }]);
  });

  it('xha, same schedule but the failover comes after the decision (D = 75 s): every host lacks the statefile and cannot see every member, so all fence (rule 2)', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { profile: 'xha', hardFailoverMs: 75_000 });
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA'), step(15, 'bond-down', 'h1.bond0')]);
    expect(o.fences.filter((f) => f.at === 81_000).map((f) => f.host)).toEqual(['h1', 'h2', 'h3']);
  });
});
