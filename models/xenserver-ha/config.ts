// XenServer HA settings, their defaults and where each default comes from, and the timers xhad
// derives from the one base timeout.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';
import { storageKeys } from '../sanmelody/config.js';

export type Profile = 'xha' | 'seed-2009';

export const xenserverKeys = [
  {
    key: 'profile',
    type: 'enum',
    values: ['xha', 'seed-2009'],
    default: 'xha',
    describe: "xha: survival rules of today's xhad; seed-2009: the behaviour seed 004 reports for its era",
    source: 'DOMAIN.md XenServer (xenserver/xha daemon/sm.c); seed 004',
  },
  {
    key: 'defaultHaTimeoutMs',
    type: 'ms',
    // seed 004: "The default HA timeout in XenServer is 30 seconds"; DOMAIN.md XenServer: current xapi default 60 s.
    default: (c: { readonly profile: Profile }) => builtInTimeoutMs(c.profile),
    describe:
      'Persistent HA timeout (pool other-config:default_ha_timeout): T whenever HA is enabled without ha-config:timeout, e.g. re-enabled from the GUI',
    source:
      'DOMAIN.md XenServer: the ha-config:timeout does not survive disable/enable, other-config:default_ha_timeout does; xapi xapi_ha.ml Timeouts.get_base_t. Unset: the built-in default (seed 004: 30 s; xapi: 60 s)',
    min: 10_000,
    max: 3_600_000,
    rangeSource:
      'DOMAIN.md XenServer: minimum 10 s (the same bound as ha-config:timeout); no maximum documented, so the maximum is a modelling choice and runs stay finite',
  },
  {
    key: 'timeoutMs',
    type: 'ms',
    // xapi xapi_ha.ml get_base_t: ha-config:timeout, else other-config:default_ha_timeout, else the built-in default.
    default: (c: { readonly defaultHaTimeoutMs: number }) => c.defaultHaTimeoutMs,
    describe: 'HA timeout T (ha-config:timeout): network and statefile loss detection',
    source:
      'seed 004: default 30 s; DOMAIN.md XenServer: current xapi default 60 s, minimum 10 s; unset, it is defaultHaTimeoutMs',
    min: 10_000,
    max: 3_600_000,
    rangeSource:
      'DOMAIN.md XenServer: minimum 10 s; no maximum documented, so the maximum is a modelling choice and runs stay finite',
  },
  {
    key: 'winnersWaitMs',
    type: 'ms',
    default: (c: { readonly timeoutMs: number }) => winnersWaitFor(c.timeoutMs), // xha daemon/sm.c: max(Wh, Ws) − min(T1, T2) + max(t1, t2), ≥ 10 s
    describe:
      'How long the surviving partition waits before it drops lost hosts (and the master restarts their VMs); longer by T while a lost host is still heard or writes the statefile',
    source:
      'xha daemon/sm.c fault handler phase 4: max(Wh, Ws) − min(T1, T2) + max(t1, t2) = 15 s + t, at least 10 s, + T while a removed host is still in the heartbeat or statefile domain; DOMAIN.md: 22 s at T = 60',
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
  {
    key: 'hostFailuresToTolerate',
    type: 'number',
    default: 1,
    describe:
      'ha-host-failures-to-tolerate: host failures the pool plans for; beyond it the master reports the pool overcommitted and restarts VMs by priority while capacity lasts',
    source:
      'DOMAIN.md XenServer: bounds planned failures; xapi: failures tolerated before the pool is declared overcommitted. Default 1 is a modelling choice (XenCenter proposes the most the pool can take)',
    unverified: true,
    min: 0,
    max: 63,
    rangeSource: 'a pool of at most 64 hosts (XenServer configuration limits) can plan for at most 63 failures',
  },
  ...storageKeys,
] as const satisfies readonly ConfigKey[];

/** XenServer HA's settings, typed from the table above (what instantiate and the drift get). */
export type XenserverSettings = ConfigOf<typeof xenserverKeys>;

/** The timeout HA uses when none was given (seed 004's era: 30 s; xapi today: 60 s). */
export function builtInTimeoutMs(profile: Profile): number {
  return profile === 'seed-2009' ? 30_000 : 60_000;
}

/** The timers xhad derives from T (DOMAIN.md XenServer, xha lib/config.c). */
interface DerivedTimers {
  /** Heartbeat and statefile write interval t = floor((T + 10) / 10) s. */
  readonly heartbeatMs: number;
  /** Statefile watchdog Ws = T + 15 s. */
  readonly watchdogMs: number;
  /** Join timeout T + 60 s. */
  readonly joinTimeoutMs: number;
}

/** Every timer a host runs by: T and the winners' wait as set, the others derived from T. */
export interface XhaTimers extends DerivedTimers {
  readonly timeoutMs: number;
  readonly winnersWaitMs: number;
}

/**
 * The one place the timers are derived from the settings: at the start of a run, and again when a
 * drift changes T (the host agent's RECONFIGURE).
 */
export function xhaTimers(s: { readonly timeoutMs: number; readonly winnersWaitMs: number }): XhaTimers {
  return { timeoutMs: s.timeoutMs, winnersWaitMs: s.winnersWaitMs, ...deriveTimers(s.timeoutMs) };
}

/**
 * xhad's winners' wait at T (xha daemon/sm.c, fault handler phase 4): the survivors sleep
 * max(Wh, Ws) − min(T1, T2) + max(t1, t2), at least 10 s (FH_MINIMUM_SLEEP_BEFORE_FO), so that every
 * loser's watchdog has fired before its VMs restart. With Wh = T1 = T2 = T and Ws = T + 15 s that is
 * 15 s + t: 19 s at T = 30, 22 s at T = 60 (DOMAIN.md), 28 s at T = 120. The default of
 * `winnersWaitMs`, and what a derived wait becomes when a drift changes T.
 */
export function winnersWaitFor(timeoutMs: number): number {
  const t = deriveTimers(timeoutMs);
  return Math.max(t.watchdogMs - timeoutMs + t.heartbeatMs, 10_000);
}

function deriveTimers(timeoutMs: number): DerivedTimers {
  const seconds = Math.floor(timeoutMs / 1000);
  return {
    heartbeatMs: Math.floor((seconds + 10) / 10) * 1000, // DOMAIN.md xHA: t = floor((T + 10) / 10) s
    watchdogMs: timeoutMs + 15_000, // DOMAIN.md xHA: Ws = T + 15 s
    joinTimeoutMs: timeoutMs + 60_000, // DOMAIN.md xHA: join timeout T + 60 s
  };
}
