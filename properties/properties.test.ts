// Each checker against small hand-written traces: one that must hold, one that must be violated.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/trace.js';
import { checkProperty } from './index.js';

const meta = { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority: 'restart', rtoMs: 100 }], endMs: 1_000 };
const trace = (entries: TraceEntry[], endMs = 1_000): Trace => ({ meta: { ...meta, endMs }, entries });
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: ['san1'] });
const role = (at: number, agent: string, status: 'up' | 'out'): TraceEntry => ({ at, type: 'role', agent, kind: 'host', role: status === 'up' ? 'live' : 'fenced', status });
const fence = (at: number, host: string): TraceEntry => ({ at, type: 'fence', host, reason: 'test' });
const svc = (at: number, host: string, state: 'starting' | 'running' | 'stopped', cause?: 'fault' | 'fence' | 'ha' | 'restart' | 'takeover'): TraceEntry => ({ at, type: 'service', service: 'vm', host, state, ...(cause ? { cause } : {}) });
const fault = (at: number, f: 'nic-down' | 'nic-up', target = 'h1.mgmt0'): TraceEntry => ({ at, type: 'fault', fault: f, target, text: '' });
const start = [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running')];

describe('noDualActive', () => {
  it('holds when a service moves: stopped on one host before it starts on the other', () => {
    expect(checkProperty('noDualActive', trace([...start, svc(10, 'h1', 'stopped'), svc(20, 'h2', 'starting')])).status).toBe('holds');
  });
  it('is violated while two hosts run one service', () => {
    const v = checkProperty('noDualActive', trace([...start, svc(20, 'h2', 'starting'), svc(30, 'h1', 'stopped')]));
    expect(v).toMatchObject({ status: 'violated', at: 20 });
  });
});

describe('noUnnecessaryFence', () => {
  it('holds when the fenced host could not run its workloads', () => {
    expect(checkProperty('noUnnecessaryFence', trace([...start, truth(5, 'h2'), role(10, 'h1', 'out'), fence(10, 'h1')])).status).toBe('holds');
  });
  it('is violated when a host that could still run fences', () => {
    expect(checkProperty('noUnnecessaryFence', trace([...start, role(10, 'h1', 'out'), fence(10, 'h1')]))).toMatchObject({ status: 'violated', at: 10 });
  });
});

describe('noPoolWideFence', () => {
  it('holds while one host stays up', () => {
    expect(checkProperty('noPoolWideFence', trace([...start, role(10, 'h1', 'out'), fence(10, 'h1')])).status).toBe('holds');
  });
  it('holds when every host is out but none could have run', () => {
    expect(checkProperty('noPoolWideFence', trace([...start, truth(5), role(10, 'h1', 'out'), fence(10, 'h1'), role(10, 'h2', 'out'), fence(10, 'h2')])).status).toBe('holds');
  });
  it('is violated when the last host standing fences although it could run', () => {
    const v = checkProperty('noPoolWideFence', trace([...start, truth(5, 'h1'), role(5, 'h2', 'out'), role(30, 'h1', 'out'), fence(30, 'h1')]));
    expect(v).toMatchObject({ status: 'violated', at: 30 });
  });
});

describe('noFenceLoop', () => {
  it('holds for one fence per fault episode', () => {
    const t = trace([...start, fault(5, 'nic-down'), fence(10, 'h1'), fault(20, 'nic-up'), fault(30, 'nic-down'), fence(40, 'h1')]);
    expect(checkProperty('noFenceLoop', t).status).toBe('holds');
  });
  it('is violated when a host fences twice while the fault persists', () => {
    expect(checkProperty('noFenceLoop', trace([...start, fault(5, 'nic-down'), fence(10, 'h1'), fence(40, 'h1')]))).toMatchObject({ status: 'violated', at: 40 });
  });
});

describe('serviceRestoredWithin', () => {
  it('holds when the service is back within its RTO', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, svc(10, 'h1', 'stopped'), svc(50, 'h2', 'running')])).status).toBe('holds');
  });
  it('is violated at the instant the RTO runs out', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, svc(10, 'h1', 'stopped')]))).toMatchObject({ status: 'violated', at: 110 });
  });
  it('does not count time when no host could run the service', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, truth(10), svc(10, 'h1', 'stopped')])).status).toBe('holds');
  });
  it('does not count an instance on a host that is out as serving', () => {
    expect(checkProperty('serviceRestoredWithin', trace([...start, role(10, 'h1', 'out')]))).toMatchObject({ status: 'violated', at: 110 });
  });
});

describe('noUnnecessaryFailover', () => {
  it('holds when the service restarts in place', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...start, svc(10, 'h1', 'stopped', 'fault'), svc(20, 'h1', 'starting', 'restart')])).status).toBe('holds');
  });
  it('holds when the old host\'s instance was killed by a fault', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...start, svc(10, 'h1', 'stopped', 'fault'), svc(20, 'h2', 'starting', 'takeover')])).status).toBe('holds');
  });
  it('holds when the old host could no longer run it', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...start, truth(5, 'h2'), svc(20, 'h2', 'starting', 'takeover')])).status).toBe('holds');
  });
  it('is violated by a takeover from a healthy active server', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...start, svc(20, 'h2', 'starting', 'takeover')]))).toMatchObject({ status: 'violated', at: 20 });
  });
  it('is violated when the HA software stopped a healthy server and moved the service', () => {
    expect(checkProperty('noUnnecessaryFailover', trace([...start, svc(10, 'h1', 'stopped', 'ha'), svc(12, 'h2', 'starting', 'takeover')]))).toMatchObject({ status: 'violated', at: 12 });
  });
});

describe('checkProperty', () => {
  it('turns a checker that throws into unknown, with the error', () => {
    const broken = { meta: { ...meta, services: [] }, entries: [svc(0, 'h1', 'running')] } as Trace;
    const v = checkProperty('noDualActive', broken);
    expect(v.status).toBe('unknown');
  });
});
