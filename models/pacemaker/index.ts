// Corosync + Pacemaker: corosync membership (token, consensus, join), votequorum (two_node,
// wait_for_all, an optional corosync-qnetd quorum device with ffsplit), the Pacemaker DC with
// no-quorum-policy and STONITH through per-node fence devices with their delays, and a resource
// group (floating IP, filesystem, service) recovered only after a confirmed fence. DOMAIN.md
// "Corosync / Pacemaker"; SCENARIOS.md PM-1..PM-6; docs/models/pacemaker.md.
import type { CompiledTopology } from '../../harness/engine/compile.js';
import { ConfigError } from '../../harness/engine/config.js';
import type { NetworkRole } from '../../harness/engine/topology.js';
import { agentSpec, type AgentSpec, type Model, type ModelInstance } from '../../harness/engine/model.js';
import { corosyncTimings, pacemakerKeys, type PacemakerSettings } from './config.js';
import { nodeMachine } from './node.js';
import { roleOf, type GroupMember, type NodeContext, type NodeSetup } from './nodeState.js';
import { pacemakerPresets } from './presets.js';
import { qnetdMachine, senseReports } from './qnetd.js';
import { configuredVotes, isQuorate, type QuorumRules } from './quorum.js';
import { raceNotice } from './race.js';
import { publishedOf, senseRing } from './sense.js';
import { SILENT_ROLES, type Layout, type QnetdContext } from './layout.js';

/** Corosync's ring: a dedicated (channel) network if the node has one, else its LAN. */
function ringRole(topo: CompiledTopology, h: number): NetworkRole {
  if (topo.endpoints.channel[h].length > 0) return 'channel';
  return topo.endpoints.public[h].length > 0 ? 'public' : 'management';
}

function layoutOf(topo: CompiledTopology, cfg: PacemakerSettings): Layout {
  const qnetd = cfg.qnetdHost === '' ? -1 : topo.hostIds.indexOf(cfg.qnetdHost);
  if (cfg.qnetdHost !== '' && qnetd < 0)
    throw new ConfigError([
      `qnetdHost: ${cfg.qnetdHost} is not a host of the design; expected one of ${topo.hostIds.join(', ')}, or empty for no quorum device`,
    ]);
  if (cfg.lastManStanding && qnetd >= 0)
    throw new ConfigError([
      'lastManStanding: votequorum refuses last_man_standing with a quorum device (votequorum.c: "quorum.device is not compatible with last_man_standing"); set qnetdHost empty or lastManStanding=false',
    ]);
  const hosts = topo.hostIds.map((_, h) => h).filter((h) => h !== qnetd);
  if (hosts.length < 2)
    throw new ConfigError([
      `pacemaker: a cluster needs two or more nodes besides the qnetd host, found ${hosts.length}`,
    ]);
  return { hosts, ring: hosts.map((h) => ringRole(topo, h)), qnetd, qnetdAgent: qnetd < 0 ? -1 : hosts.length };
}

function groupOf(topo: CompiledTopology, cfg: PacemakerSettings): GroupMember[] {
  const startOf = [cfg.ipStartMs, cfg.fsStartMs];
  return topo.services.map((s, i) => ({ service: s.id, startMs: startOf[i] ?? cfg.serviceStartMs }));
}

function setupOf(topo: CompiledTopology, cfg: PacemakerSettings, layout: Layout, self: number): NodeSetup {
  const nodes = layout.hosts.length;
  const qdevice = layout.qnetd >= 0;
  // corosync-qdevice.8: ffsplit needs quorum.device.votes 1, lms the default (nodes − 1; the same for
  // two nodes); with a qdevice two_node is off (DOMAIN.md).
  const rules: QuorumRules = {
    nodes,
    twoNode: cfg.twoNode && nodes === 2 && !qdevice,
    waitForAll: cfg.waitForAll,
    qdeviceVotes: !qdevice ? 0 : cfg.qdeviceAlgorithm === 'lms' ? nodes - 1 : 1,
    lastManStanding: cfg.lastManStanding,
  };
  return {
    self,
    names: layout.hosts.map((h) => topo.hostIds[h]),
    group: groupOf(topo, cfg),
    rules,
    ...corosyncTimings(cfg, nodes),
    bootMs: cfg.bootMs,
    corosyncStartMs: cfg.corosyncStartMs,
    controllerStartMs: cfg.controllerStartMs,
    dcDeadtimeMs: cfg.dcDeadtimeMs,
    lmsWindowMs: cfg.lastManStandingWindowMs,
    qdeviceVoteMs: cfg.qdeviceVoteMs,
    // Two nodes never need it; three only with last_man_standing or a quorum device (a lone node quorate).
    peerState: nodes >= 4 || (nodes === 3 && (rules.lastManStanding || rules.qdeviceVotes > 0)),
    stonith: cfg.stonithEnabled,
    fenceAction: cfg.fenceAction,
    stonithTimeoutMs: cfg.stonithTimeoutMs,
    fenceRetryMs: cfg.fenceRetryMs,
    delayBaseMs: cfg.pcmkDelayBaseMs,
    delayMaxMs: cfg.pcmkDelayMaxMs,
    priorityDelayMs: cfg.priorityFencingDelayMs,
    noQuorumPolicy: cfg.noQuorumPolicy,
  };
}

/** At t = 0 the cluster has formed: every node a member, the group running on its home node. */
function initialContext(setup: NodeSetup, home: number): NodeContext {
  const all = (1 << setup.names.length) - 1;
  const others = all & ~(1 << setup.self);
  const base: NodeContext = {
    out: [],
    setup,
    running: true,
    reach: others,
    runs: home >= 0 && home !== setup.self ? 1 << home : 0,
    qvote: 0,
    lead: 0,
    qdeviceWait: false,
    // qnetd starts with its vote for the whole cluster.
    qcast: setup.rules.qdeviceVotes > 0,
    expectedVotes: configuredVotes(setup.rules),
    members: all,
    ringSeq: 1,
    pending: '',
    everSeen: all,
    seenAll: true,
    quorate: false,
    controllerUp: true,
    ready: true,
    unclean: 0,
    fencedDown: 0,
    fencing: -1,
    retrying: false,
    holder: home,
    active: home === setup.self,
  };
  return { ...base, quorate: isQuorate(setup.rules, all, true, false) };
}

/** corosync-qnetd: it starts with the whole cluster's membership holding its vote. */
function qnetdAgent(topo: CompiledTopology, layout: Layout): AgentSpec {
  return agentSpec({
    id: `${topo.hostIds[layout.qnetd]}-daemon`,
    kind: 'qnetd',
    machine: qnetdMachine,
    initial: 'serving',
    context: { out: [], vote: (1 << layout.hosts.length) - 1 },
    host: layout.qnetd,
    storage: -1,
    sense: (view) => senseReports(layout, view),
    senseReads: { fabric: true, agents: layout.hosts.map((_, i) => i) },
    published: (c: QnetdContext) => c.vote,
  });
}

function instantiate(topo: CompiledTopology, cfg: PacemakerSettings): ModelInstance {
  const layout = layoutOf(topo, cfg);
  const homeHost = topo.services[0]?.home ?? -1;
  const home = layout.hosts.indexOf(homeHost);
  const agents: AgentSpec[] = layout.hosts.map((h, i) => {
    const context = initialContext(setupOf(topo, cfg, layout, i), home);
    return agentSpec({
      id: topo.hostIds[h],
      kind: 'host',
      machine: nodeMachine,
      initial: roleOf(context),
      context,
      host: h,
      storage: -1,
      sense: (view) => senseRing(layout, i, view, context.setup.peerState),
      senseReads: { fabric: true, agents: 'all' },
      noticeAt: raceNotice(i, cfg.raceSpreadMs),
      // What its qdevice reports to qnetd (and, with last_man_standing, its votequorum state).
      published: publishedOf,
    });
  });
  if (layout.qnetd >= 0) agents.push(qnetdAgent(topo, layout));
  const t = corosyncTimings(cfg, layout.hosts.length);
  const longestActionMs = Math.max(0, ...topo.fenceDevices.map((d) => d.actionMs));
  const groupMs = cfg.ipStartMs + cfg.fsStartMs + cfg.serviceStartMs * Math.max(1, topo.services.length - 2);
  const delaysMs = cfg.pcmkDelayBaseMs + cfg.pcmkDelayMaxMs + cfg.priorityFencingDelayMs;
  // A loss, a fence with its delays and timeout, a reboot and a start alone (dc-deadtime), twice over.
  const roundMs =
    cfg.raceSpreadMs + t.tokenMs + 2 * t.consensusMs + delaysMs + 2 * longestActionMs + cfg.stonithTimeoutMs;
  return {
    agents,
    hostStatus: (role) => (SILENT_ROLES.includes(role) || role === 'down' ? 'out' : 'up'),
    servingRole: '',
    serviceBootMs: 0,
    settleMs: 2 * (roundMs + cfg.bootMs + cfg.dcDeadtimeMs + groupMs),
    world: { storageRebootMs: 0 },
  };
}

export const pacemaker: Model<PacemakerSettings> = {
  name: 'pacemaker',
  version: '1.0.0',
  summary:
    'Corosync 3 + Pacemaker 2.1: membership (token, consensus), votequorum (two_node, wait_for_all, last_man_standing, qdevice ffsplit or lms), DC, no-quorum-policy, STONITH through per-node fence devices with pcmk_delay_base/max and priority-fencing-delay, a resource group recovered only after confirmed fencing',
  keys: pacemakerKeys,
  presets: pacemakerPresets,
  // DOMAIN.md: fence-device failure, power off/on, corosync hang (a paused host), cluster link cut.
  faults: ['partition', 'link-cut', 'host-crash', 'fence-device-down', 'slowdown'],
  drifts: [],
  properties: ['noDualActive', 'noPoolWideFence', 'noFenceLoop', 'serviceRestoredWithin'],
  maxHosts: {
    hosts: 30,
    source:
      'modelling choice: corosync 3 (knet) clusters are supported up to 32 nodes by vendors (not in DOMAIN.md); held to 30 hosts, the engine limit for models',
    unverified: true,
  },
  instantiate,
};
