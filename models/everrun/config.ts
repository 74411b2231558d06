// everRun VM settings, their defaults and where each default comes from. The seed gives the
// behaviour (no client-visible interruption, automatic resync) but no durations: every duration
// here is a modelling choice, marked unverified.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';
import { storageRebootKey } from '../../harness/engine/worldKeys.js';

export const everrunKeys = [
  {
    key: 'peerTimeoutMs',
    type: 'ms',
    default: 1_000, // modelling choice: a lock-step pair on a dedicated low-latency link notices a silent partner fast
    describe: 'How long a host hears its partner on neither heartbeat link before it runs its instances alone',
    source:
      'DOMAIN.md everRun VM: lock-step pair on a dedicated low-latency link (the detection time itself is a modelling choice)',
    unverified: true,
    min: 1,
    max: 600_000,
    rangeSource: 'modelling choice: no document gives bounds; longer than 10 min is out of scope, and runs stay finite',
  },
  {
    key: 'resyncMs',
    type: 'ms',
    default: 300_000, // modelling choice: copying a Windows instance's memory and disk to the returned host
    describe: "Time to bring a returning host's copies of the protected instances back into lock-step",
    source:
      'seed 003: after a failure is repaired, everRun resynchronises the two instances without an administrator (duration: modelling choice)',
    unverified: true,
    min: 0,
    max: 86_400_000,
    rangeSource: 'modelling choice: a copy longer than a day is out of scope, and runs stay finite',
  },
  {
    key: 'hostBootMs',
    type: 'ms',
    default: 120_000, // modelling choice: server POST plus XenServer boot
    describe: 'Time a powered-on host needs before everRun runs on it again',
    source: 'modelling choice (server POST and XenServer boot)',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'vmBootMs',
    type: 'ms',
    default: 60_000, // modelling choice: a Windows 2003 guest boots in about a minute
    describe: 'Time an instance restarted from its disk (not from a lock-step copy) needs before it serves',
    source: 'modelling choice (Windows 2003 guest boot)',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  // modelling choice: a direct-attached array power-cycles in minutes
  {
    ...storageRebootKey,
    default: 120_000,
    describe: 'Time a hard power-cycled local array needs to come back',
    source: 'modelling choice; seed 003: storage can be local, direct attached or SAN',
  },
] as const satisfies readonly ConfigKey[];

/** everRun VM's settings, typed from the table above. */
export type EverrunSettings = ConfigOf<typeof everrunKeys>;
