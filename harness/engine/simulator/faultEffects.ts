// Faults meet the run here: a fault kind (faults/) changes the fabric and signals agents through
// a `FaultContext`, which this file builds once per Simulation over the run state; a config drift
// replaces the settings in force and tells every agent.
import { defaultsFor } from '../config.js';
import { FAULTS, type FaultName } from '../faults/index.js';
import type { FaultContext } from '../faults/kind.js';
import { Fencing } from '../fencing.js';
import type { SimCore } from './core.js';
import { afterChange } from './sensing.js';
import { hostBack, stopInstance, stopInstancesOn } from './services.js';
import { FAULT, FENCE } from './state.js';

export function applyFault(core: SimCore, ctx: FaultContext, name: FaultName, target: string): void {
  const kind = FAULTS[name];
  const st = core.st;
  st.events++;
  core.record({ at: st.now, type: 'fault', fault: name, target, text: kind.sentence(target) });
  kind.apply(ctx, target);
  st.fabric.changed();
  st.senseCache.versioned();
  afterChange(core);
}

/** Peer fencing over this run: its pending steps are FENCE queue items, its power changes go through the fault context. */
export function fencingFor(core: SimCore, faults: FaultContext): Fencing {
  const { st, shape } = core;
  return new Fencing({
    faults,
    now: () => st.now,
    hostOf: (agent) => shape.agents[agent].host,
    record: (entry) => core.record(entry),
    deliver: (agent, event) => core.deliver(agent, event),
    stopServicesOn: (host) => stopInstancesOn(core, host, 'fence'),
    later: (delayMs, agent, step) => core.push(st.now + delayMs, FENCE, agent, null, '', step, 0),
    changed: () => {
      st.fabric.changed();
      st.senseCache.versioned();
      afterChange(core);
    },
  });
}

/**
 * The fault context: how a fault kind changes the fabric and tells agents. A kind changes the fabric
 * before the run bumps its version (after `apply`), and tells agents in between: every method that
 * may deliver marks the sense cache's versions untrustworthy until then.
 */
export function faultContextFor(core: SimCore): FaultContext {
  const { st, shape } = core;
  const unversioned = () => st.senseCache.unversionedChange();
  return {
    fabric: st.fabric,
    topo: shape.topo,
    world: shape.instance.world,
    signalHost(host, event) {
      unversioned();
      if (event.type === 'POWER_ON') hostBack(core, host);
      for (const a of shape.agentsOfHost[host]) core.deliver(a, event);
      if (event.type === 'CRASH') stopInstancesOn(core, host, 'fault');
    },
    signalStorage(node, event) {
      unversioned();
      for (const a of shape.agentsOfStorage[node]) core.deliver(a, event);
    },
    later(delayMs, fault, target) {
      core.push(st.now + delayMs, FAULT, -1, fault, target, null, 0);
    },
    drift: (name) => (unversioned(), applyDrift(core, name)),
    signalAll(event) {
      unversioned();
      for (let a = 0; a < shape.agents.length; a++) core.deliver(a, event);
    },
    killService(service, host) {
      unversioned();
      stopInstance(core, service, host, 'fault');
    },
    pauseHost(host) {
      // A clocked agent's backlog starts with the pause itself: a pause that begins in the instant
      // the previous one ended changes nothing it senses, and would otherwise go unnoticed.
      for (const agent of shape.agentsOfHost[host])
        if (shape.agents[agent].clocked === true)
          st.deferred[host].push([agent, { type: 'PAUSED', at: st.now, heldSinceMs: st.now }, 0]);
    },
    resumeHost(host) {
      unversioned();
      const missed = st.deferred[host];
      st.deferred[host] = [];
      for (const [agent, event, token] of missed) {
        // A timer that expired during the pause fires now, unless an event delivered before it in
        // this batch restarted or cancelled it (a resumed process handles its backlog in order).
        if (token !== 0) {
          const timers = st.timers[agent];
          const name = event.name as string;
          if (timers.get(name) !== token) continue;
          timers.delete(name);
        }
        core.deliver(agent, event);
      }
      // A clocked agent learns where its backlog ends (what it works out for the pause goes there).
      for (const agent of shape.agentsOfHost[host])
        if (shape.agents[agent].clocked === true) core.deliver(agent, { type: 'RESUMED' });
    },
  };
}

/** A named config drift of the model: the new settings, and RECONFIGURE with what differs from the base. */
function applyDrift(core: SimCore, name: string): boolean {
  const { st, shape } = core;
  const drift = shape.model.drifts.find((d) => d.name === name);
  if (!drift) return false;
  st.config = drift.apply(st.config, defaultsFor(shape.model, st.config));
  const values: Record<string, unknown> = {};
  for (const k of Object.keys(st.config)) if (st.config[k] !== shape.baseConfig[k]) values[k] = st.config[k];
  for (let a = 0; a < shape.agents.length; a++) core.deliver(a, { type: 'RECONFIGURE', values });
  return true;
}
