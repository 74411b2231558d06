// keepalived VRRP settings, their defaults and where each comes from, and the timers VRRP derives
// from them (master-down interval and skew, keepalived 2.2.7 `vrrp.h`).
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';

/** Routers are the topology's hosts in order; router i gets `priority{i+1}`. */
export const MAX_ROUTERS = 3;

export const keepalivedKeys = [
  {
    key: 'advertIntMs',
    type: 'ms',
    default: 1000, // DOMAIN.md keepalived: advert_int 1 s
    describe: 'advert_int: how often the MASTER sends a VRRP advertisement',
    source: 'DOMAIN.md keepalived: advert_int 1 s (keepalived.conf(5) default)',
    min: 10,
    max: 255_000,
    rangeSource:
      'keepalived vrrp_parser.c: advert_int 0.01–255 s; RFC 3768: whole seconds in VRRPv2, RFC 5798: centiseconds in v3',
  },
  {
    key: 'priority1',
    type: 'number',
    default: 150, // SCENARIOS.md keepalived: priorities 150 and 100
    describe: 'priority of the first router (r1), 1–254',
    source: 'SCENARIOS.md keepalived: priorities 150 and 100',
    min: 1,
    max: 254,
    rangeSource:
      'keepalived.conf(5): 1–255, where 255 means the address owner, which is not modelled; RFC 3768 §5.3.4: 1–254 for backup routers',
  },
  {
    key: 'priority2',
    type: 'number',
    default: 100, // SCENARIOS.md keepalived: priorities 150 and 100; keepalived.conf(5) default 100
    describe: 'priority of the second router (r2), 1–254',
    source: 'SCENARIOS.md keepalived: priorities 150 and 100',
    min: 1,
    max: 254,
    rangeSource:
      'keepalived.conf(5): 1–255, where 255 means the address owner, which is not modelled; RFC 3768 §5.3.4: 1–254 for backup routers',
  },
  {
    key: 'priority3',
    type: 'number',
    default: 50,
    describe: 'priority of a third router (r3), if the topology has one',
    source: 'modelling choice (no scenario uses a third router)',
    unverified: true,
    min: 1,
    max: 254,
    rangeSource:
      'keepalived.conf(5): 1–255, where 255 means the address owner, which is not modelled; RFC 3768 §5.3.4: 1–254 for backup routers',
  },
  {
    key: 'preempt',
    type: 'boolean',
    default: true, // DOMAIN.md keepalived: preemption on by default
    describe:
      'false = `nopreempt`: a BACKUP never takes over from a lower-priority MASTER (needs initial state BACKUP, which every router has here)',
    source: 'DOMAIN.md keepalived: preemption on by default; nopreempt needs initial state BACKUP',
  },
  {
    key: 'preemptDelayMs',
    type: 'ms',
    default: 0, // keepalived.conf(5): preempt_delay range 0 (default) to 1000 s
    describe:
      'preempt_delay: after first hearing a lower-priority MASTER, keep accepting its adverts this long before preempting',
    source: 'keepalived.conf(5) preempt_delay: 0 (default) to 1000 s; vrrp.c vrrp_state_backup',
    min: 0,
    max: 1_000_000,
    rangeSource: 'keepalived.conf(5) preempt_delay: 0 to 1000 s',
  },
  {
    key: 'vrrpVersion',
    type: 'enum',
    values: ['2', '3'],
    default: '2', // DOMAIN.md keepalived: skew (256 − priority)/256 s (v2)
    describe: 'VRRP version: the skew is (256 − priority)/256 s in v2 and (256 − priority) × advert_int/256 in v3',
    source: 'DOMAIN.md keepalived: skew (v2); keepalived vrrp.h VRRP_TIMER_SKEW',
  },
] as const satisfies readonly ConfigKey[];

/** keepalived's settings, typed from the table above. */
export type KeepalivedSettings = ConfigOf<typeof keepalivedKeys>;

/** The timers a router derives from its settings. */
export interface VrrpTimers {
  readonly advertIntMs: number;
  /** Skew_Time: how much a lower priority waits longer. */
  readonly skewMs: number;
  /** Master_Down_Interval = 3 × advert_int + skew. */
  readonly masterDownMs: number;
}

export function vrrpTimers(config: KeepalivedSettings, priority: number): VrrpTimers {
  const advertIntMs = config.advertIntMs;
  // DOMAIN.md keepalived: skew = (256 − priority)/256 s (v2); vrrp.h: × advert_int in v3.
  const skewMs =
    config.vrrpVersion === '3'
      ? Math.floor(((256 - priority) * advertIntMs) / 256)
      : Math.floor(((256 - priority) * 1000) / 256);
  // DOMAIN.md keepalived: master-down = 3 × advert + skew.
  return { advertIntMs, skewMs, masterDownMs: 3 * advertIntMs + skewMs };
}

export function priorityOf(config: KeepalivedSettings, router: number): number {
  return [config.priority1, config.priority2, config.priority3][router];
}

/**
 * Real time to watch after the last fault (conform): the slowest takeover whatever the priorities
 * (the skew is under 1 s in v2 and under advert_int in v3), a preempt delay, and two adverts for the
 * step-down that follows.
 */
export function watchAfterFaultsMs(config: KeepalivedSettings): number {
  const advert = config.advertIntMs;
  return 3 * advert + Math.max(1000, advert) + config.preemptDelayMs + 2 * advert;
}
