// A cluster's hosts moved to other indices, order kept (election and restart ties follow the index),
// must give the same answers, moved: the HA agent and its sensing on k ESX hosts at 0..k−1 against
// the same hosts spread up to index 95 (a 96-host vSphere cluster), across the 31-host line where a
// host set turns from a number into a bigint. A raw operator left on a set throws there, or loses
// or invents a host, and the two answers part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../harness/engine/effects.js';
import { step, type AgentState } from '../../harness/engine/fsm.js';
import { hostBit, union, type HostSet } from '../../harness/engine/hostSet.js';
import { RUNS, SEED } from '../../harness/runners/testing.js';
import { vmwareHostMachine, type VhContext, type VhEvent, type VhRole } from './hostAgent.js';
import { observeHost, type ClusterView } from './sense.js';
import {
  agentContext,
  idsOf,
  membersOf,
  outcomeOf,
  packed,
  setOf,
  spread,
  type Cluster,
  type Layout,
} from './testing.js';

const MAX_K = 5;
const TIMERS = ['iso', 'elect', 'elect-wait', 'policy', 'shutdown', 'retry', 'boot'];

/** An event in the cluster's terms: hosts by ESX host number (taken modulo k), sets as flags per host. */
type Step =
  | {
      readonly kind: 'observe';
      readonly net: boolean[];
      readonly ds: boolean[];
      readonly masters: boolean[];
      readonly flags: number;
    }
  | { readonly kind: 'timer'; readonly pick: number }
  | { readonly kind: 'vm'; readonly type: string; readonly vm: number; readonly host: number; readonly flag: number }
  | { readonly kind: 'power'; readonly on: boolean };

const flags = fc.array(fc.boolean(), { minLength: MAX_K, maxLength: MAX_K });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('observe' as const),
      net: flags,
      ds: flags,
      masters: flags,
      flags: fc.nat(15),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('timer' as const), pick: fc.nat(20) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('vm' as const),
      type: fc.constantFrom(
        'START',
        'LOCK_REPLY',
        'LOCK_LOST',
        'START_FAILED',
        'RESTART_FAILED',
        'PLACED',
        'POWERED_OFF',
        'MIGRATE',
        'MIGRATED',
        'ADOPT',
        'APP_CRASH',
      ),
      vm: fc.nat(3),
      host: fc.nat(MAX_K - 1),
      flag: fc.nat(1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('power' as const), on: fc.boolean() }) },
);

/** A cluster of 2 to 5 ESX hosts (or `k`), the agent's host and FDM role, and the events it takes. */
function clusterArb(k = fc.integer({ min: 2, max: MAX_K })) {
  return k.chain((k) =>
    fc.record({
      k: fc.constant(k),
      self: fc.nat(k - 1),
      role: fc.constantFrom<VhRole>('master', 'slave', 'election'),
      at: fc
        .uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: k, maxLength: k })
        .map((xs) => xs.sort((a, b) => a - b)),
      cluster: fc.record({
        legacy: fc.boolean(),
        response: fc.constantFrom('leave-powered-on' as const, 'power-off' as const, 'shut-down' as const),
        capacity: fc.array(fc.constantFrom(0, 2, 4, 8), { minLength: k, maxLength: k }),
        homes: fc.array(fc.nat(k - 1), { minLength: 1, maxLength: 4 }),
      }),
      steps: fc.array(stepArb, { maxLength: 30 }),
    }),
  );
}

/** The step as an event of the layout, given the agent's state (a timer fires among those running). */
function eventOf(w: Layout, self: number, k: number, vms: number, s: Step, c: VhContext): VhEvent {
  const members = (f: boolean[]) =>
    setOf(
      w,
      f.slice(0, k).flatMap((on, i) => (on && i !== self ? [i] : [])),
    );
  const name = (i: number) => w.names[i % k];
  switch (s.kind) {
    case 'observe': {
      const heard = s.net.map((on, i) => on || s.masters[i]);
      const [storage, iso, elsewhere] = [s.flags & 1, (s.flags >> 1) & 1, (s.flags >> 2) & 1];
      return {
        type: 'OBSERVE',
        net: members(heard),
        ds: members(s.ds),
        storage,
        iso,
        masters: members(s.masters),
        masterElsewhere: elsewhere,
      };
    }
    case 'timer': {
      // Mostly a running timer (as in a run), sometimes any (a late or stray one).
      const timers = s.pick < 15 && c.timers.length > 0 ? c.timers : [...TIMERS, ...w.names.map((n) => `fail:${n}`)];
      return { type: 'TIMER', name: timers[s.pick % timers.length] };
    }
    case 'power':
      return s.on ? { type: 'POWER_ON' } : { type: 'CRASH' };
    case 'vm':
      return vmEvent(s.type, `vm${s.vm % vms}`, w.at[s.host % k], name(s.host), s.flag);
  }
}

function vmEvent(type: string, service: string, host: number, hostName: string, flag: number): VhEvent {
  switch (type) {
    case 'START':
      return { type, service, from: hostName };
    case 'LOCK_REPLY':
      return { type, service, granted: flag, tag: 'restart', why: 'held' };
    case 'LOCK_LOST':
      return { type, service, by: hostName };
    case 'PLACED':
      return { type, service, host };
    case 'POWERED_OFF':
      return { type, host, services: [service], viaDatastore: flag };
    case 'MIGRATE':
      return { type, service, to: hostName };
    case 'MIGRATED':
      return { type, service, to: hostName, ok: flag, reason: 'no room' };
    case 'ADOPT':
    case 'APP_CRASH':
      return { type, service };
    default:
      return { type: type as 'START_FAILED' | 'RESTART_FAILED', service, reason: 'no room' };
  }
}

function replay(
  w: Layout,
  k: number,
  self: number,
  fdmRole: VhRole,
  cluster: Cluster,
  steps: readonly Step[],
): unknown[] {
  const role = cluster.legacy ? 'primary' : fdmRole;
  let state: AgentState<VhContext> = { value: role, context: agentContext(w, cluster, self, role) };
  const seen: unknown[] = [];
  for (const s of steps) {
    const r = step(vmwareHostMachine, state, eventOf(w, self, k, cluster.homes.length, s, state.context));
    seen.push(outcomeOf(w, r));
    state = r.state;
  }
  return seen;
}

describe('vmware-ha host agent: the same cluster at high host indices gives the same answers', () => {
  it('ESX hosts 40, 63, 95 behave as hosts 0, 1, 2 of a 3-host cluster', () => {
    fc.assert(
      fc.property(clusterArb(fc.constant(3)), ({ self, role, cluster, steps }) => {
        const wide = replay(spread([40, 63, 95]), 3, self, role, cluster, steps);
        expect(wide).toEqual(replay(packed(3), 3, self, role, cluster, steps));
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('any increasing placement of 2 to 5 ESX hosts among 96 behaves as the packed cluster', () => {
    fc.assert(
      fc.property(clusterArb(), ({ k, self, role, at, cluster, steps }) => {
        const wide = replay(spread(at), k, self, role, cluster, steps);
        expect(wide).toEqual(replay(packed(k), k, self, role, cluster, steps));
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });
});

const ROLES = ['master', 'slave', 'election', 'isolated', 'primary', 'down', 'booting'];

/** Ground truth over the layout's hosts: ESX hosts and the gateway (at `gw`), the rest powered off and alone. */
function clusterView(w: Layout, gw: number, truth: World): ClusterView {
  const where = (h: number) => (h === gw ? truth.hears.length - 1 : w.at.indexOf(h));
  const hostSet = (i: number) => (i === truth.hears.length - 1 ? hostBit(gw) : hostBit(w.at[i]));
  const peers = idsOf(w).map((_, h): HostSet => {
    const i = where(h);
    return i < 0 ? 0 : truth.hears[i].reduce<HostSet>((set, on, j) => (on ? union(set, hostSet(j)) : set), 0);
  });
  const flag = (list: readonly boolean[]) => idsOf(w).map((_, h) => (where(h) >= 0 && list[where(h)] ? 1 : 0));
  return {
    fabric: {
      peers: () => peers,
      hostPowered: flag(truth.powered),
      hostFrozen: flag(truth.frozen),
      storageReachable: (h) => where(h) >= 0 && truth.storage[where(h)],
    },
    roles: truth.roles,
  };
}

interface World {
  /** hears[i][j]: host i hears host j on the management network; the last host is the gateway. */
  readonly hears: readonly (readonly boolean[])[];
  readonly powered: readonly boolean[];
  readonly frozen: readonly boolean[];
  readonly storage: readonly boolean[];
  readonly roles: readonly string[];
}

const worldArb = fc.integer({ min: 2, max: MAX_K }).chain((k) => {
  const perHost = (arb: fc.Arbitrary<boolean>) => fc.array(arb, { minLength: k + 1, maxLength: k + 1 });
  return fc.record({
    k: fc.constant(k),
    at: fc
      .uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: k + 1, maxLength: k + 1 })
      .map((xs) => xs.sort((a, b) => a - b)),
    world: fc.record({
      hears: fc.array(perHost(fc.boolean()), { minLength: k + 1, maxLength: k + 1 }),
      powered: perHost(fc.boolean()),
      frozen: perHost(fc.boolean()),
      storage: perHost(fc.boolean()),
      roles: fc.array(fc.constantFrom(...ROLES), { minLength: k, maxLength: k }),
    }),
  });
});

describe('vmware-ha sensing: the same ground truth at high host indices is observed the same', () => {
  it('any increasing placement of the ESX hosts and the gateway among 96 senses as the packed cluster', () => {
    fc.assert(
      fc.property(worldArb, ({ k, at, world }) => {
        // The gateway is the last of the k + 1 drawn indices in the spread layout, index k when packed.
        const layouts: [Layout, number][] = [
          [packed(k), k],
          [spread(at.slice(0, k)), at[k]],
        ];
        const sensed = layouts.map(([w, gw]) =>
          w.at.map((_, self) => {
            const e: AgentEvent = observeHost(
              w.at[self],
              { agent: idsOf(w).map((_, h) => w.at.indexOf(h)), isolationAddress: gw },
              clusterView(w, gw, world),
            );
            return {
              ...e,
              net: membersOf(w, e.net as HostSet),
              ds: membersOf(w, e.ds as HostSet),
              masters: membersOf(w, e.masters as HostSet),
            };
          }),
        );
        expect(sensed[1]).toEqual(sensed[0]);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });
});
