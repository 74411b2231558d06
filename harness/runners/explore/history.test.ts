// What explore keeps of a run's past for servicesSurvive: how long each protected service has been
// down, relative to now. Two runs whose services went down at different times must not look alike,
// and a branch (clone) must not share its past with the run it branched from.
import { describe, expect, it } from 'vitest';
import type { StateSink } from '../../engine/simulator.js';
import type { Trace, TraceEntry } from '../../engine/trace.js';
import { monitorsFor, summarised, type Monitor } from './history.js';

const meta = {
  hosts: ['h1', 'h2'],
  services: [
    { id: 'vm', priority: 'restart', rtoMs: 100 },
    { id: 'spare', priority: 'unprotected', rtoMs: 100 },
  ],
  endMs: 1_000,
};
const trace = { meta, entries: [] } as unknown as Trace;
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: ['san1'] });
const svc = (at: number, host: string, state: 'running' | 'stopped', service = 'vm'): TraceEntry => ({
  at,
  type: 'service',
  service,
  host,
  state,
});
const fault = (at: number, f: 'slowdown' | 'resume', target: string): TraceEntry => ({
  at,
  type: 'fault',
  fault: f,
  target,
  text: '',
});

function digest(m: Monitor, now: number): unknown[] {
  const out: unknown[] = [];
  const sink: StateSink = { num: (n) => out.push(n), str: (s) => out.push(s), value: (v) => out.push(v) };
  m.digest(sink, now);
  return out;
}

function fed(entries: readonly TraceEntry[]): Monitor {
  const [m] = monitorsFor(['servicesSurvive'], trace);
  for (const e of entries) m.feed(e);
  return m;
}

const start = [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running'), svc(0, 'h2', 'running', 'spare')];

describe('explore history: servicesSurvive', () => {
  it('is summarised, by one monitor of its own', () => {
    expect(summarised('servicesSurvive')).toBe(true);
    expect(monitorsFor(['servicesSurvive'], trace)).toHaveLength(1);
  });

  it('records how long each protected service has been down, relative to now (-1: up; unprotected ones: not down)', () => {
    expect(digest(fed(start), 50)).toEqual([-1, -1]);
    expect(digest(fed([...start, svc(10, 'h1', 'stopped'), svc(10, 'h2', 'stopped', 'spare')]), 50)).toEqual([40, -1]);
    // Same state at 50, different pasts: the later outage has less time left before its RTO.
    expect(digest(fed([...start, svc(30, 'h1', 'stopped')]), 50)).toEqual([20, -1]);
  });

  it('a clone follows its own branch: the original keeps its outage, the clone sees the restart', () => {
    const m = fed([...start, svc(10, 'h1', 'stopped')]);
    const branch = m.clone();
    branch.feed(svc(60, 'h2', 'running'));
    expect(digest(branch, 70)).toEqual([-1, -1]);
    expect(digest(m, 70)).toEqual([60, -1]);
  });

  it('a stalled host serves nothing, and a clone knows it is stalled', () => {
    const m = fed([...start, fault(5, 'slowdown', 'h1')]);
    const branch = m.clone();
    branch.feed(truth(20, 'h1', 'h2'));
    expect(digest(branch, 25)).toEqual([20, -1]);
    branch.feed(fault(30, 'resume', 'h1'));
    expect(digest(branch, 30)).toEqual([-1, -1]);
  });
});

describe('explore history: serviceRestoredWithin', () => {
  const fedDowntime = (entries: readonly TraceEntry[]): Monitor => {
    const [m] = monitorsFor(['serviceRestoredWithin'], trace);
    for (const e of entries) m.feed(e);
    return m;
  };

  it('a clone knows which hosts are stalled: it digests as a monitor fed the whole run from scratch', () => {
    const past = [...start, fault(5, 'slowdown', 'h1'), truth(10, 'h1', 'h2')];
    const future = [svc(20, 'h2', 'stopped', 'spare'), truth(30, 'h1', 'h2')];
    const branch = fedDowntime(past).clone();
    for (const e of future) branch.feed(e);
    // vm's only instance is on h1, stalled since 5 while h2 could run it: 25 ms of downtime at 30.
    expect(digest(branch, 50)).toEqual([1, 20, 25, -1]);
    expect(digest(branch, 50)).toEqual(digest(fedDowntime([...past, ...future]), 50));
  });

  it('counts downtime only while some host could run services and is not stalled (as the property does)', () => {
    const alone = [truth(0, 'h1'), svc(0, 'h1', 'running'), fault(10, 'slowdown', 'h1'), truth(20, 'h1')];
    // h1, the one host that could run vm, stalls at 10: no healthy host, nothing counted.
    expect(digest(fedDowntime(alone), 30)).toEqual([0, 10, 0, -1]);
  });
});

describe('explore history: branches share their past until they write (copy-on-write)', () => {
  const every = [
    'noFenceLoop',
    'serviceRestoredWithin',
    'noUnnecessaryFailover',
    'servicesSurvive',
    'noAckedWriteLost',
  ] as const;
  const fedAll = (entries: readonly TraceEntry[]): Monitor => {
    const [m] = monitorsFor(every, trace);
    for (const e of entries) m.feed(e);
    return m;
  };
  const fence = (at: number, host: string): TraceEntry => ({ at, type: 'fence', host, reason: '' });
  const past = [...start, fault(5, 'slowdown', 'h1'), truth(10, 'h1', 'h2')];
  const left = [fence(20, 'h1'), svc(20, 'h2', 'running'), fault(30, 'resume', 'h1')];
  const right = [svc(25, 'h1', 'stopped'), svc(25, 'h2', 'stopped', 'spare'), truth(40, 'h2')];

  it('two branches of one past, and the past itself, each digest as a monitor fed their own run from scratch', () => {
    const original = fedAll(past);
    const a = original.clone();
    const b = original.clone();
    for (const e of left) a.feed(e);
    const c = b.clone();
    for (const e of right) b.feed(e);
    expect(digest(a, 50)).toEqual(digest(fedAll([...past, ...left]), 50));
    expect(digest(b, 50)).toEqual(digest(fedAll([...past, ...right]), 50));
    expect(digest(c, 50)).toEqual(digest(fedAll(past), 50));
    expect(digest(original, 50)).toEqual(digest(fedAll(past), 50));
    for (const e of left) original.feed(e);
    expect(digest(original, 60)).toEqual(digest(fedAll([...past, ...left]), 60));
    expect(digest(a, 60)).not.toEqual(digest(b, 60));
  });
});
