// The simulator's service-instance effects beyond a plain takeover: lock-step mirrors (shadows) and
// their promotion, live migrations with their own pause, on a toy model whose machine performs
// whatever effects an event carries.
import { describe, expect, it } from 'vitest';
import { compileTopology } from './compile.js';
import type { Effect } from './effects.js';
import { loopOf, puppetModel } from '../../test/models/puppet.js';
import { Simulation } from './simulator.js';
import type { Topology } from './topology.js';
import type { TraceEntry } from './trace.js';

const topology: Topology = {
  name: 'pair',
  hosts: [
    { id: 'h1', capacity: 4, nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
    { id: 'h2', capacity: 4, nics: [{ id: 'n0', network: 'management', switch: 'sw' }] },
  ],
  switches: [{ id: 'sw' }],
  services: [{ id: 'app', home: 'h1', priority: 'restart', needs: 3 }],
};

const toy = puppetModel({ serviceBootMs: 7_000, settleMs: 100_000 });

/** A fresh run with no faults, then effects driven by hand; queued events are processed in order. */
function drive(...steps: [agent: number, effects: Effect[]][]): { entries: TraceEntry[]; meta: unknown } {
  const sim = new Simulation(toy, compileTopology(topology), {});
  const run = sim.run([], { level: 'full', horizonMs: 0 });
  const d = loopOf(sim);
  for (const [agent, effects] of steps) d.deliver(agent, { type: 'GO', effects });
  while (d.st.queue.size > 0) {
    const item = d.st.queue.pop()!;
    d.st.now = item.at;
    d.process(item);
  }
  return { entries: d.st.entries.filter((e) => e.type === 'service' || e.type === 'note'), meta: run.meta };
}

describe('lock-step mirrors', () => {
  it('a mirror is a shadow instance, running at once with no resync time', () => {
    const { entries } = drive([1, [{ do: 'startService', service: 'app', cause: 'mirror', bootMs: 0 }]]);
    expect(entries.at(-1)).toEqual({
      at: 0,
      type: 'service',
      service: 'app',
      host: 'h2',
      state: 'running',
      cause: 'mirror',
      shadow: true,
    });
  });

  it('a mirror with a resync time starts, then runs as a shadow', () => {
    const { entries } = drive([1, [{ do: 'startService', service: 'app', cause: 'mirror', bootMs: 5_000 }]]);
    expect(entries.slice(-2)).toEqual([
      { at: 0, type: 'service', service: 'app', host: 'h2', state: 'starting', cause: 'mirror', shadow: true },
      { at: 5_000, type: 'service', service: 'app', host: 'h2', state: 'running', shadow: true },
    ]);
  });

  it('promotion turns a running shadow into an independent instance; stopping a shadow says so', () => {
    const { entries } = drive(
      [
        1,
        [
          { do: 'startService', service: 'app', cause: 'mirror', bootMs: 0 },
          { do: 'promoteService', service: 'app' },
        ],
      ],
      [0, [{ do: 'startService', service: 'app', cause: 'mirror', bootMs: 0 }]],
      [1, [{ do: 'stopService', service: 'app' }]],
    );
    expect(entries.slice(-2)).toEqual([
      { at: 0, type: 'service', service: 'app', host: 'h2', state: 'running', cause: 'takeover' },
      { at: 0, type: 'service', service: 'app', host: 'h2', state: 'stopped', cause: 'ha' },
    ]);
    // h1 already runs app: no second instance there, shadow or not.
    expect(entries.filter((e) => e.type === 'service' && e.host === 'h1')).toHaveLength(1);
  });

  it('promoting a host that holds no running shadow does nothing', () => {
    const { entries } = drive(
      [
        1,
        [
          { do: 'startService', service: 'app', cause: 'mirror', bootMs: 5_000 },
          { do: 'promoteService', service: 'app' },
        ],
      ],
      [0, [{ do: 'promoteService', service: 'app' }]],
    );
    expect(entries.filter((e) => e.type === 'service' && e.cause === 'takeover')).toEqual([]);
  });

  it('refuses to mirror a service that runs nowhere else, with a note', () => {
    const { entries } = drive(
      [0, [{ do: 'stopService', service: 'app' }]],
      [1, [{ do: 'startService', service: 'app', cause: 'mirror', bootMs: 0 }]],
    );
    expect(entries.at(-1)).toEqual({
      at: 0,
      type: 'note',
      agent: 'h2',
      text: 'app runs nowhere else: no instance to mirror',
    });
  });

  it('a shadow whose source stopped during its resync fails when the resync would end', () => {
    const { entries } = drive(
      [1, [{ do: 'startService', service: 'app', cause: 'mirror', bootMs: 5_000 }]],
      [0, [{ do: 'stopService', service: 'app' }]],
    );
    expect(entries.at(-1)).toEqual({
      at: 5_000,
      type: 'service',
      service: 'app',
      host: 'h2',
      state: 'stopped',
      cause: 'fault',
      shadow: true,
    });
  });
});

describe('starts with a cause and a boot time', () => {
  it("a live migration arrives after its own pause, not the model's boot time", () => {
    const { entries } = drive(
      [0, [{ do: 'stopService', service: 'app' }]],
      [1, [{ do: 'startService', service: 'app', cause: 'migrate', bootMs: 1_500 }]],
    );
    expect(entries.slice(-2)).toEqual([
      { at: 0, type: 'service', service: 'app', host: 'h2', state: 'starting', cause: 'migrate' },
      { at: 1_500, type: 'service', service: 'app', host: 'h2', state: 'running' },
    ]);
  });

  it("without a boot time, a start takes the model's service boot time", () => {
    const { entries } = drive(
      [0, [{ do: 'stopService', service: 'app' }]],
      [1, [{ do: 'startService', service: 'app', cause: 'restart' }]],
    );
    expect(entries.at(-1)).toEqual({ at: 7_000, type: 'service', service: 'app', host: 'h2', state: 'running' });
  });

  it("the trace meta carries each service's needs and each host's capacity", () => {
    expect(drive().meta).toMatchObject({ services: [{ id: 'app', needs: 3 }], capacity: [4, 4] });
  });
});
