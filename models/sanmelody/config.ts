// Settings of the mirrored storage pair and of the hosts' multipath initiators.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';
import { storageRebootKey } from '../../harness/engine/worldKeys.js';

export const storageKeys = [
  {
    key: 'hardFailoverMs',
    type: 'ms',
    // SCENARIOS.md XenServer: D inside the range that reproduces seed 004 (seed-2009: 90 < D ≤ 120 s,
    // e.g. 100 s; xha: 105 < D ≤ 135 s, e.g. 120 s). DOMAIN.md multipath: replacement_timeout 120 s.
    // The host product's profile (XenServer HA: the era the pool runs in) picks the default.
    default: (c: { readonly profile: string }) => (c.profile === 'seed-2009' ? 100_000 : 120_000),
    describe:
      "How long a host's I/O stalls on a path to a storage node that lost power before multipath fails the path",
    source: 'seed 004 (120 s timeout needed); DOMAIN.md Multipath: replacement_timeout default 120 s',
    min: 0,
    max: 3_600_000,
    rangeSource:
      'modelling choice: replacement_timeout has no documented maximum and queue_if_no_path holds I/O forever, but a run needs an end',
  },
  {
    key: 'cleanFailoverMs',
    type: 'ms',
    default: 5_000, // DOMAIN.md Multipath: clean stop ⇒ paths move within seconds
    describe: 'How long I/O pauses when a path fails fast (session closed, link down)',
    source: 'DOMAIN.md Multipath: a clean stop moves paths within seconds',
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: DOMAIN.md Multipath gives within seconds, no bounds',
  },
  {
    key: 'pathPollingMs',
    type: 'ms',
    default: 5_000, // DOMAIN.md Multipath: polling_interval 5–10 s
    describe: 'dm-multipath polling interval: how soon a repaired path is used again',
    source: 'DOMAIN.md Multipath: polling_interval 5–10 s',
    min: 1,
    max: 600_000,
    rangeSource: 'modelling choice: DOMAIN.md Multipath gives polling_interval 5–10 s, no bounds',
  },
  storageRebootKey,
  {
    key: 'resyncMs',
    type: 'ms',
    default: 60_000,
    describe: 'Time a returning mirror node needs to resynchronise before it serves again',
    source: 'modelling choice; DOMAIN.md Multipath: DataCore mirrors resync after a node returns',
    unverified: true,
    min: 0,
    max: 86_400_000,
    rangeSource: 'modelling choice: a copy longer than a day is out of scope, and runs stay finite',
  },
] as const satisfies readonly ConfigKey[];

/** The storage layer's settings, typed from the table above (a host product's settings include them). */
export type StorageSettings = ConfigOf<typeof storageKeys>;
