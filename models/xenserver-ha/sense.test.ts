// The pool reading observeHost shares between hosts (built once per change, reused while its inputs
// are unchanged) must give exactly what reading every host afresh gives: checked against that
// straightforward reading (the function as it was before the sharing) on every observation of random
// runs of every preset, pools of 3 and of 12 hosts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../harness/engine/compile.js';
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../../harness/engine/generators.js';
import type { Model, WorldView } from '../../harness/engine/model.js';
import { Simulation } from '../../harness/engine/simulator.js';
import { presetTarget } from '../../harness/engine/target.js';
import { grownPool } from '../../bench/poolSize.js';
import type { StatefileEntry } from './hostContext.js';
import { xenserverHa } from './index.js';
import { observeHost, type HostSensing } from './sense.js';

const entryOf = (view: WorldView, agent: number): StatefileEntry =>
  (view.context(agent) as { entry: StatefileEntry }).entry;

function reference(self: number, layout: HostSensing, view: WorldView): AgentEvent {
  const roles = view.roles;
  const mgmt = view.fabric.peers('management');
  const n = layout.hostAgent.length;
  const members = entryOf(view, layout.hostAgent[self]).members;
  const boots: number[] = [];
  let alive = 0;
  let writers = 0;
  let live = 0;
  let masters = 0;
  for (let j = 0; j < n; j++) {
    const entry = entryOf(view, layout.hostAgent[j]);
    boots.push(entry.boots);
    const role = roles[layout.hostAgent[j]];
    if ((role !== 'live' && role !== 'joining') || view.fabric.hostFrozen[j] === 1) continue;
    // xha heartbeat.c: packets of a starting host that this host still counts as a member are
    // ignored until the fault handler has dropped it.
    if (role !== 'live' && j !== self && (members >> j) & 1) continue;
    alive |= 1 << j;
    if (role === 'live') {
      live |= 1 << j;
      if (entry.master) masters |= 1 << j;
    }
    if (entry.access) writers |= 1 << j;
  }
  const hears: number[] = [];
  for (let j = 0; j < n; j++) hears.push((alive >> j) & 1 ? (mgmt[j] & alive) | (1 << j) : 0);
  // Statefile entries: fence requests (a live writer whose survival decision declared this host,
  // in its current boot, dead), and live hosts that still list this host as a member.
  const visible = (mgmt[self] | writers) & live & ~(1 << self);
  let fencedBy = 0;
  let claimedBy = 0;
  for (let j = 0; j < n; j++) {
    if (!((visible >> j) & 1)) continue;
    const entry = entryOf(view, layout.hostAgent[j]);
    if ((writers >> j) & 1 && entry.dropped[self] === boots[self]) fencedBy |= 1 << j;
    if ((entry.members >> self) & 1) claimedBy |= 1 << j;
  }
  return {
    type: 'OBSERVE',
    peers: mgmt[self] & alive & ~(1 << self),
    writers,
    live,
    hears,
    masters,
    claimedBy,
    fencedBy,
    boots,
  };
}

/** The model with every host's observation computed both ways and compared. */
function checked(mismatches: string[]): Model {
  const base: Model = xenserverHa;
  return {
    ...base,
    instantiate(topo, config) {
      const inst = base.instantiate(topo, config);
      const layout: HostSensing = { hostAgent: topo.hostIds.map((_, h) => h) };
      const agents = inst.agents.map((a, i) =>
        a.kind !== 'host'
          ? a
          : {
              ...a,
              sense: (view: WorldView): AgentEvent => {
                const shared = observeHost(i, layout, view);
                const fresh = reference(i, layout, view);
                if (JSON.stringify(shared) !== JSON.stringify(fresh))
                  mismatches.push(`${a.id} at ${view.now}: ${JSON.stringify(shared)} != ${JSON.stringify(fresh)}`);
                return shared;
              },
            },
      );
      return { ...inst, agents };
    },
  };
}

describe('observeHost: the shared pool reading', () => {
  const cases = [
    ...xenserverHa.presets.map((p) => [p.name, p.topology, p] as const),
    ...[12].map((n) => {
      const p = xenserverHa.presets.find((x) => x.name === 'bonded')!;
      return [`bonded grown to ${n} hosts`, grownPool(p.topology, n), p] as const;
    }),
  ];
  it.each(cases)('%s: the same observation as reading every host afresh', (_name, topology, preset) => {
    const t = presetTarget(xenserverHa, preset, {});
    const compiled = compileTopology(topology);
    const arb = scheduleArbitrary(compiled, vocabularyOf(xenserverHa), { kinds: t.faults, maxFaults: 3 });
    const schedules: FaultStep[][] = fc.sample(arb, { seed: 16, numRuns: 150 });
    const mismatches: string[] = [];
    const sim = new Simulation(checked(mismatches), compiled, t.config);
    for (const s of schedules) sim.run(s);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
