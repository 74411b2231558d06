// The timeline the two RTO properties share is kept with its trace: a trace judged again after it
// grew (a stepwise run records more) is judged on all its entries, and a malformed trace fails
// both properties the way their own replays did.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEntry } from '../harness/engine/trace.js';
import { checkProperty } from './index.js';

const meta = { hosts: ['h1', 'h2'], services: [{ id: 'vm', priority: 'restart', rtoMs: 100 }], endMs: 1_000 };
const truth = (at: number, ...canRun: string[]): TraceEntry => ({ at, type: 'truth', canRun, serving: ['san1'] });
const svc = (at: number, host: string, state: 'running' | 'stopped', service = 'vm'): TraceEntry => ({
  at,
  type: 'service',
  service,
  host,
  state,
});

describe('the RTO properties on one trace', () => {
  it('judge a trace again on the entries it gained since it was last judged', () => {
    const trace: Trace & { entries: TraceEntry[] } = { meta, entries: [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running')] };
    expect(checkProperty('serviceRestoredWithin', trace).status).toBe('holds');
    expect(checkProperty('servicesSurvive', trace).status).toBe('holds');
    trace.entries.push(svc(10, 'h1', 'stopped'));
    expect(checkProperty('serviceRestoredWithin', trace)).toMatchObject({ status: 'violated', at: 110 });
    expect(checkProperty('servicesSurvive', trace)).toMatchObject({ status: 'violated', at: 110 });
  });

  it('judge a trace again by its new services when its meta was replaced', () => {
    const trace: { meta: Trace['meta']; entries: TraceEntry[] } = {
      meta,
      entries: [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running'), svc(10, 'h1', 'stopped')],
    };
    expect(checkProperty('serviceRestoredWithin', trace).status).toBe('violated');
    expect(checkProperty('servicesSurvive', trace).status).toBe('violated');
    trace.meta = { ...meta, services: [{ id: 'vm', priority: 'best-effort', rtoMs: 100 }] };
    expect(checkProperty('serviceRestoredWithin', trace).status).toBe('holds');
    expect(checkProperty('servicesSurvive', trace).status).toBe('holds');
  });

  it('find a violation seen before a malformed entry, and report a malformed entry met first', () => {
    const late: Trace = {
      meta,
      entries: [
        truth(0, 'h1', 'h2'),
        svc(0, 'h1', 'running'),
        svc(10, 'h1', 'stopped'),
        truth(200, 'h1', 'h2'),
        svc(500, 'h1', 'running', 'ghost'),
      ],
    };
    expect(checkProperty('serviceRestoredWithin', late)).toMatchObject({ status: 'violated', at: 110 });
    expect(checkProperty('servicesSurvive', late)).toMatchObject({ status: 'violated', at: 110 });
    const early: Trace = { meta, entries: [truth(0, 'h1', 'h2'), svc(0, 'h1', 'running', 'ghost')] };
    for (const name of ['serviceRestoredWithin', 'servicesSurvive'])
      expect(checkProperty(name, early)).toMatchObject({ status: 'unknown', explanation: /^checker failed: / });
  });
});
