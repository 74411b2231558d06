// What the two-node pair products (everRun VM, Stratus Avance) tell the engine beyond their agents:
// which roles mean a node is out, and how long to run after the last fault (every boot, storage
// reboot and resync can finish twice).
import type { AgentSpec, ModelInstance } from '../harness/engine/model.js';

/** The settings both pair products have. */
export interface PairSettings {
  readonly hostBootMs: number;
  readonly resyncMs: number;
  readonly storageRebootMs: number;
  readonly peerTimeoutMs: number;
  readonly vmBootMs: number;
}

export function pairInstance(
  agents: readonly AgentSpec[],
  config: PairSettings,
  outRoles: ReadonlySet<string>,
): ModelInstance {
  const longest = Math.max(
    config.hostBootMs + config.resyncMs,
    config.storageRebootMs + config.resyncMs,
    config.peerTimeoutMs + config.vmBootMs,
  );
  return {
    agents,
    hostStatus: (role) => (outRoles.has(role) ? 'out' : 'up'),
    servingRole: 'serving',
    serviceBootMs: config.vmBootMs,
    settleMs: 2 * longest,
    world: { storageRebootMs: config.storageRebootMs },
  };
}
