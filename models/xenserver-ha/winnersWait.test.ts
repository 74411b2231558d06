// The winners' wait follows T as xhad computes it (xha daemon/sm.c, fault handler phase 4):
// max(Wh, Ws) − min(T1, T2) + max(t1, t2) = 15 s + t, at least 10 s, longer by T while a lost host
// is still heard or still writes the statefile.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../harness/engine/config.js';
import { findModel } from '../registry.js';
import { simulate, step, target } from '../../harness/runners/testing.js';
import { winnersWaitFor } from './config.js';

const model = findModel('xenserver-ha')!;

describe("the winners' wait", () => {
  it('is 15 s + t: 19 s at T = 30 s, 22 s at T = 60 s (DOMAIN.md), 28 s at T = 120 s, 17 s at the minimum T = 10 s', () => {
    expect([10_000, 30_000, 60_000, 90_000, 120_000].map(winnersWaitFor)).toEqual([
      17_000, 19_000, 22_000, 25_000, 28_000,
    ]);
  });

  it('is the default of winnersWaitMs at every T and profile, and a setting still overrides it', () => {
    expect(resolveConfig(model, { profile: 'seed-2009' }).winnersWaitMs).toBe(19_000);
    expect(resolveConfig(model, {}).winnersWaitMs).toBe(22_000);
    expect(resolveConfig(model, { timeoutMs: '120s' }).winnersWaitMs).toBe(28_000);
    expect(resolveConfig(model, { timeoutMs: '120s', winnersWaitMs: '40s' }).winnersWaitMs).toBe(40_000);
  });

  it("a crashed host's VM restarts T + the wait after its last heartbeat was noticed missing (bonded, T = 120 s)", () => {
    const o = simulate(target('xenserver-ha', 'bonded', { timeoutMs: 120_000 }), [step(10, 'host-crash', 'h2')]);
    const start = o.run.entries.find((e) => e.type === 'service' && e.state === 'starting');
    expect(start).toMatchObject({ at: 13_000 + 120_000 + 28_000, service: 'vm-h2', host: 'h1' });
  });

  it('is longer by T when the lost host still writes the statefile (two hosts, link cut: h2 may not have fenced yet)', () => {
    const o = simulate(target('xenserver-ha', 'two-host', { profile: 'xha' }), [step(10, 'link-cut', 'h1.mgmt0-sw1')]);
    const start = o.run.entries.find((e) => e.type === 'service' && e.state === 'starting');
    expect(start).toMatchObject({ at: 14_000 + 60_000 + 22_000 + 60_000, service: 'vm-h2', host: 'h1' });
  });

  it('follows T when the GUI re-enable resets it, unless it was set by hand', () => {
    const reenable = model.drifts.find((d) => d.name === 'ha-reenable-gui')!;
    const derived = resolveConfig(model, { timeoutMs: '120s' });
    expect(reenable.apply(derived, derived)).toMatchObject({ timeoutMs: 60_000, winnersWaitMs: 22_000 });
    const byHand = resolveConfig(model, { timeoutMs: '120s', winnersWaitMs: '40s' });
    expect(reenable.apply(byHand, byHand)).toMatchObject({ timeoutMs: 60_000, winnersWaitMs: 40_000 });
  });
});
