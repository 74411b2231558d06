// The availability metrics on hand-written traces: downtime counts only while no instance serves
// (starting, on a host that is out, or on a host that cannot run it all count as down), a total
// outage needs every protected service down, and refused starts are listed.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { availability } from './poolAvailability.js';

const meta = {
  hosts: ['h1', 'h2'],
  services: [
    { id: 'a', priority: 'restart', rtoMs: 300_000 },
    { id: 'b', priority: 'restart', rtoMs: 300_000 },
    { id: 'x', priority: 'unprotected', rtoMs: 300_000 },
  ],
  endMs: 100_000,
};
const base: TraceEntry[] = [
  { at: 0, type: 'truth', canRun: ['h1', 'h2'], serving: [] },
  { at: 0, type: 'service', service: 'a', host: 'h1', state: 'running' },
  { at: 0, type: 'service', service: 'b', host: 'h2', state: 'running' },
];

function trace(...entries: TraceEntry[]): Trace {
  return { meta, entries: [...base, ...entries] };
}

describe('availability', () => {
  it('a clean run has no downtime, no interruption, no outage', () => {
    expect(availability(trace())).toEqual({
      downtimeMs: { a: 0, b: 0 },
      interruptions: { a: 0, b: 0 },
      totalOutageMs: 0,
      capacityRefusals: [],
    });
  });

  it('a service is down from its stop until its new instance runs (starting counts as down)', () => {
    const m = availability(
      trace(
        { at: 10_000, type: 'service', service: 'a', host: 'h1', state: 'stopped', cause: 'fault' },
        { at: 30_000, type: 'service', service: 'a', host: 'h2', state: 'starting', cause: 'restart' },
        { at: 60_000, type: 'service', service: 'a', host: 'h2', state: 'running' },
      ),
    );
    expect(m.downtimeMs).toEqual({ a: 50_000, b: 0 });
    expect(m.interruptions).toEqual({ a: 1, b: 0 });
    expect(m.totalOutageMs).toBe(0);
  });

  it('a running instance on a host that cannot run it does not serve; every service down is a total outage', () => {
    const m = availability(
      trace(
        { at: 20_000, type: 'truth', canRun: [], serving: [] },
        { at: 70_000, type: 'truth', canRun: ['h1', 'h2'], serving: [] },
      ),
    );
    expect(m.downtimeMs).toEqual({ a: 50_000, b: 50_000 });
    expect(m.totalOutageMs).toBe(50_000);
    expect(m.interruptions).toEqual({ a: 1, b: 1 });
  });

  it('counts from a given instant, and lists refused starts', () => {
    const m = availability(
      trace(
        { at: 10_000, type: 'service', service: 'b', host: 'h2', state: 'stopped', cause: 'fault' },
        { at: 40_000, type: 'refused', service: 'b', host: 'h1', reason: 'needs 6 units; h1 has 2 of 8 free' },
      ),
      50_000,
    );
    expect(m.downtimeMs.b).toBe(50_000);
    expect(m.interruptions.b).toBe(0);
    expect(m.capacityRefusals).toEqual([
      { at: 40_000, service: 'b', host: 'h1', reason: 'needs 6 units; h1 has 2 of 8 free' },
    ]);
  });
});
