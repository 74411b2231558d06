// XenServer HA settings, their defaults and where each default comes from, and the timers xhad
// derives from the one base timeout.
import type { Config, ConfigKey } from '../../harness/model.js';
import { storageKeys } from '../sanmelody/config.js';

export type Profile = 'xha' | 'seed-2009';

export const xenserverKeys: readonly ConfigKey[] = [
  {
    key: 'profile',
    type: 'enum',
    values: ['xha', 'seed-2009'],
    default: 'xha',
    describe: 'xha: survival rules of today\'s xhad; seed-2009: the behaviour seed 004 reports for its era',
    source: 'DOMAIN.md XenServer (xenserver/xha daemon/sm.c); seed 004',
  },
  {
    key: 'timeoutMs',
    type: 'ms',
    // seed 004: "The default HA timeout in XenServer is 30 seconds"; DOMAIN.md XenServer: current xapi default 60 s.
    default: (c: Config) => (c.profile === 'seed-2009' ? 30_000 : 60_000),
    describe: 'HA timeout T (ha-config:timeout): network and statefile loss detection',
    source: 'seed 004: default 30 s; DOMAIN.md XenServer: current xapi default 60 s, minimum 10 s',
    min: 10_000,
    max: 3_600_000,
    rangeSource: 'DOMAIN.md XenServer: minimum 10 s; no maximum documented, so the maximum is a modelling choice and runs stay finite',
  },
  {
    key: 'winnersWaitMs',
    type: 'ms',
    default: 22_000, // DOMAIN.md XenServer: winners wait ≥ 10 s; 22 s at T = 60
    describe: 'How long the surviving partition waits before it drops lost hosts and restarts their VMs',
    source: 'DOMAIN.md XenServer: winners wait (≥ 10 s; 22 s at T = 60); scaling with T unverified',
    unverified: true,
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: DOMAIN.md XenServer gives 22 s at T = 60, no bounds',
  },
  {
    key: 'hostBootMs',
    type: 'ms',
    default: 90_000,
    describe: 'Time a fenced host needs to reboot before HA starts on it again',
    source: 'modelling choice (server POST and XenServer boot)',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'vmBootMs',
    type: 'ms',
    default: 30_000,
    describe: 'Time a restarted VM needs before it serves again',
    source: 'modelling choice; DOMAIN.md XenServer: about 2 minutes from power-off to VM restart with defaults',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  ...storageKeys,
];

/** The timers xhad derives from T (DOMAIN.md XenServer, xha lib/config.c). */
export interface DerivedTimers {
  /** Heartbeat and statefile write interval t = floor((T + 10) / 10) s. */
  readonly heartbeatMs: number;
  /** Statefile watchdog Ws = T + 15 s. */
  readonly watchdogMs: number;
  /** Join timeout T + 60 s. */
  readonly joinTimeoutMs: number;
}

export function deriveTimers(timeoutMs: number): DerivedTimers {
  const seconds = Math.floor(timeoutMs / 1000);
  return {
    heartbeatMs: Math.floor((seconds + 10) / 10) * 1000, // DOMAIN.md xHA: t = floor((T + 10) / 10) s
    watchdogMs: timeoutMs + 15_000, // DOMAIN.md xHA: Ws = T + 15 s
    joinTimeoutMs: timeoutMs + 60_000, // DOMAIN.md xHA: join timeout T + 60 s
  };
}
