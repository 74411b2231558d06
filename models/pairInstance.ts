// What the two-node pair products (everRun VM, Stratus Avance) tell the engine beyond their agents:
// which roles mean a node is out, and how long to run after the last fault (every boot, storage
// reboot and resync can finish twice).
import type { AgentSpec, Config, ModelInstance } from '../harness/engine/model.js';

export function pairInstance(agents: readonly AgentSpec[], config: Config, outRoles: ReadonlySet<string>): ModelInstance {
  const longest = Math.max(
    (config.hostBootMs as number) + (config.resyncMs as number),
    (config.storageRebootMs as number) + (config.resyncMs as number),
    (config.peerTimeoutMs as number) + (config.vmBootMs as number),
  );
  return {
    agents,
    hostStatus: (role) => (outRoles.has(role) ? 'out' : 'up'),
    servingRole: 'serving',
    serviceBootMs: config.vmBootMs as number,
    settleMs: 2 * longest,
    world: { storageRebootMs: config.storageRebootMs as number },
  };
}
