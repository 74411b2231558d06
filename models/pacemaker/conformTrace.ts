// The real Pacemaker run as a trace in the model's names and time, so that `conform` can judge it
// like a model run (which hosts ran the group at once) and keep it beside the model's in a finding:
// the faults as scheduled, each confirmed fence, each node's role (down, inquorate, online, active)
// and the group's services on the node that really ran them (the lab's ground truth).
import type { Trace, TraceEntry } from '../../harness/engine/trace.js';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import type { Fact } from './conformFacts.js';

interface NodeState {
  off: boolean;
  quorate: boolean;
  runs: boolean;
}

const roleOf = (s: NodeState) => (s.off ? 'down' : s.runs ? 'active' : s.quorate ? 'online' : 'inquorate');

/**
 * @param start the settled cluster's facts (conformFacts.baseline); `facts` the run's, in lab names
 * @param modelName a lab node's host id in the design
 */
export function realTrace(
  meta: Trace['meta'],
  schedule: readonly FaultStep[],
  start: readonly Fact[],
  facts: readonly Fact[],
  modelName: (node: string) => string,
  group: readonly string[],
): Trace {
  const state = new Map<string, NodeState>();
  const entries: TraceEntry[] = schedule.map((s) => ({
    at: s.at,
    type: 'fault',
    fault: s.fault,
    target: s.target,
    text: `${s.fault} ${s.target} (applied in the lab)`,
  }));
  const apply = (f: Fact) => {
    const s = state.get(f.node) ?? { off: false, quorate: true, runs: false };
    const before = roleOf(s);
    if (f.kind === 'power') s.off = f.value === 'off';
    else if (f.kind === 'quorum') s.quorate = f.value === 'quorate';
    else if (f.kind === 'group' && s.runs !== (f.value === 'runs it')) {
      s.runs = f.value === 'runs it';
      const host = modelName(f.node);
      for (const service of group)
        entries.push({ at: f.at, type: 'service', service, host, state: s.runs ? 'running' : 'stopped' });
    } else if (f.kind === 'fences')
      entries.push({
        at: f.at,
        type: 'fence',
        host: modelName(f.value),
        reason: 'confirmed by the lab BMC',
        by: modelName(f.node),
      });
    state.set(f.node, s);
    if (f.at === 0 ? f.kind === 'group' : roleOf(s) !== before)
      entries.push({
        at: f.at,
        type: 'role',
        agent: modelName(f.node),
        kind: 'host',
        role: roleOf(s),
        status: s.off ? 'out' : 'up',
      });
  };
  for (const f of start) apply(f);
  for (const f of [...facts].sort((a, b) => a.at - b.at)) apply(f);
  return { meta, entries: entries.sort((a, b) => a.at - b.at) };
}
