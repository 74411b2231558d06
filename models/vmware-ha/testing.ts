// Helpers shared by the tests of wide clusters: one cluster laid out on two host index spaces (its
// ESX hosts at 0..k−1, or spread up to index 95 as in a 96-host vSphere cluster), host agents built
// on either, and their answers read back in the cluster's own terms (ESX host i), so that the same
// situation in both layouts can be compared. These drive the agent's pure parts directly, at any index
// without building a whole cluster (wideCluster.ts runs whole clusters of up to 96 hosts).
import type { AgentEvent, Effect } from '../../harness/engine/effects.js';
import type { StepResult } from '../../harness/engine/fsm.js';
import { EMPTY_HOSTS, hostsOf, withHost, type HostSet } from '../../harness/engine/hostSet.js';
import type { IsolationResponse } from './config.js';
import { initialHostContext, type VhContext, type VhRole } from './hostAgent.js';

/** ESX host i of the cluster sits at host index `at[i]` (increasing) among `size` hosts, named `names[i]`. */
export interface Layout {
  readonly at: readonly number[];
  readonly size: number;
  readonly names: readonly string[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** k ESX hosts h1..hk at indices 0..k−1 and one more host (the gateway) after them. */
export const packed = (k: number): Layout => ({ at: range(k), size: k + 1, names: range(k).map((i) => `h${i + 1}`) });

/** The same hosts (same names) at the given increasing indices of a 96-host index space. */
export const spread = (at: readonly number[], names = packed(at.length).names): Layout => ({ at, size: 96, names });

/** Every host's id: the ESX hosts by name, the others `x<index>`. */
export function idsOf(w: Layout): string[] {
  return range(w.size).map((h) => {
    const i = w.at.indexOf(h);
    return i >= 0 ? w.names[i] : `x${h}`;
  });
}

/** The set of the given ESX hosts (by number i). */
export const setOf = (w: Layout, hosts: readonly number[]): HostSet =>
  hosts.reduce((set, i) => withHost(set, w.at[i]), EMPTY_HOSTS);

/** A host index in the cluster's terms: its ESX host number, `x<index>` for any other host, −1 kept. */
export function hostOf(w: Layout, h: number): number | string {
  if (h < 0) return h;
  const i = w.at.indexOf(h);
  return i >= 0 ? i : `x${h}`;
}

export const membersOf = (w: Layout, set: HostSet) => hostsOf(set).map((h) => hostOf(w, h));

export interface Cluster {
  readonly legacy: boolean;
  readonly response: IsolationResponse;
  /** Per ESX host. */
  readonly capacity: readonly number[];
  /** Each VM's home (ESX host number); VM s is `vm<s>`, needs 2. */
  readonly homes: readonly number[];
}

/** ESX host `self`'s HA agent in the layout, with the model's default timings. */
export function agentContext(w: Layout, c: Cluster, self: number, role: VhRole): VhContext {
  const ids = idsOf(w);
  return initialHostContext(
    {
      self: w.at[self],
      ids,
      agentIds: ids.map((id, h) => (w.at.includes(h) ? id : '')),
      esx: setOf(w, range(w.at.length)),
      legacy: c.legacy,
      failureMs: 15_000,
      legacyIsolationMs: 12_000,
      electionWaitMs: 10_000,
      electionMs: 15_000,
      isolationPingMs: 5_000,
      policyDelayMs: 30_000,
      response: c.response,
      isolationAddress: 'gw',
      newMasterCheckMs: 10_000,
      guestShutdownMs: 60_000,
      restartRetryMs: 120_000,
      maxRestarts: 5,
      bootMs: 180_000,
      vms: c.homes.map((_, s) => ({ id: `vm${s}`, needs: 2, rank: s, isProtected: true })),
      capacity: ids.map((_, h) => (w.at.includes(h) ? c.capacity[w.at.indexOf(h)] : 0)),
      lockAgent: 'locks',
    },
    c.homes.map((i) => w.at[i]),
    role,
  );
}

/** An effect with the host indices its message carries (`host`, `from`, `to`) in the cluster's terms. */
export function effectOf(w: Layout, e: Effect): unknown {
  if (e.do !== 'send') return e;
  const event: Record<string, unknown> = { ...e.event };
  for (const key of ['host', 'from', 'to']) if (typeof event[key] === 'number') event[key] = hostOf(w, event[key]);
  return { ...e, event: event as AgentEvent };
}

/** A step's outcome in the cluster's terms: every host set, host index and message. */
export function outcomeOf(w: Layout, r: StepResult<VhContext>): unknown {
  const c = r.state.context;
  return {
    value: r.state.value,
    net: membersOf(w, c.net),
    ds: membersOf(w, c.ds),
    masters: membersOf(w, c.masters),
    liveset: membersOf(w, c.liveset),
    suspect: membersOf(w, c.suspect),
    partitioned: membersOf(w, c.partitioned),
    master: hostOf(w, c.master),
    placement: c.placement.map((h) => hostOf(w, h)),
    rest: [c.role, c.storage, c.iso, c.masterElsewhere, c.mine, c.lockLost, c.attempts, c.pending, c.startingFor],
    timers: c.timers,
    effects: r.effects.map((e) => effectOf(w, e)),
  };
}
