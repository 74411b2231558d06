// The search's seed runs from 0 to 2^32 − 1 (--seed's range): a counterexample reports the seed as
// given, never fast-check's 32-bit signed fold of it, and {seed, path} replays the same schedule.
import { describe, expect, it } from 'vitest';
import { search, target } from './testing.js';

describe('searchProperty seeds', () => {
  it('reports the top seed as given and replays it from {seed, path}', () => {
    const t = target('keepalived', 'two-routers');
    const found = search(t, 'noDualActive', { runs: 50, seed: 2 ** 32 - 1 }).counterexample!;
    expect(found.seed).toBe(4294967295);
    const again = search(t, 'noDualActive', { runs: 50, seed: found.seed, path: found.path }).counterexample!;
    expect(again.schedule).toEqual(found.schedule);
  });
});
