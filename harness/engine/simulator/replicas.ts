// Replicated data, from ground truth: models declare which host keeps a copy of which service's
// data fed from where (the `replicate` effect); the simulator records, as `data` entries, when each
// feed actually flows, so that properties can judge what a copy held when it took over.
import type { Effect } from '../effects.js';
import { serviceIndex, type SimCore } from './core.js';
import type { Replica } from './state.js';
import { hasHost } from '../hostSet.js';

/** A model declares (or ends) a replica on its agent's host; recorded as a `data` entry. */
export function replicate(core: SimCore, a: number, effect: Extract<Effect, { do: 'replicate' }>): void {
  const { st, shape } = core;
  const spec = shape.agents[a];
  const service = serviceIndex(core, effect.service, spec.id);
  const i = st.replicas.findIndex((r) => r.service === service && r.host === spec.host);
  const old = i >= 0 ? st.replicas[i] : null;
  if (effect.from === null) {
    if (old === null) return;
    st.replicas.splice(i, 1);
    recordData(core, old, old.flowing ? st.now - old.lagMs : old.upToMs, false, true);
    return;
  }
  const source = shape.topo.hostIds.indexOf(effect.from);
  if (source < 0) throw new Error(`agent ${spec.id} replicates from unknown host ${effect.from}`);
  const lagMs = effect.lagMs ?? 0;
  if (
    old &&
    old.source === source &&
    old.mode === effect.mode &&
    old.lagMs === lagMs &&
    old.over.join() === effect.over.join()
  )
    return;
  const r: Replica = {
    service,
    host: spec.host,
    source,
    over: effect.over,
    mode: effect.mode,
    lagMs,
    flowing: false,
    upToMs: st.now - lagMs,
  };
  r.flowing = flows(core, r);
  if (old) st.replicas[i] = r;
  else st.replicas.push(r);
  recordData(core, r, r.upToMs, r.flowing, false);
}

/** The feed of a replica flows: both hosts run (powered, not stalled) and reach each other over one of its networks. */
function flows(core: SimCore, r: Replica): boolean {
  const f = core.st.fabric;
  if (
    f.hostPowered[r.source] === 0 ||
    f.hostPowered[r.host] === 0 ||
    f.hostFrozen[r.source] === 1 ||
    f.hostFrozen[r.host] === 1
  )
    return false;
  for (const role of r.over) if (hasHost(f.peers(role)[r.source], r.host)) return true;
  return false;
}

/**
 * Ground truth of every replica's feed. A feed that stops leaves the copy `lagMs` behind; one that
 * resumes is taken to drain the source's queue at once (the queue is kept while disconnected).
 */
export function syncReplicas(core: SimCore): void {
  const st = core.st;
  for (const r of st.replicas) {
    const flowing = flows(core, r);
    if (flowing === r.flowing) continue;
    r.flowing = flowing;
    r.upToMs = st.now - r.lagMs;
    recordData(core, r, r.upToMs, flowing, false);
  }
}

function recordData(core: SimCore, r: Replica, upToMs: number, following: boolean, ended: boolean): void {
  const topo = core.shape.topo;
  core.record({
    at: core.st.now,
    type: 'data',
    service: topo.services[r.service].id,
    host: topo.hostIds[r.host],
    source: ended ? null : topo.hostIds[r.source],
    state: following ? 'following' : 'stopped',
    mode: r.mode,
    lagMs: r.lagMs,
    upToMs,
  });
}
