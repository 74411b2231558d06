// The availability metrics on hand-written traces: downtime (zero for a lock-step pair, the pause
// for a live migration, the boot for a restart), client sessions kept or dropped, and capacity
// exhausted.
import { describe, expect, it } from 'vitest';
import type { StartCause, StopCause, Trace, TraceEntry } from '../harness/engine/trace.js';
import { availability, capacityExhausted, downtime, sessions } from './availability.js';

const meta = {
  hosts: ['h1', 'h2'],
  services: [
    { id: 'vm', priority: 'restart', rtoMs: 300_000, needs: 4 },
    { id: 'db', priority: 'restart', rtoMs: 300_000, needs: 2 },
  ],
  capacity: [8, 8],
  endMs: 100_000,
};
const trace = (entries: TraceEntry[]): Trace => ({ meta, entries });
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: [] });
const svc = (
  at: number,
  service: string,
  host: string,
  state: 'starting' | 'running' | 'stopped',
  cause?: StartCause | StopCause,
  shadow?: true,
): TraceEntry => ({
  at,
  type: 'service',
  service,
  host,
  state,
  ...(cause ? { cause } : {}),
  ...(shadow ? { shadow } : {}),
});
const start = [truth(0, 'h1', 'h2'), svc(0, 'vm', 'h1', 'running'), svc(0, 'db', 'h2', 'running')];

describe('downtime', () => {
  it('is zero for a lock-step pair whose independent half dies', () => {
    const t = trace([
      ...start,
      svc(0, 'vm', 'h2', 'running', 'mirror', true),
      truth(10_000, 'h2'),
      svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
      svc(11_000, 'vm', 'h2', 'running', 'takeover'),
    ]);
    expect(downtime(t).get('vm')).toEqual({ downtimeMs: 0, interruptions: 0, longestInterruptionMs: 0 });
  });
  it('is the pause of a live migration', () => {
    const t = trace([
      ...start,
      svc(10_000, 'vm', 'h1', 'stopped', 'ha'),
      svc(10_000, 'vm', 'h2', 'starting', 'migrate'),
      svc(14_500, 'vm', 'h2', 'running'),
    ]);
    expect(downtime(t).get('vm')).toEqual({ downtimeMs: 4_500, interruptions: 1, longestInterruptionMs: 4_500 });
  });
  it('adds up interruptions and runs to the end of the trace', () => {
    const t = trace([
      ...start,
      svc(10_000, 'db', 'h2', 'stopped', 'fault'),
      svc(20_000, 'db', 'h2', 'running', 'restart'),
      svc(90_000, 'db', 'h2', 'stopped', 'fault'),
    ]);
    expect(downtime(t).get('db')).toEqual({ downtimeMs: 20_000, interruptions: 2, longestInterruptionMs: 10_000 });
  });
  it('counts a running instance whose host cannot run (its network is down) as down', () => {
    expect(downtime(trace([...start, truth(10_000, 'h1'), truth(13_000, 'h1', 'h2')])).get('db')!.downtimeMs).toBe(
      3_000,
    );
  });
});

describe('sessions', () => {
  it('are kept when a lock-step half carries on', () => {
    const t = trace([
      ...start,
      svc(0, 'vm', 'h2', 'running', 'mirror', true),
      svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
    ]);
    expect(sessions(t).get('vm')).toEqual({ kept: 1, dropped: 0 });
  });
  it('are kept across a live migration shorter than the session timeout', () => {
    const t = trace([
      ...start,
      svc(10_000, 'vm', 'h1', 'stopped', 'ha'),
      svc(10_000, 'vm', 'h2', 'starting', 'migrate'),
      svc(14_500, 'vm', 'h2', 'running'),
    ]);
    expect(sessions(t).get('vm')).toEqual({ kept: 1, dropped: 0 });
  });
  it('are dropped when the live migration outlasts the session timeout', () => {
    const t = trace([
      ...start,
      svc(10_000, 'vm', 'h1', 'stopped', 'ha'),
      svc(10_000, 'vm', 'h2', 'starting', 'migrate'),
      svc(14_500, 'vm', 'h2', 'running'),
    ]);
    expect(sessions(t, 4_000).get('vm')).toEqual({ kept: 0, dropped: 1 });
  });
  it('are dropped when the instance dies and the service restarts from boot', () => {
    const t = trace([
      ...start,
      svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
      svc(13_000, 'vm', 'h2', 'starting', 'restart'),
      svc(73_000, 'vm', 'h2', 'running'),
    ]);
    expect(sessions(t).get('vm')).toEqual({ kept: 0, dropped: 1 });
  });
  it('are dropped by a cold takeover even when it is quick', () => {
    const t = trace([
      ...start,
      svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
      svc(10_000, 'vm', 'h2', 'running', 'takeover'),
    ]);
    expect(sessions(t).get('vm')).toEqual({ kept: 0, dropped: 1 });
  });
  it('survive a short network outage of a running instance, not a long one', () => {
    expect(sessions(trace([...start, truth(10_000, 'h1'), truth(20_000, 'h1', 'h2')])).get('db')).toEqual({
      kept: 1,
      dropped: 0,
    });
    expect(sessions(trace([...start, truth(10_000, 'h1'), truth(50_000, 'h1', 'h2')])).get('db')).toEqual({
      kept: 0,
      dropped: 1,
    });
    expect(sessions(trace([...start, truth(10_000, 'h1')])).get('db')).toEqual({ kept: 0, dropped: 1 });
  });
});

describe('capacity exhausted', () => {
  it("counts lock-step shadows against a host's room", () => {
    // h1 runs vm (4) and db (2) with db's shadow on h2; h2 has 5 units. When h1 dies, db's shadow
    // carries on, and vm (4) does not fit beside it (2 + 4 > 5) although h2 runs nothing else.
    const entries = [
      truth(0, 'h1', 'h2'),
      svc(0, 'vm', 'h1', 'running'),
      svc(0, 'db', 'h1', 'running'),
      svc(0, 'db', 'h2', 'running', 'mirror', true),
      truth(10_000, 'h2'),
      svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
      svc(10_000, 'db', 'h1', 'stopped', 'fault'),
    ];
    expect(capacityExhausted({ meta: { ...meta, capacity: [8, 5] }, entries }).get('vm')).toEqual({
      ms: 90_000,
      at: 10_000,
    });
    expect(capacityExhausted({ meta: { ...meta, capacity: [8, 6] }, entries }).get('vm')).toEqual({ ms: 0, at: null });
  });
  it('reports a service nobody has room for, and not one that a host could take', () => {
    const crowded: Trace = {
      meta: { ...meta, capacity: [8, 5] },
      entries: [...start, truth(10_000, 'h2'), svc(10_000, 'vm', 'h1', 'stopped', 'fault')],
    };
    expect(capacityExhausted(crowded).get('vm')).toEqual({ ms: 90_000, at: 10_000 });
    const roomy: Trace = { meta: { ...meta, capacity: [8, 6] }, entries: crowded.entries };
    expect(capacityExhausted(roomy).get('vm')).toEqual({ ms: 0, at: null });
  });
  it('stops counting once an instance is on its way, and ignores down periods with no healthy host', () => {
    const crowded: Trace = {
      meta: { ...meta, capacity: [8, 5] },
      entries: [
        ...start,
        truth(10_000, 'h2'),
        svc(10_000, 'vm', 'h1', 'stopped', 'fault'),
        svc(30_000, 'db', 'h2', 'stopped', 'ha'),
        svc(30_000, 'vm', 'h2', 'starting', 'restart'),
      ],
    };
    expect(capacityExhausted(crowded).get('vm')).toEqual({ ms: 20_000, at: 10_000 });
    const dark: Trace = {
      meta: { ...meta, capacity: [8, 5] },
      entries: [...start, truth(10_000), svc(10_000, 'vm', 'h1', 'stopped', 'fault')],
    };
    expect(capacityExhausted(dark).get('vm')).toEqual({ ms: 0, at: null });
  });
});

describe('availability', () => {
  it('puts every metric in one row per service, in topology order', () => {
    const rows = availability(trace(start));
    expect(rows.map((r) => r.service)).toEqual(['vm', 'db']);
    expect(rows[0]).toEqual({
      service: 'vm',
      downtimeMs: 0,
      interruptions: 0,
      longestInterruptionMs: 0,
      sessions: { kept: 0, dropped: 0 },
      capacityExhausted: { ms: 0, at: null },
    });
  });
});
