// Do the model and the real daemons agree? Per host: the same roles in the same order, each change
// within a tolerance of the model's time (a role taken as a daemon starts, by name only). Pure: two role sequences in, a verdict and one sentence per
// disagreement out.
import type { RoleChange, RoleSequences } from './roles.js';

export interface Agreement {
  readonly agree: boolean;
  /** One sentence per disagreement, in host order then time. */
  readonly mismatches: readonly string[];
  /** The largest time difference among the role changes that line up (ms). */
  readonly worstDeltaMs: number;
}

/** Seconds to the millisecond: conformance is about tens of ms. */
const sec = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
const fmt = (c: RoleChange) => `${c.role} at ${sec(c.at)}`;

/**
 * @param startsMs per host, the model instants at which its daemon (re)starts (0, a boot, a start):
 *   the role it takes at such an instant is compared by name only, since its real time is the
 *   spawn latency of a new process, not the model's logic
 */
export function compareRoles(
  model: RoleSequences,
  real: RoleSequences,
  toleranceMs: number,
  startsMs: Readonly<Record<string, readonly number[]>> = {},
): Agreement {
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
      if (a.at === 0 || (startsMs[host] ?? []).includes(a.at)) continue;
      const delta = Math.abs(a.at - b.at);
      worst = Math.max(worst, delta);
      if (delta > toleranceMs)
        mismatches.push(
          `${host}: ${a.role} at ${sec(a.at)} in the model, ${sec(b.at)} for real (${delta} ms apart > ${toleranceMs} ms)`,
        );
    }
  }
  return { agree: mismatches.length === 0, mismatches, worstDeltaMs: worst };
}
