// Fencing a peer through a fence device (STONITH): an agent asks (`fencePeer`), a device that works
// and that the agent's host reaches over the network powers the victim off after its action time,
// and the agent hears how it went (FENCE_RESULT). The victim loses power like a crashed host, its
// services stop with cause `fence`, and the trace records who fenced it through which device. The
// pending steps are simulator queue items, so snapshots, restores and state hashes carry them.
import type { AgentEvent, Effect, FenceAction } from './effects.js';
import type { FaultContext } from './faults/kind.js';
import { hostBoot, hostCrash } from './faults/host.js';
import type { TraceEntry } from './trace.js';

/** What fencing needs of the simulator. */
export interface FencingWorld {
  /** Ground truth and the host power signals, as faults use them. */
  readonly faults: FaultContext;
  now(): number;
  /** The host an agent runs on (-1: none). */
  hostOf(agent: number): number;
  record(entry: TraceEntry): void;
  deliver(agent: number, event: AgentEvent): void;
  /** Every service instance on the host stops, cause `fence`. */
  stopServicesOn(host: number): void;
  /** Calls `due(agent, step)` `delayMs` from now. */
  later(delayMs: number, agent: number, step: AgentEvent): void;
  /** The fabric changed: refresh ground truth and let agents notice. */
  changed(): void;
}

type FencePeer = Extract<Effect, { do: 'fencePeer' }>;

/** The steps of a fence in flight, as queue payloads (plain data: hashed and snapshotted with the queue). */
const ACT = 'FENCE_ACT';
const POWER_ON = 'FENCE_POWER_ON';
const FAILED = 'FENCE_FAILED';

export class Fencing {
  constructor(private readonly world: FencingWorld) {}

  /** An agent asks for a peer fence: the request reaches a working device now, or fails after the first device's action time. */
  request(agent: number, effect: FencePeer): void {
    const { topo } = this.world.faults;
    const victim = topo.hostIds.indexOf(effect.host);
    if (victim < 0) throw new Error(`agent ${agent} fences unknown host ${effect.host}`);
    const devices = topo.fenceDevicesOfHost[victim];
    if (devices.length === 0) {
      this.result(agent, effect.host, 0, '', `no fence device controls ${effect.host}`);
      return;
    }
    const from = this.world.hostOf(agent);
    const usable = devices.find((d) => from >= 0 && this.world.faults.fabric.reachesFenceDevice(from, d));
    const action: FenceAction = effect.action ?? 'reboot';
    if (usable !== undefined) {
      this.world.later(topo.fenceDevices[usable].actionMs, agent, {
        type: ACT,
        host: victim,
        device: usable,
        action,
        reason: effect.reason,
      });
      return;
    }
    const why = devices.map((d) => this.unusable(from, d)).join('; ');
    this.world.later(topo.fenceDevices[devices[0]].actionMs, agent, {
      type: FAILED,
      host: victim,
      device: devices[0],
      reason: why,
    });
  }

  /** A step of a fence in flight falls due. */
  due(agent: number, step: AgentEvent): void {
    const { topo } = this.world.faults;
    const victim = step.host as number;
    const device = step.device as number;
    const deviceId = device >= 0 ? topo.fenceDevices[device].id : '';
    if (step.type === FAILED) this.result(agent, topo.hostIds[victim], 0, deviceId, step.reason as string);
    else if (step.type === POWER_ON) this.powerOn(victim);
    else if (this.world.faults.fabric.fenceDeviceUp[device] === 0)
      this.result(agent, topo.hostIds[victim], 0, deviceId, `${deviceId} failed during the action`);
    else this.act(agent, victim, device, step.action as FenceAction, step.reason as string);
  }

  /** The device powers its host off (and, for a reboot, on again one action later); the fencer hears it worked. */
  private act(agent: number, victim: number, device: number, action: FenceAction, reason: string): void {
    const { topo } = this.world.faults;
    const w = this.world;
    const by = w.hostOf(agent);
    const byId = by >= 0 ? topo.hostIds[by] : '';
    const d = topo.fenceDevices[device];
    w.record({
      at: w.now(),
      type: 'fence',
      host: topo.hostIds[victim],
      reason: `${reason} (${action} by ${byId || `agent ${agent}`} through ${d.id})`,
      by: byId,
      device: d.id,
    });
    w.stopServicesOn(victim);
    hostCrash.apply(w.faults, topo.hostIds[victim]);
    w.changed();
    if (action === 'reboot') w.later(d.actionMs, agent, { type: POWER_ON, host: victim, device });
    this.result(agent, topo.hostIds[victim], 1, d.id, '');
  }

  private powerOn(victim: number): void {
    hostBoot.apply(this.world.faults, this.world.faults.topo.hostIds[victim]);
    this.world.changed();
  }

  private unusable(from: number, device: number): string {
    const { topo, fabric } = this.world.faults;
    const d = topo.fenceDevices[device];
    if (fabric.fenceDeviceUp[device] === 0) return `${d.id} is down`;
    if (from < 0) return `the fencing agent runs on no host, so it reaches no fence device`;
    return `${topo.hostIds[from]} cannot reach ${d.id} (on switch ${topo.switchIds[d.switchIndex]}, ${d.network} network)`;
  }

  private result(agent: number, host: string, ok: 0 | 1, device: string, reason: string): void {
    this.world.deliver(agent, { type: 'FENCE_RESULT', host, ok, device, reason });
  }
}
