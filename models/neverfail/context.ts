// A Neverfail server's settings and beliefs, and the small helpers every transition uses: each
// transition copies the context once into a draft, edits it, and collects the effects it asks for.
import type { Effect } from '../../harness/engine/effects.js';
import { cancelFlagTimer, startFlagTimer } from '../../harness/engine/timerBook.js';
import type { EffectfulContext } from '../../harness/engine/fsm.js';
import type { ServerObservation } from './sense.js';

export type Identity = 'primary' | 'secondary';

/** What does not change from event to event (shared between copies of the context). */
export interface ServerSettings {
  readonly identity: Identity;
  readonly peerAgent: string;
  readonly peerHost: string;
  /** The protected application; a running instance is the server holding the identity and serving it. */
  readonly service: string;
  readonly failoverTimeoutMs: number;
  /** Ping targets silent this long ⇒ the public network is lost ((count − 1) × interval + echo timeout). */
  readonly publicLostMs: number;
  readonly splitBrainAvoidance: boolean;
  readonly passiveWhenIsolated: boolean;
  readonly passiveChecksPublic: boolean;
  readonly lagMs: number;
  readonly appRestarts: number;
  readonly appStopMs: number;
  readonly dataApplyMs: number;
  readonly networkJoinMs: number;
  readonly appStartMs: number;
  readonly bootMs: number;
  readonly fullSyncMs: number;
}

export interface ServerContext extends EffectfulContext {
  readonly cfg: ServerSettings;
  /** Last observation. */
  readonly channel: boolean;
  readonly peerRole: string;
  readonly public: boolean;
  readonly peerPublic: boolean;
  readonly peerPublicOk: boolean;
  /** The channel has been silent for the failover timeout. */
  readonly channelLost: boolean;
  /** The ping targets have been silent for the check count. */
  readonly publicLost: boolean;
  /** Timers running (bit flags below). */
  readonly running: number;
  /** This host's copy is declared a replica of the peer's writes. */
  readonly replicating: boolean;
  /** The role survives a reboot: the server was active when it went down. */
  readonly wasActive: boolean;
  /** Local restarts of the application since it last became active. */
  readonly restarts: number;
  /** Where the old active goes when its switchover completes. */
  readonly afterHandover: 'passive' | 'unsynced';
  /** Replication stopped for good until an operator restarts it (after an auto-switchover). */
  readonly manualResync: boolean;
  /** The last veto or standing decision noted, so that it is noted once. */
  readonly decision: string;
  /** Deployment: a clone of the primary exists to restore. */
  readonly cloneReady: boolean;
  /** Deployment role to return to after a crash before Neverfail runs here ('' once deployed). */
  readonly phase: string;
}

export type ServerEvent =
  | ServerObservation
  | { type: 'TIMER'; name: string }
  | { type: 'OPERATOR'; step: string }
  | { type: 'APP_CRASH'; service: string }
  | { type: 'HANDOVER' }
  | { type: 'CLONE_READY' }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
  | { type: 'HOST_RESET' }
  | { type: 'HA_DISABLE' }
  | { type: 'RECONFIGURE'; values: Record<string, unknown> };

export type Draft = { -readonly [K in keyof ServerContext]: ServerContext[K] } & { out: Effect[] };

export const FAILOVER = 1;
export const PUBLIC = 2;
export const SYNC = 4;
export const STEP = 8;
export const BOOT = 16;
const NAMES: Readonly<Record<number, string>> = {
  [FAILOVER]: 'failover',
  [PUBLIC]: 'public',
  [SYNC]: 'sync',
  [STEP]: 'step',
  [BOOT]: 'boot',
};
const FLAGS: Readonly<Record<string, number>> = {
  failover: FAILOVER,
  public: PUBLIC,
  sync: SYNC,
  step: STEP,
  boot: BOOT,
};

export function draft(c: ServerContext): Draft {
  return { ...c, out: [] };
}

export function note(d: Draft, text: string): void {
  d.out.push({ do: 'note', text });
}

export function startTimer(d: Draft, flag: number, ms: number): void {
  d.running = startFlagTimer(d.running, flag, NAMES[flag], ms, d.out);
}

export function cancelTimer(d: Draft, flag: number): void {
  d.running = cancelFlagTimer(d.running, flag, NAMES[flag], d.out);
}

export function cancelAll(d: Draft): void {
  for (const flag of [FAILOVER, PUBLIC, SYNC, STEP, BOOT]) cancelTimer(d, flag);
}

/** A timer fired: it no longer runs. */
export function fired(d: Draft, name: string): void {
  d.running &= ~(FLAGS[name] ?? 0);
}

/** Note a standing decision (a veto, a refusal to act) once, until it changes. */
export function decide(d: Draft, text: string): void {
  if (text === d.decision) return;
  if (text !== '') note(d, text);
  d.decision = text;
}

export function startApp(d: Draft, cause: 'takeover' | 'restart'): void {
  d.out.push({ do: 'startService', service: d.cfg.service, cause });
}

export function stopApp(d: Draft, cause: 'ha' | 'planned'): void {
  d.out.push({ do: 'stopService', service: d.cfg.service, cause });
}

export function initialContext(cfg: ServerSettings, active: boolean, phase: string): ServerContext {
  return {
    out: [],
    cfg,
    channel: true,
    peerRole: '',
    public: true,
    peerPublic: true,
    peerPublicOk: true,
    channelLost: false,
    publicLost: false,
    running: 0,
    replicating: false,
    wasActive: active,
    restarts: 0,
    afterHandover: 'passive',
    manualResync: false,
    decision: '',
    cloneReady: false,
    phase,
  };
}
