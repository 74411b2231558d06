// keepalived 2.2.7's VRRP reactions (`vrrp.c`: vrrp_state_backup, vrrp_state_master_rx,
// vrrp_state_leave_master; `vrrp_scheduler.c`), one event at a time, in the terms of a
// packet-by-packet world: timers (`advert`, `masterDown`, `preemptDelay`) and adverts sent. The
// router machine (router.ts) runs these both for real events and for the adverts it works out
// arithmetically, and turns the timer effects into instants it keeps in its context.
import type { Effect } from '../../harness/engine/effects.js';

export type Role = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT' | 'STOPPED' | 'DOWN';
export const ROLES: readonly Role[] = ['INIT', 'BACKUP', 'MASTER', 'FAULT', 'STOPPED', 'DOWN'];

/** Where a preempt_delay stands: not started, running, or over (lower-priority adverts are then ignored). */
export type PreemptState = 'idle' | 'waiting' | 'ready';

export interface VrrpSettings {
  readonly self: number;
  /** Agent ids of the other routers (where adverts go). */
  readonly others: readonly string[];
  readonly priority: number;
  readonly advertIntMs: number;
  readonly skewMs: number;
  readonly masterDownMs: number;
  readonly preempt: boolean;
  readonly preemptDelayMs: number;
  /** The virtual IP, as a service of the topology. */
  readonly vip: string;
}

/** What the VRRP reactions read and change. */
export interface VrrpState {
  readonly cfg: VrrpSettings;
  readonly role: Role;
  /** Last sensed: the router's interface has carrier. */
  readonly carrier: boolean;
  /** Last sensed: routers whose packets reach this one (bit per router). */
  readonly heard: number;
  readonly preemptState: PreemptState;
}

export type VrrpEvent =
  | { readonly type: 'LINK'; readonly carrier: boolean; readonly heard: number }
  | { readonly type: 'ADVERT'; readonly from: number; readonly priority: number }
  | { readonly type: 'TIMER'; readonly name: string }
  | { readonly type: 'CRASH' | 'POWER_ON' | 'STOP' | 'START' };

export interface VrrpStep {
  readonly role: Role;
  readonly carrier: boolean;
  readonly heard: number;
  readonly preemptState: PreemptState;
  /** Timer effects and `send`s of ADVERT {from, priority}, in the packet model's order. */
  readonly out: readonly Effect[];
}

export const ADVERT = 'advert';
export const DOWN_TIMER = 'masterDown';
export const PREEMPT = 'preemptDelay';

type Patch = Partial<Pick<VrrpState, 'carrier' | 'heard' | 'preemptState'>>;

function go(c: VrrpState, role: Role, out: readonly Effect[], patch?: Patch): VrrpStep {
  return {
    role,
    carrier: patch?.carrier ?? c.carrier,
    heard: patch?.heard ?? c.heard,
    preemptState: patch?.preemptState ?? c.preemptState,
    out,
  };
}

const NOTHING: readonly Effect[] = [];
const stay = (c: VrrpState): VrrpStep => go(c, c.role, NOTHING);

function sendAdverts(cfg: VrrpSettings, priority: number): Effect[] {
  return cfg.others.map((to) => ({ do: 'send', to, event: { type: 'ADVERT', from: cfg.self, priority } }));
}

/** The next advert: restart the advert timer, then send one to every other router. */
function tick(cfg: VrrpSettings): readonly Effect[] {
  return [{ do: 'startTimer', name: ADVERT, ms: cfg.advertIntMs }, ...sendAdverts(cfg, cfg.priority)];
}

const cancelAll: readonly Effect[] = [
  { do: 'cancelTimer', name: ADVERT },
  { do: 'cancelTimer', name: DOWN_TIMER },
  { do: 'cancelTimer', name: PREEMPT },
];

/** INIT, or back from FAULT or a stop: BACKUP with a fresh master-down timer, or FAULT without carrier. */
function enterBackupOrFault(c: VrrpState): VrrpStep {
  if (!c.carrier) return go(c, 'FAULT', cancelAll);
  // vrrp_scheduler.c: a BACKUP starts with ms_down_timer = 3 × advert + skew; "removing VIPs".
  return go(
    c,
    'BACKUP',
    [
      { do: 'stopService', service: c.cfg.vip },
      { do: 'startTimer', name: DOWN_TIMER, ms: c.cfg.masterDownMs },
    ],
    { preemptState: 'idle' },
  );
}

function becomeMaster(c: VrrpState): VrrpStep {
  // vrrp_state_master_tx sends the advert, then takes the VIPs. Sends go last in every effect list
  // here: the simulator delivers them at once, and a reply must find this router's state complete.
  return go(c, 'MASTER', [
    { do: 'startService', service: c.cfg.vip },
    { do: 'cancelTimer', name: PREEMPT },
    ...tick(c.cfg),
  ]);
}

function leaveMaster(c: VrrpState, to: Role, extra: readonly Effect[], sends: readonly Effect[] = []): VrrpStep {
  const out: Effect[] = [...extra, { do: 'stopService', service: c.cfg.vip }, { do: 'cancelTimer', name: ADVERT }];
  if (to === 'BACKUP') out.push({ do: 'startTimer', name: DOWN_TIMER, ms: c.cfg.masterDownMs });
  return go(c, to, [...out, ...sends], { preemptState: 'idle' });
}

/** The advertising router wins a tie on priority when its address is higher (router order). */
function beats(priority: number, from: number, c: VrrpState): boolean {
  return priority > c.cfg.priority || (priority === c.cfg.priority && from > c.cfg.self);
}

/** Whether a BACKUP in this state takes an advert of this priority (restarting its master-down timer). */
export function accepts(c: VrrpState, priority: number): boolean {
  const { cfg } = c;
  const delaying = cfg.preemptDelayMs > 0 && c.preemptState !== 'ready';
  return !cfg.preempt || priority >= cfg.priority || delaying;
}

function onAdvertAsBackup(c: VrrpState, priority: number): VrrpStep {
  const { cfg } = c;
  if (priority === 0) {
    // A MASTER that stops cleanly sends priority 0: take over after the skew only.
    return go(c, 'BACKUP', [{ do: 'startTimer', name: DOWN_TIMER, ms: cfg.skewMs }]);
  }
  // A lower-priority MASTER with preemption on: discard its advert; the master-down timer keeps
  // running from the last accepted one, and this router takes over when it expires.
  if (!accepts(c, priority)) return stay(c);
  const out: Effect[] = [{ do: 'startTimer', name: DOWN_TIMER, ms: cfg.masterDownMs }];
  if (cfg.preemptDelayMs === 0) return go(c, 'BACKUP', out);
  let preemptState = c.preemptState;
  if (priority >= cfg.priority) {
    if (preemptState !== 'idle') out.push({ do: 'cancelTimer', name: PREEMPT });
    preemptState = 'idle';
  } else if (preemptState === 'idle') {
    out.push({ do: 'startTimer', name: PREEMPT, ms: cfg.preemptDelayMs });
    preemptState = 'waiting';
  }
  return go(c, 'BACKUP', out, { preemptState });
}

function onAdvertAsMaster(c: VrrpState, from: number, priority: number): VrrpStep {
  if (priority !== 0 && beats(priority, from, c)) return leaveMaster(c, 'BACKUP', []);
  // Priority 0 or a lower priority: answer with an advert at once ("forcing new election"), and
  // the advert timer restarts from now (vrrp_dispatcher_read resets sands after any packet).
  return go(c, 'MASTER', tick(c.cfg));
}

function onLink(c: VrrpState, carrier: boolean, heard: number): VrrpStep {
  const next = { ...c, carrier, heard };
  switch (c.role) {
    case 'INIT':
      return carrier ? enterBackupOrFault(next) : go(next, 'FAULT', []);
    case 'FAULT':
      return carrier ? enterBackupOrFault(next) : stay(next);
    case 'BACKUP':
      return carrier ? stay(next) : go(next, 'FAULT', cancelAll, { preemptState: 'idle' });
    case 'MASTER':
      // vrrp_state_leave_master to FAULT: a priority-0 advert (lost with the carrier) and the VIP goes.
      return carrier ? stay(next) : leaveMaster(next, 'FAULT', [{ do: 'cancelTimer', name: DOWN_TIMER }]);
    default:
      return stay(next);
  }
}

function onTimer(c: VrrpState, name: string): VrrpStep {
  if (name === DOWN_TIMER && c.role === 'BACKUP') return becomeMaster(c);
  if (name === ADVERT && c.role === 'MASTER') return go(c, 'MASTER', tick(c.cfg));
  if (name === PREEMPT && c.role === 'BACKUP') return go(c, 'BACKUP', [], { preemptState: 'ready' });
  return stay(c);
}

const running = (role: Role) => role === 'INIT' || role === 'BACKUP' || role === 'MASTER' || role === 'FAULT';

/** One VRRP reaction. */
export function react(c: VrrpState, e: VrrpEvent): VrrpStep {
  switch (e.type) {
    case 'LINK':
      return onLink(c, e.carrier, e.heard);
    case 'ADVERT':
      // The network dropped it (partition, cut cable) or nobody is listening.
      if (((c.heard >> e.from) & 1) === 0 || !c.carrier) return stay(c);
      if (c.role === 'BACKUP') return onAdvertAsBackup(c, e.priority);
      if (c.role === 'MASTER') return onAdvertAsMaster(c, e.from, e.priority);
      return stay(c);
    case 'TIMER':
      return onTimer(c, e.name);
    case 'STOP':
      if (!running(c.role)) return stay(c);
      // A clean stop: a MASTER says goodbye with priority 0 and releases the VIP.
      if (c.role === 'MASTER') return leaveMaster(c, 'STOPPED', cancelAll, sendAdverts(c.cfg, 0));
      return go(c, 'STOPPED', cancelAll);
    case 'START':
      return c.role === 'STOPPED' ? enterBackupOrFault(c) : stay(c);
    case 'CRASH':
      // The simulator takes the VIP away with the host's power.
      return go(c, 'DOWN', cancelAll);
    case 'POWER_ON':
      // The daemon is enabled at boot (host boot time is not modelled: the real driver restarts it at
      // once); it starts in INIT and leaves it on the link state it senses, at the same instant.
      return c.role === 'DOWN' ? go(c, 'INIT', []) : stay(c);
    default:
      return stay(c);
  }
}
