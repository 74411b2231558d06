// Disk locks held by hosts beyond index 31 (a vSphere cluster has up to 96 hosts): the leases the
// lock agent senses, and who gets a lock, by hand for hosts 40, 63, 95; and a relabelling property:
// the same requests with the hosts moved to other indices (up to 95) give the same answers, moved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../harness/engine/effects.js';
import { step, type AgentState } from '../../harness/engine/fsm.js';
import { EMPTY_HOSTS, hostsOf, withHost, type HostSet } from '../../harness/engine/hostSet.js';
import { RUNS, SEED } from '../../harness/runners/testing.js';
import { diskLockMachine, leasesOf, type LockContext, type LockEvent } from './diskLock.js';

const H40 = 1n << 40n;
const H63 = 1n << 63n;
const H95 = 1n << 95n;

/** Lock agent over `size` hosts whose host i (of the design) sits at index at[i], named h<i+1>. */
function lockAgent(at: readonly number[], size: number, holder: readonly number[], leases: HostSet) {
  const hostIds = Array.from({ length: size }, (_, h) => (at.includes(h) ? `h${at.indexOf(h) + 1}` : `x${h}`));
  const context: LockContext = {
    out: [],
    cfg: {
      id: 'locks',
      what: 'VMFS lock',
      hostIds,
      serviceIds: ['vm0', 'vm1'],
      notify: hostIds.map((id) => (id.startsWith('h') ? `agent-${id}` : '')),
      breakLive: false,
    },
    holder,
    leases,
  };
  const state: AgentState<LockContext> = { value: 'serving', context };
  return state;
}

function deliver(state: AgentState<LockContext>, events: readonly LockEvent[]) {
  const effects: (readonly Effect[])[] = [];
  for (const e of events) {
    const r = step(diskLockMachine, state, e);
    effects.push(r.effects);
    state = r.state;
  }
  return { holder: state.context.holder, leases: state.context.leases, effects };
}

const reply = (service: string, granted: number, why: string): Effect => ({
  do: 'send',
  to: 'agent-h2',
  event: { type: 'LOCK_REPLY', service, granted, tag: 'restart', why },
});
const lock = (service: string, host: number): LockEvent => ({
  type: 'LOCK',
  service,
  host,
  replyTo: 'agent-h2',
  tag: 'restart',
});

describe('VMFS locks of hosts 40, 63, 95', () => {
  it('leases are the powered hosts that reach the storage, beyond the first 32-bit word', () => {
    const view = {
      fabric: {
        hostPowered: Array.from({ length: 96 }, (_, h) => (h === 40 || h === 63 || h === 95 ? 1 : 0)),
        storageReachable: (h: number) => h === 40 || h === 95 || h === 7,
      },
    };
    expect(leasesOf(view, 96)).toEqual({ mask: H40 | H95, powered: H40 | H63 | H95 });
  });

  it('a live holder keeps its lock; once its lease lapses the next request takes it and the holder is told', () => {
    const start = lockAgent([40, 63, 95], 96, [95, -1], H40 | H95);
    const r = deliver(start, [
      lock('vm1', 63),
      lock('vm0', 40),
      { type: 'LEASES', mask: H40 | H63, powered: H40 | H63 | H95 },
      lock('vm0', 63),
      { type: 'LEASES', mask: H40 | H63, powered: H40 | H63 },
    ]);
    expect(r.effects.slice(0, 2)).toEqual([
      [reply('vm1', 0, 'h2 cannot reach the storage')],
      [reply('vm0', 0, 'h3 still holds the VMFS lock on vm0')],
    ]);
    expect(r.effects[3]).toEqual([
      { do: 'send', to: 'agent-h3', event: { type: 'LOCK_LOST', service: 'vm0', by: 'h2' } },
      reply('vm0', 1, "h3's VMFS lock had lapsed"),
    ]);
    expect([r.holder, r.leases]).toEqual([[63, -1], H40 | H63]);
  });

  it('a holder that lost power holds nothing', () => {
    const start = lockAgent([40, 63, 95], 96, [95, 40], H40 | H95);
    expect(deliver(start, [{ type: 'LEASES', mask: H40, powered: H40 | H63 }]).holder).toEqual([-1, 40]);
  });
});

const K = 4;
const hostsArb = fc.array(fc.boolean(), { minLength: K, maxLength: K });
const eventArb = fc.oneof(
  fc.record({ type: fc.constant('LEASES' as const), mask: hostsArb, powered: hostsArb }),
  fc.record({ type: fc.constantFrom('LOCK' as const, 'UNLOCK' as const), vm: fc.nat(1), host: fc.nat(K - 1) }),
  fc.record({ type: fc.constant('TRANSFER' as const), vm: fc.nat(1), from: fc.nat(K - 1), to: fc.nat(K - 1) }),
);
type Drawn = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function eventAt(at: readonly number[], d: Drawn): LockEvent {
  const set = (flags: boolean[]) => flags.reduce((s, on, i) => (on ? withHost(s, at[i]) : s), EMPTY_HOSTS);
  switch (d.type) {
    case 'LEASES':
      return { type: d.type, mask: set(d.mask), powered: set(d.powered) };
    case 'TRANSFER':
      return { type: d.type, service: `vm${d.vm}`, from: at[d.from], to: at[d.to] };
    case 'LOCK':
      return lock(`vm${d.vm}`, at[d.host]);
    case 'UNLOCK':
      return { type: d.type, service: `vm${d.vm}`, host: at[d.host] };
  }
}

/** The lock agent's answers to the drawn events with its hosts at `at`, in the design's host numbers. */
function answers(at: readonly number[], size: number, drawn: readonly Drawn[]) {
  const start = lockAgent(at, size, [at[0], -1], EMPTY_HOSTS);
  const r = deliver(
    start,
    drawn.map((d) => eventAt(at, d)),
  );
  return { holder: r.holder.map((h) => (h < 0 ? h : at.indexOf(h))), leases: hostsOf(r.leases), effects: r.effects };
}

describe('VMFS locks: the same requests at high host indices', () => {
  it('give the same answers as on hosts 0..3, moved', () => {
    const atArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: K, maxLength: K })
      .map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(atArb, fc.array(eventArb, { maxLength: 25 }), (at, drawn) => {
        const wide = answers(at, 96, drawn);
        const packed = answers([0, 1, 2, 3], K, drawn);
        expect(wide.holder).toEqual(packed.holder);
        expect(wide.effects).toEqual(packed.effects);
        expect(wide.leases.map((h) => at.indexOf(h))).toEqual(packed.leases);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });
});
