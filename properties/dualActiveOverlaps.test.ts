// The overlap metric beside noDualActive: each interval with two or more holders, with its length.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { dualActiveOverlaps } from './dualActiveOverlaps.js';
import { checkProperty } from './index.js';

const svc = (at: number, host: string, state: 'running' | 'stopped'): TraceEntry => ({
  at,
  type: 'service',
  service: 'vip',
  host,
  state,
});

function trace(entries: TraceEntry[], endMs = 100): Trace {
  return {
    meta: { hosts: ['a', 'b', 'c'], services: [{ id: 'vip', priority: 'restart', rtoMs: 10 }], endMs },
    entries,
  };
}

describe('dualActiveOverlaps', () => {
  it('one closed and one open overlap, with their lengths; the verdict agrees', () => {
    const t = trace([
      { at: 0, type: 'truth', canRun: ['a', 'b', 'c'], serving: [] },
      svc(0, 'a', 'running'),
      svc(10, 'b', 'running'),
      svc(25, 'b', 'stopped'),
      svc(40, 'c', 'running'),
      svc(60, 'b', 'running'),
    ]);
    expect(dualActiveOverlaps(t)).toEqual([
      { service: 'vip', hosts: ['a', 'b'], fromMs: 10, toMs: 25, lengthMs: 15, open: false },
      { service: 'vip', hosts: ['a', 'c'], fromMs: 40, toMs: 100, lengthMs: 60, open: true },
    ]);
    expect(checkProperty('noDualActive', t)).toMatchObject({ status: 'violated', at: 10 });
  });

  it('a handover within one instant is no overlap', () => {
    const t = trace([svc(0, 'a', 'running'), svc(10, 'b', 'running'), svc(10, 'a', 'stopped')]);
    expect(dualActiveOverlaps(t)).toEqual([]);
    expect(checkProperty('noDualActive', t).status).toBe('holds');
  });
});
