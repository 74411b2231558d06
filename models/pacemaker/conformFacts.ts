// What `conform --model pacemaker` compares, read off both sides in one vocabulary: per node, its
// corosync membership, its quorum, the fences it carried out and the ones that failed, its power
// (off, on again) and whether it really runs the group. The model's are read from its trace entries
// (docs/models/pacemaker.md "What the trace carries"), the lab's from its observation
// (realObservation.ts); node names are the lab's (n1, n2). Each sequence starts from the settled
// cluster (every node a member, quorate, on; the group on its home) and keeps changes only.
import type { LabChange, LabSequences } from '../../harness/lab/product.js';
import type { Trace } from '../../harness/engine/trace.js';
import type { RealEvent } from './realObservation.js';

export const FACT_KINDS = ['membership', 'quorum', 'fences', 'fence fails', 'power', 'group'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface Fact {
  readonly at: number;
  readonly node: string;
  readonly kind: FactKind;
  readonly value: string;
}

/** Where each sequence starts: the settled cluster. */
export function baseline(nodes: readonly string[], home: string | null): Fact[] {
  return nodes.flatMap((node) => [
    { at: 0, node, kind: 'membership', value: [...nodes].sort().join(',') },
    { at: 0, node, kind: 'quorum', value: 'quorate' },
    { at: 0, node, kind: 'power', value: 'on' },
    { at: 0, node, kind: 'group', value: node === home ? 'runs it' : 'runs none' },
  ]);
}

/** Fences are events (a second fence of the same node counts); every other kind keeps changes only. */
const repeats = (kind: FactKind) => kind === 'fences';

/** Per `<node> <kind>`, the changes after the settled start (facts in time order). */
export function sequences(nodes: readonly string[], start: readonly Fact[], facts: readonly Fact[]): LabSequences {
  const out: Record<string, LabChange[]> = {};
  const last = new Map<string, string>();
  for (const n of nodes) for (const k of FACT_KINDS) out[`${n} ${k}`] = [];
  for (const f of start) last.set(`${f.node} ${f.kind}`, f.value);
  for (const f of [...facts].sort((a, b) => a.at - b.at)) {
    const key = `${f.node} ${f.kind}`;
    if (out[key] === undefined || (!repeats(f.kind) && last.get(key) === f.value)) continue;
    last.set(key, f.value);
    out[key].push({ at: f.at, role: f.value });
  }
  return out;
}

/** The lab's facts (events at 0 are the settled views, already the baseline). */
export function realFacts(events: readonly RealEvent[]): Fact[] {
  const out: Fact[] = [];
  for (const e of events) {
    if (e.atMs <= 0) continue;
    const at = e.atMs;
    if (e.type === 'membership')
      out.push({ at, node: e.node, kind: 'membership', value: [...e.sees].sort().join(',') });
    else if (e.type === 'quorum')
      out.push({ at, node: e.node, kind: 'quorum', value: e.quorate ? 'quorate' : 'inquorate' });
    else if (e.type === 'fence' && e.result === 'ok') out.push({ at, node: e.by, kind: 'fences', value: e.target });
    else if (e.type === 'fence' && e.result === 'failed')
      out.push({ at, node: e.by, kind: 'fence fails', value: e.target });
    else if (e.type === 'death') out.push({ at, node: e.node, kind: 'power', value: 'off' });
    else if (e.type === 'boot') out.push({ at, node: e.node, kind: 'power', value: 'on' });
    else if (e.type === 'placement')
      out.push({ at, node: e.node, kind: 'group', value: e.holds ? 'runs it' : 'runs none' });
  }
  return out;
}

const MEMBERSHIP = /^membership ring=\d+ members=(\S+) quorate=(yes|no|wait) /;
const FENCE_FAILED = /^fence failed (\S+):/;
const RUNNING_ROLES = ['inquorate', 'online', 'active'];

/**
 * The model's facts. `lab` maps a model host id to the lab's node name (null: not a node);
 * `group`: the services of the resource group.
 */
export function modelFacts(trace: Trace, lab: (host: string) => string | null, group: readonly string[]): Fact[] {
  const out: Fact[] = [];
  // Entries at 0 set the start (the group on its home); only later ones are changes.
  const push = (f: Fact) => {
    if (f.at > 0) out.push(f);
  };
  const holding = new Map<string, Set<string>>();
  const power = new Map<string, string>();
  for (const e of trace.entries) {
    const at = e.at;
    if (e.type === 'note') {
      const node = lab(e.agent);
      const m = MEMBERSHIP.exec(e.text);
      const failed = FENCE_FAILED.exec(e.text);
      if (node === null) continue;
      if (m !== null) {
        const members = m[1].split(',').map((h) => lab(h) ?? h);
        push({ at, node, kind: 'membership', value: members.sort().join(',') });
        if (m[2] !== 'wait') push({ at, node, kind: 'quorum', value: m[2] === 'yes' ? 'quorate' : 'inquorate' });
      } else if (failed !== null) push({ at, node, kind: 'fence fails', value: lab(failed[1]) ?? failed[1] });
    } else if (e.type === 'fence' && e.by !== undefined) {
      const [by, victim] = [lab(e.by), lab(e.host)];
      if (by === null || victim === null) continue;
      push({ at, node: by, kind: 'fences', value: victim });
      // The fence powers the victim off now; a paused victim's role follows only at its resume
      // (the engine holds a paused host's events), which is not when it died.
      if (power.get(victim) !== 'off') push({ at, node: victim, kind: 'power', value: 'off' });
      power.set(victim, 'off');
    } else if (e.type === 'role') {
      const node = lab(e.agent);
      // Off when it loses power; on again once its daemons run (the lab boots straight into them).
      const now = e.role === 'down' ? 'off' : RUNNING_ROLES.includes(e.role) ? 'on' : null;
      if (node === null || now === null || power.get(node) === now) continue;
      if (now === 'off' || power.get(node) === 'off') push({ at, node, kind: 'power', value: now });
      power.set(node, now);
    } else if (e.type === 'service' && group.includes(e.service)) {
      const node = lab(e.host);
      if (node === null) continue;
      const set = holding.get(node) ?? new Set<string>();
      const before = set.size > 0;
      if (e.state === 'stopped') set.delete(e.service);
      else set.add(e.service);
      holding.set(node, set);
      if (before !== set.size > 0) push({ at, node, kind: 'group', value: set.size > 0 ? 'runs it' : 'runs none' });
    }
  }
  return out;
}
