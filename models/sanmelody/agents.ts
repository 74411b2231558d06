// The storage layer's agents for a topology: one per storage node, one multipath initiator per
// host with paths. Used by every product model whose hosts sit on shared storage.
import type { AgentEvent } from '../../harness/engine/effects.js';
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { AgentSpec, WorldView } from '../../harness/engine/model.js';
import type { StorageSettings } from './config.js';
import { multipathMachine, type MultipathContext } from './multipath.js';
import { storageNodeMachine, type StorageNodeContext } from './storageNode.js';

export const SERVING_ROLE = 'serving';

export function multipathAgentId(hostId: string): string {
  return `${hostId}/multipath`;
}

const immediately = (now: number) => now;

/**
 * The multipath's view of its paths, as a sensing function that remembers its last answer: asked
 * after every change of the world, it gives the very same event while no path's state changed
 * (equal field by field, so nothing a run does or records changes), and makes no array for it.
 */
function pathObserver(paths: readonly number[]): (view: WorldView) => AgentEvent {
  let last: { type: 'PATHS'; status: number[] } | null = null;
  return (view) => {
    const fabric = view.fabric;
    if (last !== null) {
      let same = true;
      for (let i = 0; i < paths.length && same; i++) same = last.status[i] === fabric.pathState(paths[i]);
      if (same) return last;
    }
    last = { type: 'PATHS', status: paths.map((p) => fabric.pathState(p)) };
    return last;
  };
}

/** The other node of the mirror the node is in (-1: not mirrored). */
function partnerOf(topo: CompiledTopology, node: number): number {
  const m = topo.mirror;
  if (m === null) return -1;
  return m[0] === node ? m[1] : m[1] === node ? m[0] : -1;
}

/** @param notifyOf the agent id each host's multipath reports its I/O state to */
export function storageAgents(
  topo: CompiledTopology,
  config: StorageSettings,
  notifyOf: (host: number) => string,
): AgentSpec[] {
  const agents: AgentSpec[] = [];
  topo.storageIds.forEach((id, node) => {
    const partner = partnerOf(topo, node);
    const context: StorageNodeContext = {
      out: [],
      resyncMs: config.resyncMs,
      mirrored: partner >= 0,
      current: true,
      partnerServing: partner >= 0,
    };
    agents.push({
      id,
      kind: 'storage',
      machine: storageNodeMachine,
      initial: 'serving',
      context,
      host: -1,
      storage: node,
      sense:
        partner < 0
          ? undefined
          : (view: WorldView) => ({
              type: 'PARTNER',
              serving: view.fabric.storageServing[partner] === 1 && view.fabric.storagePower[partner] === 0 ? 1 : 0,
            }),
      senseReads: { fabric: true, agents: [] },
      noticeAt: immediately,
    });
  });
  topo.hostIds.forEach((hostId, host) => {
    const paths = topo.pathsOfHost[host];
    if (paths.length === 0) return;
    const context: MultipathContext = {
      out: [],
      notify: notifyOf(host),
      pathIds: paths.map((p) => topo.paths[p].id),
      hardFailoverMs: config.hardFailoverMs,
      cleanFailoverMs: config.cleanFailoverMs,
      pollingMs: config.pathPollingMs,
      status: paths.map(() => 0),
      inUse: (1 << paths.length) - 1,
      failing: 0,
      reinstating: 0,
      io: 'ok',
    };
    agents.push({
      id: multipathAgentId(hostId),
      kind: 'multipath',
      machine: multipathMachine,
      initial: 'ok',
      context,
      host,
      storage: -1,
      sense: pathObserver(paths),
      senseReads: { fabric: true, agents: [] },
      noticeAt: immediately,
    });
  });
  return agents;
}
