// One Neverfail Heartbeat server (the Primary or the Secondary identity) as a state machine. Its
// role (active / passive) moves; a running instance of the protected service is the server that
// holds the shared name and public IP and serves the application. It acts on what it believes:
// the channel's heartbeats (failover timeout), its ping targets (public-network check), the peer's
// answer to pings (split-brain avoidance), application failures, operator steps.
//
// Failover and switchover follow seed 001's order: stop the application on the active → send the
// remaining data → the active leaves the network → the new active applies the data → joins the
// network → starts the application. Each step is a role (and a note) in the trace.
import { defineMachine, routed } from '../../harness/engine/fsm.js';
import {
  BOOT,
  FAILOVER,
  PUBLIC,
  STEP,
  SYNC,
  cancelAll,
  cancelTimer,
  decide,
  draft,
  fired,
  note,
  startApp,
  startTimer,
  stopApp,
  type Draft,
  type ServerContext,
  type ServerEvent,
} from './context.js';
import { DEPLOYMENT_ROLES, SWITCHOVER, deploymentStep, finishDeployReboot } from './deployment.js';
import { ACTIVE } from './sense.js';

export const ROLES = [
  'active',
  'passive',
  'unsynced',
  'stopping-app',
  'sending-data',
  'applying-data',
  'joining-network',
  'starting-app',
  'restarting-app',
  'down',
  'booting',
  'unprotected',
  'installing',
  'cloned',
  'bare',
  'installed',
  'restored',
  'configured',
  'deploy-reboot',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles in which the server is not running (its host status is `out`). */
export const OUT_ROLES: ReadonlySet<string> = new Set(['down', 'booting', 'deploy-reboot']);

const canHandOver = (d: Draft) => d.channel && d.peerRole === 'passive';

/** Keep timers and the replica declaration in line with the role and the beliefs. */
function reconcile(role: Role, d: Draft): void {
  const watching = role === 'active' || role === 'passive' || role === 'unsynced' || role === 'restarting-app';
  want(d, FAILOVER, watching && !d.channel && !d.channelLost, d.cfg.failoverTimeoutMs);
  want(d, PUBLIC, (role === 'active' || role === 'restarting-app') && !d.public && !d.publicLost, d.cfg.publicLostMs);
  want(d, SYNC, role === 'unsynced' && !d.manualResync && d.channel && ACTIVE.has(d.peerRole), d.cfg.fullSyncMs);
  const replicate = role === 'passive';
  if (replicate === d.replicating) return;
  d.replicating = replicate;
  d.out.push({
    do: 'replicate',
    service: d.cfg.service,
    from: replicate ? d.cfg.peerHost : null,
    over: ['channel'],
    mode: 'async',
    lagMs: d.cfg.lagMs,
  });
}

function want(d: Draft, flag: number, desired: boolean, ms: number): void {
  if (desired && !(d.running & flag)) startTimer(d, flag, ms);
  else if (!desired) cancelTimer(d, flag);
}

function absorb(d: Draft, e: ServerEvent): void {
  if (e.type !== 'OBSERVE') return;
  d.channel = e.channel === 1;
  d.peerRole = e.peerRole;
  d.public = e.public === 1;
  d.peerPublic = e.peerPublic === 1;
  d.peerPublicOk = e.peerPublicOk === 1;
  if (d.channel) d.channelLost = false;
  if (d.public) d.publicLost = false;
}

function crash(role: Role, d: Draft): Role {
  cancelAll(d);
  d.wasActive = ACTIVE.has(role) || (role === 'starting-app' && d.wasActive);
  if (DEPLOYMENT_ROLES.has(role)) d.phase = role;
  d.channelLost = false;
  d.publicLost = false;
  return 'down';
}

/** Step 1 (planned, or automatic on a lost public network): stop the application. */
function switchover(d: Draft, cause: 'ha' | 'planned', why: string): Role {
  stopApp(d, cause);
  note(d, `${why}: switchover step 1, stops the application`);
  startTimer(d, STEP, d.cfg.appStopMs);
  return 'stopping-app';
}

/** Step 2: send what the queue still holds. */
function sendData(d: Draft, why: string): Role {
  note(d, `${why}switchover step 2, sends the remaining replication queue`);
  startTimer(d, STEP, d.cfg.lagMs);
  return 'sending-data';
}

/** Step 3: leave the public network and tell the peer to take over. */
function leave(d: Draft): Role {
  note(d, 'switchover step 3, leaves the public network (public IP filtered) and hands over');
  d.wasActive = false;
  d.restarts = 0;
  if (d.afterHandover === 'unsynced') {
    d.manualResync = true;
    note(
      d,
      'after an auto-switchover replication does not restart by itself: this server stays unsynchronised until an operator restarts it',
    );
  }
  d.out.push({ do: 'send', to: d.cfg.peerAgent, event: { type: 'HANDOVER' } });
  return d.afterHandover;
}

/** The switchover was interrupted before the hand-over: the application restarts here. */
function abort(d: Draft): Role {
  cancelTimer(d, STEP);
  note(d, 'switchover aborted: the channel went silent before the hand-over; restarts the application here');
  startTimer(d, STEP, d.cfg.appStartMs);
  return 'restarting-app';
}

/** Steps 4–6 on the new active, for a switchover or a failover. */
function takeOver(d: Draft, why: string): Role {
  note(d, `${why}: step 4, applies the replicated data it holds`);
  startTimer(d, STEP, d.cfg.dataApplyMs);
  return 'applying-data';
}

function appFailed(d: Draft): Role {
  if (d.restarts < d.cfg.appRestarts) {
    d.restarts++;
    note(d, `application failed: restarts it locally (attempt ${d.restarts} of ${d.cfg.appRestarts})`);
    startTimer(d, STEP, d.cfg.appStartMs);
    return 'restarting-app';
  }
  if (canHandOver(d)) {
    d.afterHandover = 'passive';
    return sendData(d, `application failed after ${d.cfg.appRestarts} local restarts: `);
  }
  note(d, 'application failed again, and no synchronised passive server to switch over to: restarts it locally');
  startTimer(d, STEP, d.cfg.appStartMs);
  return 'restarting-app';
}

function evaluateActive(d: Draft): Role {
  if (d.channel && ACTIVE.has(d.peerRole)) {
    decide(d, 'two active servers with one name and IP (the peer is active too): manual recovery needed');
    return 'active';
  }
  if (d.cfg.passiveWhenIsolated && d.channelLost && d.publicLost && !d.peerPublic) {
    stopApp(d, 'ha');
    d.wasActive = false;
    note(
      d,
      'channel and public network both lost, and the passive does not answer pings: becomes passive (isolation rule)',
    );
    return 'unsynced';
  }
  if (d.publicLost) {
    if (canHandOver(d) && d.peerPublicOk) {
      d.afterHandover = 'unsynced';
      return switchover(d, 'ha', 'client network lost (no ping target answers)');
    }
    decide(
      d,
      `client network lost, but ${canHandOver(d) ? 'the passive cannot reach the client network either' : 'no synchronised passive server answers on the channel'}: no switchover`,
    );
    return 'active';
  }
  decide(d, '');
  return 'active';
}

function evaluatePassive(d: Draft): Role {
  if (!d.channelLost) {
    decide(d, '');
    return 'passive';
  }
  if (d.cfg.splitBrainAvoidance && d.peerPublic) {
    decide(
      d,
      'channel silent for the failover timeout, but the active answers pings on the public network: failover vetoed (split-brain avoidance)',
    );
    return 'passive';
  }
  if (d.cfg.passiveChecksPublic && !d.public) {
    decide(d, 'channel silent for the failover timeout, but this server reaches no ping target itself: no failover');
    return 'passive';
  }
  return takeOver(d, `channel silent for the failover timeout (${d.cfg.failoverTimeoutMs / 1000} s): fails over`);
}

function step(role: Role, d: Draft, e: ServerEvent): Role {
  if (e.type === 'CRASH') return role === 'down' ? role : crash(role, d);
  if (e.type === 'OPERATOR' && DEPLOYMENT_ROLES.has(role)) return deploymentStep(role, d, e.step) as Role;
  const timer = e.type === 'TIMER' ? e.name : '';
  if (timer === 'failover') d.channelLost = true;
  if (timer === 'public') d.publicLost = true;
  switch (role) {
    case 'active':
      if (e.type === 'OPERATOR' && e.step === SWITCHOVER) {
        if (canHandOver(d)) {
          d.afterHandover = 'passive';
          return switchover(d, 'planned', 'the operator asks for a switchover');
        }
        note(d, 'switchover refused: no synchronised passive server answers on the channel');
      }
      if (e.type === 'APP_CRASH' && e.service === d.cfg.service) return appFailed(d);
      return evaluateActive(d);
    case 'passive':
      if (e.type === 'HANDOVER') return takeOver(d, 'switchover: the active has handed over');
      return evaluatePassive(d);
    case 'unsynced':
      if (timer === 'sync') {
        note(d, 'synchronised with the active server');
        return evaluatePassive(d);
      }
      decide(
        d,
        d.channelLost
          ? 'channel silent for the failover timeout, but this server is not synchronised: failover vetoed'
          : '',
      );
      return 'unsynced';
    case 'stopping-app':
      if (timer === 'step') return sendData(d, '');
      return d.channel ? role : abort(d);
    case 'sending-data':
      if (timer === 'step') return leave(d);
      return d.channel ? role : abort(d);
    case 'applying-data':
      if (timer !== 'step') return role;
      note(d, 'step 5, joins the public network: takes the name and public IP');
      startTimer(d, STEP, d.cfg.networkJoinMs);
      return 'joining-network';
    case 'joining-network':
      if (timer !== 'step') return role;
      note(d, 'step 6, starts the application');
      startTimer(d, STEP, d.cfg.appStartMs);
      return 'starting-app';
    case 'starting-app':
    case 'restarting-app':
      if (timer !== 'step') return role;
      startApp(d, role === 'restarting-app' || d.wasActive ? 'restart' : 'takeover');
      d.wasActive = true;
      if (role === 'starting-app') d.restarts = 0;
      return 'active';
    case 'down':
      if (e.type !== 'POWER_ON') return role;
      startTimer(d, BOOT, d.cfg.bootMs);
      return 'booting';
    case 'booting':
      if (timer !== 'boot') return role;
      return boot(d);
    case 'deploy-reboot':
      return timer === 'boot' ? (finishDeployReboot(d) as Role) : role;
    default:
      return role;
  }
}

/** Neverfail starts after a reboot: in its old role if the peer has not become active meanwhile. */
function boot(d: Draft): Role {
  if (d.phase === 'deploy-reboot') return finishDeployReboot(d) as Role;
  if (d.phase !== '') {
    const back = d.phase as Role;
    if (back === 'unprotected' || back === 'restored') startApp(d, 'restart');
    d.phase = '';
    return back;
  }
  if (d.wasActive && !(d.channel && ACTIVE.has(d.peerRole))) {
    note(d, 'rebooted as the active server: starts the application');
    startTimer(d, STEP, d.cfg.appStartMs);
    return 'starting-app';
  }
  d.wasActive = false;
  note(d, 'rebooted: comes back passive and resynchronises');
  return 'unsynced';
}

/** The whole machine as one pure reducer: role and context in, next role and context (with effects) out. */
export function reduceServer(role: Role, c: ServerContext, e: ServerEvent): { value: Role; context: ServerContext } {
  const d = draft(c);
  if (e.type === 'TIMER') fired(d, e.name);
  else if (e.type === 'OBSERVE') absorb(d, e);
  else if (e.type === 'CLONE_READY') d.cloneReady = true;
  const next = step(role, d, e);
  if (next !== role) d.decision = '';
  reconcile(next, d);
  return { value: next, context: d };
}

export const serverMachine = defineMachine<ServerContext, ServerEvent>({
  id: 'neverfail-server',
  initial: 'passive',
  // Each state tries staying put first: most events change no role.
  states: Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        on: {
          '*': routed<ServerContext, ServerEvent>([role, ...ROLES.filter((r) => r !== role)], (c, e) =>
            reduceServer(role, c, e),
          ),
        },
      },
    ]),
  ),
});
