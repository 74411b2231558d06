// SteelEye / SIOS LifeKeeper: active/passive resource hierarchies that fail over between nodes in
// a fixed priority order. Nodes hear each other over one or more comm paths; an application that
// fails is restarted in place before it fails over; a shared disk is guarded by SCSI reservations;
// data without shared storage is mirrored by DataKeeper (synchronous or asynchronous), and nothing
// arbitrates between its copies. Nodes may be physical servers or VMs on physical hosts (seed 002).
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, Model, ModelInstance } from '../../harness/engine/model.js';
import { formatMs } from '../../harness/engine/time.js';
import { diskLockAgent } from '../disk-locks/diskLock.js';
import { COMM_PATHS, lifekeeperLayout, type LkLayout } from './cluster.js';
import { lifekeeperKeys, type LifekeeperSettings } from './config.js';
import { initialNodeContext, isUp, lifekeeperNodeMachine, type LkContext } from './node.js';
import { monitorAgent } from './monitor.js';
import { lifekeeperPresets } from './presets.js';
import { nextHeartbeat, observeNode } from './sense.js';

const LOCK_AGENT = 'scsi-reservations';

/** A node's settings: who it is, its cluster and resources, and the timing and quorum choices in force. */
function nodeContext(
  topo: CompiledTopology,
  config: LifekeeperSettings,
  layout: LkLayout,
  agentIds: readonly string[],
  h: number,
  ms: number,
  misses: number,
): LkContext {
  return initialNodeContext(
    {
      self: h,
      ids: topo.hostIds,
      agentIds,
      cluster: layout.clusterOf[h],
      resources: layout.resources,
      pathNames: COMM_PATHS,
      detectMs: ms * misses,
      heartbeat: `${formatMs(ms * misses)} (${misses} × ${formatMs(ms)})`,
      quickCheckMs: config.quickCheckMs,
      localTries: config.localRecoveryTries,
      failfastMs: config.failfastMs,
      bootMs: config.hostBootMs,
      qwk: config.qwk,
      quorumMode: config.quorumMode,
      witnessMode: config.witnessMode,
      lossAction: config.quorumLossAction,
      lockAgent: LOCK_AGENT,
      commPaths: layout.commPaths,
      mirrored: layout.resources.reduce((m, r, s) => (!r.shared && r.order.includes(h) ? m | (1 << s) : m), 0),
      replication: config.replication,
      lagMs: config.replication === 'async' ? config.asyncLagMs : 0,
      resyncMs: config.mirrorResyncMs,
    },
    topo.hostIds.length,
  );
}

function instantiate(topo: CompiledTopology, config: LifekeeperSettings): ModelInstance {
  const layout = lifekeeperLayout(topo);
  const n = topo.hostIds.length;
  const isNode = (h: number) => ((layout.nodes >> h) & 1) === 1;
  const agentIds = topo.hostIds.map((id, h) => (isNode(h) ? id : ''));
  const agentIndex: number[] = [];
  let next = 0;
  for (let h = 0; h < n; h++) agentIndex.push(isNode(h) ? next++ : -1);
  const witness = config.qwk && config.witnessMode === 'remote_verify';
  const timing = (h: number) =>
    topo.hostOs[h] === 'windows'
      ? { ms: config.windowsHeartbeatMs, misses: config.windowsHeartbeatMisses }
      : { ms: config.linuxHeartbeatMs, misses: config.linuxHeartbeatMisses };
  const agents: AgentSpec[] = [];
  for (let h = 0; h < n; h++) {
    if (!isNode(h)) continue;
    const { ms, misses } = timing(h);
    const context = nodeContext(topo, config, layout, agentIds, h, ms, misses);
    agents.push({
      id: topo.hostIds[h],
      kind: 'host',
      machine: lifekeeperNodeMachine,
      initial: 'running',
      context,
      host: h,
      storage: -1,
      sense: (view) => observeNode(h, layout, agentIndex, witness, view),
      senseReads: { fabric: true, agents: agentIndex.filter((a) => a >= 0) },
      noticeAt: nextHeartbeat(ms),
      observeBeforeTimers: true,
    });
  }
  for (let h = 0; h < n; h++) if (isNode(h)) agents.push(monitorAgent(h, topo.hostIds[h]));
  if (layout.resources.some((r) => r.shared)) {
    agents.push(
      diskLockAgent(
        topo,
        {
          id: LOCK_AGENT,
          what: 'SCSI reservation',
          hostIds: topo.hostIds,
          serviceIds: layout.resources.map((r) => r.id),
          notify: agentIds,
          breakLive: config.reservationBreak === 'reset',
        },
        layout.resources.map((r) => (r.shared ? r.order[0] : -1)),
      ),
    );
  }
  const detect = Math.max(0, ...topo.hostIds.map((_, h) => (isNode(h) ? timing(h).ms * (timing(h).misses + 1) : 0)));
  const tries = config.localRecoveryTries + 1;
  const longest = detect + tries * (config.quickCheckMs + config.appStartMs) + config.failfastMs + config.hostBootMs;
  return {
    agents,
    hostStatus: (role) => (isUp(role) ? 'up' : 'out'),
    servingRole: 'serving',
    serviceBootMs: config.appStartMs,
    settleMs: 2 * longest,
    world: { storageRebootMs: config.storageRebootMs },
  };
}

export const lifekeeper: Model<LifekeeperSettings> = {
  name: 'lifekeeper',
  version: '1.0.0',
  summary:
    'SteelEye / SIOS LifeKeeper: comm paths in priority order, local recovery before failover, SCSI reservations or DataKeeper mirrors (sync or async), quorum/witness',
  keys: lifekeeperKeys,
  presets: lifekeeperPresets,
  // No `partition`: it splits every network at once, which for comm paths on separate networks is
  // two faults (tests draw it explicitly).
  faults: ['nic-down', 'switch-down', 'link-cut', 'host-crash', 'app-crash', 'path-down', 'storage-clean-stop'],
  drifts: [],
  properties: [
    'noDualActive',
    'noUnnecessaryFence',
    'noPoolWideFence',
    'noFenceLoop',
    'serviceRestoredWithin',
    'noUnnecessaryFailover',
    'noAckedWriteLost',
    'servicesSurvive',
  ],
  instantiate,
};
