// One keepalived VRRP instance (one router) as a state machine, after keepalived 2.2.7
// (`vrrp.c`: vrrp_state_backup, vrrp_state_master_rx, vrrp_state_leave_master; `vrrp_scheduler.c`).
// Adverts are modelled packet by packet: a MASTER sends one every advert_int to every other router
// (`send`), and a receiver drops the ones the network would not have carried (`heard`, from its
// sensing). Whoever is MASTER holds the virtual IP (startService / stopService of the VIP service).
import type { Effect } from '../../../harness/engine/effects.js';
import { defineMachine, routed, type EffectfulContext } from '../../../harness/engine/fsm.js';

export type Role = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT' | 'STOPPED' | 'DOWN';
export const ROLES: readonly Role[] = ['INIT', 'BACKUP', 'MASTER', 'FAULT', 'STOPPED', 'DOWN'];

export interface RouterSettings {
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

/** Where a preempt_delay stands: not started, running, or over (lower-priority adverts are then ignored). */
export type PreemptState = 'idle' | 'waiting' | 'ready';

export interface RouterContext extends EffectfulContext {
  readonly cfg: RouterSettings;
  readonly role: Role;
  /** Last sensed: the router's interface has carrier. */
  readonly carrier: boolean;
  /** Last sensed: routers whose packets reach this one (bit per router). */
  readonly heard: number;
  readonly preemptState: PreemptState;
}

export type RouterEvent =
  | { type: 'LINK'; carrier: number; heard: number; powered: number }
  | { type: 'ADVERT'; from: number; priority: number }
  | { type: 'TIMER'; name: string }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
  | { type: 'STOP' }
  | { type: 'START' }
  | { type: 'HOST_RESET' }
  | { type: 'HA_DISABLE' }
  | { type: 'APP_CRASH' }
  | { type: 'OPERATOR' }
  | { type: 'RECONFIGURE'; values: Record<string, unknown> };

type Next = { readonly value: string; readonly context: RouterContext };

const ADVERT = 'advert';
const DOWN_TIMER = 'masterDown';
const PREEMPT = 'preemptDelay';

/** What a transition may change besides the role and the effects. */
type Patch = Partial<Pick<RouterContext, 'carrier' | 'heard' | 'preemptState'>>;

// Adverts are the model's hot path (one timer and one delivery per router every advert_int): the
// next context is written out field by field (in the initial context's key order), not spread.
function go(c: RouterContext, role: Role, out: readonly Effect[], patch?: Patch): Next {
  const context: RouterContext = {
    cfg: c.cfg,
    role,
    carrier: patch?.carrier ?? c.carrier,
    heard: patch?.heard ?? c.heard,
    preemptState: patch?.preemptState ?? c.preemptState,
    out,
  };
  return { value: role, context };
}

const NOTHING: readonly Effect[] = [];
const stay = (c: RouterContext): Next => go(c, c.role, NOTHING);

function sendAdverts(cfg: RouterSettings, priority: number): readonly Effect[] {
  return cfg.others.map((to) => ({ do: 'send', to, event: { type: 'ADVERT', from: cfg.self, priority } }));
}

/** A router's recurring effect lists, built once per router (effects and events are never changed). */
interface Recurring {
  /** The next advert: restart the advert timer, then send one to every other router. */
  readonly tick: readonly Effect[];
  /** An accepted advert: restart the master-down timer. */
  readonly heardMaster: readonly Effect[];
}
const recurring = new WeakMap<RouterSettings, Recurring>();

function recurringOf(cfg: RouterSettings): Recurring {
  let r = recurring.get(cfg);
  if (r === undefined) {
    r = {
      tick: [{ do: 'startTimer', name: ADVERT, ms: cfg.advertIntMs }, ...sendAdverts(cfg, cfg.priority)],
      heardMaster: [{ do: 'startTimer', name: DOWN_TIMER, ms: cfg.masterDownMs }],
    };
    recurring.set(cfg, r);
  }
  return r;
}

/** Adverts at this router's priority (0: the last one of a clean stop). */
function advertise(c: RouterContext, priority: number): readonly Effect[] {
  return priority === c.cfg.priority ? recurringOf(c.cfg).tick.slice(1) : sendAdverts(c.cfg, priority);
}

const cancelAll: readonly Effect[] = [
  { do: 'cancelTimer', name: ADVERT },
  { do: 'cancelTimer', name: DOWN_TIMER },
  { do: 'cancelTimer', name: PREEMPT },
];

/** INIT, or back from FAULT or a stop: BACKUP with a fresh master-down timer, or FAULT without carrier. */
function enterBackupOrFault(c: RouterContext, extra: readonly Effect[] = []): Next {
  if (!c.carrier) return go(c, 'FAULT', [...extra, ...cancelAll]);
  // vrrp_scheduler.c: a BACKUP starts with ms_down_timer = 3 × advert + skew; "removing VIPs".
  return go(
    c,
    'BACKUP',
    [
      ...extra,
      { do: 'stopService', service: c.cfg.vip },
      { do: 'startTimer', name: DOWN_TIMER, ms: c.cfg.masterDownMs },
    ],
    { preemptState: 'idle' },
  );
}

function becomeMaster(c: RouterContext): Next {
  // vrrp_state_master_tx sends the advert, then takes the VIPs. Sends go last in every effect list
  // here: the simulator delivers them at once, and a reply must find this router's state complete.
  return go(c, 'MASTER', [
    { do: 'startService', service: c.cfg.vip },
    { do: 'cancelTimer', name: PREEMPT },
    { do: 'startTimer', name: ADVERT, ms: c.cfg.advertIntMs },
    ...advertise(c, c.cfg.priority),
  ]);
}

function leaveMaster(c: RouterContext, to: Role, extra: readonly Effect[], sends: readonly Effect[] = []): Next {
  const out: Effect[] = [...extra, { do: 'stopService', service: c.cfg.vip }, { do: 'cancelTimer', name: ADVERT }];
  if (to === 'BACKUP') out.push({ do: 'startTimer', name: DOWN_TIMER, ms: c.cfg.masterDownMs });
  return go(c, to, [...out, ...sends], { preemptState: 'idle' });
}

/** The advertising router wins a tie on priority when its address is higher (router order). */
function beats(priority: number, from: number, c: RouterContext): boolean {
  return priority > c.cfg.priority || (priority === c.cfg.priority && from > c.cfg.self);
}

function onAdvertAsBackup(c: RouterContext, priority: number): Next {
  const { cfg } = c;
  if (priority === 0) {
    // A MASTER that stops cleanly sends priority 0: take over after the skew only.
    return go(c, 'BACKUP', [{ do: 'startTimer', name: DOWN_TIMER, ms: cfg.skewMs }]);
  }
  const delaying = cfg.preemptDelayMs > 0 && c.preemptState !== 'ready';
  if (!cfg.preempt || priority >= cfg.priority || delaying) {
    if (cfg.preemptDelayMs === 0) return go(c, 'BACKUP', recurringOf(cfg).heardMaster);
    const out: Effect[] = [...recurringOf(cfg).heardMaster];
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
  // A lower-priority MASTER with preemption on: discard its advert; the master-down timer keeps
  // running from the last accepted one, and this router takes over when it expires.
  return stay(c);
}

function onAdvertAsMaster(c: RouterContext, from: number, priority: number): Next {
  if (priority !== 0 && beats(priority, from, c)) return leaveMaster(c, 'BACKUP', []);
  // Priority 0 or a lower priority: answer with an advert at once ("forcing new election"), and
  // the advert timer restarts from now (vrrp_dispatcher_read resets sands after any packet).
  return go(c, 'MASTER', recurringOf(c.cfg).tick);
}

function onLink(c: RouterContext, carrier: boolean, heard: number): Next {
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

function onTimer(c: RouterContext, name: string): Next {
  if (name === DOWN_TIMER && c.role === 'BACKUP') return becomeMaster(c);
  if (name === ADVERT && c.role === 'MASTER') {
    return go(c, 'MASTER', recurringOf(c.cfg).tick);
  }
  if (name === PREEMPT && c.role === 'BACKUP') return go(c, 'BACKUP', [], { preemptState: 'ready' });
  return stay(c);
}

const running = (role: Role) => role === 'INIT' || role === 'BACKUP' || role === 'MASTER' || role === 'FAULT';

function reduce(c: RouterContext, e: RouterEvent): Next {
  switch (e.type) {
    case 'LINK':
      return onLink(c, e.carrier === 1, e.heard);
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
      if (c.role === 'MASTER') return leaveMaster(c, 'STOPPED', cancelAll, advertise(c, 0));
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

const EVENTS = ['LINK', 'ADVERT', 'TIMER', 'CRASH', 'POWER_ON', 'STOP', 'START'] as const;

/**
 * The state's own role first: most events (an advert, the next advert tick) leave the role as it
 * is, and the machine tries its guarded transitions in order (they exclude each other, so the order
 * changes nothing else).
 */
function stateNode(role: Role) {
  const targets = [role, ...ROLES.filter((r) => r !== role)];
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<RouterContext, RouterEvent>(targets, reduce)])) };
}

export const routerMachine = defineMachine<RouterContext, RouterEvent>({
  id: 'keepalived-vrrp',
  initial: 'INIT',
  states: Object.fromEntries(ROLES.map((r) => [r, stateNode(r)])),
});

export function initialRouterContext(cfg: RouterSettings): RouterContext {
  return { cfg, role: 'INIT', carrier: false, heard: 0, preemptState: 'idle', out: [] };
}
