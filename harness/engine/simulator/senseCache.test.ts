// The sense cache on its own: what makes a kept observation stale (the fabric, a change of an agent
// the declaration names, any change for `all`), what never does (a change of an agent not named), and
// that an agent without a declaration, or one sensed while a fault is still changing the fabric, is
// never served from the cache.
import { describe, expect, it } from 'vitest';
import type { AgentSpec, SenseInputs } from '../model.js';
import { puppet } from '../../../test/models/puppet.js';
import { SenseCache } from './senseCache.js';

const spec = (senseReads?: SenseInputs): AgentSpec => ({
  id: 'a',
  kind: 'host',
  machine: puppet,
  initial: 'up',
  context: { out: [] },
  host: -1,
  storage: -1,
  sense: () => null,
  ...(senseReads ? { senseReads } : {}),
});

const hosts = [1, 2];
/** 0 reads agents 1 and 2 (one list, shared with 3), 3 the same list, 4 every agent, 5 nothing declared. */
function cache(): SenseCache {
  return new SenseCache([
    spec({ fabric: true, agents: hosts }),
    spec(),
    spec(),
    spec({ fabric: true, agents: hosts }),
    spec({ fabric: false, agents: 'all' }),
    spec(),
  ]);
}

describe('sense cache', () => {
  it('kept observations stay fresh until a named agent or the fabric changes', () => {
    const c = cache();
    for (const a of [0, 3, 4]) c.keep(a, { type: 'X' }, 7);
    expect([0, 3, 4].map((a) => c.fresh(a, 7))).toEqual([true, true, true]);
    c.touch(5); // named by no list: only `all` goes stale
    expect([0, 3, 4].map((a) => c.fresh(a, 7))).toEqual([true, true, false]);
    c.touch(2);
    expect([0, 3].map((a) => c.fresh(a, 7))).toEqual([false, false]);
    c.keep(0, { type: 'Y' }, 7);
    expect(c.fresh(0, 7)).toBe(true);
    expect(c.keptOf(0)).toEqual({ type: 'Y' });
    expect(c.fresh(0, 8)).toBe(false); // the fabric changed
    c.keep(4, { type: 'Z' }, 7);
    expect(c.fresh(4, 9)).toBe(true); // does not read the fabric
  });

  it('counts a list once by what it names, however many agents built their own copy of it', () => {
    const c = new SenseCache([spec({ fabric: true, agents: [1, 2] }), spec({ fabric: true, agents: [1, 2] }), spec()]);
    expect(c.distinctLists).toBe(1);
    c.keep(0, { type: 'X' }, 1);
    c.keep(1, { type: 'X' }, 1);
    c.touch(2);
    expect([0, 1].map((a) => c.fresh(a, 1))).toEqual([false, false]);
  });

  it('never serves an undeclared agent, nor while a fault changes the fabric unversioned', () => {
    const c = cache();
    c.keep(5, { type: 'X' }, 1);
    expect(c.fresh(5, 1)).toBe(false);
    c.keep(0, { type: 'X' }, 1);
    c.unversionedChange();
    expect(c.fresh(0, 1)).toBe(false);
    c.keep(3, { type: 'X' }, 1);
    c.versioned();
    expect(c.fresh(0, 1)).toBe(true);
    expect(c.fresh(3, 1)).toBe(false); // kept while unversioned: not kept at all
    c.clear();
    expect(c.fresh(0, 1)).toBe(false);
  });
});
