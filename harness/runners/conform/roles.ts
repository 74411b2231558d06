// The role sequence of each host in a trace, the thing conformance compares: every role change
// after start-up, with its time. INIT is left out (the real daemon never reports it) and a role
// repeated without a change in between counts once.
import type { Trace } from '../../engine/trace.js';

export interface RoleChange {
  readonly at: number;
  readonly role: string;
}

export type RoleSequences = Readonly<Record<string, readonly RoleChange[]>>;

export function roleSequences(trace: Trace): RoleSequences {
  const out: Record<string, RoleChange[]> = {};
  for (const h of trace.meta.hosts) out[h] = [];
  for (const e of trace.entries) {
    if (e.type !== 'role' || e.role === 'INIT' || out[e.agent] === undefined) continue;
    const seq = out[e.agent];
    if (seq.length > 0 && seq[seq.length - 1].role === e.role) continue;
    seq.push({ at: e.at, role: e.role });
  }
  return out;
}
