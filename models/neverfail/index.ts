// Neverfail Heartbeat (also sold as vCenter Server Heartbeat): an active/passive pair of Windows
// servers with one name and public IP, a channel carrying heartbeats and asynchronous replication,
// a public-network check, and application monitoring. Two models share the servers: `neverfail`
// (a deployed pair) and `neverfail-deployment` (the operator procedure that deploys one, seed 000).
import type { CompiledTopology } from '../../harness/engine/compile.js';
import { ConfigError } from '../../harness/engine/config.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { initialContext, type Identity, type ServerSettings } from './context.js';
import { neverfailKeys, type NeverfailSettings } from './config.js';
import { DEPLOYMENT_STEPS, SWITCHOVER } from './deployment.js';
import { deploymentPresets, neverfailPresets, PAIR_FAULTS } from './presets.js';
import { immediately, observeServer } from './sense.js';
import { OUT_ROLES, serverMachine } from './server.js';

/** The pair, the protected service and the ping targets of a topology, or one line per problem. */
function layoutOf(
  topo: CompiledTopology,
  config: NeverfailSettings,
): { pair: [number, number]; service: number; targets: number } {
  const problems: string[] = [];
  const pair = topo.hostIds.flatMap((_, h) => (topo.endpoints.channel[h].length > 0 ? [h] : []));
  if (pair.length !== 2)
    problems.push(
      `neverfail: expected exactly two hosts with a channel NIC (the Primary, then the Secondary), found ${pair.length}${pair.length > 0 ? ` (${pair.map((h) => topo.hostIds[h]).join(', ')})` : ''}`,
    );
  const service = topo.services.findIndex((s) => pair.includes(s.home));
  if (pair.length === 2 && service < 0)
    problems.push('neverfail: expected a service whose home is the Primary or the Secondary');
  let targets = 0;
  const names = config.pingTargets
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) problems.push('pingTargets: expected at least one host id');
  for (const name of names) {
    const h = topo.hostIds.indexOf(name);
    if (h < 0 || pair.includes(h))
      problems.push(
        `pingTargets: \`${name}\` is not a host of the topology other than the pair (hosts: ${topo.hostIds.filter((_, i) => !pair.includes(i)).join(', ')})`,
      );
    else targets |= 1 << h;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { pair: [pair[0], pair[1]], service, targets };
}

/** A server's settings, and the one place its derived timer (public network lost) is computed. */
function settingsOf(config: NeverfailSettings, identity: Identity, peerHost: string, service: string): ServerSettings {
  return {
    identity,
    peerAgent: peerHost,
    peerHost,
    service,
    failoverTimeoutMs: config.failoverTimeoutMs,
    publicLostMs: (config.pingFailures - 1) * config.pingIntervalMs + config.pingTimeoutMs,
    splitBrainAvoidance: config.splitBrainAvoidance,
    passiveWhenIsolated: config.passiveWhenIsolated,
    passiveChecksPublic: config.passiveChecksPublic,
    lagMs: config.replicationLagMs,
    appRestarts: config.appRestarts,
    appStopMs: config.appStopMs,
    dataApplyMs: config.dataApplyMs,
    networkJoinMs: config.networkJoinMs,
    appStartMs: config.appStartMs,
    bootMs: config.serverBootMs,
    fullSyncMs: config.fullSyncMs,
  };
}

function instantiate(topo: CompiledTopology, config: NeverfailSettings, deployment: boolean): ModelInstance {
  const { pair, service, targets } = layoutOf(topo, config);
  const svc = topo.services[service];
  const agents: AgentSpec[] = pair.map((self, i) => {
    const peer = pair[1 - i];
    const identity: Identity = i === 0 ? 'primary' : 'secondary';
    const cfg = settingsOf(config, identity, topo.hostIds[peer], svc.id);
    const active = svc.home === self;
    const initial = deployment ? (identity === 'primary' ? 'unprotected' : 'bare') : active ? 'active' : 'passive';
    const layout = { self, peer, peerAgent: 1 - i, targets };
    return {
      id: topo.hostIds[self],
      kind: 'host',
      machine: serverMachine,
      initial,
      context: initialContext(cfg, active, ''),
      host: self,
      storage: -1,
      sense: (view) => observeServer(layout, view),
      senseReads: { fabric: true, agents: [layout.peerAgent] },
      noticeAt: immediately,
    };
  });
  const c = settingsOf(config, 'primary', '', svc.id);
  const takeover = c.dataApplyMs + c.networkJoinMs + c.appStartMs;
  const longest = Math.max(
    c.failoverTimeoutMs + takeover,
    c.publicLostMs + c.appStopMs + c.lagMs + takeover,
    c.bootMs + c.appStartMs,
    c.fullSyncMs,
  );
  return {
    agents,
    hostStatus: (role) => (OUT_ROLES.has(role) ? 'out' : 'up'),
    servingRole: 'serving',
    serviceBootMs: 0, // the application's start is the servers' own `starting-app` step
    settleMs: 2 * longest,
    world: { storageRebootMs: 0 },
  };
}

const SUMMARY =
  'Neverfail Heartbeat / vCenter Server Heartbeat: active/passive pair with one identity, heartbeat and async replication over a channel, public-network check, split-brain avoidance';

export const neverfail: Model<NeverfailSettings> = {
  name: 'neverfail',
  version: '1.0.0',
  summary: SUMMARY,
  keys: neverfailKeys,
  presets: neverfailPresets,
  faults: PAIR_FAULTS,
  drifts: [],
  operatorSteps: [
    {
      name: SWITCHOVER,
      describe: "A planned switchover: the active hands its role to the passive (seed 001's order of steps)",
    },
  ],
  properties: ['noDualActive', 'noUnnecessaryFailover', 'noAckedWriteLost', 'serviceRestoredWithin', 'servicesSurvive'],
  instantiate: (topo, config) => instantiate(topo, config, false),
};

export const neverfailDeployment: Model<NeverfailSettings> = {
  name: 'neverfail-deployment',
  version: '1.0.0',
  summary:
    'Deploying a Neverfail pair (seed 000): install, clone, reboot the primary; install, restore, reconfigure, reboot the secondary; synchronise',
  keys: neverfailKeys,
  presets: deploymentPresets,
  faults: ['operator-step', 'nic-down'],
  drifts: [],
  operatorSteps: DEPLOYMENT_STEPS,
  // Not servicesSurvive: the procedure stops the application on purpose (its downtime window) and
  // only the operator's next step restarts it, so a lost service would be the procedure's, not the design's.
  properties: ['noDualActive'],
  instantiate: (topo, config) => instantiate(topo, config, true),
};
