// The pool reading observeHost shares between hosts (built once per change, reused while its inputs
// are unchanged) must give exactly what reading every host afresh gives: checked against that
// straightforward reading (the function as it was before the sharing) on every observation of random
// runs of every preset, pools of 3, of 12 and of 40 hosts (host sets beyond one word), the reference
// computing in bigints throughout.
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
import { hostSetFromJson, type HostSet } from '../../harness/engine/hostSet.js';
import type { StatefileEntry } from './hostContext.js';
import { xenserverHa } from './index.js';
import { observeHost, type HostSensing } from './sense.js';

const entryOf = (view: WorldView, agent: number): StatefileEntry =>
  (view.context(agent) as { entry: StatefileEntry }).entry;

/** The set as a bigint whatever its width (the reference computes in bigints throughout). */
const big = (set: HostSet): bigint => BigInt(set);
/** Back to the canonical form observeHost returns: a number while it fits one word. */
const canonical = (set: bigint): HostSet => hostSetFromJson(set.toString())!;
const has = (set: bigint, h: number): boolean => ((set >> BigInt(h)) & 1n) === 1n;
const bitOf = (h: number): bigint => 1n << BigInt(h);

function reference(self: number, layout: HostSensing, view: WorldView): AgentEvent {
  const roles = view.roles;
  const mgmt = view.fabric.peers('management').map(big);
  const n = layout.hostAgent.length;
  const members = big(entryOf(view, layout.hostAgent[self]).members);
  const boots: number[] = [];
  let alive = 0n;
  let writers = 0n;
  let live = 0n;
  let masters = 0n;
  for (let j = 0; j < n; j++) {
    const entry = entryOf(view, layout.hostAgent[j]);
    boots.push(entry.boots);
    const role = roles[layout.hostAgent[j]];
    if ((role !== 'live' && role !== 'joining') || view.fabric.hostFrozen[j] === 1) continue;
    // xha heartbeat.c: packets of a starting host that this host still counts as a member are
    // ignored until the fault handler has dropped it.
    if (role !== 'live' && j !== self && has(members, j)) continue;
    alive |= bitOf(j);
    if (role === 'live') {
      live |= bitOf(j);
      if (entry.master) masters |= bitOf(j);
    }
    if (entry.access) writers |= bitOf(j);
  }
  const hears: HostSet[] = [];
  for (let j = 0; j < n; j++) hears.push(canonical(has(alive, j) ? (mgmt[j] & alive) | bitOf(j) : 0n));
  // Statefile entries: fence requests (a live writer whose survival decision declared this host,
  // in its current boot, dead), and live hosts that still list this host as a member.
  const visible = (mgmt[self] | writers) & live & ~bitOf(self);
  let fencedBy = 0n;
  let claimedBy = 0n;
  for (let j = 0; j < n; j++) {
    if (!has(visible, j)) continue;
    const entry = entryOf(view, layout.hostAgent[j]);
    if (has(writers, j) && entry.dropped[self] === boots[self]) fencedBy |= bitOf(j);
    if (has(big(entry.members), self)) claimedBy |= bitOf(j);
  }
  return {
    type: 'OBSERVE',
    peers: canonical(mgmt[self] & alive & ~bitOf(self)),
    writers: canonical(writers),
    live: canonical(live),
    hears,
    masters: canonical(masters),
    claimedBy: canonical(claimedBy),
    fencedBy: canonical(fencedBy),
    boots,
  };
}

/** JSON with a bigint as its digits (a number and a bigint never stand for the same set: canonical form). */
const text = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

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
                if (text(shared) !== text(fresh))
                  mismatches.push(`${a.id} at ${view.now}: ${text(shared)} != ${text(fresh)}`);
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
    ...xenserverHa.presets.map((p) => [p.name, p.topology, p, 150] as const),
    // 40 hosts: fewer runs (each host's reference reads all 40 in bigints), every one a multi-word pool.
    ...[
      [12, 150],
      [40, 30],
    ].map(([n, runs]) => {
      const p = xenserverHa.presets.find((x) => x.name === 'bonded')!;
      return [`bonded grown to ${n} hosts`, grownPool(p.topology, n), p, runs] as const;
    }),
  ];
  it.each(cases)('%s: the same observation as reading every host afresh', (_name, topology, preset, runs) => {
    const t = presetTarget(xenserverHa, preset, {});
    const compiled = compileTopology(topology);
    const arb = scheduleArbitrary(compiled, vocabularyOf(xenserverHa), { kinds: t.faults, maxFaults: 3 });
    const schedules: FaultStep[][] = fc.sample(arb, { seed: 16, numRuns: runs });
    const mismatches: string[] = [];
    const sim = new Simulation(checked(mismatches), compiled, t.config);
    for (const s of schedules) sim.run(s);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
