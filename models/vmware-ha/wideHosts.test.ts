// Hosts 40, 63 and 95 of a 96-host vSphere cluster, by hand: who the election makes master, where a
// failed host's VM restarts, how a datastore heartbeat tells a partitioned host from a failed one,
// what an isolated host tells the others, and what an agent senses. Every expected set is written
// out as a bigint (2^40 + 2^95 …): these hosts are beyond one 32-bit word.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../harness/engine/effects.js';
import { step, type AgentState } from '../../harness/engine/fsm.js';
import type { HostSet } from '../../harness/engine/hostSet.js';
import { vmwareHostMachine, type VhContext, type VhEvent, type VhRole } from './hostAgent.js';
import { observeHost, type ClusterView } from './sense.js';
import { agentContext, spread, type Cluster } from './testing.js';

const H40 = 1n << 40n;
const H63 = 1n << 63n;
const H95 = 1n << 95n;
/** ESX hosts esx40, esx63, esx95 at host indices 40, 63, 95 (ESX host numbers 0, 1, 2). */
const wide = spread([40, 63, 95], ['esx40', 'esx63', 'esx95']);
const FDM: Cluster = { legacy: false, response: 'power-off', capacity: [8, 8, 8], homes: [] };

function observe(net: HostSet, ds: HostSet, more: Partial<Extract<VhEvent, { type: 'OBSERVE' }>> = {}): VhEvent {
  return { type: 'OBSERVE', net, ds, storage: 1, iso: 1, masters: 0, masterElsewhere: 0, ...more };
}
const timer = (name: string): VhEvent => ({ type: 'TIMER', name });

/** Host number `self` (0: esx40, 1: esx63, 2: esx95) in `role`, after `events`: its state and the last effects. */
function agentAfter(cluster: Cluster, self: number, role: VhRole, events: readonly VhEvent[]) {
  let state: AgentState<VhContext> = { value: role, context: agentContext(wide, cluster, self, role) };
  let effects: readonly Effect[] = [];
  for (const e of events) ({ state, effects } = step(vmwareHostMachine, state, e));
  return { role: state.value, c: state.context, effects };
}

describe('FDM election among hosts 40, 63, 95', () => {
  it('esx63, hearing only esx95 (esx40 is gone), is the lowest it hears: it becomes master and suspects esx40', () => {
    const a = agentAfter(FDM, 1, 'election', [observe(H95, H95), timer('elect')]);
    expect(a.role).toBe('master');
    expect([a.c.master, a.c.liveset, a.c.suspect]).toEqual([63, H40 | H63 | H95, H40]);
    expect(a.effects).toContainEqual({ do: 'note', text: 'elected master of esx63, esx95' });
    expect(a.effects).toContainEqual({ do: 'startTimer', name: 'fail:esx40', ms: 10_000 });
  });

  it('esx95, hearing esx63, is not the lowest: it stays in the election and holds another round', () => {
    const a = agentAfter(FDM, 2, 'election', [observe(H63, H63), timer('elect')]);
    expect(a.role).toBe('election');
    expect(a.effects).toEqual([{ do: 'startTimer', name: 'elect', ms: 15_000 }]);
  });

  it('a slave hearing two masters follows the lower one; a master hearing a lower master becomes its slave', () => {
    expect(agentAfter(FDM, 0, 'slave', [observe(H63 | H95, 0, { masters: H63 | H95 })]).c.master).toBe(63);
    const a = agentAfter(FDM, 2, 'master', [observe(H40 | H63, 0, { masters: H63 })]);
    expect([a.role, a.c.master]).toEqual(['slave', 63]);
  });
});

describe('a master at host 40 watching hosts 63 and 95', () => {
  const cluster: Cluster = { ...FDM, homes: [2, 0, 0] };
  const silent = [observe(H63, H63 | H95), timer('fail:esx95')];

  it('esx95 silent on the network but heartbeating on the datastore is partitioned: its VM stays', () => {
    const a = agentAfter(cluster, 0, 'master', silent);
    expect([a.c.liveset, a.c.partitioned, a.c.placement]).toEqual([H40 | H63, H95, [95, 40, 40]]);
  });

  it('when its datastore heartbeats stop too it has failed: its VM restarts on esx63, the most free capacity', () => {
    const a = agentAfter(cluster, 0, 'master', [...silent, observe(H63, H63)]);
    expect(a.c.partitioned).toBe(0);
    expect(a.c.placement).toEqual([63, 40, 40]);
    expect(a.effects).toContainEqual({
      do: 'send',
      to: 'esx63',
      event: { type: 'START', service: 'vm0', from: 'esx40' },
    });
  });
});

describe('an isolated host at index 95', () => {
  it('hearing nobody and unable to ping its isolation address while a master runs elsewhere, it powers its VM off and says so with its index', () => {
    const cluster: Cluster = { ...FDM, homes: [2] };
    const lost = observe(0, 0, { iso: 0, masterElsewhere: 1 });
    const a = agentAfter(cluster, 2, 'slave', [
      lost,
      timer('elect-wait'),
      timer('elect'),
      timer('iso'),
      timer('policy'),
    ]);
    expect([a.role, a.c.liveset]).toEqual(['isolated', H95]);
    const told = { type: 'POWERED_OFF', host: 95, services: ['vm0'], viaDatastore: 1 };
    expect(a.effects).toContainEqual({ do: 'send', to: 'esx40', event: told });
    expect(a.effects).toContainEqual({ do: 'send', to: 'esx63', event: told });
  });
});

describe('sensing on a 96-host cluster', () => {
  /** esx40 master with storage, esx63 and esx95 slaves, esx95 without storage; the gateway at 70. */
  function view(hears: HostSet): ClusterView {
    const peers: HostSet[] = Array.from({ length: 96 }, () => 0);
    peers[63] = hears;
    return {
      fabric: {
        peers: () => peers,
        hostPowered: Array.from({ length: 96 }, () => 1),
        hostFrozen: Array.from({ length: 96 }, () => 0),
        storageReachable: (h) => h === 40 || h === 63,
      },
      roles: ['master', 'slave', 'slave'],
    };
  }
  const layout = { agent: Array.from({ length: 96 }, (_, h) => [40, 63, 95].indexOf(h)), isolationAddress: 70 };

  it('esx63 hears esx40 (master, datastore), esx95 (no datastore) and the gateway', () => {
    const e = observeHost(63, layout, view(H40 | H95 | (1n << 70n)));
    expect(e).toEqual({
      type: 'OBSERVE',
      net: H40 | H95,
      ds: H40,
      storage: 1,
      iso: 1,
      masters: H40,
      masterElsewhere: 0,
    });
  });

  it('cut off from both, esx63 still sees through the datastore that master esx40 is alive elsewhere', () => {
    const e = observeHost(63, layout, view(1n << 70n));
    expect(e).toEqual({ type: 'OBSERVE', net: 0, ds: H40, storage: 1, iso: 1, masters: 0, masterElsewhere: 1 });
  });
});
