// The STONITH pair's settings, each with the source of its default; typed once for the whole model.
import type { ConfigKey, ConfigOf } from '../../../harness/engine/model.js';

export const pairKeys = [
  {
    key: 'deadTimeMs',
    type: 'ms',
    default: 3000, // DOMAIN.md Corosync / Pacemaker: token 3000 ms
    describe: 'how long the peer may be silent before it is declared dead and fenced',
    source: 'DOMAIN.md Corosync / Pacemaker: token 3000 ms (corosync.conf.5, v3.1+)',
    min: 100,
    max: 600_000,
    rangeSource: 'modelling choice: from a tenth of a second to ten minutes',
  },
  {
    key: 'priorityFenceDelayMs',
    type: 'ms',
    default: 0,
    unverified: true,
    describe:
      'extra wait before the node without the service fences the one running it, so that the latter wins a fence race',
    source:
      'modelling choice: off, a two-node cluster set up without a delay (DOMAIN.md Corosync / Pacemaker: fence race unless a delay such as priority-fencing-delay breaks the tie)',
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: up to ten minutes',
  },
  {
    key: 'fenceAction',
    type: 'enum',
    values: ['reboot', 'off'],
    default: 'reboot', // DOMAIN.md Corosync / Pacemaker: stonith action reboot
    describe: 'what the fence device does to the peer: power it off and on again, or off for good',
    source: 'DOMAIN.md Corosync / Pacemaker: stonith action reboot',
  },
  {
    key: 'stonithEnabled',
    type: 'boolean',
    default: true, // DOMAIN.md Corosync / Pacemaker: stonith-enabled true
    describe: 'fence a silent peer before taking over; false takes over at once (unsafe)',
    source: 'DOMAIN.md Corosync / Pacemaker: stonith-enabled true',
  },
] as const satisfies readonly ConfigKey[];

/** The pair's settings as its agents see them: `{ deadTimeMs: number; fenceAction: 'reboot' | 'off'; … }`. */
export type PairSettings = ConfigOf<typeof pairKeys>;
