// Who restarts what: only the pool master restarts protected VMs, a VM starts only when it runs
// nowhere in the master's view, and a booting host starts no HA VM on itself (issue 11, found by
// independent checking: a rejoining host and the survivors both started vm-h1).
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { simulate, step, target, violatedProperties } from '../../harness/runners/testing.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;
const starts = (entries: readonly TraceEntry[], service?: string): ServiceEntry[] =>
  entries.filter(
    (e): e is ServiceEntry =>
      e.type === 'service' && e.state === 'starting' && (service === undefined || e.service === service),
  );
const notes = (entries: readonly TraceEntry[], agent: string): string[] =>
  entries.flatMap((e) => (e.type === 'note' && e.agent === agent ? [e.text] : []));

describe('a host that rejoins after a power loss (xha, T = 120 s)', () => {
  for (const preset of ['bonded', 'bonded-mirrored-san']) {
    it(`${preset}: vm-h1 starts once, on a survivor, when h2 becomes master; h1 joins only after it was dropped`, () => {
      const t = target('xenserver-ha', preset, { profile: 'xha', timeoutMs: 120_000 });
      const o = simulate(t, [step(45, 'host-crash', 'h1'), step(92, 'host-boot', 'h1')]);
      expect(violatedProperties(o)).toEqual([]);
      // Detection at the tick after 45 s (52 s) + T = 172 s, winners' wait 15 s + t = 28 s: 200 s.
      expect(starts(o.run.entries).map((e) => [e.at, e.service, e.host])).toEqual([[200_000, 'vm-h1', 'h2']]);
      expect(notes(o.run.entries, 'h2')).toContain('becomes pool master (no live host held the lock)');
      const joined = o.run.entries.find((e) => e.type === 'role' && e.agent === 'h1' && e.role === 'live' && e.at > 0);
      expect(joined!.at).toBeGreaterThan(200_000);
    });
  }
});

describe('a member back in a new boot before anyone dropped it', () => {
  it("seed-2009, T = 120 s: h2 re-arms at once; the master (h1) restarts h2's VM when it sees the new boot (found by random search)", () => {
    const t = target('xenserver-ha', 'bonded', { profile: 'seed-2009', timeoutMs: 120_000 });
    const o = simulate(t, [step(308, 'host-crash', 'h2'), step(314, 'host-boot', 'h2')]);
    // h2 boots 90 s after power-on (404 s); h1 sees it live at its next 13 s tick (416 s).
    expect(starts(o.run.entries).map((e) => [e.at, e.service, e.host])).toEqual([[416_000, 'vm-h2', 'h1']]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it("xha, T = 120 s: h2's packets are ignored until the pool drops it; then the master restarts its VM and h2 joins", () => {
    const t = target('xenserver-ha', 'bonded', { profile: 'xha', timeoutMs: 120_000 });
    const o = simulate(t, [step(308, 'host-crash', 'h2'), step(314, 'host-boot', 'h2')]);
    // Noticed at the 312 s tick, dropped at 312 + 120 + 28 = 460 s.
    expect(starts(o.run.entries).map((e) => [e.at, e.service, e.host])).toEqual([[460_000, 'vm-h2', 'h1']]);
    expect(violatedProperties(o)).toEqual([]);
  });
});

describe('found by the long random search on the clean designs', () => {
  it("xha: a host rebooted within T is not fenced by the survivors' request for its previous boot (mirrored SAN, T = 120 s)", () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san', { timeoutMs: 120_000 });
    const o = simulate(t, [step(10, 'host-crash', 'h1'), step(11, 'host-boot', 'h1')]);
    expect(o.fences).toEqual([]);
    expect(violatedProperties(o)).toEqual([]);
  });

  it('xha: when every host gave up joining, xapi starts HA again 10 s later and the pool forms once a switch is back', () => {
    const o = simulate(target('xenserver-ha', 'bonded'), [
      step(10, 'switch-down', 'sw1'),
      step(10, 'switch-down', 'sw2'),
      step(282, 'switch-up', 'sw1'),
    ]);
    // Join timeout T + 60 s after the 164 s boot: 284 s; retry at 294 s; h1 forms the pool at the 301 s tick.
    expect(notes(o.run.entries, 'h1')).toContain('becomes pool master (no live host held the lock)');
    expect(starts(o.run.entries).map((e) => [e.at, e.host])).toEqual([
      [301_000, 'h1'],
      [301_000, 'h1'],
      [301_000, 'h1'],
    ]);
    // The HA software did right; both switches down for 272 s still cost the VMs more than their RTO.
    expect(violatedProperties(o)).toEqual(['servicesSurvive']);
  });
});

describe('only the pool master restarts', () => {
  it("xha: when a slave dies, the master (h1) restarts its VM after the winners' wait, and nobody else does", () => {
    const o = simulate(target('xenserver-ha', 'bonded'), [step(10, 'host-crash', 'h2')]);
    expect(starts(o.run.entries).map((e) => [e.at, e.service, e.host])).toEqual([
      [14_000 + 60_000 + 22_000, 'vm-h2', 'h1'],
    ]);
    expect(o.run.entries.some((e) => e.type === 'note' && e.text.startsWith('becomes pool master'))).toBe(false);
  });

  it('seed-2009: a host that re-arms after its fence starts no VM on itself while no master can be elected', () => {
    // XS-1: the survivor of a two-host pool fences and loops; h2 never comes back, so h2 stays a
    // member nobody can drop and no host may take the master lock.
    const o = simulate(target('xenserver-ha', 'two-host', { profile: 'seed-2009' }), [step(10, 'host-crash', 'h2')]);
    expect(o.fences.length).toBeGreaterThan(1);
    expect(starts(o.run.entries)).toEqual([]);
  });

  it('xha: after the whole pool fenced, the host that forms the pool again becomes master and restarts every VM; the joiners start none', () => {
    // Management and storage switches fail together: nobody sees a peer or the statefile (rule 2: all fence).
    const down = ['sw1', 'stsw'].map((sw) => step(10, 'switch-down', sw));
    const up = ['sw1', 'stsw'].map((sw) => step(100, 'switch-up', sw));
    const o = simulate(target('xenserver-ha', 'single-switch', { profile: 'xha' }), [...down, ...up]);
    expect(o.fences.map((f) => f.host).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(starts(o.run.entries).map((e) => [e.service, e.host])).toEqual([
      ['vm-h1', 'h1'],
      ['vm-h2', 'h1'],
      ['vm-h3', 'h1'],
    ]);
    expect(notes(o.run.entries, 'h1')).toContain('becomes pool master (no live host held the lock)');
    expect(violatedProperties(o)).toEqual([]);
  });
});
