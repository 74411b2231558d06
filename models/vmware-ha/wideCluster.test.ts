// The wide-cluster scenario at 28 ESX hosts and the gateway (every host set one word): a crashed
// host's VM restarts, as in VH-1, on the host with the most free capacity.
// The same scenario at 40 hosts (host indices beyond 31): the same restart, on the same kind of host;
// and at 96 hosts with a VM on every host (VM indices beyond 31 too: the VM sets are bigints).
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../harness/engine/trace.js';
import { wideClusterScenario } from './wideCluster.js';

type ServiceEntry = Extract<TraceEntry, { type: 'service' }>;
type NoteEntry = Extract<TraceEntry, { type: 'note' }>;

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

  it('96 hosts, a VM on each: h92 (host index 91, VM 91) crashes at 10 s: its VM alone restarts, on h94 at 26 s; every property holds', () => {
    const o = wideClusterScenario(96, 96);
    const restarts = o.run.entries.filter((e): e is ServiceEntry => e.type === 'service' && e.cause === 'restart');
    expect(restarts.map((e) => [e.at, e.service, e.host])).toEqual([[26_000, 'vm-h92', 'h94']]);
    // The master's only word: VM 91 alone (a one-word VM set would alias it with VMs 27 and 59).
    const notes = o.run.entries.filter((e): e is NoteEntry => e.type === 'note');
    expect(notes.map((e) => [e.at, e.agent, e.text])).toEqual([
      [26_000, 'h1', 'h92 failed (no network or datastore heartbeat): restarts vm-h92'],
    ]);
    expect(o.verdicts.filter((v) => v.status !== 'holds')).toEqual([]);
    expect(o.verdicts.length).toBe(4);
  });
});
