// SCENARIOS.md, DataCore SANmelody mirrored pair + multipath: SN-1 … SN-4, observed through the
// XenServer pool that sits on it (T = 120 s so that no fence interferes unless storage is gone).
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { simulate, step, target, violatedProperties } from '../../harness/runners/testing.js';

const HOSTS = ['h1', 'h2', 'h3'];

function roleChanges(entries: readonly TraceEntry[], agent: string): [number, string][] {
  return entries.flatMap((e) =>
    e.type === 'role' && e.agent === agent && e.at > 0 ? [[e.at, e.role] as [number, string]] : [],
  );
}

function servingAt(entries: readonly TraceEntry[], at: number): readonly string[] {
  let serving: readonly string[] = [];
  for (const e of entries) if (e.type === 'truth' && e.at <= at) serving = e.serving;
  return serving;
}

describe('SN-1: hard power-cycle of sanA', () => {
  for (const D of [120, 80]) {
    it(`sanB serves at once; every host's I/O stalls for D = ${D} s, then continues on sanB`, () => {
      const t = target('xenserver-ha', 'bonded-mirrored-san', { timeoutMs: 120_000, hardFailoverMs: D * 1000 });
      const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA')]);
      expect(servingAt(o.run.entries, 10_000)).toEqual(['sanB']);
      for (const h of HOSTS) {
        expect(roleChanges(o.run.entries, `${h}/multipath`).slice(0, 2)).toEqual([
          [10_000, 'stalled'],
          [10_000 + D * 1000, 'ok'],
        ]);
      }
      expect(violatedProperties(o)).toEqual([]);
    });
  }
});

describe('SN-2: clean stop of sanA', () => {
  it('sessions close; paths move within the clean failover time (5 s)', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { timeoutMs: 30_000 });
    const o = simulate(t, [step(10, 'storage-clean-stop', 'sanA')]);
    for (const h of HOSTS)
      expect(roleChanges(o.run.entries, `${h}/multipath`)).toEqual([
        [10_000, 'stalled'],
        [15_000, 'ok'],
      ]);
  });

  it('follows the clean failover setting', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { cleanFailoverMs: 2_000 });
    const o = simulate(t, [step(10, 'storage-clean-stop', 'sanA')]);
    expect(roleChanges(o.run.entries, 'h1/multipath')).toEqual([
      [10_000, 'stalled'],
      [12_000, 'ok'],
    ]);
  });
});

describe('SN-3: both nodes down', () => {
  it('storage is gone: hosts fence, and those fences are necessary', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san');
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA'), step(10, 'storage-hard-powercycle', 'sanB')]);
    expect(servingAt(o.run.entries, 10_000)).toEqual([]);
    expect(o.fences.length).toBeGreaterThan(0);
    expect(o.verdicts.noUnnecessaryFence.status).toBe('holds');
    expect(o.verdicts.noPoolWideFence.status).toBe('holds');
  });
});

describe('SN-4: sanA returns and resyncs, then sanB is hard power-cycled', () => {
  it('the other side fails over exactly like SN-1', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { timeoutMs: 120_000 });
    // sanA: off at 10 s, boots by 190 s, resyncs until 250 s, paths reinstated at 255 s.
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA'), step(300, 'storage-hard-powercycle', 'sanB')]);
    expect(roleChanges(o.run.entries, 'sanA')).toEqual([
      [10_000, 'down'],
      [190_000, 'resyncing'],
      [250_000, 'serving'],
    ]);
    expect(servingAt(o.run.entries, 300_000)).toEqual(['sanA']);
    for (const h of HOSTS) {
      expect(
        roleChanges(o.run.entries, `${h}/multipath`)
          .filter(([at]) => at >= 300_000)
          .slice(0, 2),
      ).toEqual([
        [300_000, 'stalled'],
        [420_000, 'ok'],
      ]);
    }
    expect(violatedProperties(o)).toEqual([]);
  });

  it('while sanA is still resyncing, losing sanB leaves no current copy: storage is gone', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { timeoutMs: 120_000 });
    const o = simulate(t, [step(10, 'storage-hard-powercycle', 'sanA'), step(200, 'storage-hard-powercycle', 'sanB')]);
    expect(roleChanges(o.run.entries, 'sanA')).toContainEqual([200_000, 'waiting']);
    expect(servingAt(o.run.entries, 200_000)).toEqual([]);
    expect(o.verdicts.noUnnecessaryFence.status).toBe('holds');
  });
});
