// Host sets against the plainest reference there is (a sorted array of host indices), on pools from
// one host to 128: every operation agrees, and equal sets are `===` (the canonical form traces and
// caches rely on), numbers while every member is below 31.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as hs from './hostSet.js';
import { RUNS, SEED } from '../runners/testing.js';

const hostsArb = fc.uniqueArray(fc.integer({ min: 0, max: 127 }), { maxLength: 40 });
const setOf = (hosts: readonly number[]): hs.HostSet => hosts.reduce(hs.withHost, hs.EMPTY_HOSTS);
const sorted = (hosts: Iterable<number>) => [...new Set(hosts)].sort((a, b) => a - b);

describe('host sets', () => {
  it('agree with a sorted list of hosts on every operation', () => {
    fc.assert(
      fc.property(hostsArb, hostsArb, fc.integer({ min: 0, max: 127 }), (xs, ys, h) => {
        const a = setOf(xs);
        const b = setOf(ys);
        expect(hs.hostsOf(a)).toEqual(sorted(xs));
        expect(hs.hostsOf(hs.union(a, b))).toEqual(sorted([...xs, ...ys]));
        expect(hs.hostsOf(hs.intersection(a, b))).toEqual(sorted(xs.filter((x) => ys.includes(x))));
        expect(hs.hostsOf(hs.difference(a, b))).toEqual(sorted(xs.filter((x) => !ys.includes(x))));
        expect(hs.hasHost(a, h)).toBe(xs.includes(h));
        expect(hs.hostCount(a)).toBe(xs.length);
        expect(hs.lowestHost(a)).toBe(xs.length === 0 ? -1 : Math.min(...xs));
        expect(hs.isEmptyHosts(a)).toBe(xs.length === 0);
        expect(hs.intersects(a, b)).toBe(xs.some((x) => ys.includes(x)));
        expect(hs.isSubset(a, b)).toBe(xs.every((x) => ys.includes(x)));
        expect(hs.hostsOf(hs.withoutHost(a, h))).toEqual(sorted(xs.filter((x) => x !== h)));
        // Words and back, also from the middle of a larger array (a row of a bit matrix).
        const words = hs.hostWords(a);
        expect(hs.hostSetOfWords(words)).toBe(a);
        expect(hs.hostSetOfWords([7, ...words, 0, 0, 9], 1, words.length + 2)).toBe(a);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });

  it('are canonical: equal sets are ===, and numbers exactly while every host is below 31', () => {
    fc.assert(
      fc.property(hostsArb, (xs) => {
        const built = setOf(xs);
        const rebuilt = setOf([...xs].reverse());
        expect(built === rebuilt).toBe(true);
        expect(hs.union(built, hs.EMPTY_HOSTS) === built).toBe(true);
        expect(hs.difference(hs.union(built, hs.hostBit(100)), hs.hostBit(100)) === hs.withoutHost(built, 100)).toBe(
          true,
        );
        expect(typeof built === 'number').toBe(xs.every((x) => x < 31));
        expect(hs.hostSetFromJson(JSON.parse(JSON.stringify(hs.hostSetToJson(built))))).toBe(built);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });

  it('print a one-word set as the mask number traces have always shown', () => {
    expect(String(setOf([1, 2]))).toBe('6');
    expect(String(setOf([0, 30]))).toBe(String(2 ** 30 + 1));
    expect(String(setOf([0, 31]))).toBe(String(2 ** 31 + 1));
    expect(hs.firstHosts(3)).toBe(7);
    expect(hs.firstHosts(31)).toBe(2 ** 31 - 1);
    expect(hs.hostsOf(hs.firstHosts(96))).toEqual([...Array(96).keys()]);
    expect(hs.hostWords(setOf([0, 32, 95]))).toEqual([1, 1, -2147483648]);
    expect(hs.hostSetFromJson(-1)).toBeUndefined();
    expect(hs.hostSetFromJson('12x')).toBeUndefined();
  });
});
