// The incremental fingerprint must be a function of the state alone: a hasher that remembers the
// previous fingerprint's parts gives what a fresh hasher gives, whatever came before. And the
// fingerprint set must behave as a set.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../engine/simulator.js';
import { target } from '../testing.js';
import { FingerprintSet } from './fingerprints.js';
import { StateHasher } from './hash.js';
import { firstHosts, hostBit, type HostSet, withHost, withoutHost } from '../../engine/hostSet.js';

function fingerprint(h: StateHasher, write: (h: StateHasher) => void): [number, number] {
  h.reset();
  write(h);
  return [h.lo, h.hi];
}

describe('StateHasher', () => {
  it('remembering parts of earlier fingerprints never changes one (branches, restores, faults)', () => {
    const t = target('xenserver-ha', 'bonded-mirrored-san');
    const sim = new Simulation(t.model, t.compiled, t.config);
    const kept = new StateHasher();
    const seen = new Set<string>();
    sim.begin();
    const faults = [
      ['nic-down', t.compiled.nics[0].id],
      ['host-crash', t.compiled.hostIds[1]],
      ['switch-down', t.compiled.switchIds[0]],
    ] as const;
    let compared = 0;
    const compare = () => {
      const a = fingerprint(kept, (h) => sim.hashState(h));
      const b = fingerprint(new StateHasher(), (h) => sim.hashState(h));
      expect(a).toEqual(b);
      seen.add(a.join());
      compared++;
    };
    const quiet = sim.snapshot();
    for (let i = 0; i < 4; i++)
      for (const [fault, id] of faults) {
        sim.restore(quiet);
        compare();
        sim.injectNow(10_000 + 1700 * i, fault, id);
        compare();
        // A second fault on a branch of the run, then back to the first fault's run.
        const branch = sim.snapshot();
        for (const [second, other] of faults) {
          if (other === id) continue;
          sim.restore(branch);
          sim.injectNow(sim.time, second, other);
          for (let k = 0; k < 8 && sim.nextEventAt() >= 0; k++) {
            sim.stepInstant();
            compare();
          }
        }
        sim.restore(branch);
        compare();
      }
    expect(compared).toBeGreaterThan(100);
    // The states differ, and so do their fingerprints (a hasher stuck on one answer fails here).
    expect(seen.size).toBeGreaterThan(20);
  });

  it('hashes content, not identity, and sees a changed string deep inside', () => {
    const h = new StateHasher();
    const ctx = (role: string) => ({ out: [1], peers: [1, 2], cfg: { profile: 'xha', ids: ['h1', role] }, n: 1.5 });
    const one = fingerprint(h, (s) => s.value(ctx('h2'), 'out'));
    expect(fingerprint(h, (s) => s.value(ctx('h2'), 'out'))).toEqual(one);
    expect(fingerprint(h, (s) => s.value(ctx('h3'), 'out'))).not.toEqual(one);
    expect(fingerprint(h, (s) => s.value(ctx('h2'), 'out'))).toEqual(one);
    // The skipped key is left out; others are not.
    expect(fingerprint(h, (s) => s.value({ ...ctx('h2'), out: [2] }, 'out'))).toEqual(one);
    expect(fingerprint(h, (s) => s.value({ ...ctx('h2'), out: [2] }))).not.toEqual(one);
  });
});

describe('StateHasher: host sets beyond one word (bigints)', () => {
  it('tells apart sets that differ only in a host above 31, and a bigint set from the number of its low word', () => {
    const h = new StateHasher();
    const of = (set: HostSet) => fingerprint(h, (s) => s.value({ live: set, hears: [set, 0] })).join();
    const sets: HostSet[] = [];
    for (let n = 0; n <= 128; n++) sets.push(firstHosts(n));
    for (let x = 0; x < 128; x++) sets.push(hostBit(x), withoutHost(firstHosts(128), x));
    // 33 hosts: host 32 alone, and the same pool with and without it.
    sets.push(withHost(firstHosts(32), 32), withoutHost(firstHosts(33), 32), withHost(0, 32), withHost(0, 64));
    const distinct = new Set(sets.map((set) => (typeof set === 'bigint' ? `${set}n` : `${set}`)));
    expect(new Set(sets.map(of)).size).toBe(distinct.size);
    expect(of(withoutHost(firstHosts(33), 32))).toBe(of(firstHosts(32)));
    expect(of(firstHosts(33))).not.toBe(of(firstHosts(32)));
    expect(of(firstHosts(64))).not.toBe(of(-1));
  });
});

describe('FingerprintSet', () => {
  it('behaves as a set of (lo, hi) pairs through growth', () => {
    const set = new FingerprintSet(16);
    const reference = new Set<string>();
    let x = 12345;
    const next = () => (x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x297a2d39) | 0;
    for (let i = 0; i < 100_000; i++) {
      // Few distinct high lanes and colliding low lanes: equal halves must not be taken for equal pairs.
      const lo = next() & 0xfff;
      const hi = next() & 0x3f;
      const key = `${lo},${hi}`;
      expect(set.add(lo, hi)).toBe(!reference.has(key));
      reference.add(key);
    }
    expect(set.size).toBe(reference.size);
    expect(set.has(5000, 0)).toBe(false);
    for (const key of [...reference].slice(0, 1000)) {
      const [lo, hi] = key.split(',').map(Number);
      expect(set.has(lo, hi)).toBe(true);
    }
  });
});
