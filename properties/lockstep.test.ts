// How the properties read lock-step shadows: a shadow and its independent instance are one server
// (not dual-active, not a failover, serving while either half can), a promoted shadow is a server
// of its own — on hand-written traces.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { checkProperty } from './index.js';

const meta = { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority: 'restart', rtoMs: 100 }], endMs: 1_000 };
const trace = (entries: TraceEntry[]): Trace => ({ meta, entries });
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: [] });
const svc = (
  at: number,
  host: string,
  state: 'starting' | 'running' | 'stopped',
  extra: { cause?: 'fault' | 'ha' | 'takeover' | 'mirror'; shadow?: true } = {},
): TraceEntry => ({ at, type: 'service', service: 'vm', host, state, ...extra });
/** vm on h1 with a lock-step shadow on h2 from t = 0. */
const pair = [
  truth(0, 'h1', 'h2'),
  svc(0, 'h1', 'running'),
  svc(0, 'h2', 'running', { cause: 'mirror', shadow: true }),
];
const promote = (at: number) => svc(at, 'h2', 'running', { cause: 'takeover' });

describe('noDualActive with lock-step shadows', () => {
  it('holds for a lock-step pair: the shadow is not a second server', () => {
    expect(checkProperty('noDualActive', trace(pair)).status).toBe('holds');
  });
  it('holds when the shadow is promoted after its partner stopped', () => {
    expect(
      checkProperty('noDualActive', trace([...pair, svc(10, 'h1', 'stopped', { cause: 'fault' }), promote(11)])).status,
    ).toBe('holds');
  });
  it('is violated when the shadow is promoted while its partner still runs (split brain)', () => {
    expect(checkProperty('noDualActive', trace([...pair, promote(11)]))).toMatchObject({
      status: 'violated',
      at: 11,
      explanation: expect.stringContaining('h1 and h2'),
    });
  });
  it('is violated by two independent instances even if a shadow exists too', () => {
    const three = { ...meta, hosts: ['h1', 'h2', 'h3'] };
    const t: Trace = {
      meta: three,
      entries: [...pair, truth(0, 'h1', 'h2', 'h3'), svc(20, 'h3', 'starting', { cause: 'takeover' })],
    };
    expect(checkProperty('noDualActive', t)).toMatchObject({ status: 'violated', at: 20 });
  });
});

describe('noUnnecessaryFailover with lock-step shadows', () => {
  it('holds while shadows come and go: the service does not move', () => {
    const t = trace([
      ...pair,
      svc(10, 'h2', 'stopped', { cause: 'fault', shadow: true }),
      svc(20, 'h2', 'starting', { cause: 'mirror', shadow: true }),
      svc(30, 'h2', 'running', { shadow: true }),
    ]);
    expect(checkProperty('noUnnecessaryFailover', t).status).toBe('holds');
  });
  it('holds for a promotion after the independent instance died', () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...pair, svc(10, 'h1', 'stopped', { cause: 'fault' }), promote(11)]),
      ).status,
    ).toBe('holds');
  });
  it('is violated by a promotion while the independent instance runs on a healthy host', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...pair, promote(11)]))).toMatchObject({
      status: 'violated',
      at: 11,
    });
  });
});

describe('serviceRestoredWithin with lock-step shadows', () => {
  it('holds when the independent half stops and the running shadow carries on', () => {
    expect(
      checkProperty('serviceRestoredWithin', trace([...pair, svc(10, 'h1', 'stopped', { cause: 'fault' })])).status,
    ).toBe('holds');
  });
  it('a shadow still resynchronising does not serve', () => {
    const t = trace([
      truth(0, 'h1', 'h2'),
      svc(0, 'h1', 'running'),
      svc(5, 'h2', 'starting', { cause: 'mirror', shadow: true }),
      svc(10, 'h1', 'stopped', { cause: 'fault' }),
    ]);
    expect(checkProperty('serviceRestoredWithin', t)).toMatchObject({ status: 'violated', at: 110 });
  });
});
