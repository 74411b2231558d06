// The wide-cluster scenario at the size the engine simulates today (28 ESX hosts and the gateway:
// 29 of its 30): a crashed host's VM restarts, as in VH-1, on the host with the most free capacity.
// The same scenario at 40 hosts (host indices beyond 31): the same restart, on the same kind of host.
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { wideClusterScenario } from './wideCluster.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;

describe('a wide vSphere cluster', () => {
  it('h24 crashes at 10 s: its VM restarts on h26 (the bigger host) at 26 s, as in VH-1, and every property holds', () => {
    const o = wideClusterScenario(28);
    const restarts = o.run.entries.filter(
      (e): e is ServiceEntry => e.type === 'service' && e.service === 'vm-h24' && e.cause === 'restart',
    );
    expect(restarts.map((e) => [e.at, e.host])).toEqual([[26_000, 'h26']]);
    expect(o.verdicts.filter((v) => v.status !== 'holds')).toEqual([]);
    expect(o.verdicts.length).toBe(4);
  });

  it('40 hosts: h36 (host index 35) crashes at 10 s: its VM restarts on h38 at 26 s, every property holds', () => {
    const o = wideClusterScenario(40);
    const restarts = o.run.entries.filter(
      (e): e is ServiceEntry => e.type === 'service' && e.service === 'vm-h36' && e.cause === 'restart',
    );
    expect(restarts.map((e) => [e.at, e.host])).toEqual([[26_000, 'h38']]);
    expect(o.verdicts.filter((v) => v.status !== 'holds')).toEqual([]);
    expect(o.verdicts.length).toBe(4);
  });
});
