// VMs 40, 70 and 95 of a cluster with 96 VMs, by hand: the sets of VMs an agent keeps (the VMs it
// runs, those whose lock it lost, those waiting for a retry) hold VM indices beyond one 32-bit word.
// Which VMs a host starts with, which a master restarts when their host fails and which it retries,
// what an isolated host powers off and lists, which stale copies a host stops when its storage comes
// back, vMotion and a guest crash. Every expected set is written out as a bigint (2^40 + 2^95 …).
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../harness/engine/effects.js';
import { step, type AgentState } from '../../harness/engine/fsm.js';
import type { HostSet } from '../../harness/engine/hostSet.js';
import { vmwareHostMachine, type VhContext, type VhEvent, type VhRole } from './hostAgent.js';
import { agentContext, packed, type Cluster } from './testing.js';

const vm = (s: number) => 1n << BigInt(s);
/** ESX hosts h1, h2, h3 at host indices 0, 1, 2 (and the gateway x3). */
const w = packed(3);
const H1 = 1;
const H2 = 2;
/** VMs 5, 40, 70 and 95 run on h3 (ESX host 2), the other 92 on h2; h1 runs none. */
const ON_H3 = [5, 40, 70, 95];
const homes = Array.from({ length: 96 }, (_, s) => (ON_H3.includes(s) ? 2 : 1));
/** h2 is big enough for its 92 VMs (2 each) and 8 more: it has the most free capacity. */
const cluster: Cluster = { legacy: false, response: 'power-off', capacity: [8, 200, 8], homes };

function observe(net: HostSet, ds: HostSet, more: Partial<Extract<VhEvent, { type: 'OBSERVE' }>> = {}): VhEvent {
  return { type: 'OBSERVE', net, ds, storage: 1, iso: 1, masters: 0, masterElsewhere: 0, ...more };
}
const timer = (name: string): VhEvent => ({ type: 'TIMER', name });

/** ESX host `self` in `role`, after `events`: its state and the last step's effects. */
function agentAfter(self: number, role: VhRole, events: readonly VhEvent[]) {
  let state: AgentState<VhContext> = { value: role, context: agentContext(w, cluster, self, role) };
  let effects: readonly Effect[] = [];
  for (const e of events) ({ state, effects } = step(vmwareHostMachine, state, e));
  return { role: state.value, c: state.context, effects };
}

const starts = (effects: readonly Effect[]) =>
  effects.flatMap((e) => (e.do === 'send' && e.event.type === 'START' ? [[e.to, e.event.service]] : []));

describe('the VMs a host runs', () => {
  it('h3 starts with VMs 5, 40, 70 and 95; h1 with none', () => {
    expect(agentAfter(2, 'slave', []).c.mine).toBe(vm(5) | vm(40) | vm(70) | vm(95));
    expect(agentAfter(0, 'master', []).c.mine).toBe(0);
  });
});

describe('master h1 when h3 fails', () => {
  const failed = [observe(H2, H2), timer('fail:h3')];

  it('restarts VMs 5, 40, 70 and 95, in rank order, on h2 (the most free capacity)', () => {
    const a = agentAfter(0, 'master', failed);
    expect(starts(a.effects)).toEqual(ON_H3.map((s) => ['h2', `vm${s}`]));
    expect(ON_H3.map((s) => a.c.placement[s])).toEqual([1, 1, 1, 1]);
    expect(a.effects).toContainEqual({
      do: 'note',
      text: 'h3 failed (no network or datastore heartbeat): restarts vm5, vm40, vm70, vm95',
    });
  });

  it('a refused restart of VM 95 waits for the retry, which restarts it alone', () => {
    const refused: VhEvent = { type: 'RESTART_FAILED', service: 'vm95', reason: 'no room' };
    const waiting = agentAfter(0, 'master', [...failed, refused]);
    expect([waiting.c.pending, waiting.c.placement[95]]).toEqual([vm(95), -1]);
    const retried = agentAfter(0, 'master', [...failed, refused, timer('retry')]);
    expect(retried.c.pending).toBe(0);
    expect(starts(retried.effects)).toEqual([['h2', 'vm95']]);
  });

  it('VM 95 placed meanwhile (another master restarted it) is not retried', () => {
    const refused: VhEvent = { type: 'RESTART_FAILED', service: 'vm95', reason: 'no room' };
    const placed: VhEvent = { type: 'PLACED', service: 'vm95', host: 0 };
    const a = agentAfter(0, 'master', [...failed, refused, placed, timer('retry')]);
    expect(a.c.pending).toBe(0);
    expect(starts(a.effects)).toEqual([]);
  });
});

describe('h3 isolated', () => {
  const lost = observe(0, 0, { iso: 0, masterElsewhere: 1 });
  const isolated = [lost, timer('elect-wait'), timer('elect'), timer('iso'), timer('policy')];

  it('powers off VMs 5, 40, 70 and 95, releases their locks and lists them for the master', () => {
    const a = agentAfter(2, 'slave', isolated);
    expect([a.role, a.c.mine]).toEqual(['isolated', 0]);
    const stopped = a.effects.flatMap((e) => (e.do === 'stopService' ? [e.service] : []));
    expect(stopped).toEqual(['vm5', 'vm40', 'vm70', 'vm95']);
    const unlocked = a.effects.flatMap((e) => (e.do === 'send' && e.event.type === 'UNLOCK' ? [e.event.service] : []));
    expect(unlocked).toEqual(['vm5', 'vm40', 'vm70', 'vm95']);
    const told = { type: 'POWERED_OFF', host: 2, services: ['vm5', 'vm40', 'vm70', 'vm95'], viaDatastore: 1 };
    expect(a.effects).toContainEqual({ do: 'send', to: 'h1', event: told });
  });

  it('master h1, told through the datastore, restarts the four on h2', () => {
    const told: VhEvent = { type: 'POWERED_OFF', host: 2, services: ['vm5', 'vm40', 'vm70', 'vm95'], viaDatastore: 1 };
    const a = agentAfter(0, 'master', [observe(H2, H2 | 4), told]);
    expect(starts(a.effects)).toEqual(ON_H3.map((s) => ['h2', `vm${s}`]));
  });
});

describe('h3 without storage while h2 takes the locks of VMs 40 and 95', () => {
  const lockLost = (s: number): VhEvent => ({ type: 'LOCK_LOST', service: `vm${s}`, by: 'h2' });
  const noStorage = observe(H1 | H2, H1 | H2, { storage: 0 });
  const back = observe(H1 | H2, H1 | H2);

  it('keeps them as lost while it has no storage', () => {
    const a = agentAfter(2, 'slave', [noStorage, lockLost(40), lockLost(95)]);
    expect([a.c.lockLost, a.c.mine]).toEqual([vm(40) | vm(95), vm(5) | vm(40) | vm(70) | vm(95)]);
  });

  it('when storage is back, powers off both stale copies and keeps VMs 5 and 70', () => {
    const a = agentAfter(2, 'slave', [noStorage, lockLost(40), lockLost(95), back]);
    expect([a.c.lockLost, a.c.mine]).toEqual([0, vm(5) | vm(70)]);
    expect(a.effects.filter((e) => e.do === 'stopService')).toEqual([
      { do: 'stopService', service: 'vm40' },
      { do: 'stopService', service: 'vm95' },
    ]);
    expect(a.effects).toContainEqual({
      do: 'note',
      text: 'storage is back: vm40, vm95 lost their VMFS lock meanwhile (restarted elsewhere): the stale copy is powered off',
    });
  });

  it('one VM lost: "its" lock', () => {
    const a = agentAfter(2, 'slave', [noStorage, lockLost(70), back]);
    expect(a.c.mine).toBe(vm(5) | vm(40) | vm(95));
    expect(a.effects).toContainEqual({
      do: 'note',
      text: 'storage is back: vm70 lost its VMFS lock meanwhile (restarted elsewhere): the stale copy is powered off',
    });
  });
});

describe('vMotion and a guest crash of VMs beyond index 31', () => {
  it('h3 moves VM 95 to h1, which adopts it; VM 70 crashing leaves h3 with VMs 5 and 40', () => {
    const migrate: VhEvent = { type: 'MIGRATE', service: 'vm95', to: 'h1' };
    expect(agentAfter(2, 'slave', [migrate]).effects).toEqual([{ do: 'migrateService', service: 'vm95', to: 'h1' }]);
    const moved: VhEvent = { type: 'MIGRATED', service: 'vm95', to: 'h1', ok: 1, reason: '' };
    const crashed: VhEvent = { type: 'APP_CRASH', service: 'vm70' };
    const a = agentAfter(2, 'slave', [migrate, moved, crashed]);
    expect([a.c.mine, a.c.placement[95]]).toEqual([vm(5) | vm(40), 0]);
    expect(agentAfter(0, 'master', [{ type: 'ADOPT', service: 'vm95' }]).c.mine).toBe(vm(95));
  });
});
