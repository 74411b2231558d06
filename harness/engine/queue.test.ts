import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';
import { SEED, RUNS } from '../runners/testing.js';

interface Item {
  at: number;
  seq: number;
  label: number;
}

describe('EventQueue', () => {
  it('pops events at the same millisecond in the order they were pushed', () => {
    const q = new EventQueue<Item>();
    [5, 1, 5, 5, 1].forEach((at, label) => q.push({ at, seq: 0, label }));
    const order: number[] = [];
    while (q.size > 0) order.push(q.pop()!.label);
    expect(order).toEqual([1, 4, 0, 2, 3]);
  });

  it('pops in (time, insertion) order for any sequence of pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat({ max: 20 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const q = new EventQueue<Item>();
        const model: Item[] = [];
        let label = 0;
        for (const op of ops) {
          if (op >= 0) {
            const item = { at: op, seq: 0, label: label++ };
            q.push(item);
            model.push(item);
          } else {
            model.sort((a, b) => a.at - b.at || a.label - b.label);
            expect(q.pop()?.label).toBe(model.shift()?.label);
          }
        }
        expect(q.size).toBe(model.length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
