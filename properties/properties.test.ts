// Each checker against small hand-written traces: one that must hold, one that must be violated.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { checkProperty } from './index.js';
import { dataLosses } from './dataLoss.js';
import { downtimeWindows } from './downtime.js';

const meta = { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority: 'restart', rtoMs: 100 }], endMs: 1_000 };
const trace = (entries: TraceEntry[], endMs = 1_000): Trace => ({ meta: { ...meta, endMs }, entries });
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: ['san1'] });
const role = (at: number, agent: string, status: 'up' | 'out'): TraceEntry => ({
  at,
  type: 'role',
  agent,
  kind: 'host',
  role: status === 'up' ? 'live' : 'fenced',
  status,
});
const fence = (at: number, host: string): TraceEntry => ({ at, type: 'fence', host, reason: 'test' });
const svc = (
  at: number,
  host: string,
  state: 'starting' | 'running' | 'stopped',
  cause?: 'fault' | 'fence' | 'ha' | 'planned' | 'restart' | 'takeover',
): TraceEntry => ({ at, type: 'service', service: 'vm', host, state, ...(cause ? { cause } : {}) });
const fault = (at: number, f: 'nic-down' | 'nic-up' | 'slowdown' | 'resume', target = 'h1.mgmt0'): TraceEntry => ({
  at,
  type: 'fault',
  fault: f,
  target,
  text: '',
});
const data = (
  at: number,
  host: string,
  state: 'following' | 'stopped',
  upToMs: number,
  mode: 'sync' | 'async' = 'sync',
  lagMs = 0,
): TraceEntry => ({ at, type: 'data', service: 'vm', host, source: 'h1', state, mode, lagMs, upToMs });
const start = [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running')];

describe('noDualActive', () => {
  it('holds when a service moves: stopped on one host before it starts on the other', () => {
    expect(
      checkProperty('noDualActive', trace([...start, svc(10, 'h1', 'stopped'), svc(20, 'h2', 'starting')])).status,
    ).toBe('holds');
  });
  it('is violated while two hosts run one service', () => {
    const v = checkProperty('noDualActive', trace([...start, svc(20, 'h2', 'starting'), svc(30, 'h1', 'stopped')]));
    expect(v).toMatchObject({ status: 'violated', at: 20 });
  });
});

describe('noDualActive: only servers clients can reach count', () => {
  it('holds while the old server is cut off from its service network (or storage)', () => {
    expect(checkProperty('noDualActive', trace([...start, truth(10, 'h2'), svc(20, 'h2', 'running')])).status).toBe(
      'holds',
    );
  });
  it('is violated the moment the cut-off server is reachable again', () => {
    expect(
      checkProperty(
        'noDualActive',
        trace([...start, truth(10, 'h2'), svc(20, 'h2', 'running'), truth(40, 'h1', 'h2')]),
      ),
    ).toMatchObject({ status: 'violated', at: 40 });
  });
  it('counts a stalled server: its address stays configured while it stalls (a paused daemon, a starved host)', () => {
    const t = trace([...start, fault(5, 'slowdown', 'h1'), svc(20, 'h2', 'running'), fault(40, 'resume', 'h1')]);
    expect(checkProperty('noDualActive', t)).toMatchObject({ status: 'violated', at: 20 });
  });
});

describe('noDualActive and what clients can see', () => {
  it('an instance on a host whose service network is gone is not active', () => {
    const t = trace([
      ...start,
      { at: 5, type: 'truth', canRun: ['h2'], serving: ['san1'], reachable: ['h2'] },
      svc(20, 'h2', 'starting'),
    ]);
    expect(checkProperty('noDualActive', t).status).toBe('holds');
  });
  it('an instance whose storage hangs still holds its identity on the network: active', () => {
    const t = trace([
      ...start,
      { at: 5, type: 'truth', canRun: ['h2'], serving: ['san1'], reachable: ['h1', 'h2'] },
      svc(20, 'h2', 'starting'),
    ]);
    expect(checkProperty('noDualActive', t)).toMatchObject({ status: 'violated', at: 20 });
  });
});

describe('noUnnecessaryFence', () => {
  it('holds when the fenced host could not run its workloads', () => {
    expect(
      checkProperty('noUnnecessaryFence', trace([...start, truth(5, 'h2'), role(10, 'h1', 'out'), fence(10, 'h1')]))
        .status,
    ).toBe('holds');
  });
  it('is violated when a host that could still run fences', () => {
    expect(
      checkProperty('noUnnecessaryFence', trace([...start, role(10, 'h1', 'out'), fence(10, 'h1')])),
    ).toMatchObject({ status: 'violated', at: 10 });
  });
});

describe('noPoolWideFence', () => {
  it('holds while one host stays up', () => {
    expect(checkProperty('noPoolWideFence', trace([...start, role(10, 'h1', 'out'), fence(10, 'h1')])).status).toBe(
      'holds',
    );
  });
  it('holds when every host is out but none could have run', () => {
    expect(
      checkProperty(
        'noPoolWideFence',
        trace([...start, truth(5), role(10, 'h1', 'out'), fence(10, 'h1'), role(10, 'h2', 'out'), fence(10, 'h2')]),
      ).status,
    ).toBe('holds');
  });
  it('is violated when the last host standing fences although it could run', () => {
    const v = checkProperty(
      'noPoolWideFence',
      trace([...start, truth(5, 'h1'), role(5, 'h2', 'out'), role(30, 'h1', 'out'), fence(30, 'h1')]),
    );
    expect(v).toMatchObject({ status: 'violated', at: 30 });
  });
});

describe('noFenceLoop', () => {
  it('holds for one fence per fault episode', () => {
    const t = trace([
      ...start,
      fault(5, 'nic-down'),
      fence(10, 'h1'),
      fault(20, 'nic-up'),
      fault(30, 'nic-down'),
      fence(40, 'h1'),
    ]);
    expect(checkProperty('noFenceLoop', t).status).toBe('holds');
  });
  it('is violated when a host fences twice while the fault persists', () => {
    expect(
      checkProperty('noFenceLoop', trace([...start, fault(5, 'nic-down'), fence(10, 'h1'), fence(40, 'h1')])),
    ).toMatchObject({ status: 'violated', at: 40 });
  });
});

describe('serviceRestoredWithin', () => {
  it('holds when the service is back within its RTO', () => {
    expect(
      checkProperty('serviceRestoredWithin', trace([...start, svc(10, 'h1', 'stopped'), svc(50, 'h2', 'running')]))
        .status,
    ).toBe('holds');
  });
  it('is violated at the instant the RTO runs out', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, svc(10, 'h1', 'stopped')]))).toMatchObject({
      status: 'violated',
      at: 110,
    });
  });
  it('does not count time when no host could run the service', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, truth(10), svc(10, 'h1', 'stopped')])).status).toBe(
      'holds',
    );
  });
  it('does not count an instance on a host that is out as serving', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, role(10, 'h1', 'out')]))).toMatchObject({
      status: 'violated',
      at: 110,
    });
  });
});

describe('noUnnecessaryFailover', () => {
  it('holds when the service restarts in place', () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...start, svc(10, 'h1', 'stopped', 'fault'), svc(20, 'h1', 'starting', 'restart')]),
      ).status,
    ).toBe('holds');
  });
  it("holds when the old host's instance was killed by a fault", () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...start, svc(10, 'h1', 'stopped', 'fault'), svc(20, 'h2', 'starting', 'takeover')]),
      ).status,
    ).toBe('holds');
  });
  it('holds when the old host could no longer run it', () => {
    expect(
      checkProperty('noUnnecessaryFailover', trace([...start, truth(5, 'h2'), svc(20, 'h2', 'starting', 'takeover')]))
        .status,
    ).toBe('holds');
  });
  it('is violated by a takeover from a healthy active server', () => {
    expect(
      checkProperty('noUnnecessaryFailover', trace([...start, svc(20, 'h2', 'starting', 'takeover')])),
    ).toMatchObject({ status: 'violated', at: 20 });
  });
  it('is violated when the HA software stopped a healthy server and moved the service', () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...start, svc(10, 'h1', 'stopped', 'ha'), svc(12, 'h2', 'starting', 'takeover')]),
      ),
    ).toMatchObject({ status: 'violated', at: 12 });
  });
  it('holds when the old host went down after the service stopped there (it is rebooting when the service moves)', () => {
    const t = trace([
      ...start,
      svc(10, 'h1', 'stopped', 'ha'),
      role(16, 'h1', 'out'),
      svc(35, 'h2', 'starting', 'takeover'),
    ]);
    expect(checkProperty('noUnnecessaryFailover', t).status).toBe('holds');
    // Back up before the move: the move is needless again.
    const back = trace([
      ...start,
      svc(10, 'h1', 'stopped', 'ha'),
      role(16, 'h1', 'out'),
      role(30, 'h1', 'up'),
      svc(35, 'h2', 'starting', 'takeover'),
    ]);
    expect(checkProperty('noUnnecessaryFailover', back)).toMatchObject({ status: 'violated', at: 35 });
  });
});

describe('noUnnecessaryFailover: planned switchovers and stalls', () => {
  it('holds for a switchover an operator asked for', () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...start, svc(10, 'h1', 'stopped', 'planned'), svc(20, 'h2', 'running', 'takeover')]),
      ).status,
    ).toBe('holds');
  });
  it('holds when the old server stalled for good (as good as lost)', () => {
    expect(
      checkProperty(
        'noUnnecessaryFailover',
        trace([...start, fault(5, 'slowdown', 'h1'), svc(20, 'h2', 'running', 'takeover')]),
      ).status,
    ).toBe('holds');
  });
  it('is violated when the stall was temporary, and says so', () => {
    const v = checkProperty(
      'noUnnecessaryFailover',
      trace([...start, fault(5, 'slowdown', 'h1'), svc(20, 'h2', 'running', 'takeover'), fault(30, 'resume', 'h1')]),
    );
    expect(v).toMatchObject({
      status: 'violated',
      at: 20,
      explanation: expect.stringMatching(/stalled from 5 ms, only until 30 ms/),
    });
  });
});

describe('servicesSurvive (design-level)', () => {
  it('holds when the service is back within its RTO', () => {
    expect(
      checkProperty('servicesSurvive', trace([...start, svc(10, 'h1', 'stopped'), svc(50, 'h2', 'running')])).status,
    ).toBe('holds');
  });
  it('is violated when no host could run the service, although the HA software had no choice', () => {
    // serviceRestoredWithin holds here (no healthy host); the design still lost the service.
    const t = trace([...start, truth(10), svc(10, 'h1', 'stopped')]);
    expect(checkProperty('serviceRestoredWithin', t).status).toBe('holds');
    expect(checkProperty('servicesSurvive', t)).toMatchObject({ status: 'violated', at: 110 });
  });
  it('counts one outage at a stretch: two short outages are not one long one', () => {
    expect(
      checkProperty(
        'servicesSurvive',
        trace([...start, truth(10), truth(90, 'h1', 'h2'), truth(150), truth(240, 'h1')]),
      ).status,
    ).toBe('holds');
  });
  it('a service still down at the end of the run is violated once its RTO has passed', () => {
    expect(checkProperty('servicesSurvive', trace([...start, truth(950)], 1_000)).status).toBe('holds');
    expect(checkProperty('servicesSurvive', trace([...start, truth(850)], 1_000))).toMatchObject({
      status: 'violated',
      at: 950,
    });
  });
});

describe('serviceRestoredWithin: eligible hosts', () => {
  const agent = (at: number, host: string): TraceEntry => ({
    at,
    type: 'role',
    agent: host,
    kind: 'host',
    role: 'live',
    status: 'up',
  });
  it('does not count a healthy host without an HA agent (a ping target) as somewhere to restore', () => {
    expect(
      checkProperty(
        'serviceRestoredWithin',
        trace([agent(0, 'h1'), ...start, truth(10, 'h2'), svc(10, 'h1', 'stopped')]),
      ).status,
    ).toBe('holds');
  });
  it('counts it once it runs the HA software', () => {
    expect(
      checkProperty(
        'serviceRestoredWithin',
        trace([agent(0, 'h1'), agent(0, 'h2'), ...start, truth(10, 'h2'), svc(10, 'h1', 'stopped')]),
      ),
    ).toMatchObject({ status: 'violated', at: 110 });
  });
});

describe('noAckedWriteLost and the data-loss metric', () => {
  const crashH1 = [svc(50, 'h1', 'stopped', 'fault'), truth(50, 'h2')];
  it('holds when a synchronous replica was following up to the failover', () => {
    const v = checkProperty(
      'noAckedWriteLost',
      trace([
        ...start,
        data(0, 'h2', 'following', 0),
        ...crashH1,
        data(50, 'h2', 'stopped', 50),
        svc(80, 'h2', 'running', 'takeover'),
      ]),
    );
    expect(v).toEqual({ property: 'noAckedWriteLost', status: 'holds', metrics: { rpoMs: 0 } });
  });
  it('is violated when the synchronous replica had been cut off while the writer kept acknowledging', () => {
    const v = checkProperty(
      'noAckedWriteLost',
      trace([
        ...start,
        data(0, 'h2', 'following', 0),
        data(30, 'h2', 'stopped', 30),
        ...crashH1,
        svc(80, 'h2', 'running', 'takeover'),
      ]),
    );
    expect(v).toMatchObject({
      status: 'violated',
      at: 80,
      explanation: expect.stringMatching(/after 30 ms \(up to 50 ms; sync/),
    });
  });
  it('reports an asynchronous loss as the RPO, not as a violation', () => {
    const v = checkProperty(
      'noAckedWriteLost',
      trace([
        ...start,
        data(0, 'h2', 'following', -2, 'async', 2),
        ...crashH1,
        data(50, 'h2', 'stopped', 48, 'async', 2),
        svc(80, 'h2', 'running', 'takeover'),
      ]),
    );
    expect(v).toEqual({ property: 'noAckedWriteLost', status: 'holds', metrics: { rpoMs: 2 } });
  });
  it('counts a loss once: a later restart in place on the new writer loses nothing more', () => {
    const t = trace(
      [
        ...start,
        data(0, 'h2', 'stopped', 10, 'async'),
        ...crashH1,
        svc(80, 'h2', 'running', 'takeover'),
        svc(100, 'h2', 'stopped', 'fault'),
        svc(110, 'h2', 'running', 'restart'),
      ],
      500,
    );
    expect(dataLosses(t).map((l) => [l.at, l.heldUpToMs, l.ackedUpToMs])).toEqual([[80, 10, 50]]);
  });
  it('sees a writer that comes back into reach without the writes acknowledged meanwhile', () => {
    const t = trace(
      [
        ...start,
        data(0, 'h2', 'following', 0, 'async'),
        truth(20, 'h2'),
        data(20, 'h2', 'stopped', 20, 'async'),
        svc(40, 'h2', 'running', 'takeover'),
        truth(60, 'h1', 'h2'),
      ],
      500,
    );
    // h2 took over holding everything h1 acknowledged (up to 20); h1 reappears at 60 lacking h2's writes.
    expect(dataLosses(t).map((l) => [l.host, l.at, l.heldUpToMs, l.ackedUpToMs])).toEqual([['h1', 60, 20, 60]]);
  });
  it('does not apply to a service without replicas (shared storage)', () => {
    expect(dataLosses(trace([...start, ...crashH1, svc(80, 'h2', 'running', 'takeover')]))).toEqual([]);
  });
});

describe('downtimeWindows', () => {
  it('lists the stretches without a reachable running instance, per service or per host', () => {
    const t = trace(
      [
        ...start,
        svc(10, 'h1', 'stopped', 'fault'),
        svc(30, 'h2', 'running', 'takeover'),
        truth(50, 'h1'),
        truth(70, 'h1', 'h2'),
      ],
      100,
    );
    expect(downtimeWindows(t, 'vm')).toEqual([
      { fromMs: 10, toMs: 30 },
      { fromMs: 50, toMs: 70 },
    ]);
    expect(downtimeWindows(t, 'vm', 'h1')).toEqual([{ fromMs: 10, toMs: 100 }]);
  });
});

describe('checkProperty', () => {
  it('turns a checker that throws into unknown, with the error', () => {
    const broken = { meta: { ...meta, services: [] }, entries: [svc(0, 'h1', 'running')] } as Trace;
    const v = checkProperty('noDualActive', broken);
    expect(v.status).toBe('unknown');
  });
});

describe('RTO properties judge protected services only', () => {
  const mixed = (priority: string): Trace => ({
    meta: { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority, rtoMs: 100 }], endMs: 1_000 },
    entries: [...start, svc(10, 'h1', 'stopped')],
  });
  it('a protected (restart) service down past its RTO violates them; a best-effort or unprotected one is a metric only', () => {
    for (const p of ['serviceRestoredWithin', 'servicesSurvive'] as const) {
      expect(checkProperty(p, mixed('restart')).status).toBe('violated');
      expect(checkProperty(p, mixed('best-effort')).status).toBe('holds');
      expect(checkProperty(p, mixed('unprotected')).status).toBe('holds');
    }
  });
});
