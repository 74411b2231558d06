// A DataCore SANmelody node of a synchronous mirrored pair (or a lone array). It serves while it
// holds current data; after a power loss or stop it comes back stale and resynchronises from its
// partner, or waits for it when the partner is down too (serving stale data would lose acked writes).
import type { AgentEvent } from '../../harness/engine/effects.js';
import { defineMachine, update, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { StorageSettings } from './config.js';

export interface StorageNodeContext extends EffectfulContext {
  readonly resyncMs: number;
  readonly mirrored: boolean;
  /** This node holds every acknowledged write. */
  readonly current: boolean;
  /** Last sensed: the partner serves. */
  readonly partnerServing: boolean;
}

export type StorageNodeEvent =
  | { type: 'POWER_LOST' }
  | { type: 'STOP' }
  | { type: 'POWER_ON' }
  | { type: 'PARTNER'; serving: number }
  | { type: 'TIMER'; name: string }
  /** The settings a drift changed. */
  | { type: 'RECONFIGURE'; values: Partial<StorageSettings> };

const leave = (c: StorageNodeContext): StorageNodeContext => ({
  ...c,
  out: [{ do: 'cancelTimer', name: 'resync' }],
  current: c.mirrored ? c.current && !c.partnerServing : true,
});
/** The news of the partner (the hot transition: every partner change): fields written out, in `storageAgents`' order. */
const partner = (c: StorageNodeContext, e: AgentEvent): StorageNodeContext => ({
  out: [],
  resyncMs: c.resyncMs,
  mirrored: c.mirrored,
  current: c.current,
  partnerServing: e.serving === 1,
});
const resync = (c: StorageNodeContext): StorageNodeContext => ({
  ...c,
  out: [{ do: 'startTimer', name: 'resync', ms: c.resyncMs }],
});
const synced = (c: StorageNodeContext): StorageNodeContext => ({ ...c, out: [], current: true });
const reconfigure = (c: StorageNodeContext, e: StorageNodeEvent): StorageNodeContext => ({
  ...c,
  out: [],
  resyncMs: (e.type === 'RECONFIGURE' ? e.values.resyncMs : undefined) ?? c.resyncMs,
});

const canServeAlone = (c: StorageNodeContext) => !c.mirrored || c.current;

/** A node coming back resyncs from a serving partner, serves alone if it holds current data, else waits. */
const offline = {
  on: {
    POWER_ON: [
      {
        target: 'resyncing',
        cond: (c: StorageNodeContext) => c.mirrored && c.partnerServing,
        actions: update<StorageNodeContext, StorageNodeEvent>(resync),
      },
      { target: 'serving', cond: canServeAlone, actions: update<StorageNodeContext, StorageNodeEvent>(synced) },
      { target: 'waiting' },
    ],
    PARTNER: { actions: update<StorageNodeContext, StorageNodeEvent>(partner) },
    RECONFIGURE: { actions: update<StorageNodeContext, StorageNodeEvent>(reconfigure) },
  },
};

export const storageNodeMachine = defineMachine<StorageNodeContext, StorageNodeEvent>({
  id: 'sanmelody-node',
  initial: 'serving',
  states: {
    serving: {
      on: {
        POWER_LOST: { target: 'down', actions: update(leave) },
        STOP: { target: 'stopped', actions: update(leave) },
        PARTNER: { actions: update(partner) },
        RECONFIGURE: { actions: update(reconfigure) },
      },
    },
    // Powered off (hard) or stopped (clean): the same way back.
    down: offline,
    stopped: offline,
    resyncing: {
      on: {
        TIMER: { target: 'serving', actions: update(synced) },
        POWER_LOST: { target: 'down', actions: update(leave) },
        STOP: { target: 'stopped', actions: update(leave) },
        PARTNER: [
          // The partner left mid-resync: this copy is incomplete.
          {
            target: 'waiting',
            cond: (_c, e) => e.serving === 0,
            actions: update((c, e) => ({ ...partner(c, e), out: [{ do: 'cancelTimer', name: 'resync' }] })),
          },
          { actions: update(partner) },
        ],
        RECONFIGURE: { actions: update(reconfigure) },
      },
    },
    waiting: {
      on: {
        PARTNER: [
          { target: 'resyncing', cond: (_c, e) => e.serving === 1, actions: update((c, e) => resync(partner(c, e))) },
          { actions: update(partner) },
        ],
        POWER_LOST: { target: 'down', actions: update(leave) },
        STOP: { target: 'stopped', actions: update(leave) },
        RECONFIGURE: { actions: update(reconfigure) },
      },
    },
  },
});
