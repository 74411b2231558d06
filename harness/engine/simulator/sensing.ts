// What agents notice, and the ground truth the trace records. Sensing is edge-triggered: after a
// change of the world or of a role, each sensing agent computes what it would observe and, if that
// differs from what it was last given, gets it when it would notice (its `noticeAt`), so events
// scale with faults, not with simulated time. An agent that declares what it reads is sensed again
// only when that changed (senseCache.ts).
import type { AgentEvent } from '../effects.js';
import type { Fabric } from '../fabric.js';
import type { WorldView } from '../model.js';
import type { SimCore } from './core.js';
import { syncReplicas } from './replicas.js';
import { SENSE, type SimState } from './state.js';
import { hasHost } from '../hostSet.js';

/** The run state as sensing functions see it (read through, so it follows every restore). */
export class StateView implements WorldView {
  constructor(private readonly st: SimState) {}
  get fabric(): Fabric {
    return this.st.fabric;
  }
  get roles(): readonly string[] {
    return this.st.roles;
  }
  get now(): number {
    return this.st.now;
  }
  context(agent: number): unknown {
    return this.st.states[agent].context;
  }
}

/** After the world or a role changed: refresh ground truth, and let agents notice. */
export function afterChange(core: SimCore): void {
  const { st, shape } = core;
  syncTruth(core);
  if (st.replicas.length > 0) syncReplicas(core);
  const sensing = shape.sensing;
  for (let i = 0; i < sensing.length; i++) {
    const a = sensing[i];
    if (st.senseDue[a] >= 0) continue;
    const spec = shape.agents[a];
    const ev = senseNow(core, a);
    if (ev === null || sameEvent(ev, st.lastSensed[a])) continue;
    const at = spec.noticeAt ? spec.noticeAt(st.now) : st.now;
    st.senseDue[a] = at;
    core.push(at, SENSE, a, null, '', null, 0);
  }
}

/** Deliver the observations due now of the agent and of the other agents on its host. */
export function observeDueNow(core: SimCore, a: number): void {
  const { st, shape } = core;
  const host = shape.agents[a].host;
  const group = host >= 0 ? shape.agentsOfHost[host] : [a];
  for (const b of group) if (st.senseDue[b] === st.now) observe(core, b);
}

/** The agent takes in what it would observe now, if that differs from what it last got. */
export function observe(core: SimCore, a: number): void {
  const st = core.st;
  st.senseDue[a] = -1;
  const ev = senseNow(core, a);
  if (ev !== null && !sameEvent(ev, st.lastSensed[a])) {
    st.lastSensed[a] = ev;
    core.deliver(a, ev);
  }
}

/**
 * What the agent observes now: its kept observation when none of the inputs it declares
 * (`senseReads`) changed since, else `sense` run again (senseCache.ts).
 */
function senseNow(core: SimCore, a: number): AgentEvent | null {
  const spec = core.shape.agents[a];
  if (spec.senseReads === undefined) return spec.sense!(core.view);
  const { senseCache, fabric } = core.st;
  const version = fabric.version;
  if (senseCache.fresh(a, version)) return senseCache.keptOf(a);
  const ev = spec.sense!(core.view);
  senseCache.keep(a, ev, version);
  return ev;
}

export function syncTruth(core: SimCore): void {
  const { st, shape } = core;
  const fabric = st.fabric;
  // Ground truth is a function of the fabric alone (storage nodes' serving flags included).
  if (fabric.version === st.truthVersion) return;
  st.truthVersion = fabric.version;
  const canRun = fabric.canRunMask();
  let serving = 0;
  const s = fabric.storageServing;
  for (let i = 0; i < s.length; i++) if (s[i] === 1 && fabric.storagePower[i] === 0) serving |= 1 << i;
  const reachable = fabric.reachableMask();
  if (canRun === st.lastCanRun && serving === st.lastServing && reachable === st.lastReachable) return;
  st.lastCanRun = canRun;
  st.lastServing = serving;
  st.lastReachable = reachable;
  core.record({
    at: st.now,
    type: 'truth',
    canRun: shape.topo.hostIds.filter((_, h) => hasHost(canRun, h)),
    serving: shape.topo.storageIds.filter((_, n) => (serving >> n) & 1),
    // Only when it says more than canRun: hosts on the network whose storage is gone.
    ...(reachable !== canRun ? { reachable: shape.topo.hostIds.filter((_, h) => hasHost(reachable, h)) } : {}),
  });
}

/** Field-by-field equality of two sensed events (numbers, strings, arrays of numbers). */
export function sameEvent(a: AgentEvent, b: AgentEvent | null): boolean {
  // Observers that remember their last answer hand back the very same object when nothing changed.
  if (a === b) return true;
  if (b === null || a.type !== b.type) return false;
  for (const key in a) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}
