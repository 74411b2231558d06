// Do the model and the real daemons agree? Per host: the same roles in the same order, each change
// within a tolerance of the model's time (the start-up role by name only: its real time is the
// daemon's spawn latency, not the model's logic). Pure: two role sequences in, a verdict and one sentence per
// disagreement out.
import { formatMs } from '../time.js';
import type { RoleChange, RoleSequences } from './roles.js';

export interface Agreement {
  readonly agree: boolean;
  /** One sentence per disagreement, in host order then time. */
  readonly mismatches: readonly string[];
  /** The largest time difference among the role changes that line up (ms). */
  readonly worstDeltaMs: number;
}

const fmt = (c: RoleChange) => `${c.role} at ${formatMs(c.at)}`;

export function compareRoles(model: RoleSequences, real: RoleSequences, toleranceMs: number): Agreement {
  const mismatches: string[] = [];
  let worst = 0;
  const hosts = [...new Set([...Object.keys(model), ...Object.keys(real)])];
  for (const host of hosts) {
    const m = model[host] ?? [];
    const r = real[host] ?? [];
    const n = Math.max(m.length, r.length);
    for (let i = 0; i < n; i++) {
      const a = m[i];
      const b = r[i];
      if (a === undefined) {
        mismatches.push(`${host}: the real daemon went ${fmt(b)}; the model did not`);
        break;
      }
      if (b === undefined) {
        mismatches.push(`${host}: the model went ${fmt(a)}; the real daemon did not`);
        break;
      }
      if (a.role !== b.role) {
        mismatches.push(`${host}: change ${i + 1} is ${fmt(a)} in the model but ${fmt(b)} for real`);
        break;
      }
      // Start-up (model time 0) is compared by role only: the lab starts daemons one after another.
      if (a.at === 0) continue;
      const delta = Math.abs(a.at - b.at);
      worst = Math.max(worst, delta);
      if (delta > toleranceMs) mismatches.push(`${host}: ${a.role} at ${formatMs(a.at)} in the model, ${formatMs(b.at)} for real (${delta} ms apart > ${toleranceMs} ms)`);
    }
  }
  return { agree: mismatches.length === 0, mismatches, worstDeltaMs: worst };
}
